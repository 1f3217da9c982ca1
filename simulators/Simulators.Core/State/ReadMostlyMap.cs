using System.Diagnostics.CodeAnalysis;

namespace Simulators.Core.State;

/// <summary>
/// A string-keyed map written by one writer at a time (under its owner's lock) and read without any
/// lock: a sequence lock around a plain <see cref="Dictionary{TKey,TValue}"/>. A reader that overlaps a
/// write (the version moved, or the dictionary was caught mid-change and threw) reads again under the
/// lock. Against a concurrent dictionary it keeps no object per entry (an entry is a struct in one
/// array), and growing copies that array instead of making every entry anew: a store that only grows
/// (every create of a long session) keeps less and churns less.
/// </summary>
internal sealed class ReadMostlyMap<TValue>(Lock gate)
    where TValue : class
{
    private readonly Dictionary<string, TValue> _map = new(StringComparer.Ordinal);

    // Odd while a write is under way.
    private int _version;

    /// <summary>Lock-free unless a write overlaps.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value)
    {
        var before = Volatile.Read(ref _version);
        if ((before & 1) == 0)
        {
            try
            {
                var found = _map.TryGetValue(key, out value);
                // The reads above may not move past the check below.
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref _version) == before)
                {
                    return found;
                }
            }
            catch (Exception ex) when (ex is IndexOutOfRangeException or InvalidOperationException or NullReferenceException or ArgumentOutOfRangeException)
            {
                // Caught mid-change: read again under the lock.
            }
        }
        lock (gate)
        {
            return _map.TryGetValue(key, out value);
        }
    }

    /// <summary>Under the lock.</summary>
    public int Count => _map.Count;

    /// <summary>Under the lock: the values as they are.</summary>
    public Dictionary<string, TValue>.ValueCollection Values => _map.Values;

    /// <summary>Under the lock.</summary>
    public bool TryGetLocked(string key, [MaybeNullWhen(false)] out TValue value) => _map.TryGetValue(key, out value);

    /// <summary>Under the lock.</summary>
    public void Set(string key, TValue value)
    {
        Interlocked.Increment(ref _version);
        try
        {
            _map[key] = value;
        }
        finally
        {
            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>Under the lock.</summary>
    public bool Remove(string key)
    {
        Interlocked.Increment(ref _version);
        try
        {
            return _map.Remove(key);
        }
        finally
        {
            Interlocked.Increment(ref _version);
        }
    }
}
