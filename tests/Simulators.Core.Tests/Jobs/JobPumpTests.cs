using Microsoft.Extensions.Logging;
using Simulators.Core.Jobs;
using Simulators.Core.Scenarios;
using Simulators.Core.State;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Tests.Jobs;

public sealed class JobPumpTests
{
    private static readonly DateTimeOffset T0 = TestEngine.T0;

    private readonly TestEngine _engine = new();

    private static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

    private static JobStep[] ThreeSteps() =>
    [
        new JobStep("A", T0, Notify: true),
        new JobStep("B", At(1), Notify: true),
        new JobStep("C", At(2), Notify: true),
    ];

    private async Task<IReadOnlyList<string>> EventsOf(string tenant, string jobId) =>
        [.. (await _engine.Outbox.ForJobAsync(tenant, jobId)).Select(d => d.Value.Event)];

    [Fact]
    public async Task RunAsync_StepsReachedOverSeveralRuns_AnnouncesEachOnceInOrder()
    {
        await _engine.AddJobAsync("t1", "j1", ThreeSteps());

        (await _engine.Pump.RunAsync("t1", T0)).Should().Be(1);
        (await _engine.Pump.RunAsync("t1", T0)).Should().Be(0);
        (await _engine.Pump.RunAsync("t1", At(1.5))).Should().Be(1);
        (await _engine.Pump.RunAsync("t1", At(2))).Should().Be(1);
        (await _engine.Pump.RunAsync("t1", At(60))).Should().Be(0);

        _engine.Kind.Reached.Select(r => r.Step).Should().Equal(0, 1, 2);
        (await EventsOf("t1", "j1")).Should().Equal("A", "B", "C");
        (await _engine.JobAsync("t1", "j1")).Announced.Should().Be(3);
    }

    [Fact]
    public async Task RunAsync_SeveralStepsReachedAtOnce_StoresTheirWebhooksAtEachStepsInstant()
    {
        await _engine.AddJobAsync("t1", "j1", ThreeSteps());

        await _engine.Pump.RunAsync("t1", At(60));

        var deliveries = (await _engine.Outbox.ForJobAsync("t1", "j1")).Select(d => d.Value).ToList();
        deliveries.Select(d => (d.Event, d.CreatedAt, d.NextAttemptAt)).Should().Equal(
            ("A", T0, (DateTimeOffset?)T0), ("B", At(1), At(1)), ("C", At(2), At(2)));
        deliveries.Should().OnlyContain(d => d.Subject == "subject-j1" && d.JobId == "j1" && d.State == DeliveryState.Pending);
    }

    [Fact]
    public async Task RunAsync_StepsThatOnlyShow_CostNothing()
    {
        await _engine.AddJobAsync("t1", "quiet", new JobStep("A", T0), new JobStep("B", At(1)));

        (await _engine.Pump.RunAsync("t1", At(60))).Should().Be(0);

        _engine.Kind.Reached.Should().BeEmpty();
        (await _engine.Store.DueAsync(JobRegistry.Collection, "t1", long.MaxValue, 10)).Should().BeEmpty();
        (await _engine.JobAsync("t1", "quiet")).StateAt(At(60)).Should().Be("B");
    }

    [Fact]
    public async Task RunAsync_OneTenant_LeavesOtherTenantsJobs()
    {
        await _engine.AddJobAsync("t1", "j1", ThreeSteps());
        await _engine.AddJobAsync("t2", "j2", ThreeSteps());

        await _engine.Pump.RunAsync("t1", At(60));

        _engine.Kind.Reached.Should().OnlyContain(r => r.Tenant == "t1");
        (await _engine.JobAsync("t2", "j2")).Announced.Should().Be(0);
    }

