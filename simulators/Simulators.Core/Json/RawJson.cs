using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Simulators.Core.Json;

/// <summary>
/// A JSON value kept as its UTF-8 text, written out exactly as kept. A record that echoes what a
/// client sent (a configuration, metadata) keeps one array instead of a cloned document (the
/// document, its token table and a copy of the text): what the store holds for the life of the
/// process is smaller, and writing it is a copy. The text is the value written compactly with the
/// relaxed encoder every provider's wire format uses, byte for byte what a serializer would have
/// written for the element, so a response does not change; reading a persisted one normalizes it the same way.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
public readonly struct RawJson : IEquatable<RawJson>
{
    private static readonly byte[] EmptyObjectText = "{}"u8.ToArray();

    private readonly byte[]? _utf8;

    private RawJson(byte[] utf8) => _utf8 = utf8;

    /// <summary><c>{}</c>.</summary>
    public static RawJson EmptyObject { get; } = new(EmptyObjectText);

    /// <summary>The text as written; <c>null</c> for a default value.</summary>
    public ReadOnlySpan<byte> Utf8 => _utf8 ?? "null"u8;

    private static readonly JsonWriterOptions Wire = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>The value as the wire formats write it: compact, with the relaxed encoder.</summary>
    public static RawJson Of(JsonElement value)
    {
        // One buffer and writer per thread: a create does not pay for them.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, Wire);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        value.WriteTo(writer);
        writer.Flush();
        var written = buffer.WrittenSpan;
        var result = written.SequenceEqual(EmptyObjectText) ? EmptyObject : new RawJson(written.ToArray());
        if (buffer.Capacity > 64 * 1024)
        {
            // A huge value once: do not keep its buffer for the life of the thread.
            t_buffer = null;
            t_writer = null;
        }
        return result;
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The value as an element (parsed on every call: for the rare reader, not the hot path).</summary>
    public JsonElement Element
    {
        get
        {
            using var document = JsonDocument.Parse(_utf8 ?? "null"u8.ToArray());
            return document.RootElement.Clone();
        }
    }

    public bool Equals(RawJson other) => Utf8.SequenceEqual(other.Utf8);

    public override bool Equals(object? obj) => obj is RawJson other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Utf8);
        return hash.ToHashCode();
    }

    public static bool operator ==(RawJson left, RawJson right) => left.Equals(right);

    public static bool operator !=(RawJson left, RawJson right) => !left.Equals(right);

    public override string ToString() => System.Text.Encoding.UTF8.GetString(Utf8);

    /// <summary>Written as the JSON it holds; read from any JSON value (a persisted record).</summary>
    public sealed class RawJsonConverter : JsonConverter<RawJson>
    {
        public override bool HandleNull => true;

        public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return Of(document.RootElement);
        }

        public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteRawValue(value.Utf8, skipInputValidation: true);
        }
    }
}
