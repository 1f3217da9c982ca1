using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Simulators.Core.Personas;

/// <summary>
/// A deterministic Indonesian identity as printed on a KTP, upper case. The NIK has the real layout:
/// a real province + regency/city + district code from the shipped region table, the birth date as
/// DDMMYY with 40 added to the day for women, and a 4-digit serial (0001-9999). Adults only: 17 to 70
/// years old on a fixed reference date (2025-01-01), so a seed always gives the same person.
/// </summary>
/// <param name="Nik">16 digits: region code, DDMMYY birth date (day + 40 for women), serial.</param>
/// <param name="Name">Upper case, from Bogus' id_ID names.</param>
/// <param name="Gender"><c>LAKI-LAKI</c> or <c>PEREMPUAN</c>.</param>
/// <param name="BirthDate">The date of birth (<see cref="DateOfBirthText"/> prints it).</param>
/// <param name="BirthPlace">A regency/city name without prefix (<c>BANDUNG</c>), usually the home one.</param>
/// <param name="Province">Upper case, e.g. <c>JAWA BARAT</c>.</param>
/// <param name="City">The regency/city as printed: <c>KOTA BANDUNG</c>, <c>KABUPATEN BOGOR</c> (DKI: <c>JAKARTA SELATAN</c>).</param>
/// <param name="District">The kecamatan.</param>
/// <param name="Village">The kelurahan/desa (generic names: the table has no village level).</param>
/// <param name="Address">Street and number, e.g. <c>JL. CEMPAKA NO. 12</c>.</param>
/// <param name="RtRw">RT/RW as <c>NNN/NNN</c>.</param>
/// <param name="Religion">One of <see cref="KtpVocabulary.Religions"/>, weighted like the population.</param>
/// <param name="MaritalStatus">One of <see cref="KtpVocabulary.MaritalStatuses"/>.</param>
/// <param name="BloodType"><c>A</c>, <c>B</c>, <c>AB</c>, <c>O</c> or <c>-</c> (not recorded).</param>
/// <param name="Occupation">One of <see cref="KtpVocabulary.Occupations"/>.</param>
/// <param name="Nationality">Always <c>WNI</c>.</param>
public sealed record IndonesianPersona(
    string Nik,
    string Name,
    string Gender,
    DateOnly BirthDate,
    string BirthPlace,
    string Province,
    string City,
    string District,
    string Village,
    string Address,
    string RtRw,
    string Religion,
    string MaritalStatus,
    string BloodType,
    string Occupation,
    string Nationality)
{
    /// <summary>The birth date as KTP OCR returns it: <c>DD-MM-YYYY</c>.</summary>
    public string DateOfBirthText => BirthDate.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// The persona for an uploaded file: the seed is the first 4 bytes of its SHA-256. A shipped fixture
    /// image (fixtures/images/catalog.json) gives the persona printed on it instead.
    /// </summary>
    public static IndonesianPersona FromBytes(ReadOnlySpan<byte> input) => FromSeed(SeedFor(input));

    /// <summary>The seed <see cref="FromBytes"/> uses: what a stored record keeps instead of the whole persona.</summary>
    public static int SeedFor(ReadOnlySpan<byte> input)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        return FixtureCatalog.TryFindBySha256(Convert.ToHexStringLower(hash), out var fixture)
            ? fixture.PersonaSeed
            : BinaryPrimitives.ReadInt32LittleEndian(hash);
    }

    /// <summary>The persona for a seed; the same seed always gives the same persona.</summary>
    public static IndonesianPersona FromSeed(int seed) => PersonaGenerator.Generate(seed);
}
