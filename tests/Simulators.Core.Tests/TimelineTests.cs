using Microsoft.Extensions.Logging.Abstractions;
using Simulators.Core.Clock;
using Simulators.Core.Lifecycle;
using Simulators.Core.Tenants;

namespace Simulators.Core.Tests;

public sealed class TimelineTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly SimulatorClock _clock = new();
    private readonly TenantRegistry<object> _tenants;
    private readonly LifecyclePump _pump = new(NullLogger<LifecyclePump>.Instance);
    private readonly List<string> _announced = [];

    public TimelineTests()
    {
        _clock.Freeze(T0);
        _tenants = new TenantRegistry<object>(_clock, _ => new object());
    }

    public void Dispose() => _pump.Dispose();

    private static TimelineStep[] Standard =>
    [
        new(T0, "IN_QUEUE"),
        new(T0 + TimeSpan.FromSeconds(1), "IN_PROGRESS"),
        new(T0 + TimeSpan.FromSeconds(5), "COMPLETED", "approved"),
    ];

    private Timeline Track(string tenantId = "t1", IEnumerable<TimelineStep>? steps = null, string label = "")
    {
        var timeline = _pump.Create(_tenants[tenantId], steps ?? Standard, step =>
        {
            _announced.Add(label + step.State);
            return ValueTask.CompletedTask;
        });
        _pump.Track(timeline);
        return timeline;
    }

    [Theory]
    [InlineData(-1.0, null)]
    [InlineData(-0.001, null)]
    [InlineData(0.0, "IN_QUEUE")]
    [InlineData(0.5, "IN_QUEUE")]
    [InlineData(1.0, "IN_PROGRESS")]
    [InlineData(4.999, "IN_PROGRESS")]
    [InlineData(5.0, "COMPLETED")]
    [InlineData(86_400.0, "COMPLETED")]
    public void At_Instant_ReturnsTheStepVisibleThen(double seconds, string? expected)
    {
        var timeline = _pump.Create(_tenants["t1"], Standard, _ => ValueTask.CompletedTask);

        var step = timeline.At(T0 + TimeSpan.FromSeconds(seconds));

        step?.State.Should().Be(expected);
        (step is null).Should().Be(expected is null);
    }

    [Fact]
    public void Now_FollowsTheTenantClock()
    {
        var timeline = _pump.Create(_tenants["t1"], Standard, _ => ValueTask.CompletedTask);
        timeline.Now!.State.Should().Be("IN_QUEUE");

        _tenants["t1"].Clock.Advance(TimeSpan.FromSeconds(5));

        timeline.Now!.State.Should().Be("COMPLETED");
        timeline.Now!.Outcome.Should().Be("approved");
        _pump.Create(_tenants["t2"], Standard, _ => ValueTask.CompletedTask).Now!.State.Should().Be("IN_QUEUE");
    }

    [Fact]
    public async Task AnnounceDueAsync_PassedSteps_AnnouncesEachOnceInOrder()
    {
        Track();
        _clock.Advance(TimeSpan.FromSeconds(1));

        await _pump.AnnounceDueAsync();
        await _pump.AnnounceDueAsync();

        _announced.Should().Equal("IN_QUEUE", "IN_PROGRESS");
        _pump.PendingJobs.Should().Be(1);
    }

    [Fact]
    public async Task AnnounceDueAsync_FutureSteps_AnnouncesNothing()
    {
        Track(steps: [new(T0 + TimeSpan.FromSeconds(1), "IN_QUEUE"), new(T0 + TimeSpan.FromSeconds(2), "COMPLETED")]);

        await _pump.AnnounceDueAsync();

        _announced.Should().BeEmpty();
        _pump.PendingJobs.Should().Be(1);
    }

    [Fact]
    public async Task AnnounceDueAsync_UntrackedTimeline_AnnouncesNothing()
    {
        _pump.Create(_tenants["t1"], Standard, step =>
        {
            _announced.Add(step.State);
            return ValueTask.CompletedTask;
        });
        _clock.Advance(TimeSpan.FromMinutes(1));

        await _pump.AnnounceDueAsync();

        _announced.Should().BeEmpty();
        _pump.PendingJobs.Should().Be(0);
    }

    [Fact]
    public async Task AnnounceDueAsync_AfterClockAdvance_DeliversTheNextSteps()
    {
        Track();
        await _pump.AnnounceDueAsync();
        _announced.Should().Equal("IN_QUEUE");

        _clock.Advance(TimeSpan.FromSeconds(1));
        await _pump.AnnounceDueAsync();
        _announced.Should().Equal("IN_QUEUE", "IN_PROGRESS");

        _clock.Advance(TimeSpan.FromSeconds(10));
        await _pump.AnnounceDueAsync();
        _announced.Should().Equal("IN_QUEUE", "IN_PROGRESS", "COMPLETED");
        _pump.PendingJobs.Should().Be(0, "a timeline with nothing left to come is no longer pending");

        _clock.Advance(TimeSpan.FromHours(1));
        await _pump.AnnounceDueAsync();
        _announced.Should().HaveCount(3);
    }

    [Fact]
    public async Task AnnounceDueAsync_JumpPastEverything_AnnouncesAllInOrder()
    {
        Track();
        _clock.Advance(TimeSpan.FromHours(1));

        await _pump.AnnounceDueAsync();

        _announced.Should().Equal("IN_QUEUE", "IN_PROGRESS", "COMPLETED");
    }

    [Fact]
    public async Task AnnounceDueAsync_TenantAdvance_OnlyMovesThatTenantsJobs()
    {
        Track("t1", label: "t1:");
        Track("t2", label: "t2:");

        _tenants["t1"].Clock.Advance(TimeSpan.FromSeconds(5));
        await _pump.AnnounceDueAsync();

        _announced.Should().BeEquivalentTo("t1:IN_QUEUE", "t1:IN_PROGRESS", "t1:COMPLETED", "t2:IN_QUEUE");
        _announced.Where(s => s.StartsWith("t1:", StringComparison.Ordinal)).Should().Equal("t1:IN_QUEUE", "t1:IN_PROGRESS", "t1:COMPLETED");
    }

    [Fact]
    public async Task AnnounceDueAsync_HandlerThrows_StillAnnouncesLaterSteps()
    {
        var seen = new List<string>();
        var timeline = _pump.Create(_tenants["t1"], Standard, step =>
        {
            seen.Add(step.State);
            return step.State == "IN_QUEUE" ? throw new InvalidOperationException("receiver broke") : ValueTask.CompletedTask;
        });
        _pump.Track(timeline);
        _clock.Advance(TimeSpan.FromSeconds(5));

        var act = () => _pump.AnnounceDueAsync();

        await act.Should().NotThrowAsync();
        seen.Should().Equal("IN_QUEUE", "IN_PROGRESS", "COMPLETED");
    }

    [Fact]
    public async Task Replan_DropsUnreachedStepsAndAppendsNewOnes()
    {
        var timeline = Track();
        _clock.Advance(TimeSpan.FromSeconds(2));
        await _pump.AnnounceDueAsync();

        timeline.Replan([new(T0 + TimeSpan.FromSeconds(3), "CANCELLED", "by tester")]);

        timeline.Steps.Select(s => s.State).Should().Equal("IN_QUEUE", "IN_PROGRESS", "CANCELLED");
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _pump.AnnounceDueAsync();
        _announced.Should().Equal("IN_QUEUE", "IN_PROGRESS", "CANCELLED");
        timeline.Now!.Outcome.Should().Be("by tester");
    }

    [Fact]
    public async Task Replan_StepReachedButNotYetAnnounced_IsKeptAndAnnounced()
    {
        var timeline = Track();
        await _pump.AnnounceDueAsync();
        _clock.Advance(TimeSpan.FromSeconds(1));

        timeline.Replan([new(T0 + TimeSpan.FromSeconds(2), "FAILED")]);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _pump.AnnounceDueAsync();

        _announced.Should().Equal("IN_QUEUE", "IN_PROGRESS", "FAILED");
    }

    [Fact]
    public async Task Replan_AfterTimelineFinished_TracksItAgain()
    {
        var timeline = Track();
        _clock.Advance(TimeSpan.FromSeconds(5));
        await _pump.AnnounceDueAsync();
        _pump.PendingJobs.Should().Be(0);

        timeline.Replan([new(T0 + TimeSpan.FromSeconds(6), "IN_QUEUE"), new(T0 + TimeSpan.FromSeconds(7), "COMPLETED", "retried")]);

        _pump.PendingJobs.Should().Be(1);
        _clock.Advance(TimeSpan.FromSeconds(2));
        await _pump.AnnounceDueAsync();
        _announced.Should().Equal("IN_QUEUE", "IN_PROGRESS", "COMPLETED", "IN_QUEUE", "COMPLETED");
    }

    [Fact]
    public void Create_StepsGoingBackInTime_Throws()
    {
        var act = () => _pump.Create(
            _tenants["t1"],
            [new(T0 + TimeSpan.FromSeconds(5), "IN_PROGRESS"), new(T0, "IN_QUEUE")],
            _ => ValueTask.CompletedTask);

        act.Should().Throw<InvalidOperationException>().WithMessage("*IN_QUEUE*");
    }

    [Fact]
    public void Create_StepsAtTheSameInstant_AreAllowed()
    {
        var timeline = _pump.Create(_tenants["t1"], [new(T0, "IN_QUEUE"), new(T0, "IN_PROGRESS")], _ => ValueTask.CompletedTask);

        timeline.Now!.State.Should().Be("IN_PROGRESS");
    }

    [Fact]
    public void Replan_StepBeforeAKeptStep_ThrowsAndKeepsThePlan()
    {
        var timeline = Track();
        _clock.Advance(TimeSpan.FromSeconds(2));

        var act = () => timeline.Replan([new(T0 + TimeSpan.FromSeconds(0.5), "CANCELLED")]);

        act.Should().Throw<InvalidOperationException>().WithMessage("*CANCELLED*");
        timeline.Steps.Select(s => s.State).Should().Equal("IN_QUEUE", "IN_PROGRESS", "COMPLETED");
    }

    [Fact]
    public async Task AnnounceDueAsync_TenantReset_DropsItsTimeline()
    {
        var tenant = _tenants["t1"];
        Track("t1", label: "t1:");
        Track("t2", label: "t2:");

        _tenants.Reset("t1").Should().BeTrue();
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _pump.AnnounceDueAsync();

        tenant.Retired.Should().BeTrue();
        _announced.Should().Equal("t2:IN_QUEUE", "t2:IN_PROGRESS");
        _pump.PendingJobs.Should().Be(1);
    }

    [Fact]
    public async Task Forget_Tenant_DropsOnlyThatTenantsTimelines()
    {
        Track("t1", label: "t1:");
        Track("t1", label: "t1:");
        Track("t2", label: "t2:");

        _pump.Forget("t1");
        await _pump.AnnounceDueAsync();

        _pump.PendingJobs.Should().Be(1);
        _announced.Should().Equal("t2:IN_QUEUE");
    }

    [Fact]
    public async Task ForgetAll_DropsEveryTimeline()
    {
        Track("t1");
        Track("t2");

        _pump.ForgetAll();
        await _pump.AnnounceDueAsync();

        _pump.PendingJobs.Should().Be(0);
        _announced.Should().BeEmpty();
    }
}

