using Microsoft.Extensions.Logging;
using Simulators.Core.State;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Jobs;

/// <summary>
/// Hands the steps the clock has passed to their job's kind, in order, exactly once, and stores the
/// webhooks they cause in the same commit. It only reacts to the clock; it never decides when a
/// state is reached. Jobs with nothing to announce (no webhook) cost it nothing.
/// </summary>
public sealed class JobPump(IStateStore store, JobRegistry registry, WebhookOutbox outbox, ILogger<JobPump> logger)
{
    private const int Batch = 500;

    /// <summary>Announces every step of one tenant's jobs reached by <paramref name="now"/>; returns how many jobs moved.</summary>
    public async Task<int> RunAsync(string tenant, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var moved = 0;
        while (true)
        {
            var due = await store.DueAsync(JobRegistry.Collection, tenant, now.UtcTicks, Batch, cancellationToken);
            var round = 0;
            foreach (var job in due)
            {
                if (await AnnounceAsync(tenant, job, now, cancellationToken))
                {
                    round++;
                }
            }
            moved += round;
            if (due.Count < Batch || round == 0)
            {
                return moved;
            }
        }
    }

    private async Task<bool> AnnounceAsync(string tenant, Stored<JobRecord> stored, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var (job, reached) = stored.Value.Announce(now);
            if (ReferenceEquals(job, stored.Value))
            {
                return false;
            }
            var writes = new List<StoreWrite>(1 + reached.Count) { registry.Write(tenant, job, stored.Version) };
            foreach (var index in reached)
            {
                try
                {
                    foreach (var delivery in await registry.Kind(job.Kind).OnReachedAsync(tenant, stored, index, cancellationToken))
                    {
                        writes.Add(outbox.Enqueue(tenant, delivery, job.Steps[index].At!.Value, job.Id));
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A provider bug must not stall the pump: the step is announced without its webhooks, and logged.
                    logger.LogError(ex, "Announcing {State} of {Kind} job {Id} failed", job.Steps[index].State, job.Kind, job.Id);
                }
            }
            try
            {
                await store.CommitAsync(writes, cancellationToken);
                return true;
            }
            catch (StoreConflictException)
            {
                // Replanned or forced meanwhile: announce what the fresh plan says.
                var fresh = await registry.GetAsync(tenant, stored.Id, cancellationToken);
                if (fresh is null)
                {
                    return false;
                }
                stored = fresh;
            }
        }
        return false;
    }
}
