using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Simulators.Core.Webhooks;

namespace Simulators.Verifik.Webhooks;

/// <summary>The <c>WebhookSigning</c> option's values.</summary>
internal static class WebhookSignings
{
    /// <summary>No signature header (the default: Verifik's docs name no header and no algorithm).</summary>
    public const string None = "none";

    /// <summary>Simulator-only: <c>X-Verifik-Timestamp</c> and <c>X-Verifik-Signature</c>, the hex HMAC-SHA256 of <c>&lt;timestamp&gt;.&lt;body&gt;</c>.</summary>
    public const string HmacSha256 = "hmac-sha256";

    public static readonly string[] All = [None, HmacSha256];
}

/// <summary>
/// The headers of a Verifik webhook delivery: JSON, and with <c>WebhookSigning=hmac-sha256</c> the simulator's own
/// signature (keyed with <c>WebhookSecret</c>, timestamped with the wall clock at each attempt, so a receiver's
/// replay window compares it with its own clock).
/// </summary>
internal sealed class VerifikWebhookSigner(VerifikOptions options) : IWebhookSigner
{
    public const string SignerName = "verifik-webhook";

    public const string TimestampHeader = "X-Verifik-Timestamp";
    public const string SignatureHeader = "X-Verifik-Signature";

    private static readonly IReadOnlyList<HeaderValue> Plain = [new("Content-Type", "application/json")];

    public string Name => SignerName;

    public ValueTask<IReadOnlyList<HeaderValue>> HeadersAsync(string tenant, DeliveryRecord delivery, DateTimeOffset wallNow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (options.WebhookSigning != WebhookSignings.HmacSha256)
        {
            return ValueTask.FromResult(Plain);
        }
        var timestamp = wallNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        IReadOnlyList<HeaderValue> headers =
        [
            .. Plain,
            new(TimestampHeader, timestamp),
            new(SignatureHeader, Sign(options.WebhookSecret, timestamp, delivery.Body)),
        ];
        return ValueTask.FromResult(headers);
    }

    /// <summary>Lower-case hex HMAC-SHA256 of <c>&lt;timestamp&gt;.&lt;body&gt;</c> keyed with the secret's UTF-8 bytes.</summary>
    public static string Sign(string secret, string timestamp, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        byte[] signed = [.. Encoding.UTF8.GetBytes(timestamp + "."), .. body];
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