public sealed class LifecyclePlanTests
{
    [Fact]
    public void From_Origin_ProducesAbsoluteSteps()
    {
        var origin = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var plan = LifecyclePlan.Of(
            (TimeSpan.Zero, "IN_QUEUE"),
            (TimeSpan.FromSeconds(1), "IN_PROGRESS"),
            (TimeSpan.FromSeconds(5), "COMPLETED"));

        var steps = plan.From(origin, "payload").ToList();

        steps.Should().Equal(
            new TimelineStep(origin, "IN_QUEUE", "payload"),
            new TimelineStep(origin + TimeSpan.FromSeconds(1), "IN_PROGRESS", "payload"),
            new TimelineStep(origin + TimeSpan.FromSeconds(5), "COMPLETED", "payload"));
    }

    [Fact]
    public void From_DifferentOrigins_ShiftsEveryStep()
    {
        var plan = LifecyclePlan.Of((TimeSpan.FromMinutes(2), "DONE"));
        var origin = new DateTimeOffset(2030, 6, 1, 0, 0, 0, TimeSpan.Zero);

        plan.From(origin).Single().Should().Be(new TimelineStep(origin + TimeSpan.FromMinutes(2), "DONE"));
        plan.From(origin.AddDays(1)).Single().At.Should().Be(origin.AddDays(1) + TimeSpan.FromMinutes(2));
    }

    [Fact]
    public void From_Plan_FeedsATimelineThatReachesItsStates()
    {
        var clock = new SimulatorClock();
        clock.Freeze(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var tenant = new TenantRegistry<object>(clock, _ => new object())["t1"];
        using var pump = new LifecyclePump(NullLogger<LifecyclePump>.Instance);
        var plan = LifecyclePlan.Of((TimeSpan.Zero, "IN_QUEUE"), (TimeSpan.FromSeconds(3), "COMPLETED"));

        var timeline = pump.Create(tenant, plan.From(tenant.Clock.GetUtcNow()), _ => ValueTask.CompletedTask);

        timeline.Now!.State.Should().Be("IN_QUEUE");
        clock.Advance(TimeSpan.FromSeconds(3));
        timeline.Now!.State.Should().Be("COMPLETED");
    }
}
