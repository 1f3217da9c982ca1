using System.Collections.Concurrent;

namespace Simulators.Core.State;

/// <summary>
/// The default store: records live in this process only. Reading a record, or an index key that
/// names one, takes no lock and allocates nothing (the stored wrapper is handed out as is; a
/// tenant's tables are found by the record set's position; see <see cref="ReadMostlyMap{TValue}"/>);
/// listings read under the partition's gate; a commit locks the partitions it touches, in order.
/// </summary>
public sealed class MemoryStateStore : IStateStore
{
    private readonly ConcurrentDictionary<string, Partition> _partitions = new(StringComparer.Ordinal);
    private long _seq;

    public StoreInfo Info { get; } = new(Durable: false, Shared: false, "memory");

    public ValueTask<StoredRecord?> GetRecordAsync(RecordSet collection, string tenant, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return ValueTask.FromResult(
            _partitions.TryGetValue(tenant, out var partition) && partition.Table(collection) is { } table && table.Rows.TryGetValue(id, out var row)
                ? row
                : null);
    }

    public ValueTask<IReadOnlyList<Stored<T>>> FindAsync<T>(RecordSet<T> collection, string id, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(collection);
        var found = new List<Stored<T>>(1);
        foreach (var table in Tables(collection, tenant: null))
        {
            if (table.Rows.TryGetValue(id, out var row))
            {
                found.Add((Stored<T>)row);
            }
        }
        return ValueTask.FromResult<IReadOnlyList<Stored<T>>>(found);
    }

    public ValueTask<IReadOnlyList<Stored<T>>> QueryAsync<T>(RecordSet<T> collection, string? tenant, string? index = null, string? key = null, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(collection);
        var slot = index is null ? -1 : collection.IndexOf(index);
        var found = new List<Stored<T>>();
        foreach (var table in Tables(collection, tenant))
        {
            if (slot < 0)
            {
                lock (table.Gate)
                {
                    foreach (var row in table.Rows.Values)
                    {
                        found.Add((Stored<T>)row);
                    }
                }
            }
            else if (key is not null && table.Index[slot].TryGetValue(key, out var ids))
            {
                if (ids is string one)
                {
                    // Most keys are unique: no lock.
                    if (table.Rows.TryGetValue(one, out var row))
                    {
                        found.Add((Stored<T>)row);
                    }
                    continue;
                }
                lock (table.Gate)
                {
                    if (table.Index[slot].TryGetLocked(key, out ids))
                    {
                        foreach (var id in IdsOf(ids))
                        {
                            if (table.Rows.TryGetLocked(id, out var row))
                            {
                                found.Add((Stored<T>)row);
                            }
                        }
                    }
                }
            }
        }
        if (found.Count > 1)
        {
            found.Sort(static (a, b) => a.Seq.CompareTo(b.Seq));
        }
        return ValueTask.FromResult<IReadOnlyList<Stored<T>>>(found);
    }

    public ValueTask<long> CountAsync(RecordSet collection, string? tenant, string? index = null, string? key = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var slot = index is null ? -1 : collection.IndexOf(index);
        long count = 0;
        foreach (var table in Tables(collection, tenant))
        {
            lock (table.Gate)
            {
                count += slot < 0 ? table.Rows.Count
                    : key is not null && table.Index[slot].TryGetLocked(key, out var ids) ? ids is string ? 1 : ((HashSet<string>)ids).Count
                    : 0;
            }
        }
        return ValueTask.FromResult(count);
    }

    public ValueTask<IReadOnlyList<Stored<T>>> DueAsync<T>(RecordSet<T> collection, string tenant, long upToTicks, int limit, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(collection);
        var found = new List<Stored<T>>();
        if (_partitions.TryGetValue(tenant, out var partition) && partition.Table(collection) is { } table)
        {
            lock (partition.Gate)
            {
                foreach (var due in table.Due)
                {
                    if (due.Due > upToTicks || found.Count >= limit)
                    {
                        break;
                    }
                    if (table.Rows.TryGetLocked(due.Id, out var row))
                    {
                        found.Add((Stored<T>)row);
                    }
                }
            }
        }
        return ValueTask.FromResult<IReadOnlyList<Stored<T>>>(found);
    }

