using System.Security.Cryptography;
using System.Text;
using Simulators.Core.Webhooks;

namespace Simulators.AdvanceAi.Notifications;

/// <summary>The two notice types (the callback docs): the user submitted, and the whole verification finished.</summary>
internal static class NoticeTypes
{
    public const string SubmitCompleted = "SUBMIT_COMPLETED";
    public const string Completed = "COMPLETED";
}

internal static class Notices
{
    /// <summary><c>{"signatureId", "type"}</c>: exactly those two keys; the receiver calls get-result for the rest.</summary>
    public static byte[] Body(string signatureId, string type) => AdvanceAiJson.Object(w =>
    {
        w.WriteString("signatureId", signatureId);
        w.WriteString("type", type);
    });
}

/// <summary>
/// The account webhook's headers: <c>aai-timestamp</c>, <c>aai-nonce</c> and <c>aai-signature</c>, the Base64 HMAC
/// (SHA-256 or SHA-512, the account's choice) keyed with the Base64-decoded secret over the configured signed
/// string. Made at each attempt with the wall clock: receivers check the timestamp against theirs.
/// </summary>
internal sealed class WebhookSigner(AdvanceAiStore store, AdvanceAiOptions options) : IWebhookSigner
{
    public const string SignerName = "advanceai-webhook";

    public const string TimestampHeader = "aai-timestamp";
    public const string NonceHeader = "aai-nonce";
    public const string SignatureHeader = "aai-signature";

    public string Name => SignerName;

    public async ValueTask<IReadOnlyList<HeaderValue>> HeadersAsync(string tenant, DeliveryRecord delivery, DateTimeOffset wallNow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var settings = (await store.Webhooks.GetAsync(tenant, AdvanceAiStore.WebhookId, cancellationToken))?.Value;
        var timestamp = (options.WebhookTimestampUnit == "milliseconds" ? wallNow.ToUnixTimeMilliseconds() : wallNow.ToUnixTimeSeconds())
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        List<HeaderValue> headers =
        [
            new("Content-Type", "application/json"),
            new(TimestampHeader, timestamp),
            new(NonceHeader, nonce),
        ];
        if (settings is not null)
        {
            headers.Add(new(SignatureHeader, Sign(settings.SecretKey, settings.Algorithm, SignedBytes(options.WebhookSignedString, timestamp, nonce, delivery.Body))));
        }
        return headers;
    }

    /// <summary>The bytes the signature covers, by the configured layout.</summary>
    public static byte[] SignedBytes(string layout, string timestamp, string nonce, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var head = layout switch
        {
            SignedStrings.TimestampNonceBody => timestamp + "\n" + nonce + "\n",
            SignedStrings.TimestampBody => timestamp + "\n",
            _ => "",
        };
        return [.. Encoding.UTF8.GetBytes(head), .. body];
    }

    /// <summary>Base64 of the HMAC keyed with the Base64-decoded secret.</summary>
    public static string Sign(string base64Secret, string algorithm, byte[] data)
    {
        var key = Convert.FromBase64String(base64Secret);
        return Convert.ToBase64String(algorithm == WebhookSettings.Sha512 ? HMACSHA512.HashData(key, data) : HMACSHA256.HashData(key, data));
    }
}
