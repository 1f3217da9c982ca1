using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Simulators.AnyCheck.Verifications;
using Simulators.Core.Lifecycle;
using Simulators.Core.Webhooks;

namespace Simulators.AnyCheck.Webhooks;

/// <summary>The webhook body: the docs show <c>event</c> and <c>timestamp</c>; the rest is the reference's suggestion.</summary>
internal sealed record WebhookPayload(string Event, DateTimeOffset Timestamp, Guid VerificationId, Guid ResultId, string Status, VerificationResponse Data);

/// <summary>
/// Sends <c>verification.status_changed</c> on each documented status change, signed with the
/// verification's <c>webhook_secret</c> when it has one: <c>X-AnyCheck-Signature: sha256=hex(HMAC-SHA256(secret, "{timestamp}.{body}"))</c>.
/// </summary>
internal sealed class AnyCheckWebhooks(WebhookOutbox outbox, AnyCheckOptions options)
{
    public const string EventName = "verification.status_changed";

    /// <summary>Statuses whose arrival is announced (providers/anycheck.md §5); nothing for IN_QUEUE or DRAFT.</summary>
    public static readonly string[] Announced =
        ["IN_PROGRESS", "NEED_REVIEW", "COMPLETED", "PARTIALLY_COMPLETED", "FAILED", "PARTIALLY_FAILED", "FRAUD_DETECTED", "CANCELLED"];

    public ValueTask OnReached(Verification verification, TimelineStep step)
    {
        if (verification.WebhookUrl is not { } url || !Announced.Contains(step.State, StringComparer.Ordinal) || !IsChange(verification, step))
        {
            return ValueTask.CompletedTask;
        }
        var payload = new WebhookPayload(EventName, step.At, verification.Id, verification.ResultId, step.State, verification.View(step.At));
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, AnyCheckJson.Wire.WebhookPayload);
        outbox.Enqueue(verification.Timeline.Tenant, EventName, verification.Id.ToString(), new Uri(url), body, Headers(verification.WebhookSecret));
        return ValueTask.CompletedTask;
    }

    /// <summary>The signature of a body at a timestamp, as a receiver should recompute it.</summary>
    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    private WebhookHeaders Headers(string? secret) => (at, body) =>
    {
        var headers = new List<KeyValuePair<string, string>> { new("Content-Type", "application/json") };
        if (options.SignWebhooks && !string.IsNullOrEmpty(secret))
        {
            var timestamp = at.ToUnixTimeSeconds();
            headers.Add(new(options.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture)));
            headers.Add(new(options.SignatureHeader, Sign(secret, timestamp, body)));
        }
        return headers;
    };

    private static bool IsChange(Verification verification, TimelineStep step)
    {
        var steps = verification.Timeline.Steps;
        var index = steps.IndexOf(step);
        return index <= 0 || steps[index - 1].State != step.State;
    }
}
