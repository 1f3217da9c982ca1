using Microsoft.Extensions.DependencyInjection;
using Simulators.Core.Clock;
using Simulators.Core.Control;
using Simulators.Core.Faults;
using Simulators.Core.Hosting;
using Simulators.Core.Jobs;
using Simulators.Core.Journal;
using Simulators.Core.State;
using Simulators.Core.Tests.State;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Tests.Hosting;

internal sealed class TestModule : SimulatorModule
{
    public override string Id => "test";

    public override string DisplayName => "Test";

    public override int DefaultPort => 5199;

    public override void Configure(SimulatorBuilder builder)
    {
    }
}

public sealed class SimulatorEngineTests : IDisposable
{
    private static readonly DateTimeOffset T0 = TestEngine.T0;
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TestEngine _parts = new();
    private readonly RequestJournal _journal = new(capacity: 10);
    private readonly WebhookSink _sink = new(new LimitsSettings());
    private readonly FaultRegistry _faults;
    private readonly ModuleDefinition _module = new(new TestModule());
    private readonly ServiceProvider _services = new ServiceCollection().BuildServiceProvider();
    private int _seeded;

    public SimulatorEngineTests()
    {
        _faults = new FaultRegistry(_parts.Store);
        _module.Seeds.Add(async (_, cancellationToken) =>
        {
            _seeded++;
            await _parts.Store.PutAsync(TestSets.Notes, StateStore.Global, "seeded", new Note("engine", null, _seeded), cancellationToken: cancellationToken);
        });
    }

    public void Dispose() => _services.Dispose();

    private SimulatorEngine Engine(DateTimeOffset? frozenAt, SimulatorClock? clock = null) =>
        new(_parts.Store, clock ?? _parts.Clock, new ClockStart { FrozenAt = frozenAt }, _parts.Tenants, _journal, _faults, _parts.Scheduler, _sink, _module, _services);

    private static FaultRule Fault(string? tenant) => new(Guid.NewGuid().ToString("N"), null, "/**", tenant, 500, null, false, false, null, null, 0, T0);

    private void Journal(string tenant) =>
        _journal.Add(new JournalEntry(_journal.NextId(), T0, tenant, "GET", "/", "", [], CapturedBody.Empty, 200, null, CapturedBody.Empty, 1));

    private async Task SomethingOfEveryKindAsync(string tenant)
    {
        await _parts.Tenants.EnsureAsync(tenant);
        await _parts.AddJobAsync(tenant, $"{tenant}-job", new JobStep("DONE", _parts.Now.AddHours(1), Notify: true));
        await _parts.EnqueueAsync(tenant, $"{tenant}-delivery");
        await _faults.AddAsync(Fault(tenant));
        Journal(tenant);
    }

    [Fact]
    public async Task InitializeAsync_FreshStore_StartsTheClockFrozenAtTheStartAndSeeds()
    {
        var engine = Engine(Start);

        await engine.InitializeAsync();

        (engine.Clock.IsFrozen, engine.Clock.GetUtcNow()).Should().Be((true, Start));
        _seeded.Should().Be(1);
        (await _parts.Store.GetAsync(TestSets.Notes, StateStore.Global, "seeded")).Should().NotBeNull();
        engine.DefaultTenant.Should().Be("sandbox");
    }

    [Fact]
    public async Task InitializeAsync_SavedClock_ContinuesFromItRatherThanTheStart()
    {
        var first = Engine(Start);
        await first.InitializeAsync();
        first.Clock.Advance(TimeSpan.FromHours(1));
        await first.SaveClockAsync();

        var restarted = Engine(T0, new SimulatorClock(new ManualSystemTime(T0)));
        await restarted.InitializeAsync();

        (restarted.Clock.IsFrozen, restarted.Clock.GetUtcNow()).Should().Be((true, Start.AddHours(1)));
    }

    [Fact]
    public async Task InitializeAsync_StoredFaults_AreInForceAgain()
    {
        await new FaultRegistry(_parts.Store).AddAsync(Fault(null));

        await Engine(Start).InitializeAsync();

        _faults.Fire("GET", "/anything", null).Should().NotBeNull();
    }