    // Reproducer: two runs for one tenant at once used to announce the same step twice.
    [Fact]
    public async Task RunAsync_ConcurrentRunsForOneTenant_AnnounceEachStepOnce()
    {
        for (var i = 0; i < 200; i++)
        {
            await _engine.AddJobAsync("t1", $"j{i}", ThreeSteps());
        }

        var now = At(2);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _engine.Pump.RunAsync("t1", now))));

        var deliveries = await _engine.DeliveriesAsync("t1");
        deliveries.Should().HaveCount(600);
        deliveries.GroupBy(d => d.JobId).Should().HaveCount(200).And.OnlyContain(g => g.Select(d => d.Event).SequenceEqual(new[] { "A", "B", "C" }));
        (await _engine.Registry.ListAsync("t1")).Should().OnlyContain(j => j.Value.Announced == 3 && j.Due == null);
    }

    // Reproducer: a job kind that threw used to stall its tenant's pump on the same step forever.
    [Fact]
    public async Task RunAsync_KindThrowsOnAStep_AnnouncesItWithoutWebhooksAndLogsIt()
    {
        _engine.Kind.FailingState = "B";
        await _engine.AddJobAsync("t1", "j1", ThreeSteps());
        await _engine.AddJobAsync("t1", "j2", new JobStep("X", At(1), Notify: true));

        (await _engine.Pump.RunAsync("t1", At(5))).Should().Be(2);
        (await _engine.Pump.RunAsync("t1", At(10))).Should().Be(0);

        var job = await _engine.JobAsync("t1", "j1");
        job.Announced.Should().Be(3);
        job.NextDueTicks().Should().BeNull();
        (await EventsOf("t1", "j1")).Should().Equal("A", "C");
        (await EventsOf("t1", "j2")).Should().Equal("X");
        var error = _engine.PumpLog.Entries.Should().ContainSingle(e => e.Level == LogLevel.Error).Subject;
        error.Exception.Should().BeOfType<InvalidOperationException>();
        error.Message.Should().Contain("B").And.Contain("j1");
    }

    [Fact]
    public async Task RunAsync_JobForcedMeanwhile_AnnouncesTheNewPlan()
    {
        await _engine.AddJobAsync("t1", "j1", ThreeSteps());
        await _engine.Pump.RunAsync("t1", T0);
        _engine.Clock.Advance(TimeSpan.FromSeconds(0.5));

        var (result, forced) = await _engine.Registry.ForceAsync("subject-j1", new Scenario("CANCELLED", "", []));
        await _engine.Pump.RunAsync("t1", At(60));

        result.Should().Be(ForceOutcomeResult.Forced);
        forced!.Value.Scenario.Should().Be("CANCELLED");
        (await EventsOf("t1", "j1")).Should().Equal("A", "CANCELLED");
    }

    [Fact]
    public async Task RunAsync_WaitingJobActedOn_AnnouncesTheStepsThatFollow()
    {
        await _engine.AddJobAsync("t1", "j1",
            new JobStep("STARTED", T0, Notify: true),
            new JobStep("USER_DONE", null, Notify: true, Awaits: "finish"),
            new JobStep("RESULT", null, Notify: true, Delay: TimeSpan.FromSeconds(4)));
        await _engine.Pump.RunAsync("t1", At(60));
        _engine.Clock.Advance(TimeSpan.FromSeconds(60));

        (await _engine.Registry.ActAsync("t1", "j1", "finish")).Should().BeTrue();
        (await _engine.Registry.ActAsync("t1", "j1", "finish")).Should().BeFalse();
        await _engine.Pump.RunAsync("t1", At(64));

        (await EventsOf("t1", "j1")).Should().Equal("STARTED", "USER_DONE", "RESULT");
        (await _engine.Outbox.ForJobAsync("t1", "j1")).Select(d => d.Value.CreatedAt).Should().Equal(T0, At(60), At(64));
    }
}

public sealed class JobRegistryTests
{
    private static readonly DateTimeOffset T0 = TestEngine.T0;

    private readonly TestEngine _engine = new();

    [Fact]
    public void Write_UnknownKind_Throws()
    {
        var job = JobRecord.Create("j1", "no.such.kind", "S", "s", T0, [new JobStep("A", T0, Notify: true)]);

        var write = () => _engine.Registry.Write("t1", job);

        write.Should().Throw<InvalidOperationException>().WithMessage("*no.such.kind*");
    }

    [Fact]
    public void Write_NewJob_IsDueAtItsNextNotifyStepAndMustBeNew()
    {
        var job = JobRecord.Create("j1", TestJobKind.KindName, "S", "s", T0, [new JobStep("A", T0), new JobStep("B", T0.AddSeconds(5), Notify: true)]);

        var write = _engine.Registry.Write("t1", job);

        (write.Collection, write.Tenant, write.Id, write.ExpectedVersion, write.Due).Should().Be(
            ((RecordSet)JobRegistry.Collection, "t1", "j1", (long?)0, (long?)T0.AddSeconds(5).UtcTicks));
    }

    [Fact]
    public async Task FindAsync_IdOrSubject_FindsTheJobInItsTenant()
    {
        await _engine.AddJobAsync("t1", "j1", new JobStep("A", T0));
        await _engine.AddJobAsync("t2", "j2", new JobStep("A", T0));

        (await _engine.Registry.FindAsync("j1"))!.Tenant.Should().Be("t1");
        (await _engine.Registry.FindAsync("subject-j2"))!.Id.Should().Be("j2");
        (await _engine.Registry.FindAsync("subject-j2", "t1")).Should().BeNull();
        (await _engine.Registry.FindAsync("nothing")).Should().BeNull();
    }

    [Fact]
    public async Task ForceAsync_UnknownJob_IsNotFound()
    {
        var (result, job) = await _engine.Registry.ForceAsync("nothing", new Scenario("X", "", []));

        result.Should().Be(ForceOutcomeResult.NotFound);
        job.Should().BeNull();
    }

    [Fact]
    public async Task ForceAsync_KindRefuses_IsNotApplicableAndLeavesTheJob()
    {
        var created = await _engine.AddJobAsync("t1", "j1", new JobStep("A", T0, Notify: true));

        var (result, job) = await _engine.Registry.ForceAsync("j1", new Scenario(TestJobKind.NotApplicable, "", []));

        result.Should().Be(ForceOutcomeResult.NotApplicable);
        job!.Version.Should().Be(1);
        (await _engine.JobAsync("t1", "j1")).Should().BeSameAs(created);
    }

    [Fact]
    public async Task ListAsync_Kind_ReturnsThatKindsJobsOnly()
    {
        await _engine.AddJobAsync("t1", "j1", new JobStep("A", T0));
        await _engine.AddJobAsync("t2", "j2", new JobStep("A", T0));

        (await _engine.Registry.ListAsync(null, TestJobKind.KindName)).Select(j => j.Id).Should().Equal("j1", "j2");
        (await _engine.Registry.ListAsync("t2")).Select(j => j.Id).Should().Equal("j2");
        (await _engine.Registry.ListAsync(null, "other.kind")).Should().BeEmpty();
    }
}
