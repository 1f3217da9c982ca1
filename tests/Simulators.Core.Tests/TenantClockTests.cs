using Simulators.Core.Clock;
using Simulators.Core.Tenants;

namespace Simulators.Core.Tests;

public sealed class TenantClockTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly ManualSystemTime _system = new(T0);
    private readonly SimulatorClock _simulator;
    private readonly TenantRegistry<object> _tenants;

    public TenantClockTests()
    {
        _simulator = new SimulatorClock(_system);
        _tenants = new TenantRegistry<object>(_simulator, _ => new object());
    }

    [Fact]
    public void GetUtcNow_ByDefault_IsTheSimulatorTime()
    {
        _system.Advance(TimeSpan.FromSeconds(3));

        _tenants["t1"].Clock.GetUtcNow().Should().Be(_simulator.GetUtcNow()).And.Be(T0 + TimeSpan.FromSeconds(3));
        _tenants["t1"].Clock.Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void Advance_OnOneTenant_DoesNotMoveSimulatorNorOtherTenants()
    {
        _simulator.Freeze();
        var t1 = _tenants["t1"].Clock;
        var t2 = _tenants["t2"].Clock;

        t1.Advance(TimeSpan.FromHours(1));

        t1.GetUtcNow().Should().Be(T0 + TimeSpan.FromHours(1));
        t1.Offset.Should().Be(TimeSpan.FromHours(1));
        _simulator.GetUtcNow().Should().Be(T0);
        t2.GetUtcNow().Should().Be(T0);
        t2.Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void Advance_OnSimulator_MovesEveryTenant()
    {
        var t1 = _tenants["t1"].Clock;
        var t2 = _tenants["t2"].Clock;
        t1.Advance(TimeSpan.FromHours(1));

        _simulator.Advance(TimeSpan.FromMinutes(10));

        t1.GetUtcNow().Should().Be(T0 + TimeSpan.FromHours(1) + TimeSpan.FromMinutes(10));
        t2.GetUtcNow().Should().Be(T0 + TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void Freeze_OnTenant_StopsOnlyThatTenant()
    {
        var t1 = _tenants["t1"].Clock;
        var t2 = _tenants["t2"].Clock;

        t1.Freeze();
        _system.Advance(TimeSpan.FromMinutes(1));
        _simulator.Advance(TimeSpan.FromMinutes(2));

        t1.IsFrozen.Should().BeTrue();
        t1.GetUtcNow().Should().Be(T0);
        t2.IsFrozen.Should().BeFalse();
        t2.GetUtcNow().Should().Be(T0 + TimeSpan.FromMinutes(3));
        _simulator.IsFrozen.Should().BeFalse();
    }

    [Fact]
    public void Advance_WhenTenantFrozen_MovesFrozenInstant()
    {
        var t1 = _tenants["t1"].Clock;
        t1.Freeze();

        t1.Advance(TimeSpan.FromSeconds(45));
        _system.Advance(TimeSpan.FromHours(1));

        t1.GetUtcNow().Should().Be(T0 + TimeSpan.FromSeconds(45));
    }

    [Fact]
    public void Resume_AfterTenantFreeze_ContinuesFromFrozenInstant()
    {
        var t1 = _tenants["t1"].Clock;
        t1.Freeze();
        t1.Advance(TimeSpan.FromMinutes(5));
        _system.Advance(TimeSpan.FromHours(1));

        t1.Resume();

        t1.IsFrozen.Should().BeFalse();
        t1.GetUtcNow().Should().Be(T0 + TimeSpan.FromMinutes(5));
        _system.Advance(TimeSpan.FromSeconds(2));
        t1.GetUtcNow().Should().Be(T0 + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(2));
        _simulator.Advance(TimeSpan.FromSeconds(3));
        t1.GetUtcNow().Should().Be(T0 + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Resume_WhenTenantNotFrozen_KeepsOffset()
    {
        var t1 = _tenants["t1"].Clock;
        t1.Advance(TimeSpan.FromMinutes(7));

        t1.Resume();

        t1.Offset.Should().Be(TimeSpan.FromMinutes(7));
        t1.GetUtcNow().Should().Be(T0 + TimeSpan.FromMinutes(7));
    }

    [Fact]
    public void IsFrozen_WhenSimulatorFrozen_IsTrueForEveryTenant()
    {
        _simulator.Freeze();

        _tenants["t1"].Clock.IsFrozen.Should().BeTrue();
        _tenants["t2"].Clock.IsFrozen.Should().BeTrue();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Advance_Negative_Throws(bool frozen)
    {
        var t1 = _tenants["t1"].Clock;
        if (frozen)
        {
            t1.Freeze();
        }

        var act = () => t1.Advance(TimeSpan.FromSeconds(-1));

        act.Should().Throw<ArgumentOutOfRangeException>();
        t1.GetUtcNow().Should().Be(T0);
    }

    [Fact]
    public void Reset_OfTenant_GivesNewTenantAFreshClock()
    {
        _tenants["t1"].Clock.Advance(TimeSpan.FromDays(1));

        _tenants.Reset("t1").Should().BeTrue();

        _tenants["t1"].Clock.GetUtcNow().Should().Be(T0);
    }
}
