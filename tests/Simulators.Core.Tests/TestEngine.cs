using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Simulators.Core.Clock;
using Simulators.Core.Hosting;
using Simulators.Core.Jobs;
using Simulators.Core.Scenarios;
using Simulators.Core.State;
using Simulators.Core.Tenants;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Tests;

/// <summary>
/// A job kind for engine tests: each reached notify step sends <see cref="WebhooksPerStep"/> webhooks
/// to its tenant's receiver, with the body <c>{job}/{step}/{n}</c>; a step in <see cref="FailingState"/> throws.
/// </summary>
internal sealed class TestJobKind : IJobKind
{
    public const string KindName = "test.job";

    /// <summary>A scenario <see cref="ForceAsync"/> refuses.</summary>
    public const string NotApplicable = "NOT_FOR_THIS_JOB";

    private readonly ConcurrentQueue<(string Tenant, string JobId, int Step)> _reached = new();

    public string Name => KindName;

    public int WebhooksPerStep { get; set; } = 1;

    public string? FailingState { get; set; }

    /// <summary>Every call the pump made, in order (a call whose commit lost a race included).</summary>
    public IReadOnlyList<(string Tenant, string JobId, int Step)> Reached => [.. _reached];

    public static Uri Receiver(string tenant) => new($"https://receiver.test/{tenant}");

    public ValueTask<IReadOnlyList<NewDelivery>> OnReachedAsync(string tenant, Stored<JobRecord> job, int stepIndex, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        _reached.Enqueue((tenant, job.Id, stepIndex));
        var step = job.Value.Steps[stepIndex];
        if (step.State == FailingState)
        {
            throw new InvalidOperationException($"The kind cannot announce {step.State}.");
        }
        return ValueTask.FromResult<IReadOnlyList<NewDelivery>>(
        [
            .. Enumerable.Range(0, WebhooksPerStep).Select(i => new NewDelivery(
                step.State, job.Value.Subject, Receiver(tenant), Encoding.UTF8.GetBytes($"{job.Id}/{stepIndex}/{i}"), RecordingSigner.SignerName)),
        ]);
    }

    public ValueTask<JobRecord?> ForceAsync(string tenant, JobRecord job, Scenario scenario, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(scenario);
        return ValueTask.FromResult(scenario.Name == NotApplicable ? null : job.Replan(now, [new JobStep(scenario.Name, now, Notify: true)], scenario.Name));
    }
}

/// <summary>
/// The engine's services wired by hand around the in-memory store: the simulator clock frozen at
/// <see cref="T0"/>, a wall clock at <see cref="W0"/> (far from it, so a mix-up shows), a fake receiver.
/// </summary>
internal sealed class TestEngine
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset W0 = new(2031, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public TestEngine(Action<WebhookOutboxOptions>? options = null)
    {
        options?.Invoke(Options);
        Clock.Freeze(T0);
        Tenants = new TenantDirectory(Store, Clock);
        Registry = new JobRegistry(Store, [Kind], Tenants);
        Outbox = new WebhookOutbox(Store, Transport, [Signer, new PlainJsonSigner()], Policy, Options, new WallClock(Wall), NullLogger<WebhookOutbox>.Instance);
        Pump = new JobPump(Store, Registry, Outbox, PumpLog);
        Scheduler = new EngineScheduler(Store, Tenants, Pump, Outbox, NullLogger<EngineScheduler>.Instance);
    }

    public IStateStore Store { get; } = new MemoryStateStore();

    public SimulatorClock Clock { get; } = new(new ManualSystemTime(T0));

    public ManualSystemTime Wall { get; } = new(W0);

    public FakeWebhookTransport Transport { get; } = new();

    public RecordingSigner Signer { get; } = new();

    public TestJobKind Kind { get; } = new();

    public WebhookRetryPolicy Policy { get; } = new();

    public WebhookOutboxOptions Options { get; } = new();

    public ListLogger<JobPump> PumpLog { get; } = new();

    public TenantDirectory Tenants { get; }

    public JobRegistry Registry { get; }

    public WebhookOutbox Outbox { get; }

    public JobPump Pump { get; }

    public EngineScheduler Scheduler { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>A job of <see cref="TestJobKind"/> created now on its tenant's clock, subject <c>subject-{id}</c>.</summary>
    public async Task<JobRecord> AddJobAsync(string tenant, string id, params JobStep[] steps)
    {
        var now = (await Tenants.EnsureAsync(tenant)).Now;
        var job = JobRecord.Create(id, TestJobKind.KindName, "DEFAULT", "subject-" + id, now, steps);
        await Store.CommitAsync([Registry.Write(tenant, job)]);
        return job;
    }

    /// <summary>A delivery due now on its tenant's clock; the body defaults to the subject. Returns its id.</summary>
    public async Task<string> EnqueueAsync(string tenant, string subject, string? body = null, Uri? url = null)
    {
        var now = (await Tenants.FindAsync(tenant)).Now;
        var delivery = new NewDelivery("test.event", subject, url ?? TestJobKind.Receiver(tenant), Encoding.UTF8.GetBytes(body ?? subject), RecordingSigner.SignerName);
        var write = Outbox.Enqueue(tenant, delivery, now);
        await Store.CommitAsync([write]);
        return write.Id;
    }

    public async Task<DeliveryRecord> DeliveryAsync(string tenant, string id) =>
        (await Store.GetAsync(WebhookOutbox.Collection, tenant, id))?.Value ?? throw new InvalidOperationException($"No delivery {id}.");

    /// <summary>Oldest first.</summary>
    public async Task<IReadOnlyList<DeliveryRecord>> DeliveriesAsync(string? tenant = null) =>
        [.. (await Outbox.ListAsync(tenant)).Select(d => d.Value)];

    public async Task<JobRecord> JobAsync(string tenant, string id) =>
        (await Registry.GetAsync(tenant, id))?.Value ?? throw new InvalidOperationException($"No job {id}.");
}
