using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Simulators.Core.Tenants;

namespace Simulators.Core.Lifecycle;

/// <summary>
/// Turns lifecycle steps that the clock has passed into provider callbacks (webhook deliveries),
/// in order, exactly once. It only reacts to the clock; it never decides when a state is reached.
/// </summary>
public sealed class LifecyclePump(ILogger<LifecyclePump> logger) : IDisposable
{
    private readonly ConcurrentDictionary<Timeline, byte> _pending = new();
    private readonly SemaphoreSlim _single = new(1, 1);

    public int PendingJobs => _pending.Count;

    /// <summary>A job's timeline; <paramref name="onReached"/> will run once per step, in order, from <see cref="Track"/> on.</summary>
    public Timeline Create(Tenant tenant, IEnumerable<TimelineStep> steps, Func<TimelineStep, ValueTask> onReached) =>
        new(tenant, steps, onReached, this);

    /// <summary>Starts announcing a timeline's steps (call once the job is fully stored).</summary>
    public void Track(Timeline timeline) => _pending.TryAdd(timeline, 0);

    public void Forget(string tenantId)
    {
        foreach (var timeline in _pending.Keys.Where(t => t.Tenant.Id == tenantId))
        {
            _pending.TryRemove(timeline, out _);
        }
    }

    public void ForgetAll() => _pending.Clear();

    /// <summary>Announces every step reached by now. Serialised, so a clock jump and the background loop never announce twice.</summary>
    public async Task AnnounceDueAsync(CancellationToken cancellationToken = default)
    {
        await _single.WaitAsync(cancellationToken);
        try
        {
            var reached = new List<TimelineStep>();
            foreach (var timeline in _pending.Keys)
            {
                if (timeline.Tenant.Retired)
                {
                    _pending.TryRemove(timeline, out _);
                    continue;
                }
                reached.Clear();
                if (!timeline.TakeReached(timeline.Tenant.Clock.GetUtcNow(), reached))
                {
                    _pending.TryRemove(timeline, out _);
                    // A replan may have raced the removal: look again.
                    if (timeline.TakeReached(timeline.Tenant.Clock.GetUtcNow(), reached))
                    {
                        Track(timeline);
                    }
                }
                foreach (var step in reached)
                {
                    try
                    {
                        await timeline.OnReached(step);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        logger.LogError(ex, "Announcing {State} failed", step.State);
                    }
                }
            }
        }
        finally
        {
            _single.Release();
        }
    }

    public void Dispose() => _single.Dispose();
}
