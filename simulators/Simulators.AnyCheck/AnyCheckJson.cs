using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Simulators.AnyCheck.Auth;
using Simulators.AnyCheck.Folders;
using Simulators.AnyCheck.Services;
using Simulators.AnyCheck.Uploads;
using Simulators.AnyCheck.Verifications;
using Simulators.AnyCheck.Webhooks;

namespace Simulators.AnyCheck;

/// <summary>AnyCheck's wire JSON: snake_case, nulls written, timestamps as <c>2023-11-07T05:31:56Z</c>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(UtcSecondsConverter)])]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(LoginResponse))]
[JsonSerializable(typeof(RefreshResponse))]
[JsonSerializable(typeof(AuthMethods))]
[JsonSerializable(typeof(Profile))]
[JsonSerializable(typeof(UploadResponse))]
[JsonSerializable(typeof(Service))]
[JsonSerializable(typeof(ListOf<Service>))]
[JsonSerializable(typeof(Folder))]
[JsonSerializable(typeof(ListOf<Folder>))]
[JsonSerializable(typeof(VerificationResponse))]
[JsonSerializable(typeof(VerificationList))]
[JsonSerializable(typeof(SelfieOutput))]
[JsonSerializable(typeof(PepOutput))]
[JsonSerializable(typeof(WebhookPayload))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
internal sealed partial class AnyCheckJson : JsonSerializerContext
{
    /// <summary>The context every response uses: like <see cref="Default"/>, but writes <c>&amp;</c> and quotes as themselves, as the provider does.</summary>
    public static AnyCheckJson Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new UtcSecondsConverter(), new VerificationResponseConverter() },
    });
}

/// <summary><c>{"total": n, "items": [...]}</c>, AnyCheck's list shape.</summary>
internal sealed record ListOf<T>(int Total, IReadOnlyList<T> Items);

internal sealed class UtcSecondsConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}

/// <summary>
/// A <c>number&lt;float&gt;</c> of seconds, always written with a decimal point (<c>0.0</c>, <c>2.284</c>)
/// so that clients and matchers that tell floats from integers by the text (a Pact <c>decimal</c>
/// matcher, a strict deserializer) read it as the float the docs print; at most three decimals.
/// </summary>
internal sealed class FloatSecondsConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        Span<byte> text = stackalloc byte[32];
        if (!double.IsFinite(value) || !value.TryFormat(text, out var written, "0.0##", CultureInfo.InvariantCulture))
        {
            throw new JsonException($"{value} is not a number of seconds.");
        }
        writer.WriteRawValue(text[..written], skipInputValidation: true);
    }
}
