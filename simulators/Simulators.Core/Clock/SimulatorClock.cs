namespace Simulators.Core.Clock;

/// <summary>
/// The controllable clock of one simulator: real time by default, or frozen, and moved forward on
/// request. Every provider timestamp, token expiry, lifecycle step and webhook retry reads it.
/// </summary>
public sealed class SimulatorClock : TimeProvider
{
    private readonly TimeProvider _system;
    private readonly Lock _gate = new();
    private TimeSpan _offset;
    private DateTimeOffset? _frozenAt;

    public SimulatorClock(TimeProvider? system = null) => _system = system ?? System;

    /// <summary>Raised after the clock jumps (advance, set, freeze, resume, reset).</summary>
    public event Action? Changed;

    public bool IsFrozen => _frozenAt is not null;

    public override DateTimeOffset GetUtcNow()
    {
        var frozen = _frozenAt;
        return frozen ?? _system.GetUtcNow() + _offset;
    }

    public void Freeze(DateTimeOffset? at = null)
    {
        lock (_gate)
        {
            _frozenAt = at ?? GetUtcNow();
        }
        Changed?.Invoke();
    }

    public void Resume()
    {
        lock (_gate)
        {
            if (_frozenAt is { } frozen)
            {
                _offset = frozen - _system.GetUtcNow();
                _frozenAt = null;
            }
        }
        Changed?.Invoke();
    }

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_gate)
        {
            if (_frozenAt is { } frozen)
            {
                _frozenAt = frozen + by;
            }
            else
            {
                _offset += by;
            }
        }
        Changed?.Invoke();
    }

    /// <summary>Back to real time: no offset, not frozen.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _offset = TimeSpan.Zero;
            _frozenAt = null;
        }
        Changed?.Invoke();
    }
}
