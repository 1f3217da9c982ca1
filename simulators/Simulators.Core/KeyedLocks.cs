using System.Collections.Concurrent;

namespace Simulators.Core;

/// <summary>
/// One asynchronous lock per key (a tenant), made on first use and dropped when nobody holds or
/// waits for it: for a read-change-write that keeps losing to concurrent writers in this process.
/// </summary>
public sealed class KeyedLocks
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async ValueTask<IDisposable> HoldAsync(string key, CancellationToken cancellationToken = default)
    {
        Entry entry;
        while (true)
        {
            entry = _entries.GetOrAdd(key, static _ => new Entry());
            lock (entry)
            {
                if (!entry.Dropped)
                {
                    entry.Users++;
                    break;
                }
            }
        }
        try
        {
            await entry.Gate.WaitAsync(cancellationToken);
        }
        catch
        {
            Release(key, entry, held: false);
            throw;
        }
        return new Holding(this, key, entry);
    }

    private void Release(string key, Entry entry, bool held)
    {
        if (held)
        {
            entry.Gate.Release();
        }
        lock (entry)
        {
            if (--entry.Users == 0)
            {
                entry.Dropped = true;
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }

        public bool Dropped { get; set; }
    }

    private sealed class Holding(KeyedLocks owner, string key, Entry entry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(key, entry, held: true);
            }
        }
    }
}
