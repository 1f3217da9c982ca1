using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Simulators.AdvanceAi;

/// <summary>
/// ADVANCE.AI's wire JSON, written key by key in the order the docs show: every answer is the
/// six-key envelope, and a null the vendor sends (<c>data</c>, <c>extra</c>, <c>overallResult</c>) is written.
/// </summary>
internal static class AdvanceAiJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Error(string code, string message) => Envelope(code, message, null);

    public static byte[] Success(Action<Utf8JsonWriter> data) => Envelope(AdvanceAiErrors.Success, "OK", data);

    /// <summary>A success whose <c>data</c> is null (clear-data).</summary>
    public static byte[] SuccessWithoutData() => Envelope(AdvanceAiErrors.Success, "OK", null);

    /// <summary>A plain JSON object (a notice body).</summary>
    public static byte[] Object(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>16 lower-case hex characters, as every <c>transactionId</c> and <c>signatureId</c> in the docs.</summary>
    public static string NewHexId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private static byte[] Envelope(string code, string message, Action<Utf8JsonWriter>? data) => Object(writer =>
    {
        writer.WriteString("code", code);
        writer.WriteString("message", message);
        if (data is null)
        {
            writer.WriteNull("data");
        }
        else
        {
            writer.WritePropertyName("data");
            data(writer);
        }
        writer.WriteNull("extra");
        writer.WriteString("transactionId", NewHexId());
        writer.WriteString("pricingStrategy", "FREE");
    });

    /// <summary>Writes a string member, or a JSON null.</summary>
    public static void StringOrNull(this Utf8JsonWriter writer, string name, string? value)
    {
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