    public ValueTask<IReadOnlyList<(string Tenant, long Due)>> EarliestDueAsync(RecordSet collection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var found = new List<(string, long)>();
        foreach (var (tenant, partition) in _partitions)
        {
            if (partition.Table(collection) is { } table)
            {
                lock (partition.Gate)
                {
                    if (table.Due.Count > 0)
                    {
                        found.Add((tenant, table.Due.Min.Due));
                    }
                }
            }
        }
        return ValueTask.FromResult<IReadOnlyList<(string Tenant, long Due)>>(found);
    }

    public ValueTask<long[]> CommitAsync(IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var versions = new long[writes.Count];
        if (writes.Count == 0)
        {
            return ValueTask.FromResult(versions);
        }
        var tenants = Tenants(writes);
        while (true)
        {
            var partitions = new Partition[tenants.Length];
            for (var i = 0; i < tenants.Length; i++)
            {
                partitions[i] = _partitions.GetOrAdd(tenants[i], static _ => new Partition());
            }
            var locked = 0;
            try
            {
                var retired = false;
                foreach (var partition in partitions)
                {
                    partition.Gate.Enter();
                    locked++;
                    retired |= partition.Retired;
                }
                if (retired)
                {
                    // A reset dropped one of them after we found it: find the new ones.
                    continue;
                }
                Apply(writes, tenants, partitions, versions);
                return ValueTask.FromResult(versions);
            }
            finally
            {
                for (var i = 0; i < locked; i++)
                {
                    partitions[i].Gate.Exit();
                }
            }
        }
    }

