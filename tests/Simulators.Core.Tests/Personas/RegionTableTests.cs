using Simulators.Core.Personas;

namespace Simulators.Core.Tests.Personas;

public sealed class RegionTableTests
{
    // The 38 provinces of Kepmendagri 300.2.2-2138/2025.
    private static readonly string[] ProvinceCodes =
    [
        "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35", "36", "51", "52", "53",
        "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76", "81", "82", "91", "92", "93", "94", "95", "96",
    ];

    [Fact]
    public void Districts_Loaded_CoverEveryProvinceWithSeveralRegenciesAndDistricts()
    {
        var byProvince = RegionTable.Districts.GroupBy(r => r.ProvinceCode).ToDictionary(g => g.Key, g => g.ToList());

        byProvince.Keys.Should().BeEquivalentTo(ProvinceCodes);
        foreach (var (province, districts) in byProvince)
        {
            districts.Select(d => d.CityCode).Distinct().Should().HaveCountGreaterThanOrEqualTo(3, province);
            districts.GroupBy(d => d.CityCode).Should().OnlyContain(g => g.Count() >= 3, province);
        }
    }

    [Theory]
    [InlineData("317407", "DKI JAKARTA", "JAKARTA SELATAN", "KEBAYORAN BARU")]
    [InlineData("327302", "JAWA BARAT", "KOTA BANDUNG", "COBLONG")]
    [InlineData("320101", "JAWA BARAT", "KABUPATEN BOGOR", "CIBINONG")]
    [InlineData("357808", "JAWA TIMUR", "KOTA SURABAYA", "GUBENG")]
    [InlineData("960101", "PAPUA BARAT DAYA", "KABUPATEN SORONG", "MAKBON")]
    public void TryFind_KnownKemendagriCode_ReturnsItsNamesAsPrinted(string code, string province, string city, string district)
    {
        RegionTable.TryFind(code, out var region).Should().BeTrue();

        region.Should().Be(new KtpRegion(code, province, city, district));
    }

    [Theory]
    [InlineData("000000")]
    [InlineData("3273")]
    [InlineData("327399")]
    public void TryFind_UnknownCode_ReturnsFalse(string code)
    {
        RegionTable.TryFind(code, out _).Should().BeFalse();
    }

    [Fact]
    public void Districts_Loaded_HaveUniqueSixDigitCodesNestedInTheirRegency()
    {
        RegionTable.Districts.Select(d => d.Code).Should().OnlyHaveUniqueItems().And.OnlyContain(c => c.Length == 6 && c.All(char.IsAsciiDigit));
        RegionTable.Districts.Should().OnlyContain(d => d.City.Length > 0 && d.Province.Length > 0 && !d.District.Any(char.IsLower));
    }

    [Theory]
    [InlineData("KOTA BANDUNG", "BANDUNG")]
    [InlineData("KABUPATEN BOGOR", "BOGOR")]
    [InlineData("JAKARTA SELATAN", "JAKARTA SELATAN")]
    public void CityShortName_PrefixedCity_DropsThePrefix(string city, string expected)
    {
        new KtpRegion("320101", "X", city, "Y").CityShortName.Should().Be(expected);
    }
}
