using System.Security.Cryptography;
using System.Text;
using Simulators.Core.Clock;
using Simulators.Core.Scenarios;
using Simulators.Core.State;
using Simulators.Core.Tenants;

namespace Simulators.Core.Tests.Scenarios;

public sealed class ScenarioResolverTests : IAsyncDisposable
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

    private readonly IStateStore _store = new MemoryStateStore();
    private readonly TenantDirectory _tenants;
    private readonly ScenarioResolver _resolver;

    public ScenarioResolverTests()
    {
        _catalog.RegisterFixture(Sha256(FixtureFile), "DOCUMENT_BLURRY");
        _tenants = new TenantDirectory(_store, new SimulatorClock());
        _resolver = new ScenarioResolver(_catalog, _tenants);
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    private async Task QueueOutcomeAsync(string name) => await _tenants.QueueOutcomesAsync("t1", [name]);

    private async Task<IReadOnlyList<string>> QueuedOutcomesAsync() => (await _tenants.FindAsync("t1")).Record?.QueuedOutcomes ?? [];

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static byte[] Marked(string name) => [.. PlainJpeg, .. Encoding.ASCII.GetBytes("SIMULATOR:" + name), 0x00];

    private async Task<ResolvedScenario> ResolveAsync(string kind = KtpSelfie, string? header = null, string? magic = null, params byte[][] inputs) =>
        await ResolveForAsync("t1", kind, header, magic, inputs);

    private async Task<ResolvedScenario> ResolveForAsync(string tenant, string kind = KtpSelfie, string? header = null, string? magic = null, params byte[][] inputs) =>
        await _resolver.ResolveFilesAsync(await _tenants.FindAsync(tenant), kind, header, magic, inputs.Select(b => (ReadOnlyMemory<byte>)b), "APPROVED");

    [Fact]
    public async Task ResolveAsync_HeaderGiven_BeatsEveryOtherSource()
    {
        await QueueOutcomeAsync("NIK_NOT_FOUND");

        var resolved = await ResolveAsync(header: "FACE_MATCH_LOW", magic: "TIMEOUT", inputs: [FixtureFile, Marked("DOCUMENT_BLURRY")]);

        resolved.Should().Be(new ResolvedScenario(_catalog["FACE_MATCH_LOW"], ScenarioSource.Header));
        (await QueuedOutcomesAsync()).Should().Equal("NIK_NOT_FOUND");
    }

    [Fact]
    public async Task ResolveAsync_QueuedOutcome_BeatsMagicValueAndFixture()
    {
        await QueueOutcomeAsync("NIK_NOT_FOUND");

        var resolved = await ResolveAsync(magic: "TIMEOUT", inputs: [FixtureFile]);

        resolved.Should().Be(new ResolvedScenario(_catalog["NIK_NOT_FOUND"], ScenarioSource.Queued));
    }

    [Fact]
    public async Task ResolveAsync_MagicValue_BeatsFixture()
    {
        var resolved = await ResolveAsync(magic: "TIMEOUT", inputs: [FixtureFile, Marked("FACE_MATCH_LOW")]);

        resolved.Should().Be(new ResolvedScenario(_catalog["TIMEOUT"], ScenarioSource.MagicValue));
    }

    [Fact]
    public async Task ResolveAsync_RegisteredFixtureHash_BeatsDefault()
    {
        var resolved = await ResolveAsync(inputs: [PlainJpeg, FixtureFile]);

        resolved.Should().Be(new ResolvedScenario(_catalog["DOCUMENT_BLURRY"], ScenarioSource.Fixture));
    }

    [Fact]
    public async Task ResolveAsync_FixtureRegisteredWithUpperCaseHash_IsRecognised()
    {
        byte[] other = [.. PlainJpeg, .. "another fixture"u8];
        _catalog.RegisterFixture(Sha256(other).ToUpperInvariant(), "TIMEOUT");

        (await ResolveAsync(inputs: [other])).Scenario.Name.Should().Be("TIMEOUT");
    }

    [Fact]
    public async Task ResolveAsync_MarkerInUpload_BeatsDefault()
    {
        var resolved = await ResolveAsync(inputs: [PlainJpeg, Marked("FACE_MATCH_LOW")]);

        resolved.Should().Be(new ResolvedScenario(_catalog["FACE_MATCH_LOW"], ScenarioSource.Fixture));
    }

    [Fact]
    public async Task ResolveAsync_NothingDecides_ReturnsDefault()
    {
        var resolved = await ResolveAsync(inputs: [PlainJpeg]);

        resolved.Should().Be(new ResolvedScenario(_catalog["APPROVED"], ScenarioSource.Default));
    }

    [Theory]
    [InlineData("face_match_low")]
    [InlineData("  FACE_MATCH_LOW ")]
    [InlineData("Face_Match_Low")]
    public async Task ResolveAsync_HeaderCaseAndSpacing_AreIgnored(string header)
    {
        (await ResolveAsync(header: header)).Should().Be(new ResolvedScenario(_catalog["FACE_MATCH_LOW"], ScenarioSource.Header));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task ResolveAsync_BlankHeader_FallsThrough(string? header)
    {
        (await ResolveAsync(header: header, magic: "TIMEOUT")).Source.Should().Be(ScenarioSource.MagicValue);
    }

    [Theory]
    [InlineData("NO_SUCH_SCENARIO")]
    [InlineData("SIMULATOR:FACE_MATCH_LOW")]
    [InlineData("FACE MATCH LOW")]
    public async Task ResolveAsync_UnknownHeader_Throws(string header)
    {
        var act = () => ResolveAsync(header: header);

        await act.Should().ThrowAsync<ScenarioRejectedException>().WithMessage($"*{header.Trim()}*");
    }

    [Fact]
    public async Task ResolveAsync_HeaderNotFittingKind_Throws()
    {
        await QueueOutcomeAsync("DOCUMENT_BLURRY");

        var act = () => ResolveAsync(kind: KtpSelfie, header: "LIVENESS_FAIL");

        await act.Should().ThrowAsync<ScenarioRejectedException>().WithMessage("*LIVENESS_FAIL*KTP_SELFIE*LIVENESS*");
        (await QueuedOutcomesAsync()).Should().Equal("DOCUMENT_BLURRY");
    }

    [Fact]
    public async Task ResolveAsync_QueuedNotFittingKind_StaysQueuedForALaterJobItFits()
    {
        await QueueOutcomeAsync("LIVENESS_FAIL");

        var first = await ResolveAsync(kind: KtpSelfie);
        (await QueuedOutcomesAsync()).Should().Equal("LIVENESS_FAIL");
        var second = await ResolveAsync(kind: Liveness);
        var third = await ResolveAsync(kind: Liveness);

        first.Should().Be(new ResolvedScenario(_catalog["APPROVED"], ScenarioSource.Default));
        second.Should().Be(new ResolvedScenario(_catalog["LIVENESS_FAIL"], ScenarioSource.Queued));
        third.Source.Should().Be(ScenarioSource.Default);
        (await QueuedOutcomesAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task ResolveAsync_QueuedNotFittingKind_LetsMagicValueDecide()
    {
        await QueueOutcomeAsync("LIVENESS_FAIL");

        (await ResolveAsync(kind: KtpSelfie, magic: "NIK_NOT_FOUND")).Source.Should().Be(ScenarioSource.MagicValue);
        (await QueuedOutcomesAsync()).Should().Equal("LIVENESS_FAIL");
    }

    [Fact]
    public async Task ResolveAsync_QueuedOutcome_IsConsumedOnce()
    {
        await QueueOutcomeAsync("TIMEOUT");

        var first = await ResolveAsync();
        var second = await ResolveAsync();

        first.Should().Be(new ResolvedScenario(_catalog["TIMEOUT"], ScenarioSource.Queued));
        second.Should().Be(new ResolvedScenario(_catalog["APPROVED"], ScenarioSource.Default));
    }

    [Fact]
    public async Task ResolveAsync_SeveralQueued_AreUsedInOrder()
    {
        await QueueOutcomeAsync("TIMEOUT");
        await QueueOutcomeAsync("NIK_NOT_FOUND");

        (await ResolveAsync()).Scenario.Name.Should().Be("TIMEOUT");
        (await ResolveAsync()).Scenario.Name.Should().Be("NIK_NOT_FOUND");
        (await ResolveAsync()).Source.Should().Be(ScenarioSource.Default);
    }

    [Fact]
    public async Task ResolveAsync_OutcomeQueuedForAnotherTenant_IsNotUsed()
    {
        await QueueOutcomeAsync("TIMEOUT");

        (await ResolveForAsync("t2")).Source.Should().Be(ScenarioSource.Default);
        (await QueuedOutcomesAsync()).Should().Equal("TIMEOUT");
    }

    [Fact]
    public async Task ResolveAsync_UnknownTenant_DoesNotCreateIt()
    {
        (await ResolveForAsync("never-seen")).Source.Should().Be(ScenarioSource.Default);

        (await _tenants.FindAsync("never-seen")).Exists.Should().BeFalse();
    }

    [Theory]
    [InlineData("LIVENESS_FAIL")]
    [InlineData("NOT_A_SCENARIO")]
    public async Task ResolveAsync_MagicValueUnknownOrNotFitting_IsIgnored(string magic)
    {
        (await ResolveAsync(kind: KtpSelfie, magic: magic)).Source.Should().Be(ScenarioSource.Default);
    }

    [Fact]
    public async Task ResolveAsync_MarkerNotFittingKind_IsIgnored()
    {
        (await ResolveAsync(kind: KtpSelfie, inputs: [Marked("LIVENESS_FAIL")])).Source.Should().Be(ScenarioSource.Default);
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
