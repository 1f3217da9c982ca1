namespace Simulators.Verihubs;

/// <summary>
/// Every simulator choice where Verihubs' documentation is silent (README, LIMITATIONS), with the
/// reference's suggested default. Bound from the <c>Verihubs</c> configuration section.
/// </summary>
public sealed class VerihubsOptions
{
    public const string Section = "Verihubs";

    public string DefaultAppId { get; set; } = "sandbox-app-id";

    /// <summary>The API-Key every App-ID is accepted with; each App-ID is its own tenant.</summary>
    public string DefaultApiKey { get; set; } = "sandbox-api-key";

    /// <summary>Mode of an App-ID never configured: <c>live</c>, <c>testing</c> or <c>vendor-sandbox</c>.</summary>
    public string DefaultMode { get; set; } = "live";

    /// <summary>Requests a <c>testing</c>-mode App-ID may make before 403 <c>INSUFFICIENT_QUOTA</c>.</summary>
    public int TestingQuota { get; set; } = 100;

    public string CallbackUsername { get; set; } = "sandbox-callback-user";

    public string CallbackPassword { get; set; } = "sandbox-callback-password";

    /// <summary>Retries after a failed callback, seconds after the previous attempt, comma-separated (the reference suggests 3 with backoff).</summary>
    public string CallbackRetrySeconds { get; set; } = "10,60,300";

    public double CallbackTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// The docs require an https callback_url; receivers on loopback, and hosts named in <c>--allow-outbound</c>
    /// (a QA app in the same compose network), may use http unless this is false.
    /// </summary>
    public bool AllowHttpLoopbackCallbacks { get; set; } = true;

    /// <summary>
    /// Seconds from async submit to a finished result. Undocumented; 2 s leaves a client that waits a fixed
    /// 3 s of real time and polls once (as public sample code does) a whole second of margin.
    /// </summary>
    public double FinishedAfterSeconds { get; set; } = 2;

    /// <summary>The same, under the <c>SLOW_PROCESSING</c> scenario.</summary>
    public double SlowFinishedAfterSeconds { get; set; } = 60;

    /// <summary>What <c>GET /ktp/id/extract-async/result</c> answers for an unfinished job: <c>processing</c> (200) or <c>not-found</c> (404).</summary>
    public string PendingResult { get; set; } = "processing";

    public string PendingMessage { get; set; } = "processing";

    /// <summary>How long a finished result stays retrievable; 0 keeps it for ever.</summary>
    public double ResultRetentionSeconds { get; set; }

    public int MinReferenceIdLength { get; set; } = 1;

    public int MaxReferenceIdLength { get; set; } = 64;

    /// <summary>Restrict reference_id to <c>[A-Za-z0-9_-]</c>.</summary>
    public bool StrictReferenceIdCharset { get; set; } = true;

    public long MaxImageBytes { get; set; } = 5L * 1024 * 1024;

    /// <summary>Smallest KTP image, when its header declares its size (0 disables).</summary>
    public int MinKtpWidth { get; set; } = 720;

    public int MinKtpHeight { get; set; } = 480;

    /// <summary>Hosts besides loopback that image URLs may be fetched from, comma-separated.</summary>
    public string AllowedImageHosts { get; set; } = "";

    public double ImageFetchTimeoutSeconds { get; set; } = 15;

    /// <summary>Billing <c>status_code</c> per result (<c>SUCCESS</c>, <c>FAIL_ON_4</c>, <c>KTP_NOT_DETECTED</c>…); the values are undocumented.</summary>
    public Dictionary<string, string> BillingStatusCodes { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string DefaultBillingStatusCode { get; set; } = "200";

    /// <summary>Face responses carry the placeholder detail fields (similarity, image_quality…) besides the grounded ones.</summary>
    public bool FaceDetails { get; set; } = true;

    /// <summary>The liveness docs spell one code <c>INVALID PAYLOAD</c>; set this to reproduce it there.</summary>
    public string LivenessInvalidPayloadCode { get; set; } = "INVALID_PAYLOAD";

    public double DefaultSearchThreshold { get; set; } = 75;

    public int DefaultSearchLimit { get; set; } = 10;

    /// <summary>The sync extraction's shape for an App-ID that sets none: <c>current</c> (<c>data</c> wrapper) or <c>legacy-v2</c> (flat, with blur_score/dark_score).</summary>
    public string ResponseShape { get; set; } = ResponseShapes.Current;

    /// <summary>Face search's message on success: the text public client code compares with (sic).</summary>
    public string FaceSearchMessage { get; set; } = "Face search is successfull!";

    /// <summary>What start-up refuses, naming the option.</summary>
    public static IEnumerable<string> Validate(VerihubsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!AppModes.All.Contains(options.DefaultMode, StringComparer.Ordinal))
        {
            yield return $"Verihubs:DefaultMode must be one of {string.Join(", ", AppModes.All)}";
        }
        if (!ResponseShapes.All.Contains(options.ResponseShape, StringComparer.Ordinal))
        {
            yield return $"Verihubs:ResponseShape must be one of {string.Join(", ", ResponseShapes.All)}";
        }
        if (options.PendingResult is not ("processing" or "not-found"))
        {
            yield return "Verihubs:PendingResult must be processing or not-found";
        }
        if (options.FinishedAfterSeconds < 0 || options.SlowFinishedAfterSeconds < 0 || options.CallbackTimeoutSeconds <= 0 || options.ImageFetchTimeoutSeconds <= 0)
        {
            yield return "Verihubs:FinishedAfterSeconds and SlowFinishedAfterSeconds must be 0 or more, CallbackTimeoutSeconds and ImageFetchTimeoutSeconds more than 0";
        }
        if (options.MinReferenceIdLength < 1 || options.MaxReferenceIdLength < options.MinReferenceIdLength)
        {
            yield return "Verihubs:MaxReferenceIdLength must be at least Verihubs:MinReferenceIdLength, which must be 1 or more";
        }
        if (options.TestingQuota < 0 || options.MaxImageBytes < 1)
        {
            yield return "Verihubs:TestingQuota must be 0 or more and Verihubs:MaxImageBytes 1 or more";
        }
        if (!Simulators.Core.Webhooks.WebhookRetryPolicy.TryParseSeconds(options.CallbackRetrySeconds, out _))
        {
            yield return $"Verihubs:CallbackRetrySeconds must be seconds separated by commas, not '{options.CallbackRetrySeconds}'";
        }
    }

    public string BillingStatusCode(string result) =>
        BillingStatusCodes.TryGetValue(result, out var code) ? code : DefaultBillingStatusCode;

    public IReadOnlyList<TimeSpan> CallbackRetries() => Simulators.Core.Webhooks.WebhookRetryPolicy.ParseSeconds(CallbackRetrySeconds);

    public IReadOnlySet<string> AllowedHosts() =>
        AllowedImageHosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
}

/// <summary>The sync extraction's two shapes: today's, and the one before the 1 Sep 2023 change.</summary>
internal static class ResponseShapes
{
    public const string Current = "current";
    public const string LegacyV2 = "legacy-v2";

    public static readonly string[] All = [Current, LegacyV2];
}