    [Fact]
    public async Task ResetAllAsync_Everything_IsClearedTheClockRestartedAndTheSeedsPutBack()
    {
        var engine = Engine(Start);
        await engine.InitializeAsync();
        await SomethingOfEveryKindAsync("t1");
        await SomethingOfEveryKindAsync("t2");
        _sink.Add(new SinkItem(T0, "/hook", new Dictionary<string, string>(), "{}"));
        engine.Clock.Advance(TimeSpan.FromHours(3));

        await engine.ResetAllAsync();

        (await engine.Tenants.ListAsync()).Should().BeEmpty();
        (await _parts.Registry.ListAsync(null)).Should().BeEmpty();
        (await _parts.DeliveriesAsync()).Should().BeEmpty();
        _faults.IsEmpty.Should().BeTrue();
        _journal.Latest().Should().BeEmpty();
        _sink.Latest().Should().BeEmpty();
        (engine.Clock.IsFrozen, engine.Clock.GetUtcNow()).Should().Be((true, Start));
        _seeded.Should().Be(2);
        (await _parts.Store.GetAsync(TestSets.Notes, StateStore.Global, "seeded"))!.Value.Value.Should().Be(2);
    }

    [Fact]
    public async Task ResetAllAsync_ALargeStore_GivesTheMemoryBack()
    {
        var engine = Engine(Start);
        await engine.InitializeAsync();
        var filler = new string('x', 4000);
        for (var i = 0; i < 40_000; i++)
        {
            await _parts.Store.PutAsync(TestSets.Notes, "big", $"note-{i}", new Note(filler + i, null, i));
        }
        var before = GC.GetTotalMemory(false);

        await engine.ResetAllAsync();

        // 40,000 notes of 8 KB (UTF-16) are more than 300 MB; after the reset the heap holds none of them.
        before.Should().BeGreaterThan(200L * 1024 * 1024);
        GC.GetTotalMemory(false).Should().BeLessThan(before / 4);
    }

    [Fact]
    public async Task ResetAllAsync_WithoutClockStart_ReturnsToRealTime()
    {
        var clock = new SimulatorClock();
        var engine = Engine(null, clock);
        clock.Freeze();
        clock.Advance(TimeSpan.FromDays(2));

        await engine.ResetAllAsync();

        clock.IsFrozen.Should().BeFalse();
        clock.GetUtcNow().Should().BeCloseTo(TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ResetTenantAsync_OneTenant_DropsItsStateFaultsAndJournalOnly()
    {
        var engine = Engine(Start);
        await engine.InitializeAsync();
        await SomethingOfEveryKindAsync("t1");
        await SomethingOfEveryKindAsync("t2");
        await _faults.AddAsync(Fault(null));

        await engine.ResetTenantAsync("t1");

        (await engine.Tenants.FindAsync("t1")).Exists.Should().BeFalse();
        (await _parts.Registry.ListAsync("t1")).Should().BeEmpty();
        (await _parts.DeliveriesAsync("t1")).Should().BeEmpty();
        _journal.Latest("t1").Should().BeEmpty();
        _faults.Rules.Select(r => r.Tenant).Should().BeEquivalentTo(["t2", (string?)null]);
        (await engine.Tenants.FindAsync("t2")).Exists.Should().BeTrue();
        (await _parts.Registry.ListAsync("t2")).Should().ContainSingle();
        (await _parts.DeliveriesAsync("t2")).Should().ContainSingle();
        _journal.Latest("t2").Should().ContainSingle();
        (await _parts.Store.GetAsync(TestSets.Notes, StateStore.Global, "seeded")).Should().NotBeNull();
    }

    [Fact]
    public async Task RunDueAsync_EveryTenant_AnnouncesStepsAndSendsWebhooksDue()
    {
        var engine = Engine(T0);
        await engine.InitializeAsync();
        await _parts.AddJobAsync("t1", "j1", new JobStep("DONE", T0.AddSeconds(5), Notify: true));
        await _parts.EnqueueAsync("t2", "now");

        await engine.RunDueAsync();
        engine.Clock.Advance(TimeSpan.FromSeconds(5));
        await engine.RunDueAsync();

        _parts.Transport.Calls.Select(c => c.Text).Should().Equal("now", "j1/0/0");
        (await _parts.DeliveriesAsync()).Should().OnlyContain(d => d.State == DeliveryState.Delivered);
    }
}