    public ValueTask ResetAsync(string? tenant, CancellationToken cancellationToken = default)
    {
        foreach (var id in tenant is null ? _partitions.Keys.ToArray() : [tenant])
        {
            if (_partitions.TryRemove(id, out var partition))
            {
                lock (partition.Gate)
                {
                    partition.Retired = true;
                }
            }
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The distinct tenants of a commit, in ordinal order (the order their partitions are locked in).</summary>
    private static string[] Tenants(IReadOnlyList<StoreWrite> writes)
    {
        var first = writes[0].Tenant;
        var single = true;
        for (var i = 1; i < writes.Count && single; i++)
        {
            single = writes[i].Tenant == first;
        }
        return single ? [first] : [.. writes.Select(w => w.Tenant).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private IEnumerable<Table> Tables(RecordSet collection, string? tenant)
    {
        if (tenant is not null)
        {
            if (_partitions.TryGetValue(tenant, out var partition) && partition.Table(collection) is { } table)
            {
                yield return table;
            }
            yield break;
        }
        foreach (var partition in _partitions.Values)
        {
            if (partition.Table(collection) is { } table)
            {
                yield return table;
            }
        }
    }

    private void Apply(IReadOnlyList<StoreWrite> writes, string[] tenants, Partition[] partitions, long[] versions)
    {
        // Validate everything first, as if applied in order, so a conflict leaves no trace. Only a commit
        // that writes one record twice needs to see its own earlier writes.
        Dictionary<(string Tenant, string Collection, string Id), long>? pending = WritesOneRecordTwice(writes) ? [] : null;
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            var partition = partitions[Array.IndexOf(tenants, write.Tenant)];
            var key = (write.Tenant, write.Collection.Name, write.Id);
            long current;
            if (pending is null || !pending.TryGetValue(key, out current))
            {
                current = partition.Table(write.Collection) is { } table && table.Rows.TryGetLocked(write.Id, out var row) ? row.Version : 0;
            }
            if (write.ExpectedVersion is { } expected && expected != current)
            {
                throw new StoreConflictException(
                    $"{write.Collection.Name} {write.Id} of tenant '{write.Tenant}' is at version {current}, not {expected}.");
            }
            versions[i] = write.Value is null ? 0 : current + 1;
            if (pending is not null)
            {
                pending[key] = versions[i];
            }
        }
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            var partition = partitions[Array.IndexOf(tenants, write.Tenant)];
            var table = partition.Table(write.Collection) ?? partition.AddTable(write.Collection);
            table.Rows.TryGetLocked(write.Id, out var old);
            if (old is not null)
            {
                Unindex(table, write.Collection, old);
            }
            if (write.Value is null)
            {
                table.Rows.Remove(write.Id);
                continue;
            }
            var seq = old?.Seq ?? Interlocked.Increment(ref _seq);
            var row = write.Collection.Wrap(write.Tenant, write.Id, (old?.Version ?? 0) + 1, seq, write.Value, write.Due);
            table.Rows.Set(write.Id, row);
            Index(table, write.Collection, row);
        }
    }

    private static bool WritesOneRecordTwice(IReadOnlyList<StoreWrite> writes)
    {
        if (writes.Count > 8)
        {
            // Large commits (a trim) are rare: let the overlay tell.
            return true;
        }
        for (var i = 1; i < writes.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (writes[i].Id == writes[j].Id && ReferenceEquals(writes[i].Collection, writes[j].Collection) && writes[i].Tenant == writes[j].Tenant)
                {
                    return true;
                }
            }
        }
        return false;
    }

    // An index key's ids: one id as a string (most keys are unique), several as a set.
    // Changed under the partition's gate only; a key is found without a lock, a set is read under the gate.

    private static IEnumerable<string> IdsOf(object ids) => ids is string one ? [one] : (HashSet<string>)ids;

    private static void Index(Table table, RecordSet collection, StoredRecord row)
    {
        for (var i = 0; i < table.Index.Length; i++)
        {
            if (collection.IndexKey(row.Boxed, i) is not { } key)
            {
                continue;
            }
            var index = table.Index[i];
            if (!index.TryGetLocked(key, out var ids))
            {
                index.Set(key, row.Id);
            }
            else if (ids is string one)
            {
                if (one != row.Id)
                {
                    index.Set(key, new HashSet<string>(StringComparer.Ordinal) { one, row.Id });
                }
            }
            else
            {
                // Read under the gate only, so it changes in place.
                ((HashSet<string>)ids).Add(row.Id);
            }
        }
        if (row.Due is { } due)
        {
            table.Due.Add(new DueKey(due, row.Seq, row.Id));
        }
    }

    private static void Unindex(Table table, RecordSet collection, StoredRecord row)
    {
        for (var i = 0; i < table.Index.Length; i++)
        {
            if (collection.IndexKey(row.Boxed, i) is not { } key || !table.Index[i].TryGetLocked(key, out var ids))
            {
                continue;
            }
            if (ids is string one)
            {
                if (one == row.Id)
                {
                    table.Index[i].Remove(key);
                }
            }
            else
            {
                var set = (HashSet<string>)ids;
                set.Remove(row.Id);
                if (set.Count == 0)
                {
                    table.Index[i].Remove(key);
                }
            }
        }
        if (row.Due is { } due)
        {
            table.Due.Remove(new DueKey(due, row.Seq, row.Id));
        }
    }

    private readonly record struct DueKey(long Due, long Seq, string Id) : IComparable<DueKey>
    {
        public int CompareTo(DueKey other)
        {
            var byDue = Due.CompareTo(other.Due);
            return byDue != 0 ? byDue : Seq.CompareTo(other.Seq);
        }
    }

    private sealed class Partition
    {
        private Table?[] _tables = new Table?[16];

        public Lock Gate { get; } = new();

        public bool Retired { get; set; }

        public Table? Table(RecordSet collection)
        {
            var tables = Volatile.Read(ref _tables);
            return collection.Ordinal < tables.Length ? tables[collection.Ordinal] : null;
        }

        /// <summary>Under <see cref="Gate"/>.</summary>
        public Table AddTable(RecordSet collection)
        {
            var tables = _tables;
            if (collection.Ordinal >= tables.Length)
            {
                var grown = new Table?[Math.Max(tables.Length * 2, collection.Ordinal + 1)];
                tables.CopyTo(grown, 0);
                tables = grown;
            }
            var table = new Table(collection.Indexes.Count, Gate);
            tables[collection.Ordinal] = table;
            Volatile.Write(ref _tables, tables);
            return table;
        }
    }

    private sealed class Table(int indexes, Lock gate)
    {
        /// <summary>The partition's gate: every change of the table is made holding it.</summary>
        public Lock Gate { get; } = gate;

        public ReadMostlyMap<StoredRecord> Rows { get; } = new(gate);

        /// <summary>Per index, key → one id (a string) or several (a set, read under <see cref="Gate"/>).</summary>
        public ReadMostlyMap<object>[] Index { get; } =
            [.. Enumerable.Range(0, indexes).Select(_ => new ReadMostlyMap<object>(gate))];

        /// <summary>Guarded by the partition's gate.</summary>
        public SortedSet<DueKey> Due { get; } = [];
    }
}
