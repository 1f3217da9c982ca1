namespace Simulators.Verifik;

/// <summary>The Verifik simulator's settings (section <c>Verifik</c>): the sandbox client, token lifetime and the answer shape.</summary>
public sealed class VerifikOptions
{
    public const string Section = "Verifik";

    /// <summary>The sandbox client (a 24-hex ObjectId, as Verifik's client ids are): its token is printed at start-up.</summary>
    public string DefaultClientId { get; set; } = "665f1c2e9b1d4a0012345678";

    /// <summary>The sandbox client's e-mail (an OTP login with it signs in as that client).</summary>
    public string DefaultEmail { get; set; } = "sandbox@verifik.example";

    /// <summary>Days a token lives (the docs: 30), on the client's clock.</summary>
    public int TokenDays { get; set; } = 30;

    /// <summary>
    /// What the document-liveness answers carry by default: <c>both</c> generations of the docs in one <c>data</c>,
    /// only the <c>captured</c> flat keys, or only the <c>documented</c> nested keys (per tenant in the control API).
    /// </summary>
    public string ResponseShape { get; set; } = ResponseShapes.Both;

    /// <summary>Largest decoded image, in bytes, before <c>IMAGE_TOO_LARGE</c> (undocumented: 10 MB).</summary>
    public int MaxImageBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Accept OTP logins of registered clients only (<c>POST /__simulator/clients</c>); by default any new e-mail or phone becomes its own client.</summary>
    public bool StrictLogins { get; set; }

    /// <summary>Minutes an OTP stays valid (the docs: about 10), on the destination's clock.</summary>
    public int OtpMinutes { get; set; } = 10;

    /// <summary>
    /// OTPs kept per destination for <c>GET /__simulator/otps</c> (expired ones are dropped, used ones when room is
    /// needed); a destination already holding this many live (unused, unexpired) OTPs is refused new ones (429).
    /// </summary>
    public int OtpsKept { get; set; } = 100;

    /// <summary>
    /// Destinations holding OTPs at once; at the bound the ones whose OTPs all expired or were used are swept, and
    /// a login to a new destination is refused (429) while every one still holds a live OTP.
    /// </summary>
    public int OtpDestinations { get; set; } = 10_000;

    /// <summary>
    /// Refuse a face comparison without <c>search_mode</c> (the docs' 409 <c>"\"search_mode\" is required"</c>). Off by
    /// default: Verifik's own api-client sends none on <c>/compare</c> and <c>/compare-with-liveness</c>, and a
    /// missing one is then <c>ACCURATE</c>.
    /// </summary>
    public bool RequireSearchMode { get; set; }

    /// <summary>
    /// The face comparisons also carry the <c>result</c> objects Verifik's own api-client reads (<c>data.result.score</c>
    /// on compare; <c>comparison.result</c>, <c>comparison.compare_min_score</c> and <c>liveness.result</c> on
    /// compare-with-liveness), beside the documented keys. False: the documented keys only.
    /// </summary>
    public bool FaceResultObjects { get; set; } = true;

    /// <summary>
    /// The <c>type</c> of every project flow, the first word of a webhook event's <c>type</c>
    /// (<c>onboarding_app_registration_completed</c>). The simulator has no project-flow records: any 24-hex id is a flow of this type.
    /// </summary>
    public string ProjectFlowType { get; set; } = "onboarding";

    /// <summary>Hours an app registration (and its registrant token) stays open before it is <c>EXPIRED</c> (undocumented: a day).</summary>
    public int AppRegistrationValidityHours { get; set; } = 24;

    /// <summary>Seconds a registrant's document stays <c>ASSESSING</c> before it is <c>VALIDATED</c> or <c>FAILED</c> (undocumented).</summary>
    public int DocumentAssessSeconds { get; set; } = 5;

    /// <summary>The biometric validation's liveness threshold (the docs: the project flow's default, 0.6).</summary>
    public double AppRegistrationLivenessMinScore { get; set; } = 0.6;

    /// <summary>How deliveries are signed: <c>none</c> (the default; the docs give no scheme) or the simulator-only <c>hmac-sha256</c>.</summary>
    public string WebhookSigning { get; set; } = Webhooks.WebhookSignings.None;

    /// <summary>The key of the simulator-only <c>hmac-sha256</c> signature (listed in <c>GET /__simulator/credentials</c>).</summary>
    public string WebhookSecret { get; set; } = "verifik-simulator-webhook-secret";

    /// <summary>What start-up refuses, naming the option.</summary>
    public static IEnumerable<string> Validate(VerifikOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!VerifikIds.IsObjectId(options.DefaultClientId))
        {
            yield return "Verifik:DefaultClientId must be 24 lower-case hex characters";
        }
        if (options.TokenDays < 1)
        {
            yield return "Verifik:TokenDays must be 1 or more";
        }
        if (!ResponseShapes.All.Contains(options.ResponseShape, StringComparer.Ordinal))
        {
            yield return $"Verifik:ResponseShape must be one of {string.Join(", ", ResponseShapes.All)}";
        }
        if (options.MaxImageBytes < 1024)
        {
            yield return "Verifik:MaxImageBytes must be 1024 or more";
        }
        if (options.OtpMinutes < 1)
        {
            yield return "Verifik:OtpMinutes must be 1 or more";
        }
        if (string.IsNullOrWhiteSpace(options.ProjectFlowType) || !options.ProjectFlowType.All(c => c is >= 'a' and <= 'z'))
        {
            yield return "Verifik:ProjectFlowType must be lower-case letters (onboarding, login, ...)";
        }
        if (options.AppRegistrationValidityHours is < 1 or > 24 * 365)
        {
            yield return "Verifik:AppRegistrationValidityHours must be between 1 and 8760";
        }
        if (options.DocumentAssessSeconds is < 0 or > 86400)
        {
            yield return "Verifik:DocumentAssessSeconds must be between 0 and 86400";
        }
        if (options.AppRegistrationLivenessMinScore is < 0 or > 1 || double.IsNaN(options.AppRegistrationLivenessMinScore))
        {
            yield return "Verifik:AppRegistrationLivenessMinScore must be between 0 and 1";
        }
        if (!Webhooks.WebhookSignings.All.Contains(options.WebhookSigning, StringComparer.Ordinal))
        {
            yield return $"Verifik:WebhookSigning must be one of {string.Join(", ", Webhooks.WebhookSignings.All)}";
        }
        if (string.IsNullOrEmpty(options.WebhookSecret))
        {
            yield return "Verifik:WebhookSecret must not be empty";
        }
        if (options.OtpsKept is < 1 or > 1000)
        {
            yield return "Verifik:OtpsKept must be between 1 and 1000";
        }
        if (options.OtpDestinations is < 1 or > 1_000_000)
        {
            yield return "Verifik:OtpDestinations must be between 1 and 1000000";
        }
    }
}

/// <summary>The two generations of Verifik's docs, and the default that answers both.</summary>
public static class ResponseShapes
{
    public const string Both = "both";
    public const string Captured = "captured";
    public const string Documented = "documented";

    public static readonly string[] All = [Both, Captured, Documented];
}
