using System.Text;
using Simulators.Core.Personas;

namespace Simulators.Core.Tests;

public sealed class IndonesianPersonaTests
{
    private static readonly Dictionary<string, string> ProvinceCodes = new(StringComparer.Ordinal)
    {
        ["11"] = "ACEH",
        ["12"] = "SUMATERA UTARA",
        ["31"] = "DKI JAKARTA",
        ["32"] = "JAWA BARAT",
        ["33"] = "JAWA TENGAH",
        ["34"] = "DI YOGYAKARTA",
        ["35"] = "JAWA TIMUR",
        ["51"] = "BALI",
        ["73"] = "SULAWESI SELATAN",
    };

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

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0 }, "3171010101600001", "LAKI-LAKI", "1960-01-01", "BUDI SANTOSO", "JAKARTA PUSAT")]
    [InlineData(new byte[] { 0, 1, 0, 0, 0, 0, 0 }, "3171014101600001", "PEREMPUAN", "1960-01-01", "SITI RAHAYU", "JAKARTA PUSAT")]
    [InlineData(new byte[] { 2, 1, 0x10, 0x27, 0x0E, 0x27, 3 }, "3273065905879999", "PEREMPUAN", "1987-05-19", "RINA WULANDARI", "BANDUNG")]
    [InlineData(new byte[] { 8, 0, 0x28, 0x40, 0x0F, 0x27, 9 }, "7371011912040001", "LAKI-LAKI", "2004-12-19", "AGUS SETIAWAN", "MAKASSAR")]
    public void FromSeed_KnownSeed_GivesExpectedIdentity(byte[] seed, string nik, string gender, string birthDate, string name, string birthPlace)
    {
        var persona = IndonesianPersona.FromSeed(seed);

        persona.Nik.Should().Be(nik);
        persona.Gender.Should().Be(gender);
        persona.BirthDate.Should().Be(DateOnly.ParseExact(birthDate, "yyyy-MM-dd"));
        persona.Name.Should().Be(name);
        persona.BirthPlace.Should().Be(birthPlace);
        AssertNikLayout(persona);
    }

    private static void AssertNikLayout(IndonesianPersona persona)
    {
        var nik = persona.Nik;
        nik.Should().HaveLength(16).And.MatchRegex("^[0-9]{16}$");
        persona.Gender.Should().BeOneOf("LAKI-LAKI", "PEREMPUAN");

        var day = int.Parse(nik[6..8], System.Globalization.CultureInfo.InvariantCulture);
        var expectedDay = persona.BirthDate.Day + (persona.Gender == "PEREMPUAN" ? 40 : 0);
        day.Should().Be(expectedDay, $"digits 7-8 of {nik} are the birth day (plus 40 for women)");
        nik[8..10].Should().Be(persona.BirthDate.Month.ToString("00", System.Globalization.CultureInfo.InvariantCulture));
        nik[10..12].Should().Be((persona.BirthDate.Year % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture));
        nik[12..16].Should().NotBe("0000");

        persona.BirthDate.Year.Should().BeInRange(1960, 2004);
        ProvinceCodes.Should().ContainKey(nik[..2]).WhoseValue.Should().Be(persona.Province);
        persona.City.Should().EndWith(persona.BirthPlace);
        persona.Name.Should().NotBeNullOrWhiteSpace();
    }
}
