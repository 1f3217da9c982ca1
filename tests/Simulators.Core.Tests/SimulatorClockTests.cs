using Simulators.Core.Clock;

namespace Simulators.Core.Tests;

public sealed class SimulatorClockTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GetUtcNow_ByDefault_FollowsSystemTime()
    {
        var clock = new SimulatorClock();

        var before = TimeProvider.System.GetUtcNow();
        var now = clock.GetUtcNow();
        var after = TimeProvider.System.GetUtcNow();

        clock.IsFrozen.Should().BeFalse();
        now.Should().BeOnOrAfter(before).And.BeOnOrBefore(after);
    }

    [Fact]
    public void GetUtcNow_WhenSystemTimeMoves_MovesWithIt()
    {
        var system = new ManualSystemTime(T0);
        var clock = new SimulatorClock(system);

        system.Advance(TimeSpan.FromMinutes(3));

        clock.GetUtcNow().Should().Be(T0 + TimeSpan.FromMinutes(3));
    }

    [Fact]
    public void Freeze_WhenSystemTimeMoves_StopsTheClock()
    {
        var system = new ManualSystemTime(T0);
        var clock = new SimulatorClock(system);

        clock.Freeze();
        system.Advance(TimeSpan.FromHours(1));

        clock.IsFrozen.Should().BeTrue();
        clock.GetUtcNow().Should().Be(T0);
    }

    [Fact]
    public void Freeze_AtInstant_ShowsThatInstant()
    {
        var clock = new SimulatorClock(new ManualSystemTime(T0));
        var at = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        clock.Freeze(at);

        clock.GetUtcNow().Should().Be(at);
    }

    [Fact]
    public void Advance_WhenFrozen_MovesFrozenInstant()
    {
        var system = new ManualSystemTime(T0);
        var clock = new SimulatorClock(system);
        clock.Freeze();

        clock.Advance(TimeSpan.FromSeconds(90));
        system.Advance(TimeSpan.FromMinutes(5));

        clock.IsFrozen.Should().BeTrue();
        clock.GetUtcNow().Should().Be(T0 + TimeSpan.FromSeconds(90));
    }

    [Fact]
    public void Advance_WhenRunning_AddsOffsetToSystemTime()
    {
        var system = new ManualSystemTime(T0);
        var clock = new SimulatorClock(system);

        clock.Advance(TimeSpan.FromHours(2));
        clock.GetUtcNow().Should().Be(T0 + TimeSpan.FromHours(2));

        system.Advance(TimeSpan.FromSeconds(7));
        clock.GetUtcNow().Should().Be(T0 + TimeSpan.FromHours(2) + TimeSpan.FromSeconds(7));
        clock.IsFrozen.Should().BeFalse();
    }

    [Fact]
    public void Advance_Repeatedly_Accumulates()
    {
        var clock = new SimulatorClock(new ManualSystemTime(T0));

        clock.Advance(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(20));
        clock.Freeze();
        clock.Advance(TimeSpan.FromSeconds(30));

        clock.GetUtcNow().Should().Be(T0 + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Advance_ByZero_LeavesTimeUnchanged()
    {
        var clock = new SimulatorClock(new ManualSystemTime(T0));

        clock.Advance(TimeSpan.Zero);

        clock.GetUtcNow().Should().Be(T0);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(-10_000_000L)]
    [InlineData(long.MinValue)]
    public void Advance_Negative_Throws(long ticks)
    {
        var clock = new SimulatorClock(new ManualSystemTime(T0));
        clock.Freeze();

        var act = () => clock.Advance(TimeSpan.FromTicks(ticks));

        act.Should().Throw<ArgumentOutOfRangeException>();
        clock.GetUtcNow().Should().Be(T0);
    }

    [Fact]
    public void Resume_AfterFreeze_ContinuesFromFrozenInstant()
    {
        var system = new ManualSystemTime(T0);
        var clock = new SimulatorClock(system);
        clock.Freeze();
        clock.Advance(TimeSpan.FromMinutes(10));
        system.Advance(TimeSpan.FromHours(1));

        clock.Resume();

        clock.IsFrozen.Should().BeFalse();
        clock.GetUtcNow().Should().Be(T0 + TimeSpan.FromMinutes(10));
        system.Advance(TimeSpan.FromSeconds(5));
        clock.GetUtcNow().Should().Be(T0 + TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Resume_WhenNotFrozen_KeepsOffset()
    {
        var system = new ManualSystemTime(T0);
        var clock = new SimulatorClock(system);
        clock.Advance(TimeSpan.FromHours(1));

        clock.Resume();

        clock.GetUtcNow().Should().Be(T0 + TimeSpan.FromHours(1));
    }

    [Fact]
    public void Reset_AfterAdvanceAndFreeze_ReturnsToSystemTime()
    {
        var system = new ManualSystemTime(T0);
        var clock = new SimulatorClock(system);
        clock.Advance(TimeSpan.FromDays(3));
        clock.Freeze();
        system.Advance(TimeSpan.FromMinutes(1));

        clock.Reset();

        clock.IsFrozen.Should().BeFalse();
        clock.GetUtcNow().Should().Be(system.GetUtcNow());
        system.Advance(TimeSpan.FromSeconds(1));
        clock.GetUtcNow().Should().Be(system.GetUtcNow());
    }

    [Fact]
    public void Reset_OnRealClock_IsCloseToSystemTime()
    {
        var clock = new SimulatorClock();
        clock.Advance(TimeSpan.FromDays(30));

        clock.Reset();

        clock.GetUtcNow().Should().BeCloseTo(TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("freeze")]
    [InlineData("freeze-at")]
    [InlineData("resume")]
    [InlineData("advance")]
    [InlineData("reset")]
    public void Changed_OnEveryJump_FiresOnce(string operation)
    {
        var clock = new SimulatorClock(new ManualSystemTime(T0));
        var fired = 0;
        clock.Changed += () => fired++;

        Action act = operation switch
        {
            "freeze" => () => clock.Freeze(),
            "freeze-at" => () => clock.Freeze(T0.AddYears(1)),
            "resume" => clock.Resume,
            "advance" => () => clock.Advance(TimeSpan.FromSeconds(1)),
            "reset" => clock.Reset,
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
        act();

        fired.Should().Be(1);
    }

    [Fact]
    public void Changed_WhenRaised_SeesTheNewTime()
    {
        var clock = new SimulatorClock(new ManualSystemTime(T0));
        clock.Freeze();
        DateTimeOffset? seen = null;
        clock.Changed += () => seen = clock.GetUtcNow();

        clock.Advance(TimeSpan.FromMinutes(1));

        seen.Should().Be(T0 + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Advance_Negative_DoesNotRaiseChanged()
    {
        var clock = new SimulatorClock(new ManualSystemTime(T0));
        var fired = 0;
        clock.Changed += () => fired++;

        var act = () => clock.Advance(TimeSpan.FromSeconds(-1));

        act.Should().Throw<ArgumentOutOfRangeException>();
        fired.Should().Be(0);
    }
}
