using System.Globalization;
using Simulators.Core.Personas;

namespace Simulators.Core.Tests.Personas;

public sealed class PersonaGenerationTests
{
    private static readonly DateOnly ReferenceDate = new(2025, 1, 1);

    private static readonly IReadOnlyList<IndonesianPersona> ThousandPersonas =
        [.. Enumerable.Range(0, 1000).Select(IndonesianPersona.FromSeed)];

    public static TheoryData<int> Seeds => [0, 1, -1, 42, 1001, 65_535, int.MaxValue, int.MinValue];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void FromSeed_SameSeed_GivesEqualPersona(int seed)
    {
        IndonesianPersona.FromSeed(seed).Should().Be(IndonesianPersona.FromSeed(seed));
    }

    [Fact]
    public void FromSeed_ConcurrentCalls_GiveTheSamePersonasAsSequentialOnes()
    {
        var parallel = new IndonesianPersona[1000];
        Parallel.For(0, 1000, i => parallel[i] = IndonesianPersona.FromSeed(i));

        parallel.Should().Equal(ThousandPersonas);
    }

    [Fact]
    public void FromSeed_DifferentSeeds_GiveDifferentPersonas()
    {
        IndonesianPersona.FromSeed(1).Should().NotBe(IndonesianPersona.FromSeed(2));
        ThousandPersonas.Distinct().Should().HaveCount(1000);
    }

    [Fact]
    public void FromSeed_ThousandSeeds_GiveManyDistinctNiksNamesAndRegions()
    {
        ThousandPersonas.Select(p => p.Nik).Distinct(StringComparer.Ordinal).Should().HaveCountGreaterThan(995);
        ThousandPersonas.Select(p => p.Name).Distinct(StringComparer.Ordinal).Should().HaveCountGreaterThan(700);
        ThousandPersonas.Select(p => p.Nik[..2]).Distinct(StringComparer.Ordinal).Should().HaveCount(38, "every province appears");
    }

    [Fact]
    public void FromSeed_ThousandSeeds_NikStartsWithADistrictOfTheShippedTable()
    {
        foreach (var persona in ThousandPersonas)
        {
            RegionTable.TryFind(persona.Nik[..6], out var region).Should().BeTrue(persona.Nik);
            region.Province.Should().Be(persona.Province);
            region.City.Should().Be(persona.City);
            region.District.Should().Be(persona.District);
        }
    }

    [Fact]
    public void FromSeed_ThousandSeeds_NikEncodesBirthDateWithDayPlus40ForWomen()
    {
        foreach (var persona in ThousandPersonas)
        {
            var nik = persona.Nik;
            nik.Should().MatchRegex("^[0-9]{16}$");
            var day = int.Parse(nik[6..8], CultureInfo.InvariantCulture);
            day.Should().Be(persona.BirthDate.Day + (persona.Gender == KtpVocabulary.Female ? 40 : 0), nik);
            nik[8..10].Should().Be(persona.BirthDate.ToString("MM", CultureInfo.InvariantCulture), nik);
            nik[10..12].Should().Be(persona.BirthDate.ToString("yy", CultureInfo.InvariantCulture), nik);
            int.Parse(nik[12..], CultureInfo.InvariantCulture).Should().BeInRange(1, 9999, nik);
        }
        ThousandPersonas.Select(p => p.Gender).Distinct().Should().BeEquivalentTo(KtpVocabulary.Male, KtpVocabulary.Female);
    }

    [Fact]
    public void FromSeed_ThousandSeeds_AreAdultsAged17To70OnTheReferenceDate()
    {
        foreach (var persona in ThousandPersonas)
        {
            var age = ReferenceDate.Year - persona.BirthDate.Year - (persona.BirthDate.AddYears(ReferenceDate.Year - persona.BirthDate.Year) > ReferenceDate ? 1 : 0);
            age.Should().BeInRange(17, 70, persona.DateOfBirthText);
        }
    }

    [Fact]
    public void FromSeed_ThousandSeeds_UseOnlyTheCardVocabulary()
    {
        foreach (var p in ThousandPersonas)
        {
            p.Gender.Should().BeOneOf(KtpVocabulary.Genders);
            p.Religion.Should().BeOneOf(KtpVocabulary.Religions);
            p.MaritalStatus.Should().BeOneOf(KtpVocabulary.MaritalStatuses);
            p.BloodType.Should().BeOneOf(KtpVocabulary.BloodTypes);
            p.Occupation.Should().BeOneOf(KtpVocabulary.Occupations);
            p.Nationality.Should().Be("WNI");
            p.RtRw.Should().MatchRegex("^[0-9]{3}/[0-9]{3}$").And.NotContain("000");
            p.Address.Should().MatchRegex(@"^JL\. [A-Z ]+ NO\. [0-9]{1,3}$");
            p.Name.Should().MatchRegex(@"^[A-Z][A-Z' .-]*$").And.Be(p.Name.ToUpperInvariant());
            p.Village.Should().MatchRegex("^[A-Z ]+$");
            p.Province.Should().Be(p.Province.ToUpperInvariant());
            p.City.Should().MatchRegex("^(KOTA |KABUPATEN |JAKARTA )[A-Z ]+$");
            RegionTable.Districts.Select(r => r.CityShortName).Should().Contain(p.BirthPlace);
        }
    }

    [Fact]
    public void FromSeed_ThousandSeeds_SpreadOverTheVocabularyRealistically()
    {
        ThousandPersonas.Count(p => p.Religion == "ISLAM").Should().BeInRange(800, 930, "about 87% of Indonesians are Muslim");
        ThousandPersonas.Select(p => p.Religion).Distinct().Should().HaveCountGreaterThanOrEqualTo(5);
        ThousandPersonas.Select(p => p.MaritalStatus).Distinct().Should().HaveCount(4);
        ThousandPersonas.Select(p => p.BloodType).Distinct().Should().HaveCount(5);
        ThousandPersonas.Select(p => p.Occupation).Distinct().Should().HaveCountGreaterThan(15);
        ThousandPersonas.Count(p => p.BirthPlace == RegionTable.Districts.First(r => r.Code == p.Nik[..6]).CityShortName)
            .Should().BeInRange(650, 850, "most people are born in the regency they live in");
    }

    [Fact]
    public void FromSeed_Minors_AreNeverMarried()
    {
        ThousandPersonas.Where(p => p.BirthDate > ReferenceDate.AddYears(-19))
            .Should().NotBeEmpty().And.OnlyContain(p => p.MaritalStatus == "BELUM KAWIN");
    }

    [Theory]
    [InlineData(1001, "03-08-1982")]
    [InlineData(1002, "07-06-1998")]
    public void DateOfBirthText_KnownSeed_IsDayMonthYearWithDashes(int seed, string expected)
    {
        IndonesianPersona.FromSeed(seed).DateOfBirthText.Should().Be(expected);
    }

    [Fact]
    public void FromBytes_SameBytesAsNewArray_GivesSamePersonaAndDifferentBytesDiffer()
    {
        var a = IndonesianPersona.FromBytes("card-a"u8);
        a.Should().Be(IndonesianPersona.FromBytes("card-a"u8.ToArray()));
        a.Should().NotBe(IndonesianPersona.FromBytes("card-b"u8));
    }
}
