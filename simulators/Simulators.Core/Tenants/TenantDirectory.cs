using System.Collections.Immutable;
using Simulators.Core.Clock;
using Simulators.Core.State;

namespace Simulators.Core.Tenants;

/// <summary>A tenant as one request sees it: its record (null when it does not exist yet) and its time.</summary>
public sealed class TenantContext(string id, TenantRecord? record, SimulatorClock clock)
{
    public string Id { get; } = id;

    public TenantRecord? Record { get; } = record;

    public bool Exists => Record is not null;

    /// <summary>The tenant's time now: the simulator clock through the tenant's own offset or freeze.</summary>
    public DateTimeOffset Now => (Record?.Clock ?? TenantClock.Default).Now(clock.GetUtcNow());

    public bool IsFrozen => Record?.Clock.FrozenAtTicks is not null || clock.IsFrozen;

    public TimeSpan Offset => Record?.Clock.Offset ?? TimeSpan.Zero;
}

/// <summary>
/// Tenants of one simulator, kept in the store. Provider calls create their tenant on first use;
/// reads (the control API's clock, outcomes, journal) never do.
/// </summary>
public sealed class TenantDirectory(IStateStore store, SimulatorClock clock)
{
    public static readonly RecordSet<TenantRecord> Collection = new("$tenant", EngineJson.Default.TenantRecord);

    public SimulatorClock Clock { get; } = clock;

    /// <summary>Runs after a tenant is created, before its first call goes on (the in-memory tenant bound).</summary>
    public Func<string, CancellationToken, ValueTask>? Created { get; set; }

    public async ValueTask<TenantContext> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        var stored = await store.GetAsync(Collection, id, id, cancellationToken);
        return new TenantContext(id, stored?.Value, Clock);
    }

    /// <summary>The tenant, created (with the simulator's time and nothing queued) if this is its first call.</summary>
    public async ValueTask<TenantContext> EnsureAsync(string id, CancellationToken cancellationToken = default)
    {
        Validate(id);
        var stored = await store.GetAsync(Collection, id, id, cancellationToken);
        if (stored is not null)
        {
            return new TenantContext(id, stored.Value, Clock);
        }
        var record = new TenantRecord(id, Clock.GetUtcNow(), TenantClock.Default, []);
        try
        {
            await store.PutAsync(Collection, id, id, record, expectedVersion: 0, cancellationToken: cancellationToken);
            if (Created is { } created)
            {
                await created(id, cancellationToken);
            }
            return new TenantContext(id, record, Clock);
        }
        catch (StoreConflictException)
        {
            // Created by a concurrent first call.
            return await FindAsync(id, cancellationToken);
        }
    }

    public async ValueTask<IReadOnlyList<TenantRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        [.. (await store.QueryAsync(Collection, tenant: null, cancellationToken: cancellationToken)).Select(s => s.Value)];

    public ValueTask<TenantContext> FreezeAsync(string id, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, t => t with { Clock = t.Clock.Freeze(Clock.GetUtcNow()) }, cancellationToken);

    public ValueTask<TenantContext> ResumeAsync(string id, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, t => t with { Clock = t.Clock.Resume(Clock.GetUtcNow()) }, cancellationToken);

    public ValueTask<TenantContext> AdvanceAsync(string id, TimeSpan by, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, t => t with { Clock = t.Clock.Advance(by) }, cancellationToken);

    public ValueTask<TenantContext> QueueOutcomesAsync(string id, IReadOnlyList<string> scenarios, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, t => t with { QueuedOutcomes = t.QueuedOutcomes.AddRange(scenarios) }, cancellationToken);

    public ValueTask<TenantContext> ClearOutcomesAsync(string id, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, t => t.QueuedOutcomes.IsEmpty ? t : t with { QueuedOutcomes = [] }, cancellationToken);

    /// <summary>Takes the first queued outcome if <paramref name="fits"/> accepts it: a queued outcome waits for the first job it fits.</summary>
    public async ValueTask<string?> TakeOutcomeAsync(string id, Func<string, bool> fits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fits);
        while (true)
        {
            var stored = await store.GetAsync(Collection, id, id, cancellationToken);
            if (stored is null || stored.Value.QueuedOutcomes.IsEmpty || !fits(stored.Value.QueuedOutcomes[0]))
            {
                return null;
            }
            var taken = stored.Value.QueuedOutcomes[0];
            try
            {
                await store.PutAsync(Collection, id, id, stored.Value with { QueuedOutcomes = stored.Value.QueuedOutcomes.RemoveAt(0) }, stored.Version, cancellationToken: cancellationToken);
                return taken;
            }
            catch (StoreConflictException)
            {
                // Another job took it, or the queue changed: look again.
            }
        }
    }

    private async ValueTask<TenantContext> ChangeAsync(string id, Func<TenantRecord, TenantRecord> change, CancellationToken cancellationToken)
    {
        Validate(id);
        var updated = await store.UpdateAsync(Collection, id, id, current => change(current ?? new TenantRecord(id, Clock.GetUtcNow(), TenantClock.Default, [])), cancellationToken);
        return new TenantContext(id, updated, Clock);
    }

    private static void Validate(string id)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new ArgumentException("A tenant id is never empty.", nameof(id));
        }
    }
}
