using System.Text.Json;
using Simulators.Core.Jobs;

namespace Simulators.Core.Tests.Jobs;

public sealed class JobRecordTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

    /// <summary>QUEUED at once (notify), RUNNING 2 s later (visible only), DONE 3 s after that (notify).</summary>
    private static JobRecord Standard() => JobRecord.Create("j1", "test.job", "APPROVED", "sub-1", T0,
    [
        new JobStep("QUEUED", T0, Notify: true),
        new JobStep("RUNNING", null, Delay: TimeSpan.FromSeconds(2)),
        new JobStep("DONE", null, Notify: true, Delay: TimeSpan.FromSeconds(3)),
    ]);

    /// <summary>STARTED at once, then waits for the user to finish; RESULT follows 4 s after.</summary>
    private static JobRecord Journey() => JobRecord.Create("j2", "test.job", "APPROVED", "sub-2", T0,
    [
        new JobStep("STARTED", T0, Notify: true),
        new JobStep("USER_DONE", null, Notify: true, Awaits: "finish", Delay: TimeSpan.FromSeconds(1)),
        new JobStep("RESULT", null, Notify: true, Delay: TimeSpan.FromSeconds(4)),
    ]);

    [Fact]
    public void Create_DelayedSteps_AreDueTheirDelayAfterTheStepBefore()
    {
        var job = Standard();

        job.Steps.Select(s => s.At).Should().Equal(T0, At(2), At(5));
        job.Announced.Should().Be(0);
        job.CreatedAt.Should().Be(T0);
        (job.Id, job.Kind, job.Scenario, job.Subject).Should().Be(("j1", "test.job", "APPROVED", "sub-1"));
    }

    [Fact]
    public void Create_FirstStepWithDelayOnly_IsDueThatLongAfterCreation()
    {
        var job = JobRecord.Create("j", "k", "S", "s", T0, [new JobStep("A", null, Delay: TimeSpan.FromSeconds(7)), new JobStep("B", null)]);

        job.Steps.Select(s => s.At).Should().Equal(At(7), At(7));
    }

    [Fact]
    public void Create_StepsAfterAnAwaitingStep_WaitWithIt()
    {
        var job = Journey();

        job.Steps.Select(s => s.At).Should().Equal(T0, null, null);
        job.Waiting.Should().Be(job.Steps[1]);
    }

    [Fact]
    public void Create_ScheduledStepAfterAnAwaitingStep_Throws()
    {
        var create = () => JobRecord.Create("j", "k", "S", "s", T0,
        [
            new JobStep("A", T0),
            new JobStep("B", null, Awaits: "finish"),
            new JobStep("C", At(10)),
        ]);

        create.Should().Throw<InvalidOperationException>().WithMessage("*C*");
    }

    [Theory]
    [InlineData(5.0, 4.0)]
    [InlineData(5.0, 4.999)]
    [InlineData(0.0, -1.0)]
    public void Create_StepBeforeThePreviousOne_Throws(double first, double second)
    {
        var create = () => JobRecord.Create("j", "k", "S", "s", T0, [new JobStep("A", At(first)), new JobStep("B", At(second))]);

        create.Should().Throw<InvalidOperationException>().WithMessage("*back in time*");
    }

    [Fact]
    public void Create_StepsAtTheSameInstant_AreAccepted()
    {
        var job = JobRecord.Create("j", "k", "S", "s", T0, [new JobStep("A", At(1)), new JobStep("B", At(1)), new JobStep("C", null)]);

        job.Steps.Select(s => s.At).Should().Equal(At(1), At(1), At(1));
    }

    [Theory]
    [InlineData(-1.0, -1, null)]
    [InlineData(-0.001, -1, null)]
    [InlineData(0.0, 0, "QUEUED")]
    [InlineData(1.999, 0, "QUEUED")]
    [InlineData(2.0, 1, "RUNNING")]
    [InlineData(4.999, 1, "RUNNING")]
    [InlineData(5.0, 2, "DONE")]
    [InlineData(86_400.0, 2, "DONE")]
    public void IndexAtAndStateAt_Instant_GiveTheStepVisibleThen(double seconds, int index, string? state)
    {
        var job = Standard();

        job.IndexAt(At(seconds)).Should().Be(index);
        job.StateAt(At(seconds)).Should().Be(state);
        job.StepAt(At(seconds)).Should().Be(index < 0 ? null : job.Steps[index]);
        job.IsSettled(At(seconds)).Should().Be(index == 2);
    }

    [Fact]
    public void StateAt_WaitingSteps_AreNeverReached()
    {
        var job = Journey();

        job.StateAt(At(86_400 * 365)).Should().Be("STARTED");
        job.IsSettled(At(86_400 * 365)).Should().BeFalse();
    }

    [Fact]
    public void NextDueTicks_NewJob_IsTheFirstNotifyStep()
    {
        Standard().NextDueTicks().Should().Be(T0.UtcTicks);
    }

    [Fact]
    public void NextDueTicks_AfterAnnouncing_SkipsStepsThatOnlyShow()
    {
        var (job, _) = Standard().Announce(T0);

        job.Announced.Should().Be(1);
        job.NextDueTicks().Should().Be(At(5).UtcTicks, "RUNNING does not notify, DONE does");
    }

    [Fact]
    public void NextDueTicks_EverythingAnnounced_IsNull()
    {
        var (job, _) = Standard().Announce(At(5));

        job.NextDueTicks().Should().BeNull();
    }

    [Fact]
    public void NextDueTicks_OnlyStepsThatDoNotNotify_IsNull()
    {
        var job = JobRecord.Create("j", "k", "S", "s", T0, [new JobStep("A", T0), new JobStep("B", At(5))]);

        job.NextDueTicks().Should().BeNull();
    }

    [Fact]
    public void NextDueTicks_NextStepWaitsForAnAction_IsNull()
    {
        var (job, _) = Journey().Announce(At(60));

        job.NextDueTicks().Should().BeNull("nothing is scheduled until the user acts");
    }

    [Fact]
    public void Announce_SeveralStepsReached_ReturnsTheNotifyStepsInOrderAndMarksEveryPassedStep()
    {
        var (job, reached) = Standard().Announce(At(5));

        reached.Should().Equal(0, 2);
        job.Announced.Should().Be(3);
    }

    [Fact]
    public void Announce_OnlyAStepThatShows_MarksItWithoutReturningIt()
    {
        var (first, _) = Standard().Announce(T0);

        var (job, reached) = first.Announce(At(3));

        reached.Should().BeEmpty();
        job.Announced.Should().Be(2);
    }

    [Fact]
    public void Announce_BeforeTheFirstStep_ReturnsTheSameJob()
    {
        var before = Standard();

        var (job, reached) = before.Announce(At(-1));

        job.Should().BeSameAs(before);
        reached.Should().BeEmpty();
    }

    [Fact]
    public void Announce_AgainAtTheSameInstant_ReturnsTheSameJob()
    {
        var (first, _) = Standard().Announce(At(2));

        var (job, reached) = first.Announce(At(2));

        job.Should().BeSameAs(first);
        reached.Should().BeEmpty();
    }

    [Fact]
    public void Announce_WaitingStep_StopsThere()
    {
        var (job, reached) = Journey().Announce(At(86_400));

        reached.Should().Equal(0);
        job.Announced.Should().Be(1);
    }

    [Fact]
    public void Replan_Running_KeepsReachedStepsAndReplacesTheRest()
    {
        var (running, _) = Standard().Announce(At(3));

        var job = running.Replan(At(3), [new JobStep("CANCELLED", At(3), Notify: true)], "CANCEL");

        job.Steps.Select(s => (s.State, s.At)).Should().Equal(("QUEUED", (DateTimeOffset?)T0), ("RUNNING", At(2)), ("CANCELLED", At(3)));
        job.Scenario.Should().Be("CANCEL");
        job.Announced.Should().Be(2);
        job.NextDueTicks().Should().Be(At(3).UtcTicks);
        job.StateAt(At(3)).Should().Be("CANCELLED");
    }

    [Fact]
    public void Replan_WithoutScenario_KeepsTheScenario()
    {
        var job = Standard().Replan(At(1), [new JobStep("DONE", At(10))]);

        job.Scenario.Should().Be("APPROVED");
        job.Steps.Select(s => s.State).Should().Equal("QUEUED", "DONE");
    }

    [Fact]
    public void Replan_StepBeforeAKeptStep_Throws()
    {
        var replan = () => Standard().Replan(At(3), [new JobStep("LATE", At(1))]);

        replan.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Act_TheAwaitedAction_ReachesTheWaitingStepAndSchedulesTheOnesAfter()
    {
        var job = Journey().Act("finish", At(60));

        job.Should().NotBeNull();
        job!.Steps.Select(s => s.At).Should().Equal(T0, At(61), At(65));
        job.Waiting.Should().BeNull();
        job.StateAt(At(61)).Should().Be("USER_DONE");
        job.StateAt(At(65)).Should().Be("RESULT");
    }

    [Fact]
    public void Act_AfterAnnouncing_MakesTheReachedStepDue()
    {
        var (announced, _) = Journey().Announce(At(30));

        var job = announced.Act("finish", At(60))!;

        job.NextDueTicks().Should().Be(At(61).UtcTicks);
        job.Announce(At(65)).Reached.Should().Equal(1, 2);
    }

    [Theory]
    [InlineData("other")]
    [InlineData("FINISH")]
    [InlineData("")]
    public void Act_AnotherAction_ReturnsNull(string action)
    {
        Journey().Act(action, At(60)).Should().BeNull();
    }

    [Fact]
    public void Act_NothingWaits_ReturnsNull()
    {
        Standard().Act("finish", At(60)).Should().BeNull();
        Journey().Act("finish", At(60))!.Act("finish", At(70)).Should().BeNull("the step already happened");
    }

    [Fact]
    public void Act_BeforeTheStepItFollows_Throws()
    {
        var job = JobRecord.Create("j", "k", "S", "s", T0, [new JobStep("A", At(100)), new JobStep("B", null, Awaits: "go")]);

        var act = () => job.Act("go", At(50));

        act.Should().Throw<InvalidOperationException>().WithMessage("*back in time*");
    }

    [Fact]
    public void Collection_StoredJob_ReadsBackWithEveryField()
    {
        using var data = JsonDocument.Parse("""{"score":0.93,"reasons":["a","b"]}""");
        var job = JobRecord.Create("j", "test.job", "S", "s", T0,
        [
            new JobStep("A", T0, Notify: true, Data: data.RootElement.Clone()),
            new JobStep("B", null, Awaits: "go", Delay: TimeSpan.FromMilliseconds(1500)),
        ]).Announce(T0).Job;

        var back = (JobRecord)JobRegistry.Collection.Deserialize(JobRegistry.Collection.Serialize(job));

        back.Should().BeEquivalentTo(job, o => o.ComparingByMembers<JobRecord>().Excluding(j => j.Steps));
        back.Steps.Should().HaveCount(2);
        back.Steps[1].Should().Be(job.Steps[1]);
        back.Steps[0].Data!.Value.GetRawText().Should().Be(job.Steps[0].Data!.Value.GetRawText());
        (back.Steps[0] with { Data = null }).Should().Be(job.Steps[0] with { Data = null });
    }
}
