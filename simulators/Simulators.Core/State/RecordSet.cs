using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Simulators.Core.State;

/// <summary>
/// A named set of plain-data records of one type that a provider (or the engine) keeps in the
/// <see cref="IStateStore"/>, with the secondary indexes it may be queried by. Records are
/// immutable: a change is a new record written with the version it replaces.
/// </summary>
public abstract class RecordSet
{
    private static int _count;

    private protected RecordSet(string name, IReadOnlyList<string> indexes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Indexes = indexes;
        Ordinal = Interlocked.Increment(ref _count) - 1;
    }

    /// <summary>A small number unique to this set in the process, so an in-memory store can find its table by position.</summary>
    public int Ordinal { get; }

    /// <summary>Unique within a simulator, e.g. <c>anycheck.verification</c>.</summary>
    public string Name { get; }

    /// <summary>The names of the secondary indexes, in declaration order.</summary>
    public IReadOnlyList<string> Indexes { get; }

    /// <summary>The type of the records.</summary>
    public abstract Type RecordType { get; }

    /// <summary>The record as stored by a persistent store (UTF-8 JSON).</summary>
    public abstract byte[] Serialize(object value);

    public abstract object Deserialize(ReadOnlySpan<byte> json);

    /// <summary>The record's key in index <paramref name="index"/> (position in <see cref="Indexes"/>); null leaves it out of that index.</summary>
    public abstract string? IndexKey(object value, int index);

    /// <summary>Wraps a record of this collection with its storage metadata.</summary>
    public abstract StoredRecord Wrap(string tenant, string id, long version, long seq, object value, long? due);

    public int IndexOf(string index)
    {
        for (var i = 0; i < Indexes.Count; i++)
        {
            if (Indexes[i] == index)
            {
                return i;
            }
        }
        throw new ArgumentException($"Record set {Name} has no index '{index}'.", nameof(index));
    }

    public override string ToString() => Name;
}

/// <summary>A collection of <typeparamref name="T"/> records, serialized with the given (source-generated) contract.</summary>
public sealed class RecordSet<T> : RecordSet
    where T : class
{
    private readonly JsonTypeInfo<T> _json;
    private readonly Func<T, string?>[] _keys;

    public RecordSet(string name, JsonTypeInfo<T> json, params (string Name, Func<T, string?> Key)[] indexes)
        : base(name, [.. indexes.Select(i => i.Name)])
    {
        ArgumentNullException.ThrowIfNull(json);
        _json = json;
        _keys = [.. indexes.Select(i => i.Key)];
    }

    public override Type RecordType => typeof(T);

    public override byte[] Serialize(object value) => JsonSerializer.SerializeToUtf8Bytes((T)value, _json);

    public override object Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, _json) ?? throw new JsonException($"A stored {Name} record is null.");

    public override string? IndexKey(object value, int index) => _keys[index]((T)value);

    public override StoredRecord Wrap(string tenant, string id, long version, long seq, object value, long? due) =>
        new Stored<T>(tenant, id, version, seq, (T)value, due);
}
