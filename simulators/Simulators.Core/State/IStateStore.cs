namespace Simulators.Core.State;

/// <summary>One stored record with its version (for optimistic concurrency) and insertion order.</summary>
/// <param name="Tenant">The partition it belongs to; <see cref="StateStore.Global"/> for simulator-wide records.</param>
/// <param name="Id">Unique within (tenant, collection).</param>
/// <param name="Version">1 on first write, then one more per write.</param>
/// <param name="Seq">Store-wide insertion order of the record's first write; listings are in this order.</param>
/// <param name="Due">When the record next needs work, in ticks on its tenant's clock (jobs, deliveries); null when none.</param>
public abstract record StoredRecord(string Tenant, string Id, long Version, long Seq, long? Due)
{
    public abstract object Boxed { get; }
}

/// <summary>A stored record of a known type: <see cref="Value"/> is immutable plain data.</summary>
public sealed record Stored<T>(string Tenant, string Id, long Version, long Seq, T Value, long? Due) : StoredRecord(Tenant, Id, Version, Seq, Due)
    where T : class
{
    public override object Boxed => Value;
}

/// <summary>One change of an atomic <see cref="IStateStore.CommitAsync"/>: a put (value set) or a delete.</summary>
public readonly record struct StoreWrite(RecordSet Collection, string Tenant, string Id, object? Value, long? ExpectedVersion, long? Due)
{
    /// <param name="collection">The collection.</param>
    /// <param name="tenant">The record's tenant partition.</param>
    /// <param name="id">The record's id.</param>
    /// <param name="value">The new record.</param>
    /// <param name="expectedVersion">null: write whatever is there; 0: only if absent; n: only if the stored version is n.</param>
    /// <param name="due">See <see cref="StoredRecord.Due"/>.</param>
    public static StoreWrite Put(RecordSet collection, string tenant, string id, object value, long? expectedVersion = null, long? due = null) =>
        new(collection, tenant, id, value ?? throw new ArgumentNullException(nameof(value)), expectedVersion, due);

    public static StoreWrite Delete(RecordSet collection, string tenant, string id, long? expectedVersion = null) =>
        new(collection, tenant, id, null, expectedVersion, null);
}

/// <summary>A write's expected version did not match: someone else changed the record first. Nothing of the commit was applied.</summary>
public sealed class StoreConflictException(string message) : Exception(message);

/// <summary>What a store can do beyond the contract.</summary>
/// <param name="Durable">Survives a restart of the process.</param>
/// <param name="Shared">Several simulator processes may share it at once: due work must be claimed before it is done.</param>
/// <param name="Description">For the banner and <c>/__simulator/health</c>, e.g. <c>sqlite:/data/state.db</c>.</param>
public sealed record StoreInfo(bool Durable, bool Shared, string Description);

/// <summary>
/// The one seam between a simulator and its state. Records are keyed by (tenant, collection, id),
/// are plain immutable data, carry a version for optimistic concurrency, may be indexed by declared
/// secondary keys, and may carry a due time that the engine's pump queries. A commit is atomic and
/// is durable (for a durable store) when it returns: a simulator commits before it answers.
/// Implementations: <see cref="MemoryStateStore"/> (default) and <see cref="SqliteStateStore"/>.
/// </summary>
public interface IStateStore : IAsyncDisposable
{
    StoreInfo Info { get; }

    /// <summary>One record, or null; the typed <see cref="StateStore.GetAsync{T}"/> is what callers use (a plain virtual call on the hot path, not a generic one).</summary>
    ValueTask<StoredRecord?> GetRecordAsync(RecordSet collection, string tenant, string id, CancellationToken cancellationToken = default);

    /// <summary>Records of a collection in insertion order: of one tenant, or of every tenant when <paramref name="tenant"/> is null; all, or those whose <paramref name="index"/> key is <paramref name="key"/>.</summary>
    ValueTask<IReadOnlyList<Stored<T>>> QueryAsync<T>(RecordSet<T> collection, string? tenant, string? index = null, string? key = null, CancellationToken cancellationToken = default)
        where T : class;

