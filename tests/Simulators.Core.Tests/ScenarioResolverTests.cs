using System.Security.Cryptography;
using System.Text;
using Simulators.Core.Clock;
using Simulators.Core.Scenarios;
using Simulators.Core.Tenants;

namespace Simulators.Core.Tests;

public sealed class ScenarioResolverTests
{
    private const string KtpSelfie = "KTP_SELFIE";
    private const string Liveness = "LIVENESS";

    private static readonly byte[] PlainJpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00];
    private static readonly byte[] FixtureFile = [0xFF, 0xD8, 0xFF, 0xE0, .. "blurry ktp fixture"u8];

    private readonly ScenarioCatalog _catalog = new(
    [
        new Scenario("APPROVED", "Everything passes.", []),
        new Scenario("FACE_MATCH_LOW", "The selfie does not match the KTP.", [KtpSelfie]),
        new Scenario("LIVENESS_FAIL", "The selfie is a photo of a photo.", [Liveness]),
        new Scenario("DOCUMENT_BLURRY", "The KTP cannot be read.", []),
        new Scenario("NIK_NOT_FOUND", "Dukcapil has no such NIK.", [KtpSelfie]),
        new Scenario("TIMEOUT", "The provider never answers.", []),
    ]);

    private readonly Tenant _tenant = new TenantRegistry<object>(new SimulatorClock(), _ => new object())["t1"];

    public ScenarioResolverTests() => _catalog.RegisterFixture(Sha256(FixtureFile), "DOCUMENT_BLURRY");

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static byte[] Marked(string name) => [.. PlainJpeg, .. Encoding.ASCII.GetBytes("SIMULATOR:" + name), 0x00];

    private ResolvedScenario Resolve(string kind = KtpSelfie, string? header = null, string? magic = null, params byte[][] inputs) =>
        ScenarioResolver.Resolve(_catalog, _tenant, kind, header, magic, inputs.Select(b => (ReadOnlyMemory<byte>)b), "APPROVED");

    [Fact]
    public void Resolve_HeaderGiven_BeatsEveryOtherSource()
    {
        _tenant.QueueOutcome("NIK_NOT_FOUND");

        var resolved = Resolve(header: "FACE_MATCH_LOW", magic: "TIMEOUT", inputs: [FixtureFile, Marked("DOCUMENT_BLURRY")]);

        resolved.Should().Be(new ResolvedScenario(_catalog["FACE_MATCH_LOW"], ScenarioSource.Header));
        _tenant.QueuedOutcomes.Should().Equal("NIK_NOT_FOUND");
    }

    [Fact]
    public void Resolve_QueuedOutcome_BeatsMagicValueAndFixture()
    {
        _tenant.QueueOutcome("NIK_NOT_FOUND");

        var resolved = Resolve(magic: "TIMEOUT", inputs: [FixtureFile]);

        resolved.Should().Be(new ResolvedScenario(_catalog["NIK_NOT_FOUND"], ScenarioSource.Queued));
    }

    [Fact]
    public void Resolve_MagicValue_BeatsFixture()
    {
        var resolved = Resolve(magic: "TIMEOUT", inputs: [FixtureFile, Marked("FACE_MATCH_LOW")]);

        resolved.Should().Be(new ResolvedScenario(_catalog["TIMEOUT"], ScenarioSource.MagicValue));
    }

    [Fact]
    public void Resolve_RegisteredFixtureHash_BeatsDefault()
    {
        var resolved = Resolve(inputs: [PlainJpeg, FixtureFile]);

        resolved.Should().Be(new ResolvedScenario(_catalog["DOCUMENT_BLURRY"], ScenarioSource.Fixture));
    }

    [Fact]
    public void Resolve_FixtureRegisteredWithUpperCaseHash_IsRecognised()
    {
        byte[] other = [.. PlainJpeg, .. "another fixture"u8];
        _catalog.RegisterFixture(Sha256(other).ToUpperInvariant(), "TIMEOUT");

        Resolve(inputs: [other]).Scenario.Name.Should().Be("TIMEOUT");
    }

    [Fact]
    public void Resolve_MarkerInUpload_BeatsDefault()
    {
        var resolved = Resolve(inputs: [PlainJpeg, Marked("FACE_MATCH_LOW")]);

        resolved.Should().Be(new ResolvedScenario(_catalog["FACE_MATCH_LOW"], ScenarioSource.Fixture));
    }

    [Fact]
    public void Resolve_NothingDecides_ReturnsDefault()
    {
        var resolved = Resolve(inputs: [PlainJpeg]);

        resolved.Should().Be(new ResolvedScenario(_catalog["APPROVED"], ScenarioSource.Default));
    }

    [Theory]
    [InlineData("face_match_low")]
    [InlineData("  FACE_MATCH_LOW ")]
    [InlineData("Face_Match_Low")]
    public void Resolve_HeaderCaseAndSpacing_AreIgnored(string header)
    {
        Resolve(header: header).Should().Be(new ResolvedScenario(_catalog["FACE_MATCH_LOW"], ScenarioSource.Header));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Resolve_BlankHeader_FallsThrough(string? header)
    {
        Resolve(header: header, magic: "TIMEOUT").Source.Should().Be(ScenarioSource.MagicValue);
    }

    [Theory]
    [InlineData("NO_SUCH_SCENARIO")]
    [InlineData("SIMULATOR:FACE_MATCH_LOW")]
    [InlineData("FACE MATCH LOW")]
    public void Resolve_UnknownHeader_Throws(string header)
    {
        var act = () => Resolve(header: header);

        act.Should().Throw<ScenarioRejectedException>().WithMessage($"*{header.Trim()}*");
    }

    [Fact]
    public void Resolve_HeaderNotFittingKind_Throws()
    {
        _tenant.QueueOutcome("DOCUMENT_BLURRY");

        var act = () => Resolve(kind: KtpSelfie, header: "LIVENESS_FAIL");

        act.Should().Throw<ScenarioRejectedException>().WithMessage("*LIVENESS_FAIL*KTP_SELFIE*LIVENESS*");
        _tenant.QueuedOutcomes.Should().Equal("DOCUMENT_BLURRY");
    }

    [Fact]
    public void Resolve_QueuedNotFittingKind_StaysQueuedForALaterJobItFits()
    {
        _tenant.QueueOutcome("LIVENESS_FAIL");

        var first = Resolve(kind: KtpSelfie);
        _tenant.QueuedOutcomes.Should().Equal("LIVENESS_FAIL");
        var second = Resolve(kind: Liveness);
        var third = Resolve(kind: Liveness);

        first.Should().Be(new ResolvedScenario(_catalog["APPROVED"], ScenarioSource.Default));
        second.Should().Be(new ResolvedScenario(_catalog["LIVENESS_FAIL"], ScenarioSource.Queued));
        third.Source.Should().Be(ScenarioSource.Default);
        _tenant.QueuedOutcomes.Should().BeEmpty();
    }

    [Fact]
    public void Resolve_QueuedNotFittingKind_LetsMagicValueDecide()
    {
        _tenant.QueueOutcome("LIVENESS_FAIL");

        Resolve(kind: KtpSelfie, magic: "NIK_NOT_FOUND").Source.Should().Be(ScenarioSource.MagicValue);
        _tenant.QueuedOutcomes.Should().Equal("LIVENESS_FAIL");
    }

    [Fact]
    public void Resolve_QueuedOutcome_IsConsumedOnce()
    {
        _tenant.QueueOutcome("TIMEOUT");

        var first = Resolve();
        var second = Resolve();

        first.Should().Be(new ResolvedScenario(_catalog["TIMEOUT"], ScenarioSource.Queued));
        second.Should().Be(new ResolvedScenario(_catalog["APPROVED"], ScenarioSource.Default));
    }

    [Fact]
    public void Resolve_SeveralQueued_AreUsedInOrder()
    {
        _tenant.QueueOutcome("TIMEOUT");
        _tenant.QueueOutcome("NIK_NOT_FOUND");

        Resolve().Scenario.Name.Should().Be("TIMEOUT");
        Resolve().Scenario.Name.Should().Be("NIK_NOT_FOUND");
        Resolve().Source.Should().Be(ScenarioSource.Default);
    }

    [Theory]
    [InlineData("LIVENESS_FAIL")]
    [InlineData("NOT_A_SCENARIO")]
    public void Resolve_MagicValueUnknownOrNotFitting_IsIgnored(string magic)
    {
        Resolve(kind: KtpSelfie, magic: magic).Source.Should().Be(ScenarioSource.Default);
    }

    [Fact]
    public void Resolve_MarkerNotFittingKind_IsIgnored()
    {
        Resolve(kind: KtpSelfie, inputs: [Marked("LIVENESS_FAIL")]).Source.Should().Be(ScenarioSource.Default);
    }

    [Fact]
    public void RegisterFixture_UnknownScenario_Throws()
    {
        var act = () => _catalog.RegisterFixture(Sha256(PlainJpeg), "NOT_A_SCENARIO");

        act.Should().Throw<ArgumentException>().WithParameterName("scenario");
        _catalog.FixtureFor(Sha256(PlainJpeg)).Should().BeNull();
    }

    [Theory]
    [InlineData("APPROVED", "LIVENESS", true)]
    [InlineData("FACE_MATCH_LOW", "KTP_SELFIE", true)]
    [InlineData("FACE_MATCH_LOW", "LIVENESS", false)]
    [InlineData("FACE_MATCH_LOW", "ktp_selfie", false)]
    public void Fits_Kind_FollowsAppliesTo(string scenario, string kind, bool expected)
    {
        _catalog[scenario].Fits(kind).Should().Be(expected);
    }
}
