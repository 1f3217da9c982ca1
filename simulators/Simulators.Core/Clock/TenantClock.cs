namespace Simulators.Core.Clock;

/// <summary>
/// A tenant's view of time: the simulator clock plus the tenant's own advances, so one test suite
/// can jump an hour without moving the clock of another suite sharing the simulator.
/// </summary>
public sealed class TenantClock(SimulatorClock simulator) : TimeProvider
{
    private long _offsetTicks;
    private long _frozenAtTicks = long.MinValue;

    public SimulatorClock Simulator { get; } = simulator;

    public bool IsFrozen => Interlocked.Read(ref _frozenAtTicks) != long.MinValue || Simulator.IsFrozen;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow()
    {
        var frozen = Interlocked.Read(ref _frozenAtTicks);
        return frozen != long.MinValue
            ? new DateTimeOffset(frozen, TimeSpan.Zero)
            : Simulator.GetUtcNow() + Offset;
    }

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        var frozen = Interlocked.Read(ref _frozenAtTicks);
        if (frozen != long.MinValue)
        {
            Interlocked.Exchange(ref _frozenAtTicks, frozen + by.Ticks);
        }
        else
        {
            Interlocked.Add(ref _offsetTicks, by.Ticks);
        }
    }

    public void Freeze() => Interlocked.Exchange(ref _frozenAtTicks, GetUtcNow().UtcTicks);

    public void Resume()
    {
        var frozen = Interlocked.Exchange(ref _frozenAtTicks, long.MinValue);
        if (frozen != long.MinValue)
        {
            Interlocked.Exchange(ref _offsetTicks, frozen - Simulator.GetUtcNow().UtcTicks);
        }
    }
}
