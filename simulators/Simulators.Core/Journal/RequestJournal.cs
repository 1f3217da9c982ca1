using System.Collections.Concurrent;

namespace Simulators.Core.Journal;

/// <summary>One request the simulator served, as a test or a tester will want to read it back.</summary>
public sealed record JournalEntry(
    long Id,
    DateTimeOffset At,
    string? Tenant,
    string Method,
    string Path,
    string Query,
    KeyValuePair<string, string>[] Headers,
    CapturedBody RequestBody,
    int Status,
    string? ResponseContentType,
    CapturedBody ResponseBody,
    double DurationMs,
    string? Fault = null);

/// <summary>The first bytes of a body; <see cref="Length"/> is the whole body's length.</summary>
public readonly record struct CapturedBody(byte[] Bytes, long Length)
{
    public static CapturedBody Empty { get; } = new([], 0);

    public bool Truncated => Length > Bytes.Length;
}

/// <summary>
/// A fixed-size ring of the latest requests. Writing is one interlocked increment and one
/// reference store, so the journal costs the hot path almost nothing and never grows.
/// </summary>
public sealed class RequestJournal
{
    private readonly JournalEntry?[] _ring;
    private readonly ConcurrentDictionary<string, long> _hiddenUpTo = new(StringComparer.Ordinal);
    private long _sequence;
    private long _clearedUpTo;

    public RequestJournal(int capacity = 2000, int bodyLimit = 64 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new JournalEntry?[capacity];
        BodyLimit = bodyLimit;
    }

    public int Capacity => _ring.Length;

    /// <summary>Bytes of each body kept; the rest is counted, not stored.</summary>
    public int BodyLimit { get; }

    public long NextId() => Interlocked.Increment(ref _sequence);

    /// <summary>Stores an entry unless a newer one already took its slot (a slow request finishing late).</summary>
    public void Add(JournalEntry entry)
    {
        ref var slot = ref _ring[entry.Id % _ring.Length];
        var current = Volatile.Read(ref slot);
        while (current is null || current.Id < entry.Id)
        {
            var seen = Interlocked.CompareExchange(ref slot, entry, current);
            if (ReferenceEquals(seen, current))
            {
                return;
            }
            current = seen;
        }
    }

    /// <summary>Newest first.</summary>
    public IEnumerable<JournalEntry> Latest(string? tenant = null)
    {
        var last = Interlocked.Read(ref _sequence);
        var first = Math.Max(Math.Max(1, last - _ring.Length + 1), Interlocked.Read(ref _clearedUpTo) + 1);
        for (var id = last; id >= first; id--)
        {
            var entry = _ring[id % _ring.Length];
            if (entry is null || entry.Id != id)
            {
                continue;
            }
            if (entry.Tenant is { } owner && _hiddenUpTo.TryGetValue(owner, out var hidden) && id <= hidden)
            {
                continue;
            }
            if (tenant is null || entry.Tenant == tenant)
            {
                yield return entry;
            }
        }
    }

    public void Clear()
    {
        Interlocked.Exchange(ref _clearedUpTo, Interlocked.Read(ref _sequence));
        _hiddenUpTo.Clear();
    }

    /// <summary>A reset tenant's past requests disappear from its view.</summary>
    public void Forget(string tenant) => _hiddenUpTo[tenant] = Interlocked.Read(ref _sequence);
}
