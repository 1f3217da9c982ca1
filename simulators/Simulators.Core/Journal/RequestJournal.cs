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
    string? Fault = null,
    string? Note = null);

/// <summary>
/// The first bytes of a body (an array kept by reference, or a slice of the journal's body arena);
/// <see cref="Length"/> is the whole body's length.
/// </summary>
public readonly struct CapturedBody
{
    private readonly byte[]? _bytes;
    private readonly BodyArena? _arena;
    private readonly long _position;
    private readonly int _kept;

    public CapturedBody(byte[] bytes, long length)
    {
        _bytes = bytes ?? throw new ArgumentNullException(nameof(bytes));
        Length = length;
    }

    internal CapturedBody(BodyArena arena, long position, int kept, long length)
    {
        _arena = arena;
        _position = position;
        _kept = kept;
        Length = length;
    }

    public static CapturedBody Empty { get; } = new([], 0);

    public long Length { get; }

    /// <summary>The bytes kept; empty once newer bodies have taken their place in the arena.</summary>
    public byte[] Bytes => _arena is null ? _bytes ?? [] : _arena.TryRead(_position, _kept) ?? [];

    public int Kept => _arena is null ? _bytes?.Length ?? 0 : _arena.Holds(_position, _kept) ? _kept : 0;

    public bool Truncated => Length > Kept;
}

/// <summary>
/// One fixed buffer the journal copies bodies into, round and round: bodies cost the request path a
/// copy but no allocation, and nothing the garbage collector has to carry from one generation to the
/// next. The oldest bodies are overwritten first; an entry whose body was overwritten shows none.
/// </summary>
public sealed class BodyArena
{
    private readonly byte[] _buffer;
    private long _head;

    public BodyArena(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 0);
        _buffer = new byte[size];
    }

    public int Size => _buffer.Length;

    /// <summary>Copies <paramref name="data"/> in (at most the arena's size) and returns where it starts.</summary>
    public long Append(ReadOnlySpan<byte> data)
    {
        if (data.Length > _buffer.Length)
        {
            data = data[.._buffer.Length];
        }
        var end = Interlocked.Add(ref _head, data.Length);
        var start = end - data.Length;
        var at = (int)(start % _buffer.Length);
        var first = Math.Min(data.Length, _buffer.Length - at);
        data[..first].CopyTo(_buffer.AsSpan(at));
        data[first..].CopyTo(_buffer);
        return start;
    }

    /// <summary>True while no newer body has been written over this one.</summary>
    public bool Holds(long position, int length) => length <= _buffer.Length && Interlocked.Read(ref _head) - position <= _buffer.Length;

    /// <summary>A copy of a body, or null when newer bodies have taken its place.</summary>
    public byte[]? TryRead(long position, int length)
    {
        if (length == 0)
        {
            return [];
        }
        if (!Holds(position, length))
        {
            return null;
        }
        var copy = new byte[length];
        var at = (int)(position % _buffer.Length);
        var first = Math.Min(length, _buffer.Length - at);
        _buffer.AsSpan(at, first).CopyTo(copy);
        _buffer.AsSpan(0, length - first).CopyTo(copy.AsSpan(first));
        // Written over while we copied: the copy may mix two bodies.
        return Holds(position, length) ? copy : null;
    }
}

/// <summary>
/// A fixed-size ring of the latest requests. Writing is one interlocked increment and one
/// reference store, so the journal costs the hot path almost nothing and never grows.
/// </summary>
public sealed class RequestJournal
{
    private readonly JournalEntry?[] _ring;
    private readonly int _stride;
    private readonly ConcurrentDictionary<string, long> _hiddenUpTo = new(StringComparer.Ordinal);
    private long _sequence;
    private long _clearedUpTo;

    public RequestJournal(int capacity = 2000, int bodyLimit = 64 * 1024, int bodyBufferBytes = 16 * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new JournalEntry?[capacity];
        _stride = capacity % 8 == 0 && capacity >= 64 ? capacity / 8 : 0;
        BodyLimit = Math.Min(bodyLimit, bodyBufferBytes);
        Bodies = new BodyArena(bodyBufferBytes);
    }

    /// <summary>Where bodies that are not kept by reference are copied.</summary>
    public BodyArena Bodies { get; }

    public int Capacity => _ring.Length;

    /// <summary>Bytes of each body kept; the rest is counted, not stored.</summary>
    public int BodyLimit { get; }

    public long NextId() => Interlocked.Increment(ref _sequence);

    /// <summary>
    /// Where entry <paramref name="id"/> lives. Consecutive ids, written by different cores at once, go to slots
    /// a stride apart, not to neighbours on one cache line (a ring of 2000 references puts 8 on each line).
    /// </summary>
    private int Slot(long id)
    {
        var index = (int)((ulong)id % (uint)_ring.Length);
        return _stride == 0 ? index : (index & 7) * _stride + (index >> 3);
    }

    /// <summary>Stores an entry unless a newer one already took its slot (a slow request finishing late).</summary>
    public void Add(JournalEntry entry)
    {
        ref var slot = ref _ring[Slot(entry.Id)];
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
            var entry = _ring[Slot(id)];
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
