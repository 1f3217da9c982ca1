namespace Simulators.Core.State;

/// <summary>
/// A typed view of one record set, the building block of a provider's store facade
/// (<c>AnyCheckStore.Verifications.GetAsync(tenant, id)</c>): the only code that touches storage.
/// </summary>
public readonly struct Records<T>(IStateStore store, RecordSet<T> set)
    where T : class
{
    public RecordSet<T> Set => set;

    public ValueTask<Stored<T>?> GetAsync(string tenant, string id, CancellationToken cancellationToken = default) =>
        store.GetAsync(set, tenant, id, cancellationToken);

    /// <summary>One tenant's records (every tenant's when null), in insertion order.</summary>
    public ValueTask<IReadOnlyList<Stored<T>>> ListAsync(string? tenant, CancellationToken cancellationToken = default) =>
        store.QueryAsync(set, tenant, cancellationToken: cancellationToken);

    /// <summary>Records whose <paramref name="index"/> key is <paramref name="key"/>, in insertion order.</summary>
    public ValueTask<IReadOnlyList<Stored<T>>> ByAsync(string? tenant, string index, string key, CancellationToken cancellationToken = default) =>
        store.QueryAsync(set, tenant, index, key, cancellationToken);

    public ValueTask<long> CountAsync(string? tenant, string? index = null, string? key = null, CancellationToken cancellationToken = default) =>
        store.CountAsync(set, tenant, index, key, cancellationToken);

    /// <summary>A write for a commit of several (<paramref name="expectedVersion"/>: null any, 0 new, n that version).</summary>
    public StoreWrite Put(string tenant, string id, T value, long? expectedVersion = null) =>
        StoreWrite.Put(set, tenant, id, value, expectedVersion);

    public StoreWrite Delete(string tenant, string id, long? expectedVersion = null) =>
        StoreWrite.Delete(set, tenant, id, expectedVersion);

    public ValueTask<long> PutAsync(string tenant, string id, T value, long? expectedVersion = null, CancellationToken cancellationToken = default) =>
        store.PutAsync(set, tenant, id, value, expectedVersion, cancellationToken: cancellationToken);

    public ValueTask DeleteAsync(string tenant, string id, long? expectedVersion = null, CancellationToken cancellationToken = default) =>
        store.DeleteAsync(set, tenant, id, expectedVersion, cancellationToken);

    /// <summary>Stores <paramref name="value"/> unless a record with that id exists; true when it was stored.</summary>
    public async ValueTask<bool> AddAsync(string tenant, string id, T value, CancellationToken cancellationToken = default)
    {
        try
        {
            await PutAsync(tenant, id, value, 0, cancellationToken);
            return true;
        }
        catch (StoreConflictException)
        {
            return false;
        }
    }

    /// <summary>Read, change, write with the version read, again on a conflict (see <see cref="StateStore.UpdateAsync"/>).</summary>
    public ValueTask<T?> UpdateAsync(string tenant, string id, Func<T?, T?> change, CancellationToken cancellationToken = default) =>
        store.UpdateAsync(set, tenant, id, change, cancellationToken);
}
