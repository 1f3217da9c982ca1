namespace Simulators.Core.Clock;

/// <summary>
/// The controllable clock of one simulator: real time by default, or frozen, and moved forward on
/// request. Every provider timestamp, token expiry, lifecycle step and webhook retry reads it.
/// State is two longs read atomically, so the hot path never takes a lock.
/// </summary>
public sealed class SimulatorClock : TimeProvider
{
    private const long NotFrozen = long.MinValue;

    private readonly TimeProvider _system;
    private readonly Lock _gate = new();
    private long _offsetTicks;
    private long _frozenAtTicks = NotFrozen;

    public SimulatorClock(TimeProvider? system = null) => _system = system ?? System;

    /// <summary>Raised after the clock jumps (advance, set, freeze, resume, reset).</summary>
    public event Action? Changed;

    public bool IsFrozen => Interlocked.Read(ref _frozenAtTicks) != NotFrozen;

    public override DateTimeOffset GetUtcNow()
    {
        var frozen = Interlocked.Read(ref _frozenAtTicks);
        return frozen != NotFrozen
            ? new DateTimeOffset(frozen, TimeSpan.Zero)
            : _system.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
    }

    public void Freeze(DateTimeOffset? at = null)
    {
        lock (_gate)
        {
            Interlocked.Exchange(ref _frozenAtTicks, (at ?? GetUtcNow()).UtcTicks);
        }
        Changed?.Invoke();
    }

    public void Resume()
    {
        lock (_gate)
        {
            var frozen = Interlocked.Read(ref _frozenAtTicks);
            if (frozen != NotFrozen)
            {
                Interlocked.Exchange(ref _offsetTicks, frozen - _system.GetUtcNow().UtcTicks);
                Interlocked.Exchange(ref _frozenAtTicks, NotFrozen);
            }
        }
        Changed?.Invoke();
    }

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_gate)
        {
            var frozen = Interlocked.Read(ref _frozenAtTicks);
            if (frozen != NotFrozen)
            {
                Interlocked.Exchange(ref _frozenAtTicks, frozen + by.Ticks);
            }
            else
            {
                Interlocked.Add(ref _offsetTicks, by.Ticks);
            }
        }
        Changed?.Invoke();
    }

    /// <summary>The clock's state, to store: an offset from real time, or the instant it is frozen at.</summary>
    public Tenants.TenantClock Snapshot()
    {
        lock (_gate)
        {
            var frozen = Interlocked.Read(ref _frozenAtTicks);
            return new Tenants.TenantClock(Interlocked.Read(ref _offsetTicks), frozen == NotFrozen ? null : frozen);
        }
    }

    /// <summary>Back to a stored state (after a restart).</summary>
    public void Restore(Tenants.TenantClock state)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_gate)
        {
            Interlocked.Exchange(ref _offsetTicks, state.OffsetTicks);
            Interlocked.Exchange(ref _frozenAtTicks, state.FrozenAtTicks ?? NotFrozen);
        }
        Changed?.Invoke();
    }

    /// <summary>Back to real time: no offset, not frozen.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            Interlocked.Exchange(ref _offsetTicks, 0);
            Interlocked.Exchange(ref _frozenAtTicks, NotFrozen);
        }
        Changed?.Invoke();
    }
}
