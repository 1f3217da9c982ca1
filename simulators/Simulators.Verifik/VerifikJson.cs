using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Simulators.Core.Json;

namespace Simulators.Verifik;

/// <summary>
/// Verifik's wire JSON, written key by key in the docs' order: the charged answers' envelope
/// <c>{data, signature {dateTime, message}, id}</c>, and plain objects.
/// </summary>
internal static class VerifikJson
{
    public const string SignatureMessage = "Certified by Verifik.co";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonElement NoMembers = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>
    /// A request's JSON object, read strictly; no body at all reads as <c>{}</c>, as Verifik's body parser
    /// leaves it, so an empty call is answered like one missing every field (409), never as unreadable.
    /// </summary>
    public static async ValueTask<JsonElement> ReadBodyAsync(HttpContext http, IRequestErrors errors) =>
        await JsonRequest.ReadOptionalObjectAsync(http, errors) ?? NoMembers;

    /// <summary>A plain JSON object.</summary>
    public static byte[] Object(Action<Utf8JsonWriter> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Any one JSON value <paramref name="write"/> writes (an object it opens and closes itself).</summary>
    public static byte[] Value(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>{data, signature, id}</c>: <paramref name="data"/> writes the value of <c>data</c>.</summary>
    public static byte[] Envelope(DateTimeOffset now, Action<Utf8JsonWriter> data) => Object(w =>
    {
        w.WritePropertyName("data");
        data(w);
        w.WriteSignature(now);
        w.WriteString("id", VerifikIds.NewRequestId());
    });

    /// <summary><c>{id, data, signature}</c>: the envelope the face and scan-prompt pages print, request id first.</summary>
    public static byte[] IdFirst(DateTimeOffset now, Action<Utf8JsonWriter> data) => Object(w =>
    {
        w.WriteString("id", VerifikIds.NewRequestId());
        w.WritePropertyName("data");
        data(w);
        w.WriteSignature(now);
    });

    /// <summary><c>"signature": {"dateTime", "message": "Certified by Verifik.co"}</c>.</summary>
    public static void WriteSignature(this Utf8JsonWriter writer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject("signature");
        writer.WriteString("dateTime", VerifikIds.SignatureDate(now));
        writer.WriteString("message", SignatureMessage);
        writer.WriteEndObject();
    }

    /// <summary>Writes a string member, or a JSON null.</summary>
    public static void StringOrNull(this Utf8JsonWriter writer, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
