using System.Globalization;
using System.Text;
using Simulators.Core.Personas;

namespace Simulators.Core.Tests;

public sealed class IndonesianPersonaTests
{
    private static IEnumerable<byte[]> ManyInputs() =>
        Enumerable.Range(0, 500).Select(i => Encoding.ASCII.GetBytes($"ktp-image-{i}"));

    [Theory]
    [InlineData("ktp-1.jpg")]
    [InlineData("")]
    [InlineData("\u00ff\u00d8\u00ff\u00e0 JFIF")]
    public void FromBytes_SameBytes_GivesSamePersona(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        var first = IndonesianPersona.FromBytes(bytes);
        var second = IndonesianPersona.FromBytes(bytes.ToArray());

        second.Should().Be(first);
    }

    [Fact]
    public void FromBytes_DifferentBytes_GiveDifferentNiks()
    {
        var niks = ManyInputs().Select(b => IndonesianPersona.FromBytes(b).Nik).ToList();

        niks.Distinct(StringComparer.Ordinal).Count().Should().BeGreaterThan(490);
    }

    [Theory]
    [InlineData("ktp-1.jpg")]
    [InlineData("ktp-2.jpg")]
    [InlineData("selfie.jpg")]
    [InlineData("")]
    public void FromBytes_Nik_Has16DigitsAndEncodesBirthDate(string text)
    {
        AssertNikLayout(IndonesianPersona.FromBytes(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void FromBytes_ManyInputs_AllFollowTheNikLayoutForBothGenders()
    {
        var personas = ManyInputs().Select(b => IndonesianPersona.FromBytes(b)).ToList();

        personas.ForEach(AssertNikLayout);
        personas.Select(p => p.Gender).Distinct().Should().BeEquivalentTo("LAKI-LAKI", "PEREMPUAN");
    }

    // Golden values: a change here changes every simulator's output (and the text printed on fixtures/images).
    [Theory]
    [InlineData(1001, "5104050308821433", "LAKI-LAKI", "1982-08-03", "PAIMAN HARJASA SIHOTANG", "GIANYAR")]
    [InlineData(1002, "1701014706985947", "PEREMPUAN", "1998-06-07", "CARLA", "BENGKULU SELATAN")]
    [InlineData(1008, "3374014207854479", "PEREMPUAN", "1985-07-02", "NABILA HARTATI", "BANDUNG")]
    [InlineData(1011, "5103021301796581", "LAKI-LAKI", "1979-01-13", "LUTHFI", "BADUNG")]
    public void FromSeed_KnownSeed_GivesExpectedIdentity(int seed, string nik, string gender, string birthDate, string name, string birthPlace)
    {
        var persona = IndonesianPersona.FromSeed(seed);

        persona.Nik.Should().Be(nik);
        persona.Gender.Should().Be(gender);
        persona.BirthDate.Should().Be(DateOnly.ParseExact(birthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        persona.Name.Should().Be(name);
        persona.BirthPlace.Should().Be(birthPlace);
        AssertNikLayout(persona);
    }

    private static void AssertNikLayout(IndonesianPersona persona)
    {
        var nik = persona.Nik;
        nik.Should().HaveLength(16).And.MatchRegex("^[0-9]{16}$");
        persona.Gender.Should().BeOneOf("LAKI-LAKI", "PEREMPUAN");

        var day = int.Parse(nik[6..8], CultureInfo.InvariantCulture);
        var expectedDay = persona.BirthDate.Day + (persona.Gender == "PEREMPUAN" ? 40 : 0);
        day.Should().Be(expectedDay, $"digits 7-8 of {nik} are the birth day (plus 40 for women)");
        nik[8..10].Should().Be(persona.BirthDate.Month.ToString("00", CultureInfo.InvariantCulture));
        nik[10..12].Should().Be((persona.BirthDate.Year % 100).ToString("00", CultureInfo.InvariantCulture));
        nik[12..16].Should().NotBe("0000");

        persona.BirthDate.Should().BeOnOrAfter(new DateOnly(1954, 1, 2)).And.BeOnOrBefore(new DateOnly(2008, 1, 1));
        RegionTable.TryFind(nik[..6], out var region).Should().BeTrue($"{nik[..6]} must be a real district code");
        (region.Province, region.City, region.District).Should().Be((persona.Province, persona.City, persona.District));
        RegionTable.Districts.Select(r => r.CityShortName).Should().Contain(persona.BirthPlace);
        persona.Name.Should().NotBeNullOrWhiteSpace();
    }
}
