using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Simulators.Contracts.Tests.Client;

/// <summary>A webhook or callback as an HTTP receiver gets it: the headers and the raw body.</summary>
internal sealed record IncomingWebhook(IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

internal sealed class WebhookRejectedException(string reason) : Exception(reason);

/// <summary>What a handler took from a verification webhook.</summary>
internal sealed record StatusChange(Guid VerificationId, Guid ResultId, string Status, DateTimeOffset Timestamp);

/// <summary>
/// A reference AnyCheck webhook handler, as an integrating team writes one: it checks the signature
/// (<c>sha256=hex(HMAC-SHA256(secret, "{timestamp}.{raw body}"))</c>) before reading the body, then
/// reads the event it acts on. The webhook message contract is generated from what it accepts.
/// </summary>
internal sealed class AnyCheckWebhookHandler(string secret)
{
    public const string SignatureHeader = "X-AnyCheck-Signature";
    public const string TimestampHeader = "X-AnyCheck-Timestamp";

    private static readonly string[] Statuses =
        ["IN_PROGRESS", "NEED_REVIEW", "COMPLETED", "PARTIALLY_COMPLETED", "FAILED", "PARTIALLY_FAILED", "FRAUD_DETECTED", "CANCELLED"];

    public static string Sign(string secret, string timestamp, byte[] body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return "sha256=" + Convert.ToHexStringLower(hmac.ComputeHash([.. Encoding.UTF8.GetBytes(timestamp + "."), .. body]));
    }

    public StatusChange Handle(IncomingWebhook webhook)
    {
        var timestamp = webhook.Header(TimestampHeader) ?? throw new WebhookRejectedException($"{TimestampHeader} is missing");
        var signature = webhook.Header(SignatureHeader) ?? throw new WebhookRejectedException($"{SignatureHeader} is missing");
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Sign(secret, timestamp, webhook.Body))))
        {
            throw new WebhookRejectedException("the signature does not match the body");
        }
        using var doc = JsonDocument.Parse(webhook.Body);
        var root = doc.RootElement;
        if (root.GetProperty("event").GetString() != "verification.status_changed")
        {
            throw new WebhookRejectedException("unknown event " + root.GetProperty("event"));
        }
        var status = root.GetProperty("status").GetString()!;
        if (!Statuses.Contains(status) || root.GetProperty("data").GetProperty("status").GetString() != status)
        {
            throw new WebhookRejectedException("unexpected status " + status);
        }
        return new StatusChange(
            root.GetProperty("verification_id").GetGuid(),
            root.GetProperty("result_id").GetGuid(),
            status,
            root.GetProperty("timestamp").GetDateTimeOffset());
    }
}

/// <summary>What a handler took from a KTP callback.</summary>
internal sealed record KtpCallback(string? ReferenceId, string? ErrorCode, string? Nik);

/// <summary>
/// A reference Verihubs KTP callback handler: it checks <c>Authorization: Basic</c> against the
/// credentials set in the dashboard, then reads the result (an extraction, or an <c>error_code</c>).
/// </summary>
internal sealed class VerihubsCallbackHandler(string user, string password)
{
    public KtpCallback Handle(IncomingWebhook callback)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
        if (callback.Header("Authorization") != expected)
        {
            throw new WebhookRejectedException("wrong or missing Basic credentials");
        }
        using var doc = JsonDocument.Parse(callback.Body);
        var root = doc.RootElement;
        var data = root.GetProperty("data");
        var errorCode = root.TryGetProperty("error_code", out var code) ? code.GetString() : null;
        if (errorCode is null && !data.TryGetProperty("nik", out _))
        {
            throw new WebhookRejectedException("neither an extraction nor an error_code");
        }
        return new KtpCallback(
            data.TryGetProperty("reference_id", out var reference) ? reference.GetString() : null,
            errorCode,
            data.TryGetProperty("nik", out var nik) ? nik.GetString() : null);
    }
}

