using Simulators.Core.Webhooks;

namespace Simulators.AdvanceAi;

/// <summary>
/// Every simulator choice where ADVANCE.AI's documentation is silent (README, LIMITATIONS), with the
/// reference's suggested default. Bound from the <c>AdvanceAi</c> configuration section.
/// </summary>
public sealed class AdvanceAiOptions
{
    public const string Section = "AdvanceAi";

    public string DefaultAccessKey { get; set; } = "sandbox-access-key";

    public string DefaultSecretKey { get; set; } = "sandbox-secret-key";

    /// <summary>The pair of the vendor's own signature example, registered too so its test vector works.</summary>
    public bool RegisterSampleKeys { get; set; } = true;

    /// <summary>How far a token request's timestamp may be from the simulator's clock, seconds (the docs recommend ±300 s).</summary>
    public double TimestampWindowSeconds { get; set; } = 300;

    public int DefaultPeriodSeconds { get; set; } = 3600;

    public int MinPeriodSeconds { get; set; } = 60;

    public int MaxPeriodSeconds { get; set; } = 86400;

    /// <summary>
    /// The base URL the returned journey <c>url</c> and image links start with (e.g. <c>http://advance-ai:5103</c>
    /// in a container network). Empty: the address the simulator listens on. Never the request's Host header.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Seconds from submit to the final result (the <c>COMPLETED</c> notice).</summary>
    public double ProcessingSeconds { get; set; } = 5;

    /// <summary>
    /// Add <c>signatureId=&lt;id&gt;</c> to the query of returnUrl / failReturnUrl when the hosted page sends the user
    /// back (what the real page appends is undocumented: nothing by default).
    /// </summary>
    public bool AppendSignatureIdOnRedirect { get; set; }

    /// <summary>
    /// Seconds after generate-url for which the returned <c>url</c> opens the journey; afterwards it shows an
    /// "expired" page and changes nothing (the real lifetime is undocumented: a day).
    /// </summary>
    public double UrlValiditySeconds { get; set; } = 86400;

    /// <summary>Largest image (bytes) the hosted page takes for a document side or the selfie.</summary>
    public int MaxCaptureBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Seconds after generate-url at which an unsubmitted journey ends <c>INCOMPLETE</c> / <c>USER_TIMEOUT</c> (the seed says 1 hour).</summary>
    public double UserTimeoutSeconds { get; set; } = 3600;

    /// <summary>How long an image link of a <c>URL</c> get-result stays valid (the docs say about a day).</summary>
    public double ImageLinkSeconds { get; set; } = 86400;

    /// <summary>Retries of a failed notice, seconds after the previous attempt (the webhook docs: 5, 10, 20 s; callbackUrl reuses them).</summary>
    public string RetrySeconds { get; set; } = "5,10,20";

    /// <summary>The webhook docs' receiver timeout.</summary>
    public double NoticeTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// What the webhook's <c>aai-signature</c> HMAC covers (the docs' part list is unreadable): <c>timestamp-nonce-body</c>
    /// (<c>timestamp + "\n" + nonce + "\n" + body</c>), <c>timestamp-body</c> or <c>body</c>.
    /// </summary>
    public string WebhookSignedString { get; set; } = SignedStrings.TimestampNonceBody;

    /// <summary><c>aai-timestamp</c> in <c>seconds</c> (the newest docs) or <c>milliseconds</c> (an earlier version).</summary>
    public string WebhookTimestampUnit { get; set; } = "seconds";

    /// <summary>What get-result answers after clear-data: <c>cleared</c> (SUCCESS, images and OCR null) or <c>not-exist</c> (SIGNATURE_NOT_EXIST).</summary>
    public string ResultAfterClear { get; set; } = "cleared";

    /// <summary>
    /// <c>overallResult</c> of a hosted journey that ends with one of the codes the seed's table files under
    /// INCOMPLETE (<c>CARD_LOW_QUALITY_IMAGE</c>, <c>NO_SUPPORTED_CARD</c>…): <c>INCOMPLETE</c> (the table, no COMPLETED
    /// notice) or <c>FAIL</c> (as the seed's example shows one).
    /// </summary>
    public string IncompleteCodesResult { get; set; } = "INCOMPLETE";

    /// <summary>The webhook docs require an https receiver; http is accepted too (local receivers) unless this is false.</summary>
    public bool AllowHttpWebhook { get; set; } = true;

    /// <summary>What start-up refuses, naming the option.</summary>
    public static IEnumerable<string> Validate(AdvanceAiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.DefaultAccessKey) || string.IsNullOrWhiteSpace(options.DefaultSecretKey))
        {
            yield return "AdvanceAi:DefaultAccessKey and AdvanceAi:DefaultSecretKey must not be empty";
        }
        if (options.MinPeriodSeconds < 1 || options.MaxPeriodSeconds < options.MinPeriodSeconds
            || options.DefaultPeriodSeconds < options.MinPeriodSeconds || options.DefaultPeriodSeconds > options.MaxPeriodSeconds)
        {
            yield return "AdvanceAi:DefaultPeriodSeconds must lie within AdvanceAi:MinPeriodSeconds (1 or more) and AdvanceAi:MaxPeriodSeconds";
        }
        if (options.MaxCaptureBytes < 1024)
        {
            yield return "AdvanceAi:MaxCaptureBytes must be 1024 or more";
        }
        if (options.TimestampWindowSeconds < 0 || options.ProcessingSeconds < 0 || options.UserTimeoutSeconds <= 0 || options.ImageLinkSeconds <= 0 || options.NoticeTimeoutSeconds <= 0 || options.UrlValiditySeconds <= 0)
        {
            yield return "AdvanceAi:TimestampWindowSeconds and ProcessingSeconds must be 0 or more; UserTimeoutSeconds, ImageLinkSeconds, NoticeTimeoutSeconds and UrlValiditySeconds more than 0";
        }
        if (options.PublicBaseUrl.Length > 0 && !(Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
        {
            yield return $"AdvanceAi:PublicBaseUrl must be an absolute http(s) URL, not '{options.PublicBaseUrl}'";
        }
        if (!SignedStrings.All.Contains(options.WebhookSignedString, StringComparer.Ordinal))
        {
            yield return $"AdvanceAi:WebhookSignedString must be one of {string.Join(", ", SignedStrings.All)}";
        }
        if (options.WebhookTimestampUnit is not ("seconds" or "milliseconds"))
        {
            yield return "AdvanceAi:WebhookTimestampUnit must be seconds or milliseconds";
        }
        if (options.IncompleteCodesResult is not ("INCOMPLETE" or "FAIL"))
        {
            yield return "AdvanceAi:IncompleteCodesResult must be INCOMPLETE or FAIL";
        }
        if (options.ResultAfterClear is not ("cleared" or "not-exist"))
        {
            yield return "AdvanceAi:ResultAfterClear must be cleared or not-exist";
        }
        if (!WebhookRetryPolicy.TryParseSeconds(options.RetrySeconds, out _))
        {
            yield return $"AdvanceAi:RetrySeconds must be seconds separated by commas, not '{options.RetrySeconds}'";
        }
    }

    public IReadOnlyList<TimeSpan> Retries() => WebhookRetryPolicy.ParseSeconds(RetrySeconds);
}

/// <summary>The webhook signed-string layouts the simulator offers.</summary>
public static class SignedStrings
{
    public const string TimestampNonceBody = "timestamp-nonce-body";
    public const string TimestampBody = "timestamp-body";
    public const string Body = "body";

    public static readonly string[] All = [TimestampNonceBody, TimestampBody, Body];
}
