using Microsoft.AspNetCore.Routing;
using Simulators.Verifik.Auth;

namespace Simulators.Verifik.Control;

/// <summary>Verifik's control calls and start-up seed: the sandbox client and its printed token.</summary>
internal static class VerifikControl
{
    public static async ValueTask SeedAsync(VerifikStore store, VerifikTokens tokens, VerifikOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var seeded = new ClientRecord(options.DefaultClientId, options.DefaultEmail, null, null, now);
        await store.Clients.AddAsync(VerifikStore.Global, options.DefaultClientId, seeded, cancellationToken);
        // The stored client (a kept store's has its token generation); a concurrent reset may have cleared it again.
        var client = await store.ClientAsync(options.DefaultClientId, cancellationToken) ?? seeded;
        tokens.SandboxToken = await tokens.IssueAsync(client, now, cancellationToken);
    }

    public static object DescribeCredentials(VerifikOptions options, VerifikTokens tokens) => new
    {
        provider = "Verifik",
        logins = options.StrictLogins ? "strict" : "open",
        defaults = new
        {
            clientId = options.DefaultClientId,
            email = options.DefaultEmail,
            token = tokens.SandboxToken,
            tenant = options.DefaultClientId,
        },
        webhooks = new
        {
            signing = options.WebhookSigning,
            secret = options.WebhookSecret,
            headers = options.WebhookSigning == Webhooks.WebhookSignings.HmacSha256
                ? new[] { Webhooks.VerifikWebhookSigner.TimestampHeader, Webhooks.VerifikWebhookSigner.SignatureHeader }
                : [],
            flowType = options.ProjectFlowType,
        },
        rules = new[]
        {
            "Authorization: Bearer <token> on every protected call; a token is an HS256 JWT with clientId, valid TokenDays (30) on the client's clock.",
            "Each client (the token's clientId) is its own tenant.",
            "POST /v2/projects/email-login?email=<e-mail> or /v2/projects/phone-login {countryCode, phone, type} sends a 6-digit OTP (valid OtpMinutes, 10, once); read it at GET /__simulator/otps?to=<e-mail or +<countrycode><phone>>, then /confirm it for {data: {accessToken}}.",
            options.StrictLogins
                ? "Strict logins: only registered clients (POST /__simulator/clients {email?, countryCode?, phone?}, GET /__simulator/clients) and the sandbox e-mail log in."
                : "Open logins: a new e-mail or phone that confirms an OTP becomes its own client (a new 24-hex clientId, its own tenant); the sandbox e-mail logs in as the sandbox client.",
            "POST /v2/app-registrations {project, projectFlow, email or phone + countryCode} answers the registrant's token; with it, POST /v2/document-validations/app-registration and /v2/biometric-validations/app-registration move the registration on (document assessed after DocumentAssessSeconds; EXPIRED after AppRegistrationValidityHours).",
            "Events go as {type, object} to the active webhooks (POST /v2/webhooks {url, name, isActive, link: [projectFlow ids]}) linked to the registration's project flow; type = <ProjectFlowType>_<event>.",
            "GET /v2/auth/session?origin=refresh&expiresIn=<1..12 months> renews a still-valid token; POST /v2/auth/renew-and-revoke issues a new one and refuses every earlier token of the client.",
        },
    };

    public static void MapVerifikControl(this IEndpointRouteBuilder control)
    {
        ArgumentNullException.ThrowIfNull(control);
    }
}
