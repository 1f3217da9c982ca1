using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Simulators.Core.Clock;
using Simulators.Core.Journal;
using Simulators.Core.Lifecycle;
using Simulators.Core.Tenants;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Hosting;

/// <summary>How the clock starts and returns on reset.</summary>
public sealed class ClockStart
{
    /// <summary>When set, the clock starts frozen at this instant (tests); otherwise it follows real time.</summary>
    public DateTimeOffset? FrozenAt { get; set; }
}

/// <summary>The shared engine of one simulator: clock, tenants, lifecycle pump, webhook outbox, journal.</summary>
public sealed class SimulatorEngine
{
    public SimulatorEngine(SimulatorClock clock, ITenantDirectory tenants, LifecyclePump pump, WebhookOutbox outbox, RequestJournal journal, ClockStart start)
    {
        Clock = clock;
        Tenants = tenants;
        Pump = pump;
        Outbox = outbox;
        Journal = journal;
        Start = start;
        tenants.TenantReset += id =>
        {
            pump.Forget(id);
            outbox.Forget(id);
            journal.Forget(id);
        };
        RestartClock();
    }

    public SimulatorClock Clock { get; }

    public ITenantDirectory Tenants { get; }

    public LifecyclePump Pump { get; }

    public WebhookOutbox Outbox { get; }

    public RequestJournal Journal { get; }

    private ClockStart Start { get; }

    /// <summary>Announces the lifecycle steps the clock has passed, then sends the webhooks that are due.</summary>
    public async Task RunDueAsync(CancellationToken cancellationToken = default)
    {
        await Pump.AnnounceDueAsync(cancellationToken);
        await Outbox.DeliverDueAsync(cancellationToken);
    }

    /// <summary>Back to the state at start-up: no tenants, no jobs, no deliveries, an empty journal, the start-up clock.</summary>
    public void ResetAll()
    {
        Tenants.ResetAll();
        Pump.ForgetAll();
        Outbox.Clear();
        Journal.Clear();
        RestartClock();
    }

    private void RestartClock()
    {
        Clock.Reset();
        if (Start.FrozenAt is { } at)
        {
            Clock.Freeze(at);
        }
    }
}

/// <summary>
/// Runs due work as real time passes, and at once after a clock jump. It only notices time; it
/// never decides state, so nothing here is a sleep standing in for a lifecycle.
/// </summary>
internal sealed class EngineLoop(SimulatorEngine engine, ILogger<EngineLoop> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var wake = new SemaphoreSlim(0, 1);
        void OnClockChanged()
        {
            if (wake.CurrentCount == 0)
            {
                try
                {
                    wake.Release();
                }
                catch (SemaphoreFullException)
                {
                    // Already signalled.
                }
            }
        }
        engine.Clock.Changed += OnClockChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await engine.RunDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Running due lifecycle steps and webhooks failed");
                }
                await wake.WaitAsync(Tick, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            engine.Clock.Changed -= OnClockChanged;
        }
    }
}
