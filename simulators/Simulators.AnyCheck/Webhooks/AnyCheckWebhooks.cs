using Simulators.AnyCheck.Verifications;
using Simulators.Core.Webhooks;

namespace Simulators.AnyCheck.Webhooks;

/// <summary>The webhook body: the docs show <c>event</c> and <c>timestamp</c>; the rest is the reference's suggestion.</summary>
internal sealed record WebhookPayload(string Event, DateTimeOffset Timestamp, Guid VerificationId, Guid ResultId, string Status, VerificationResponse Data);

/// <summary>
/// <c>verification.status_changed</c>, signed with the verification's <c>webhook_secret</c> when it has one,
/// by the configured <see cref="WebhookSigning"/> scheme; by default
/// <c>X-AnyCheck-Signature: sha256=hex(HMAC-SHA256(secret, "{timestamp}.{body}"))</c> with
/// <c>X-AnyCheck-Timestamp: {unix seconds}</c>. The timestamp is the wall clock at send time (receivers
/// check it against theirs); the payload's own times are the simulator's.
/// </summary>
internal sealed class AnyCheckWebhooks(AnyCheckOptions options) : IWebhookSigner
{
    public const string EventName = "verification.status_changed";
    public const string SignerName = "anycheck";
    public const string SecretArg = "secret";

    /// <summary>Statuses whose arrival is announced (providers/anycheck.md §5); nothing for IN_QUEUE or DRAFT.</summary>
    public static readonly string[] Announced =
        ["IN_PROGRESS", "NEED_REVIEW", "COMPLETED", "PARTIALLY_COMPLETED", "FAILED", "PARTIALLY_FAILED", "FRAUD_DETECTED", "CANCELLED"];

    private static readonly HeaderValue JsonContent = new("Content-Type", "application/json");

    private readonly WebhookSigning _signing = WebhookSigning.From(options);

    public string Name => SignerName;

    public ValueTask<IReadOnlyList<HeaderValue>> HeadersAsync(string tenant, DeliveryRecord delivery, DateTimeOffset wallNow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (delivery.SignerArgs?.GetValueOrDefault(SecretArg) is not { Length: > 0 } secret)
        {
            return ValueTask.FromResult<IReadOnlyList<HeaderValue>>([JsonContent]);
        }
        var timestamp = _signing.Timestamp(wallNow);
        var signature = new HeaderValue(_signing.SignatureHeader, _signing.Sign(secret, timestamp, delivery.Body));
        return ValueTask.FromResult<IReadOnlyList<HeaderValue>>(_signing.TimestampHeader is { } header
            ? [JsonContent, new(header, timestamp), signature]
            : [JsonContent, signature]);
    }
}
