using Microsoft.Extensions.DependencyInjection;
using Simulators.Core.Clock;
using Simulators.Core.Control;
using Simulators.Core.Faults;
using Simulators.Core.Journal;
using Simulators.Core.State;
using Simulators.Core.Tenants;

namespace Simulators.Core.Hosting;

/// <summary>How the simulator clock starts, and where it returns on a reset of the whole simulator.</summary>
public sealed class ClockStart
{
    /// <summary>When set, the clock starts frozen at this instant (tests); otherwise it follows real time.</summary>
    public DateTimeOffset? FrozenAt { get; set; }
}

/// <summary>
/// The shared engine of one simulator: the store, the clock, tenants, jobs, the outbox, the
/// journal, faults. Start-up, resets and "run what is due" are done here once for every provider.
/// </summary>
public sealed class SimulatorEngine(
    IStateStore store,
    SimulatorClock clock,
    ClockStart start,
    TenantDirectory tenants,
    RequestJournal journal,
    FaultRegistry faults,
    EngineScheduler scheduler,
    WebhookSink sink,
    ModuleDefinition module,
    IServiceProvider services)
{
    private static readonly RecordSet<TenantClock> ClockCollection = new("$clock", EngineJson.Default.TenantClock);
    private const string ClockId = "simulator";

    public IStateStore Store { get; } = store;

    public SimulatorClock Clock { get; } = clock;

    public TenantDirectory Tenants { get; } = tenants;

    public RequestJournal Journal { get; } = journal;

    public FaultRegistry Faults { get; } = faults;

    public EngineScheduler Scheduler { get; } = scheduler;

    public ModuleDefinition Module { get; } = module;

    /// <summary>Back to where the store says the simulator was (clock, faults), with the module's start-up state seeded where missing.</summary>
    public async ValueTask InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (await Store.GetAsync(ClockCollection, StateStore.Global, ClockId, cancellationToken) is { } saved)
        {
            Clock.Restore(saved.Value);
        }
        else
        {
            await RestartClockAsync(cancellationToken);
        }
        await Faults.LoadAsync(cancellationToken);
        await SeedAsync(cancellationToken);
    }

    /// <summary>Back to the state at start-up: no tenants, jobs, deliveries or faults, an empty journal and sink, the start-up clock and credentials.</summary>
    public async ValueTask ResetAllAsync(CancellationToken cancellationToken = default)
    {
        await Store.ResetAsync(null, cancellationToken);
        Journal.Clear();
        sink.Clear();
        await Faults.LoadAsync(cancellationToken);
        await RestartClockAsync(cancellationToken);
        await SeedAsync(cancellationToken);
        GiveMemoryBack();
    }

    /// <summary>
    /// After a reset of a large simulator, a compacting collection that returns the freed memory to
    /// the system, so a shared sandbox's footprint falls with its state (small heaps are left alone:
    /// test suites reset often).
    /// </summary>
    private static void GiveMemoryBack()
    {
        if (GC.GetTotalMemory(false) > 64L * 1024 * 1024)
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }

    /// <summary>Drops one tenant's state; it starts afresh on its next call.</summary>
    public async ValueTask ResetTenantAsync(string tenant, CancellationToken cancellationToken = default)
    {
        await Store.ResetAsync(tenant, cancellationToken);
        await Faults.ClearAsync(tenant, cancellationToken);
        Journal.Forget(tenant);
    }

    /// <summary>Stores the simulator clock after it moved, so a restart continues from it.</summary>
    public async ValueTask SaveClockAsync(CancellationToken cancellationToken = default) =>
        await Store.PutAsync(ClockCollection, StateStore.Global, ClockId, Clock.Snapshot(), cancellationToken: cancellationToken);

    /// <summary>Announces the steps the clock has passed and sends the webhooks that are due: for one tenant, or every tenant with due work.</summary>
    public Task RunDueAsync(string? tenant = null, CancellationToken cancellationToken = default) =>
        Scheduler.RunDueAsync(tenant, cancellationToken);

    public string DefaultTenant => Module.DefaultTenant?.Invoke(services) ?? "sandbox";

    private async ValueTask RestartClockAsync(CancellationToken cancellationToken)
    {
        Clock.Reset();
        if (start.FrozenAt is { } at)
        {
            Clock.Freeze(at);
        }
        await SaveClockAsync(cancellationToken);
    }

    private async ValueTask SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var seed in Module.Seeds)
        {
            await seed(services, cancellationToken);
        }
    }
}

/// <summary>Resolves the engine's services for code that has only a service provider.</summary>
public static class SimulatorEngineExtensions
{
    public static SimulatorEngine Engine(this IServiceProvider services) => services.GetRequiredService<SimulatorEngine>();
}
