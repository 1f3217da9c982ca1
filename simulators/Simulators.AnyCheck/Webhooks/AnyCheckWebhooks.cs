using System.Globalization;
using Simulators.AnyCheck.Verifications;
using Simulators.Core.Security;
using Simulators.Core.Webhooks;

namespace Simulators.AnyCheck.Webhooks;

/// <summary>The webhook body: the docs show <c>event</c> and <c>timestamp</c>; the rest is the reference's suggestion.</summary>
internal sealed record WebhookPayload(string Event, DateTimeOffset Timestamp, Guid VerificationId, Guid ResultId, string Status, VerificationResponse Data);

/// <summary>
/// <c>verification.status_changed</c>, signed with the verification's <c>webhook_secret</c> when it has one:
/// <c>X-AnyCheck-Signature: sha256=hex(HMAC-SHA256(secret, "{timestamp}.{body}"))</c>. The timestamp is
/// the wall clock at send time (receivers check it against theirs); the payload's own times are the simulator's.
/// </summary>
internal sealed class AnyCheckWebhooks(AnyCheckOptions options) : IWebhookSigner
{
    public const string EventName = "verification.status_changed";
    public const string SignerName = "anycheck";
    public const string SecretArg = "secret";

    /// <summary>Statuses whose arrival is announced (providers/anycheck.md §5); nothing for IN_QUEUE or DRAFT.</summary>
    public static readonly string[] Announced =
        ["IN_PROGRESS", "NEED_REVIEW", "COMPLETED", "PARTIALLY_COMPLETED", "FAILED", "PARTIALLY_FAILED", "FRAUD_DETECTED", "CANCELLED"];

    public string Name => SignerName;

    /// <summary>The signature of a body at a timestamp, as a receiver should recompute it.</summary>
    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body) =>
        "sha256=" + Signatures.HmacSha256Hex(secret, unixSeconds.ToString(CultureInfo.InvariantCulture) + ".", body);

    public ValueTask<IReadOnlyList<HeaderValue>> HeadersAsync(string tenant, DeliveryRecord delivery, DateTimeOffset wallNow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var headers = new List<HeaderValue> { new("Content-Type", "application/json") };
        if (delivery.SignerArgs?.GetValueOrDefault(SecretArg) is { Length: > 0 } secret)
        {
            var timestamp = wallNow.ToUnixTimeSeconds();
            headers.Add(new(options.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture)));
            headers.Add(new(options.SignatureHeader, Sign(secret, timestamp, delivery.Body)));
        }
        return ValueTask.FromResult<IReadOnlyList<HeaderValue>>(headers);
    }
}