/// <summary>What a handler took from an ADVANCE.AI notice: whose transaction, and which step it reached.</summary>
internal sealed record AdvanceAiNotice(string SignatureId, string Type);

/// <summary>
/// A reference ADVANCE.AI notice handler. A callbackUrl notice comes unsigned (the merchant secures its
/// URL); the account webhook carries <c>aai-timestamp</c>, <c>aai-nonce</c> and <c>aai-signature</c>, the Base64
/// HMAC-SHA256 keyed with the Base64-decoded portal secret over <c>timestamp\nnonce\nbody</c>, checked before
/// the body is read. Either way the body is <c>{signatureId, type}</c>; the receiver calls get-result next.
/// </summary>
internal sealed class AdvanceAiNoticeHandler(string? base64Secret)
{
    public const string TimestampHeader = "aai-timestamp";
    public const string NonceHeader = "aai-nonce";
    public const string SignatureHeader = "aai-signature";

    public static string Sign(string base64Secret, string timestamp, string nonce, byte[] body) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(base64Secret), (byte[])[.. Encoding.UTF8.GetBytes(timestamp + "\n" + nonce + "\n"), .. body]));

    public AdvanceAiNotice Handle(IncomingWebhook notice)
    {
        if (base64Secret is not null)
        {
            var timestamp = notice.Header(TimestampHeader) ?? throw new WebhookRejectedException($"{TimestampHeader} is missing");
            var nonce = notice.Header(NonceHeader) ?? throw new WebhookRejectedException($"{NonceHeader} is missing");
            var signature = notice.Header(SignatureHeader) ?? throw new WebhookRejectedException($"{SignatureHeader} is missing");
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Sign(base64Secret, timestamp, nonce, notice.Body))))
            {
                throw new WebhookRejectedException("the signature does not match the body");
            }
        }
        using var doc = JsonDocument.Parse(notice.Body);
        var root = doc.RootElement;
        var type = root.GetProperty("type").GetString();
        if (type is not ("SUBMIT_COMPLETED" or "COMPLETED"))
        {
            throw new WebhookRejectedException("unknown notice type " + type);
        }
        return new AdvanceAiNotice(root.GetProperty("signatureId").GetString() ?? throw new WebhookRejectedException("no signatureId"), type);
    }
}

/// <summary>What a handler took from a Verifik Smart Enroll event: the event, whose registration, and the status of the object it carries.</summary>
internal sealed record VerifikEvent(string Type, string AppRegistration, string Status);

/// <summary>
/// A reference Verifik webhook handler. The body is <c>{type, object}</c>: <c>type</c> the project flow's type and the
/// event (<c>onboarding_app_registration_completed</c>), <c>object</c> the registration (its <c>_id</c>) or one of its
/// validations (its <c>appRegistration</c>). Verifik's docs give no signing scheme: the handler takes JSON of its own
/// flow's events (any suffix: the docs list more than one run sends) and reads whose registration it is about.
/// </summary>
internal sealed class VerifikWebhookHandler(string flowType = "onboarding")
{
    public VerifikEvent Handle(IncomingWebhook webhook)
    {
        if (webhook.Header("Content-Type") is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new WebhookRejectedException("not JSON");
        }
        using var doc = JsonDocument.Parse(webhook.Body);
        var root = doc.RootElement;
        var type = root.GetProperty("type").GetString() ?? "";
        var prefix = flowType + "_";
        if (!type.StartsWith(prefix, StringComparison.Ordinal) || type.Length == prefix.Length)
        {
            throw new WebhookRejectedException("unknown event " + type);
        }
        var entity = root.GetProperty("object");
        var registration = type[prefix.Length..].StartsWith("app_registration_", StringComparison.Ordinal) ? entity.GetProperty("_id") : entity.GetProperty("appRegistration");
        return new VerifikEvent(type, registration.GetString() ?? throw new WebhookRejectedException("no registration"), entity.GetProperty("status").GetString()!);
    }
}