    /// <summary>The records with this id, in whichever tenants hold one (ids are usually unique: at most one).</summary>
    ValueTask<IReadOnlyList<Stored<T>>> FindAsync<T>(RecordSet<T> collection, string id, CancellationToken cancellationToken = default)
        where T : class;

    /// <summary>How many records a query would return, without reading them.</summary>
    ValueTask<long> CountAsync(RecordSet collection, string? tenant, string? index = null, string? key = null, CancellationToken cancellationToken = default);

    /// <summary>A tenant's records due at or before <paramref name="upToTicks"/>, earliest due first (insertion order among equals).</summary>
    ValueTask<IReadOnlyList<Stored<T>>> DueAsync<T>(RecordSet<T> collection, string tenant, long upToTicks, int limit, CancellationToken cancellationToken = default)
        where T : class;

    /// <summary>Per tenant with due records in the collection, its earliest due time.</summary>
    ValueTask<IReadOnlyList<(string Tenant, long Due)>> EarliestDueAsync(RecordSet collection, CancellationToken cancellationToken = default);

    /// <summary>Applies every write or none; throws <see cref="StoreConflictException"/> when an expected version does not match. Returns the new versions (0 for deletes).</summary>
    ValueTask<long[]> CommitAsync(IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken = default);

    /// <summary>Drops every record of one tenant, or of every tenant (the global partition included) when <paramref name="tenant"/> is null.</summary>
    ValueTask ResetAsync(string? tenant, CancellationToken cancellationToken = default);
}

public static class StateStore
{
    /// <summary>The partition of simulator-wide records (credentials, signing keys, settings): never a tenant's id.</summary>
    public const string Global = "";

    /// <summary>One record of a known type, or null.</summary>
    public static ValueTask<Stored<T>?> GetAsync<T>(this IStateStore store, RecordSet<T> collection, string tenant, string id, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        var pending = store.GetRecordAsync(collection, tenant, id, cancellationToken);
        return pending.IsCompletedSuccessfully ? new ValueTask<Stored<T>?>((Stored<T>?)pending.Result) : Await(pending);

        static async ValueTask<Stored<T>?> Await(ValueTask<StoredRecord?> pending) => (Stored<T>?)await pending;
    }

    public static async ValueTask<long> PutAsync(this IStateStore store, RecordSet collection, string tenant, string id, object value, long? expectedVersion = null, long? due = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return (await store.CommitAsync([StoreWrite.Put(collection, tenant, id, value, expectedVersion, due)], cancellationToken))[0];
    }

    public static async ValueTask DeleteAsync(this IStateStore store, RecordSet collection, string tenant, string id, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await store.CommitAsync([StoreWrite.Delete(collection, tenant, id, expectedVersion)], cancellationToken);
    }

    /// <summary>
    /// Read, change, write with the version read, and start again if someone else wrote in between.
    /// <paramref name="change"/> gets the current record (null when absent) and returns the new one,
    /// or null to leave things as they are. Returns what is stored afterwards.
    /// </summary>
    public static async ValueTask<T?> UpdateAsync<T>(this IStateStore store, RecordSet<T> collection, string tenant, string id, Func<T?, T?> change, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; ; attempt++)
        {
            var current = await store.GetAsync(collection, tenant, id, cancellationToken);
            var next = change(current?.Value);
            if (next is null || ReferenceEquals(next, current?.Value))
            {
                return current?.Value;
            }
            try
            {
                await store.PutAsync(collection, tenant, id, next, current?.Version ?? 0, current?.Due, cancellationToken);
                return next;
            }
            catch (StoreConflictException) when (attempt < 100)
            {
                // Someone else wrote first: read again.
            }
        }
    }
}
