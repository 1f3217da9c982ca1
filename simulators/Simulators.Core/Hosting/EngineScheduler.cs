using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Simulators.Core.Clock;
using Simulators.Core.Jobs;
using Simulators.Core.State;
using Simulators.Core.Tenants;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Hosting;

/// <summary>
/// Runs due work tenant by tenant: each tenant has its own run (jobs announced, then its webhooks
/// sent), one at a time per tenant and independent of every other tenant, so a receiver that hangs
/// holds up only the tenant it belongs to.
/// </summary>
public sealed class EngineScheduler(IStateStore store, TenantDirectory tenants, JobPump pump, WebhookOutbox outbox, ILogger<EngineScheduler> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _background = new(StringComparer.Ordinal);

    /// <summary>Raised when a background run of a tenant ends: more of its work may be due by now.</summary>
    public event Action? RunFinished;

    /// <summary>Everything due for <paramref name="tenant"/> by its clock now: when this returns, it is done.</summary>
    public async Task RunTenantAsync(string tenant, CancellationToken cancellationToken = default)
    {
        var gate = _gates.GetOrAdd(tenant, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = (await tenants.FindAsync(tenant, cancellationToken)).Now;
            await pump.RunAsync(tenant, now, cancellationToken);
            await outbox.DeliverDueAsync(tenant, now, cancellationToken);
            await outbox.TrimAsync(tenant, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Runs one tenant's due work, or every tenant's that has some (concurrently), and waits for it.</summary>
    public async Task RunDueAsync(string? tenant, CancellationToken cancellationToken = default)
    {
        if (tenant is not null)
        {
            await RunTenantAsync(tenant, cancellationToken);
            return;
        }
        await Task.WhenAll((await DueTenantsAsync(cancellationToken)).Ready.Select(t => RunTenantAsync(t, cancellationToken)));
    }

    /// <summary>
    /// Starts a run for every tenant with due work that has none going; waits for none of them.
    /// Returns how long until the next work falls due on its tenant's clock (null: none scheduled).
    /// </summary>
    public async Task<TimeSpan?> KickAsync(CancellationToken cancellationToken)
    {
        var (ready, next) = await DueTenantsAsync(cancellationToken);
        foreach (var tenant in ready)
        {
            if (_background.TryGetValue(tenant, out var running) && !running.IsCompleted)
            {
                continue;
            }
            _background[tenant] = Task.Run(async () =>
            {
                try
                {
                    await RunTenantAsync(tenant, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Running due work of tenant {Tenant} failed", tenant);
                }
                finally
                {
                    RunFinished?.Invoke();
                }
            }, CancellationToken.None);
        }
        return next;
    }

    /// <summary>Waits for the background runs started so far (shutdown, tests).</summary>
    public Task DrainAsync() => Task.WhenAll(_background.Values);

    private async Task<(IReadOnlyList<string> Ready, TimeSpan? Next)> DueTenantsAsync(CancellationToken cancellationToken)
    {
        var earliest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var collection in new RecordSet[] { JobRegistry.Collection, WebhookOutbox.Collection })
        {
            foreach (var (tenant, due) in await store.EarliestDueAsync(collection, cancellationToken))
            {
                earliest[tenant] = earliest.TryGetValue(tenant, out var other) ? Math.Min(other, due) : due;
            }
        }
        var ready = new List<string>();
        long? next = null;
        foreach (var (tenant, due) in earliest)
        {
            var context = await tenants.FindAsync(tenant, cancellationToken);
            var now = context.Now.UtcTicks;
            if (now >= due)
            {
                ready.Add(tenant);
            }
            else if (!context.IsFrozen)
            {
                next = Math.Min(next ?? long.MaxValue, due - now);
            }
        }
        return (ready, next is { } ticks ? TimeSpan.FromTicks(ticks) : null);
    }
}

/// <summary>
/// Runs due work as real time passes, and at once after a clock jump. It only notices time; it
/// never decides state, so nothing here is a sleep standing in for a lifecycle.
/// </summary>
internal sealed class EngineLoop(SimulatorEngine engine, SimulatorClock clock, Tenants.TenantEvictor evictor, ILogger<EngineLoop> logger) : BackgroundService, IHostedLifecycleService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);

    // The store's state is in place before the server takes its first request.
    // The tenant bound is in place too: the evictor watches the directory from its construction.
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        _ = evictor;
        await engine.InitializeAsync(cancellationToken);
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        var drain = engine.Scheduler.DrainAsync();
        await Task.WhenAny(drain, Task.Delay(TimeSpan.FromSeconds(5), cancellationToken));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var wake = new SemaphoreSlim(0, 1);
        // A clock jump, or the end of a tenant's run, is a reason to look again at once.
        void OnClockChanged()
        {
            try
            {
                if (wake.CurrentCount == 0)
                {
                    wake.Release();
                }
            }
            catch (Exception ex) when (ex is SemaphoreFullException or ObjectDisposedException)
            {
                // Already signalled, or shutting down.
            }
        }
        clock.Changed += OnClockChanged;
        engine.Scheduler.RunFinished += OnClockChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = Tick;
                try
                {
                    // Sleep until the next step or attempt falls due (a clock jump wakes it sooner), at most a tick:
                    // work that new requests schedule is seen within the tick.
                    if (await engine.Scheduler.KickAsync(stoppingToken) is { } next && next < wait)
                    {
                        wait = next + TimeSpan.FromMilliseconds(1);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Looking for due lifecycle steps and webhooks failed");
                }
                await wake.WaitAsync(wait, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            clock.Changed -= OnClockChanged;
            engine.Scheduler.RunFinished -= OnClockChanged;
        }
    }
}
