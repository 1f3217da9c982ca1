using System.Security.Cryptography;
using Simulators.Core.Clock;
using Simulators.Core.Personas;
using Simulators.Core.Scenarios;
using Simulators.Core.Tenants;

namespace Simulators.Core.Tests.Personas;

public sealed class FixtureCatalogTests
{
    private readonly TenantContext _tenant = new("t1", null, new SimulatorClock());

    private static ScenarioResolver Resolver(ScenarioCatalog catalog) =>
        new(catalog, new TenantDirectory(new Simulators.Core.State.MemoryStateStore(), new SimulatorClock()));

    public static TheoryData<string> ImageNames => [.. FixtureCatalog.All.Select(i => i.Name)];

    private static string FixturesDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var images = Path.Combine(dir.FullName, "fixtures", "images");
                if (File.Exists(Path.Combine(images, "catalog.json")))
                {
                    return images;
                }
            }
            throw new InvalidOperationException("fixtures/images not found above the test assembly.");
        }
    }

    // A stand-in for a provider's catalogue: AnyCheck's KTP_SELFIE scenarios plus a Verihubs-only name it lacks.
    private static ScenarioCatalog AnyCheckLike() => new(
    [
        new Scenario("FACE_MATCH_HIGH", "default", ["KTP_SELFIE"]),
        new Scenario("FACE_MATCH_MEDIUM", "medium", ["KTP_SELFIE"]),
        new Scenario("FACE_MATCH_LOW", "low", ["KTP_SELFIE"]),
        new Scenario("KTP_UNREADABLE", "unreadable", []),
    ]);

    [Fact]
    public void All_Loaded_ListsSixToTenKtpAndSelfieImages()
    {
        FixtureCatalog.All.Should().HaveCountGreaterThanOrEqualTo(6).And.HaveCountLessThanOrEqualTo(10);
        FixtureCatalog.All.Select(i => i.Kind).Distinct().Should().BeEquivalentTo("ktp", "selfie");
        FixtureCatalog.All.Select(i => Path.GetExtension(i.Name)).Distinct().Should().BeEquivalentTo(".jpg", ".png");
        FixtureCatalog.All.Select(i => i.Name).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [MemberData(nameof(ImageNames))]
    public void All_EveryEntry_Sha256MatchesTheFileOnDiskAndTheEmbeddedCopy(string name)
    {
        var image = FixtureCatalog.All.Single(i => i.Name == name);
        var onDisk = File.ReadAllBytes(Path.Combine(FixturesDirectory, name));

        Convert.ToHexStringLower(SHA256.HashData(onDisk)).Should().Be(image.Sha256);
        FixtureCatalog.ReadImage(name).Should().Equal(onDisk);
        onDisk.Length.Should().BeLessThan(32 * 1024, "fixtures stay small");
    }

    [Fact]
    public void FixturesDirectory_EveryImageFile_IsCatalogued()
    {
        var files = Directory.GetFiles(FixturesDirectory).Select(Path.GetFileName).Where(f => f != "catalog.json" && f != "README.md");

        files.Should().BeEquivalentTo(FixtureCatalog.All.Select(i => i.Name));
    }

    [Theory]
    [InlineData("ktp-blur.jpg", "KTP_BLUR")]
    [InlineData("ktp-not-detected.png", "KTP_NOT_DETECTED")]
    [InlineData("ktp-face-low.jpg", "FACE_MATCH_LOW")]
    [InlineData("selfie-match.jpg", "FACE_MATCH")]
    [InlineData("selfie-medium.jpg", "FACE_MATCH_MEDIUM")]
    [InlineData("selfie-mismatch.png", "FACE_MISMATCH")]
    [InlineData("ktp-ok-male.jpg", null)]
    [InlineData("ktp-ok-female.png", null)]
    public void ReadImage_MarkedImage_CarriesItsScenarioMarker(string name, string? marker)
    {
        ScenarioMarker.Find(FixtureCatalog.ReadImage(name)).Should().Be(marker);
    }

    [Fact]
    public void ReadImage_UnknownName_ThrowsArgumentException()
    {
        var read = () => FixtureCatalog.ReadImage("passport.jpg");

        read.Should().Throw<ArgumentException>().WithMessage("*passport.jpg*");
    }

    [Theory]
    [MemberData(nameof(ImageNames))]
    public void FromBytes_FixtureImage_GivesThePersonaPrintedOnIt(string name)
    {
        var image = FixtureCatalog.All.Single(i => i.Name == name);

        IndonesianPersona.FromBytes(FixtureCatalog.ReadImage(name)).Should().Be(IndonesianPersona.FromSeed(image.PersonaSeed));
        image.Persona.Should().Be(IndonesianPersona.FromSeed(image.PersonaSeed));
    }

    [Fact]
    public void All_MatchingSelfie_StandsForTheSamePersonAsItsKtp()
    {
        Seed("selfie-match.jpg").Should().Be(Seed("ktp-ok-male.jpg"));
        Seed("selfie-medium.jpg").Should().Be(Seed("ktp-ok-female.png"));
        FixtureCatalog.All.Where(i => i.Kind == "ktp").Select(i => i.PersonaSeed).Should().NotContain(Seed("selfie-mismatch.png"));

        static int Seed(string name) => FixtureCatalog.All.Single(i => i.Name == name).PersonaSeed;
    }

    [Theory]
    [InlineData("anycheck", "ktp-blur.jpg", "KTP_UNREADABLE")]
    [InlineData("AnyCheck", "ktp-not-detected.png", "KTP_UNREADABLE")]
    [InlineData("anycheck", "ktp-face-low.jpg", "FACE_MATCH_LOW")]
    [InlineData("ANYCHECK", "selfie-medium.jpg", "FACE_MATCH_MEDIUM")]
    [InlineData("anycheck", "selfie-mismatch.png", "FACE_MATCH_LOW")]
    public async Task RegisterInto_ProviderCatalog_MakesResolverPickTheCataloguedScenario(string provider, string name, string expected)
    {
        var catalog = AnyCheckLike();
        FixtureCatalog.RegisterInto(catalog, provider);
        // The hash alone decides: a marker may name another provider's scenario.
        catalog.FixtureFor(FixtureCatalog.All.Single(i => i.Name == name).Sha256)!.Name.Should().Be(expected);

        var resolved = await Resolver(catalog).ResolveFilesAsync(
            _tenant, "KTP_SELFIE", header: null, magicValue: null, [FixtureCatalog.ReadImage(name)], "FACE_MATCH_HIGH");

        resolved.Should().Be(new ResolvedScenario(catalog[expected], ScenarioSource.Fixture));
    }

    [Fact]
    public void RegisterInto_ScenarioNamesTheCatalogLacks_AreSkipped()
    {
        var verihubsLike = new ScenarioCatalog([new Scenario("KTP_BLUR", "blur", []), new Scenario("KTP_OK", "ok", [])]);

        var registered = FixtureCatalog.RegisterInto(verihubsLike, "verihubs");

        registered.Should().Be(FixtureCatalog.All.Count(i => i.ScenarioFor("verihubs") is "KTP_BLUR" or "KTP_OK"));
        verihubsLike.FixtureFor(FixtureCatalog.All.Single(i => i.Name == "ktp-blur.jpg").Sha256)!.Name.Should().Be("KTP_BLUR");
        verihubsLike.FixtureFor(FixtureCatalog.All.Single(i => i.Name == "selfie-mismatch.png").Sha256).Should().BeNull();
    }

    [Fact]
    public void RegisterInto_UnknownProvider_RegistersNothing()
    {
        FixtureCatalog.RegisterInto(AnyCheckLike(), "verifik").Should().Be(0);
    }

    [Fact]
    public async Task RegisterInto_NormalKtpForAnyCheck_LeavesTheSelfieToDecide()
    {
        var catalog = AnyCheckLike();
        FixtureCatalog.RegisterInto(catalog, "anycheck");

        var resolved = await Resolver(catalog).ResolveFilesAsync(
            _tenant, "KTP_SELFIE", null, null,
            [FixtureCatalog.ReadImage("ktp-ok-male.jpg"), FixtureCatalog.ReadImage("selfie-mismatch.png")], "FACE_MATCH_HIGH");

        resolved.Scenario.Name.Should().Be("FACE_MATCH_LOW");
    }
}
