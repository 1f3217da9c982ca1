using System.Collections.Immutable;
using Simulators.Core.Tenants;

namespace Simulators.Core.Lifecycle;

/// <summary>One state of a job and the instant it is reached; <paramref name="Outcome"/> is the provider's payload for it.</summary>
public sealed record TimelineStep(DateTimeOffset At, string State, object? Outcome = null);

/// <summary>A relative plan (<c>IN_QUEUE</c> at 0 s, <c>IN_PROGRESS</c> at 1 s, …) that a scenario gives a job.</summary>
public sealed record LifecyclePlan(ImmutableArray<(TimeSpan After, string State)> Steps)
{
    public static LifecyclePlan Of(params (TimeSpan After, string State)[] steps) => new([.. steps]);

    public IEnumerable<TimelineStep> From(DateTimeOffset origin, object? outcome = null) =>
        Steps.Select(s => new TimelineStep(origin + s.After, s.State, outcome));
}

/// <summary>
/// The states a job passes through, each at an absolute instant on its tenant's clock. What a
/// client sees is a pure function of the timeline and the clock; nothing changes state by waiting.
/// Reads take a lock-free snapshot; writes replace the whole array.
/// </summary>
public sealed class Timeline
{
    private readonly Lock _gate = new();
    private ImmutableArray<TimelineStep> _steps;
    private int _announced;

    internal Timeline(Tenant tenant, IEnumerable<TimelineStep> steps, Func<TimelineStep, ValueTask> onReached, LifecyclePump pump)
    {
        Tenant = tenant;
        OnReached = onReached;
        Pump = pump;
        _steps = [.. steps];
        ValidateOrder(_steps);
    }

    public Tenant Tenant { get; }

    public ImmutableArray<TimelineStep> Steps => _steps;

    internal Func<TimelineStep, ValueTask> OnReached { get; }

    private LifecyclePump Pump { get; }

    /// <summary>The step visible at <paramref name="now"/>, or null before the first one.</summary>
    public TimelineStep? At(DateTimeOffset now)
    {
        var steps = _steps;
        for (var i = steps.Length - 1; i >= 0; i--)
        {
            if (steps[i].At <= now)
            {
                return steps[i];
            }
        }
        return null;
    }

    public TimelineStep? Now => At(Tenant.Clock.GetUtcNow());

    /// <summary>Drops the steps not yet reached and appends new ones (cancel, retry, forced outcome).</summary>
    public void Replan(IEnumerable<TimelineStep> next)
    {
        var now = Tenant.Clock.GetUtcNow();
        lock (_gate)
        {
            var kept = _steps.Where(s => s.At <= now);
            var steps = kept.Concat(next).ToImmutableArray();
            ValidateOrder(steps);
            _steps = steps;
            _announced = Math.Min(_announced, _steps.Length);
        }
        Pump.Track(this);
    }

    /// <summary>Hands out, in order, the steps reached and not yet announced; false when none is left to come.</summary>
    internal bool TakeReached(DateTimeOffset now, List<TimelineStep> reached)
    {
        lock (_gate)
        {
            while (_announced < _steps.Length && _steps[_announced].At <= now)
            {
                reached.Add(_steps[_announced++]);
            }
            return _announced < _steps.Length;
        }
    }

    private static void ValidateOrder(ImmutableArray<TimelineStep> steps)
    {
        for (var i = 1; i < steps.Length; i++)
        {
            if (steps[i].At < steps[i - 1].At)
            {
                throw new InvalidOperationException($"Timeline steps must not go back in time ({steps[i].State}).");
            }
        }
    }
}
