using System.Collections.Concurrent;
using System.Diagnostics;
using Simulators.Core.State;

namespace Simulators.Bench;

/// <summary>
/// Wraps a store and times every call, by operation and record set; remembers the last commit's
/// writes (the real records a create stores, for the isolated phases of the profile).
/// </summary>
internal sealed class TimingStore(IStateStore inner) : IStateStore
{
    private readonly ConcurrentDictionary<string, Op> _ops = new(StringComparer.Ordinal);

    public sealed class Op
    {
        public long Calls;
        public long Ticks;
        public long Conflicts;
        public long Bytes;
        public long BytesCounted;

        /// <summary>Every call's time in ticks, for medians (a call a collection landed in is the exception, not the rule).</summary>
        public List<long> Samples { get; } = [];

        public double MedianTicks()
        {
            lock (Samples)
            {
                return Fmt.Median(Samples.Select(t => (double)t));
            }
        }
    }

    public StoreInfo Info => inner.Info;

    public IReadOnlyList<StoreWrite> LastCommit { get; private set; } = [];

    public IReadOnlyDictionary<string, Op> Ops => _ops;

    public void Reset() => _ops.Clear();

    public async ValueTask<StoredRecord?> GetRecordAsync(RecordSet collection, string tenant, string id, CancellationToken cancellationToken = default)
    {
        var started = Start();
        try
        {
            return await inner.GetRecordAsync(collection, tenant, id, cancellationToken);
        }
        finally
        {
            Record("get " + collection.Name, started);
        }
    }

    public async ValueTask<IReadOnlyList<Stored<T>>> FindAsync<T>(RecordSet<T> collection, string id, CancellationToken cancellationToken = default)
        where T : class
    {
        var started = Start();
        try
        {
            return await inner.FindAsync(collection, id, cancellationToken);
        }
        finally
        {
            Record($"find {collection.Name} (all tenants)", started);
        }
    }

    public async ValueTask<IReadOnlyList<Stored<T>>> QueryAsync<T>(RecordSet<T> collection, string? tenant, string? index = null, string? key = null, CancellationToken cancellationToken = default)
        where T : class
    {
        var started = Start();
        try
        {
            return await inner.QueryAsync(collection, tenant, index, key, cancellationToken);
        }
        finally
        {
            Record($"query {collection.Name}" + (index is null ? "" : " by " + index) + (tenant is null ? " (all tenants)" : ""), started);
        }
    }

    public async ValueTask<long> CountAsync(RecordSet collection, string? tenant, string? index = null, string? key = null, CancellationToken cancellationToken = default)
    {
        var started = Start();
        try
        {
            return await inner.CountAsync(collection, tenant, index, key, cancellationToken);
        }
        finally
        {
            Record($"count {collection.Name}" + (index is null ? "" : " by " + index) + (tenant is null ? " (all tenants)" : ""), started);
        }
    }

    public async ValueTask<IReadOnlyList<Stored<T>>> DueAsync<T>(RecordSet<T> collection, string tenant, long upToTicks, int limit, CancellationToken cancellationToken = default)
        where T : class
    {
        var started = Start();
        try
        {
            return await inner.DueAsync(collection, tenant, upToTicks, limit, cancellationToken);
        }
        finally
        {
            Record("due " + collection.Name, started);
        }
    }

    public async ValueTask<IReadOnlyList<(string Tenant, long Due)>> EarliestDueAsync(RecordSet collection, CancellationToken cancellationToken = default)
    {
        var started = Start();
        try
        {
            return await inner.EarliestDueAsync(collection, cancellationToken);
        }
        finally
        {
            Record("earliest-due " + collection.Name, started);
        }
    }

    public async ValueTask<long[]> CommitAsync(IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var name = "commit " + string.Join(" + ", writes.Select(w => w.Collection.Name).Distinct(StringComparer.Ordinal));
        var started = Start();
        try
        {
            var versions = await inner.CommitAsync(writes, cancellationToken);
            LastCommit = writes;
            return versions;
        }
        catch (StoreConflictException)
        {
            Interlocked.Increment(ref _ops.GetOrAdd(name, static _ => new Op()).Conflicts);
            throw;
        }
        finally
        {
            Record(name, started);
        }
    }

    public ValueTask ResetAsync(string? tenant, CancellationToken cancellationToken = default) => inner.ResetAsync(tenant, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private static (long Timestamp, long Allocated, int Thread) Start() =>
        (Stopwatch.GetTimestamp(), GC.GetAllocatedBytesForCurrentThread(), Environment.CurrentManagedThreadId);

    private void Record(string name, (long Timestamp, long Allocated, int Thread) started)
    {
        var elapsed = Stopwatch.GetTimestamp() - started.Timestamp;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - started.Allocated;
        var op = _ops.GetOrAdd(name, static _ => new Op());
        Interlocked.Increment(ref op.Calls);
        Interlocked.Add(ref op.Ticks, elapsed);
        lock (op.Samples)
        {
            op.Samples.Add(elapsed);
        }
        if (Environment.CurrentManagedThreadId == started.Thread)
        {
            Interlocked.Add(ref op.Bytes, allocated);
            Interlocked.Increment(ref op.BytesCounted);
        }
    }
}
