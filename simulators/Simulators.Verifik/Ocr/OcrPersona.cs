using System.Globalization;
using Bogus;
using Bogus.DataSets;
using Simulators.Core.Personas;

namespace Simulators.Verifik.Ocr;

/// <summary>
/// The person an OCR call reads off a document: Spanish names (Bogus' <c>es</c> locale, as Verifik's
/// documents are mostly Colombian), a birth date and a document number, all from a seed, so the same
/// image always reads as the same person. A shipped fixture image reads as its catalogued persona seed.
/// </summary>
internal sealed record OcrPersona(string FirstName, string LastName, string Gender, DateOnly BirthDate, string DocumentNumber)
{
    public string FullName => FirstName + " " + LastName;

    /// <summary>As scan-studio writes it: <c>dd/MM/yyyy</c>.</summary>
    public string BirthDateText => BirthDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>Whole years from the birth date to <paramref name="date"/>.</summary>
    public int AgeOn(DateOnly date) => date.Year - BirthDate.Year - (date < BirthDate.AddYears(date.Year - BirthDate.Year) ? 1 : 0);

    // Birth dates fall between 18 and 70 years before this fixed day, so a seed's age never drifts with the build.
    private static readonly DateOnly ReferenceDate = new(2025, 1, 1);

    // A Name data set per thread, given each persona's own Randomizer (as PersonaGenerator does).
    [ThreadStatic]
    private static Name? _names;

    public static OcrPersona FromImage(ReadOnlySpan<byte> image) =>
        FromSeed(FixtureCatalog.TryFind(image, out var fixture) ? fixture.PersonaSeed : IndonesianPersona.SeedFor(image));

    public static OcrPersona FromSeed(int seed)
    {
        var random = new Randomizer(seed);
        var names = _names ??= new Name("es");
        names.Random = random;
        var female = random.Bool();
        var gender = female ? Name.Gender.Female : Name.Gender.Male;
        var first = names.FirstName(gender) + " " + names.FirstName(gender);
        var last = names.LastName() + " " + names.LastName();
        var oldest = ReferenceDate.AddYears(-71).AddDays(1);
        var youngest = ReferenceDate.AddYears(-18);
        var birth = oldest.AddDays(random.Int(0, youngest.DayNumber - oldest.DayNumber));
        var number = random.Long(1_000_000_000, 1_099_999_999).ToString(CultureInfo.InvariantCulture);
        return new OcrPersona(first.ToUpperInvariant(), last.ToUpperInvariant(), female ? "F" : "M", birth, number);
    }
}
