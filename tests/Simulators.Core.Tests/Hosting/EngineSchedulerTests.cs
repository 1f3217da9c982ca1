using Simulators.Core.Jobs;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Tests.Hosting;

public sealed class EngineSchedulerTests
{
    private static readonly DateTimeOffset T0 = TestEngine.T0;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private readonly TestEngine _engine = new();

    private static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

    [Fact]
    public async Task RunTenantAsync_StepReached_SendsItsWebhookInTheSameRun()
    {
        await _engine.AddJobAsync("t1", "j1", new JobStep("QUEUED", T0, Notify: true), new JobStep("DONE", At(5), Notify: true));

        await _engine.Scheduler.RunTenantAsync("t1");
        _engine.Transport.Calls.Select(c => c.Text).Should().Equal("j1/0/0");

        _engine.Clock.Advance(TimeSpan.FromSeconds(5));
        await _engine.Scheduler.RunTenantAsync("t1");

        _engine.Transport.Calls.Select(c => c.Text).Should().Equal("j1/0/0", "j1/1/0");
        (await _engine.DeliveriesAsync("t1")).Should().OnlyContain(d => d.State == DeliveryState.Delivered);
    }

    [Fact]
    public async Task RunTenantAsync_UsesTheTenantsOwnClock()
    {
        await _engine.AddJobAsync("t1", "j1", new JobStep("DONE", At(60), Notify: true));
        await _engine.AddJobAsync("t2", "j2", new JobStep("DONE", At(60), Notify: true));

        await _engine.Tenants.AdvanceAsync("t1", TimeSpan.FromMinutes(1));
        await _engine.Scheduler.RunTenantAsync("t1");
        await _engine.Scheduler.RunTenantAsync("t2");

        _engine.Transport.Calls.Select(c => c.Text).Should().Equal("j1/0/0");
    }

    // Reproducer: deliveries beyond the first 2,000 waiting used to be lost.
    [Fact]
    public async Task RunTenantAsync_2200WebhooksReachedInOneAdvance_DeliversEachExactlyOnce()
    {
        _engine.Kind.WebhooksPerStep = 2;
        await _engine.Tenants.EnsureAsync("t1");
        var jobs = Enumerable.Range(0, 1100)
            .Select(i => JobRecord.Create($"j{i}", TestJobKind.KindName, "DEFAULT", $"subject-{i}", T0, [new JobStep("DONE", At(10), Notify: true)]))
            .Select(job => _engine.Registry.Write("t1", job))
            .ToList();
        await _engine.Store.CommitAsync(jobs);

        _engine.Clock.Advance(TimeSpan.FromSeconds(10));
        await _engine.Scheduler.RunTenantAsync("t1");

        var received = _engine.Transport.Calls.Select(c => c.Text).ToList();
        received.Should().HaveCount(2200).And.OnlyHaveUniqueItems();
        received.Should().BeEquivalentTo(Enumerable.Range(0, 1100).SelectMany(i => new[] { $"j{i}/0/0", $"j{i}/0/1" }));
        var deliveries = await _engine.DeliveriesAsync("t1");
        deliveries.Should().HaveCount(2200).And.OnlyContain(d => d.State == DeliveryState.Delivered && d.Attempts.Length == 1);
        (await _engine.Store.CountAsync(WebhookOutbox.Collection, null, "state", "pending")).Should().Be(0);
        (await _engine.Registry.ListAsync("t1")).Should().OnlyContain(j => j.Value.Announced == 1);
    }

    // Reproducer: a receiver that never answered held up the webhooks of every tenant.
    [Fact]
    public async Task RunTenantAsync_ReceiverOfAnotherTenantNeverAnswers_CompletesAnyway()
    {
        var release = new TaskCompletionSource<WebhookResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var aSending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _engine.Transport.Handler = call =>
        {
            if (call.Url == TestJobKind.Receiver("A"))
            {
                aSending.TrySetResult();
                return release.Task;
            }
            return Task.FromResult(FakeWebhookTransport.Status(200));
        };
        var a = await _engine.EnqueueAsync("A", "a-1");
        var b = await _engine.EnqueueAsync("B", "b-1");

        var runA = Task.Run(() => _engine.Scheduler.RunTenantAsync("A"));
        await aSending.Task.WaitAsync(Guard);
        await _engine.Scheduler.RunTenantAsync("B").WaitAsync(Guard);

        runA.IsCompleted.Should().BeFalse("A's receiver has not answered");
        (await _engine.DeliveryAsync("B", b)).State.Should().Be(DeliveryState.Delivered);
        (await _engine.DeliveryAsync("A", a)).Attempts.Should().BeEmpty();

        release.SetResult(FakeWebhookTransport.Status(200));
        await runA.WaitAsync(Guard);
        (await _engine.DeliveryAsync("A", a)).State.Should().Be(DeliveryState.Delivered);
    }

    [Fact]
    public async Task RunDueAsync_EveryTenant_RunsOnlyThoseWithWorkDueOnTheirClock()
    {
        await _engine.AddJobAsync("t1", "j1", new JobStep("DONE", At(60), Notify: true));
        await _engine.AddJobAsync("t2", "j2", new JobStep("DONE", At(60), Notify: true));
        await _engine.EnqueueAsync("t3", "now");
        await _engine.Tenants.AdvanceAsync("t2", TimeSpan.FromHours(1));

        await _engine.Scheduler.RunDueAsync(null);

        _engine.Transport.Calls.Select(c => c.Text).Should().BeEquivalentTo("j2/0/0", "now");
        (await _engine.JobAsync("t1", "j1")).Announced.Should().Be(0);
    }

    [Fact]
    public async Task KickAsync_TenantsWithDueWork_RunInTheBackgroundUntilDrained()
    {
        await _engine.EnqueueAsync("t1", "one");
        await _engine.EnqueueAsync("t2", "two");

        await _engine.Scheduler.KickAsync(CancellationToken.None);
        await _engine.Scheduler.DrainAsync().WaitAsync(Guard);

        _engine.Transport.Calls.Select(c => c.Text).Should().BeEquivalentTo("one", "two");
        (await _engine.DeliveriesAsync()).Should().OnlyContain(d => d.State == DeliveryState.Delivered);
    }
}
