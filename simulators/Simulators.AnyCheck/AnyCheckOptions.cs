namespace Simulators.AnyCheck;

/// <summary>
/// Every simulator choice where AnyCheck's documentation is silent (README, LIMITATIONS), with
/// the reference's suggested default. Bound from the <c>AnyCheck</c> configuration section.
/// </summary>
public sealed class AnyCheckOptions
{
    public const string Section = "AnyCheck";

    public string DefaultEmail { get; set; } = "sandbox@example.com";

    public string DefaultPassword { get; set; } = "sandbox";

    public string DefaultApiKey { get; set; } = "ak_test_sandbox";

    /// <summary>Open: any <c>ak_test_*</c> key, and any e-mail with the default password, is accepted as its own tenant. Strict: registered credentials only.</summary>
    public bool OpenTenants { get; set; } = true;

    public int AccessTokenSeconds { get; set; } = 3600;

    public int RefreshTokenDays { get; set; } = 30;

    /// <summary>Status of successful creates (<c>POST /verifications</c>, <c>/folders</c>, <c>/uploads</c>); the docs do not show it.</summary>
    public int CreatedStatus { get; set; } = 201;

    public double InProgressAfterSeconds { get; set; } = 1;

    public double FinishedAfterSeconds { get; set; } = 3;

    public double SlowInProgressAfterSeconds { get; set; } = 30;

    public double SlowFinishedAfterSeconds { get; set; } = 120;

    /// <summary>Credits each new tenant starts with.</summary>
    public int InitialCredits { get; set; } = 1000;

    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    public int MaxFilesPerUpload { get; set; } = 20;

    /// <summary>Files a tenant may hold (their bytes are kept); past it an upload is 403 <c>QUOTA_EXCEEDED</c> until the tenant is reset.</summary>
    public int MaxFilesPerTenant { get; set; } = 2000;

    /// <summary>Send <c>X-AnyCheck-Timestamp</c>/<c>X-AnyCheck-Signature</c> when a verification has a <c>webhook_secret</c>.</summary>
    public bool SignWebhooks { get; set; } = true;

    public string SignatureHeader { get; set; } = "X-AnyCheck-Signature";

    /// <summary>The header carrying the signature's timestamp; empty sends none (then <see cref="SignedPayload"/> must not use <c>{timestamp}</c>).</summary>
    public string TimestampHeader { get; set; } = "X-AnyCheck-Timestamp";

    /// <summary>What HMAC-SHA256 signs: <c>{timestamp}</c> and <c>{body}</c> (the raw body, once) around literal text. The docs say only "includes a timestamp".</summary>
    public string SignedPayload { get; set; } = "{timestamp}.{body}";

    /// <summary><c>hex</c> (lower-case) or <c>base64</c>: how the signature's bytes are written.</summary>
    public string SignatureEncoding { get; set; } = "hex";

    /// <summary>Written before the encoded signature in its header; may be empty.</summary>
    public string SignaturePrefix { get; set; } = "sha256=";

    /// <summary><c>unix</c> (seconds), <c>unix-ms</c> or <c>iso8601</c>: how the timestamp is written, in its header and in the signed string.</summary>
    public string TimestampFormat { get; set; } = "unix";

    /// <summary>Requests per tenant per minute before 429 <c>RATE_LIMITED</c>; 0 only reports the headers.</summary>
    public int RateLimitPerMinute { get; set; }

    /// <summary>The <c>X-RateLimit-Limit</c> value reported when no limit is enforced (the docs' example).</summary>
    public int ReportedRateLimit { get; set; } = 1000;

    /// <summary>What start-up refuses, naming the option.</summary>
    public static IEnumerable<string> Validate(AnyCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.InProgressAfterSeconds < 0 || options.FinishedAfterSeconds < options.InProgressAfterSeconds)
        {
            yield return "AnyCheck:FinishedAfterSeconds must be at least AnyCheck:InProgressAfterSeconds, and both 0 or more";
        }
        if (options.SlowInProgressAfterSeconds < 0 || options.SlowFinishedAfterSeconds < options.SlowInProgressAfterSeconds)
        {
            yield return "AnyCheck:SlowFinishedAfterSeconds must be at least AnyCheck:SlowInProgressAfterSeconds, and both 0 or more";
        }
        if (options.AccessTokenSeconds < 1 || options.RefreshTokenDays < 1)
        {
            yield return "AnyCheck:AccessTokenSeconds and AnyCheck:RefreshTokenDays must be 1 or more";
        }
        if (options.InitialCredits < 0 || options.MaxUploadBytes < 1 || options.MaxFilesPerUpload < 1 || options.MaxFilesPerTenant < 1 || options.RateLimitPerMinute < 0)
        {
            yield return "AnyCheck:InitialCredits and AnyCheck:RateLimitPerMinute must be 0 or more, AnyCheck:MaxUploadBytes, AnyCheck:MaxFilesPerUpload and AnyCheck:MaxFilesPerTenant 1 or more";
        }
        if (options.CreatedStatus is < 200 or > 299)
        {
            yield return "AnyCheck:CreatedStatus must be a 2xx status";
        }
        foreach (var problem in Webhooks.WebhookSigning.Problems(options))
        {
            yield return problem;
        }
    }
}
