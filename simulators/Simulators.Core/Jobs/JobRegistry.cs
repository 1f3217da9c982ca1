using Simulators.Core.Scenarios;
using Simulators.Core.State;
using Simulators.Core.Tenants;

namespace Simulators.Core.Jobs;

/// <summary>Result of forcing the outcome of an existing job from the control API.</summary>
public enum ForceOutcomeResult
{
    Forced,
    NotFound,
    NotApplicable,
}

/// <summary>
/// The jobs of every provider feature, in the store: created by providers (in the same commit as
/// their own record), listed and forced by the control API, announced by the <see cref="JobPump"/>.
/// </summary>
public sealed class JobRegistry(IStateStore store, IEnumerable<IJobKind> kinds, TenantDirectory tenants)
{
    public static readonly RecordSet<JobRecord> Collection = new(
        "$job",
        EngineJson.Default.JobRecord,
        // A job whose subject is its own id is found by id (FindAsync looks there first): no entry kept for it.
        ("subject", j => j.Subject == j.Id ? null : j.Subject));

    private readonly Dictionary<string, IJobKind> _kinds = kinds.ToDictionary(k => k.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Kinds => _kinds.Keys;

    public IJobKind Kind(string name) =>
        _kinds.TryGetValue(name, out var kind) ? kind : throw new InvalidOperationException($"No job kind '{name}' is registered.");

    /// <summary>The write that stores a job; <paramref name="expectedVersion"/> 0 for a new one. Its due time is derived from its plan.</summary>
    public StoreWrite Write(string tenant, JobRecord job, long? expectedVersion = 0)
    {
        ArgumentNullException.ThrowIfNull(job);
        Kind(job.Kind);
        return StoreWrite.Put(Collection, tenant, job.Id, job, expectedVersion, job.NextDueTicks());
    }

    public ValueTask<Stored<JobRecord>?> GetAsync(string tenant, string id, CancellationToken cancellationToken = default) =>
        store.GetAsync(Collection, tenant, id, cancellationToken);

    /// <summary>A job by its id, or else by its subject (the id clients know), in one tenant or any.</summary>
    public async ValueTask<Stored<JobRecord>?> FindAsync(string idOrSubject, string? tenant = null, CancellationToken cancellationToken = default)
    {
        var byId = tenant is not null
            ? await store.GetAsync(Collection, tenant, idOrSubject, cancellationToken)
            : await store.FindAsync(Collection, idOrSubject, cancellationToken) is { Count: > 0 } found ? found[0] : null;
        if (byId is not null)
        {
            return byId;
        }
        var bySubject = await store.QueryAsync(Collection, tenant, "subject", idOrSubject, cancellationToken);
        return bySubject.Count > 0 ? bySubject[^1] : null;
    }

    /// <summary>Jobs in creation order, of one kind or all (a listing for people: kinds are few, so they are filtered, not indexed).</summary>
    public async ValueTask<IReadOnlyList<Stored<JobRecord>>> ListAsync(string? tenant, string? kind = null, CancellationToken cancellationToken = default)
    {
        var all = await store.QueryAsync(Collection, tenant, cancellationToken: cancellationToken);
        return kind is null ? all : [.. all.Where(j => j.Value.Kind == kind)];
    }

    /// <summary>
    /// Changes a job with the version read, again if someone else wrote first. <paramref name="change"/>
    /// returns the new job, or null to leave it. Returns what is stored afterwards, or null when there is no such job.
    /// </summary>
    public async ValueTask<JobRecord?> UpdateAsync(string tenant, string id, Func<JobRecord, ValueTask<JobRecord?>> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; ; attempt++)
        {
            var stored = await GetAsync(tenant, id, cancellationToken);
            if (stored is null)
            {
                return null;
            }
            var next = await change(stored.Value);
            if (next is null || ReferenceEquals(next, stored.Value))
            {
                return stored.Value;
            }
            try
            {
                await store.CommitAsync([Write(tenant, next, stored.Version)], cancellationToken);
                return next;
            }
            catch (StoreConflictException) when (attempt < 100)
            {
                // Changed meanwhile (announced by the pump, say): change the fresh one.
            }
        }
    }

    /// <summary>Forces <paramref name="scenario"/> on a job, through its kind.</summary>
    public async ValueTask<(ForceOutcomeResult Result, Stored<JobRecord>? Job)> ForceAsync(string idOrSubject, Scenario scenario, string? tenant = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var found = await FindAsync(idOrSubject, tenant, cancellationToken);
        if (found is null)
        {
            return (ForceOutcomeResult.NotFound, null);
        }
        var applicable = true;
        var context = await tenants.FindAsync(found.Tenant, cancellationToken);
        var updated = await UpdateAsync(found.Tenant, found.Id, async job =>
        {
            var forced = await Kind(job.Kind).ForceAsync(found.Tenant, job, scenario, context.Now, cancellationToken);
            applicable = forced is not null;
            return forced;
        }, cancellationToken);
        return updated is null ? (ForceOutcomeResult.NotFound, null)
            : applicable ? (ForceOutcomeResult.Forced, await GetAsync(found.Tenant, found.Id, cancellationToken))
            : (ForceOutcomeResult.NotApplicable, found);
    }

    /// <summary>An outside action (an end user finishing a hosted step) reaches the step waiting for it. False when none waits for it.</summary>
    public async ValueTask<bool> ActAsync(string tenant, string id, string action, CancellationToken cancellationToken = default)
    {
        var acted = false;
        var context = await tenants.FindAsync(tenant, cancellationToken);
        await UpdateAsync(tenant, id, job =>
        {
            var next = job.Act(action, context.Now);
            acted = next is not null;
            return ValueTask.FromResult(next);
        }, cancellationToken);
        return acted;
    }
}
