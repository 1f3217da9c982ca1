using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.AdvanceAi.Journey;
using Simulators.Core.Control;
using Simulators.Core.Security;
using Simulators.Core.Tenants;
using Simulators.Core.Webhooks;

namespace Simulators.AdvanceAi.Control;

/// <summary>ADVANCE.AI's own control endpoints: access key pairs, the account webhook (the ACMP portal's settings) and the headless journey.</summary>
internal static class AdvanceAiControl
{
    public static async ValueTask SeedAsync(AdvanceAiStore store, AdvanceAiOptions options, CancellationToken cancellationToken)
    {
        await store.Accounts.AddAsync(AdvanceAiStore.Global, options.DefaultAccessKey, new AccountRecord(options.DefaultAccessKey, options.DefaultSecretKey, false), cancellationToken);
        if (options.RegisterSampleKeys)
        {
            await store.Accounts.AddAsync(AdvanceAiStore.Global, SampleAccessKey, new AccountRecord(SampleAccessKey, SampleSecretKey, false), cancellationToken);
        }
    }

    public const string SampleAccessKey = "sampleaccesskey";
    public const string SampleSecretKey = "samplesecretkey";

    private static readonly AdvanceAiOptions Defaults = new();

    public static object DescribeCredentials(AdvanceAiOptions options) => new
    {
        provider = "ADVANCE.AI",
        defaults = new
        {
            accessKey = options.DefaultAccessKey,
            secretKey = SecretLabel.Reveal(options.DefaultSecretKey, Defaults.DefaultSecretKey),
            tenant = options.DefaultAccessKey,
        },
        sample = options.RegisterSampleKeys ? new { accessKey = SampleAccessKey, secretKey = SampleSecretKey } : null,
        rules = new[]
        {
            "POST /openapi/auth/ticket/v1/generate-token {accessKey, timestamp (13-digit ms, string or number), signature: lower-case hex SHA-256 of accessKey + secretKey + timestamp, periodSecond?}.",
            "Send the token as X-ACCESS-TOKEN on every IDVS call; missing, unknown or expired answers IAM_FAILED with HTTP 200. Each access key is its own tenant.",
            "POST /__simulator/accounts {accessKey, secretKey, disabled?} registers a pair; {disabled: true} makes its token requests answer ACCOUNT_DISABLED.",
            "POST /__simulator/accounts/{accessKey}/webhook {url, secretKey (Base64), algorithm: HmacSHA256|HmacSHA512} configures the signed webhook used when generate-url gets no callbackUrl.",
        },
    };

    private static object Describe(AccountRecord account) => new
    {
        accessKey = account.AccessKey,
        secretKey = SecretLabel.Masked(account.SecretKey),
        disabled = account.Disabled,
    };

    private static object Describe(string accessKey, WebhookSettings? webhook) => new
    {
        accessKey,
        url = webhook?.Url,
        secretKey = webhook is null ? null : SecretLabel.Masked(webhook.SecretKey),
        algorithm = webhook?.Algorithm,
    };

    public static void MapAdvanceAiControl(this RouteGroupBuilder control)
    {
        control.MapGet("/accounts", async (HttpContext http, AdvanceAiStore store) =>
            ControlRequest.Json(new { items = (await store.Accounts.ListAsync(AdvanceAiStore.Global, http.RequestAborted)).Select(a => Describe(a.Value)) }));

        control.MapPost("/accounts", async (HttpContext http, AdvanceAiStore store, TenantDirectory tenants) =>
        {
            var body = await ControlRequest.ReadBodyAsync(http) ?? throw ControlApiException.InvalidBody("Send {\"accessKey\", \"secretKey\", \"disabled\"?}.");
            var accessKey = ControlRequest.Text(body, "accessKey");
            var secretKey = ControlRequest.Text(body, "secretKey");
            if (string.IsNullOrWhiteSpace(accessKey) || string.IsNullOrWhiteSpace(secretKey) || accessKey.Length > 256 || secretKey.Length > 256)
            {
                throw ControlApiException.InvalidBody("'accessKey' and 'secretKey' are required, at most 256 characters each.");
            }
            var account = new AccountRecord(accessKey, secretKey, Flag(body, "disabled") ?? false);
            await store.Accounts.PutAsync(AdvanceAiStore.Global, accessKey, account, cancellationToken: http.RequestAborted);
            return ControlRequest.Json(Describe(account));
        });

        control.MapPost("/accounts/{accessKey}", async (string accessKey, HttpContext http, AdvanceAiStore store) =>
        {
            var body = await ControlRequest.ReadBodyAsync(http) ?? throw ControlApiException.InvalidBody("Send {\"disabled\"?, \"secretKey\"?}.");
            var disabled = Flag(body, "disabled");
            var secretKey = ControlRequest.Text(body, "secretKey");
            if (secretKey is { Length: 0 or > 256 })
            {
                throw ControlApiException.InvalidBody("'secretKey' must be 1 to 256 characters.");
            }
            var updated = await store.Accounts.UpdateAsync(AdvanceAiStore.Global, accessKey,
                a => a is null ? null : a with { Disabled = disabled ?? a.Disabled, SecretKey = secretKey ?? a.SecretKey }, http.RequestAborted)
                ?? throw ControlApiException.NotFound($"No account with access key '{accessKey}'.");
            return ControlRequest.Json(Describe(updated));
        }).TenantScoped("accessKey");

        control.MapGet("/accounts/{accessKey}/webhook", async (string accessKey, HttpContext http, AdvanceAiStore store) =>
            ControlRequest.Json(Describe(accessKey, (await store.Webhooks.GetAsync(accessKey, AdvanceAiStore.WebhookId, http.RequestAborted))?.Value))).TenantScoped("accessKey");

        control.MapPost("/accounts/{accessKey}/webhook", async (string accessKey, HttpContext http, AdvanceAiStore store, TenantDirectory tenants, AdvanceAiOptions options, OutboundPolicy outbound) =>
        {
            var body = await ControlRequest.ReadBodyAsync(http) ?? throw ControlApiException.InvalidBody("Send {\"url\", \"secretKey\" (Base64), \"algorithm\"?: \"HmacSHA256|HmacSHA512\"}.");
            var url = ControlRequest.Text(body, "url");
            var secretKey = ControlRequest.Text(body, "secretKey");
            var algorithm = ControlRequest.Text(body, "algorithm") ?? WebhookSettings.Sha256;
            if (url is null || url.Length > RequestRules.MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var parsed)
                || !(parsed.Scheme == "https" || (parsed.Scheme == "http" && options.AllowHttpWebhook)))
            {
                throw ControlApiException.InvalidBody(options.AllowHttpWebhook ? "'url' must be an absolute http(s) URL." : "'url' must be an absolute https URL.");
            }
            if (secretKey is null || !IsBase64(secretKey))
            {
                throw ControlApiException.InvalidBody("'secretKey' must be Base64 (the ACMP portal shows the key Base64-encoded).");
            }
            if (algorithm is not (WebhookSettings.Sha256 or WebhookSettings.Sha512))
            {
                throw ControlApiException.InvalidBody("'algorithm' must be HmacSHA256 or HmacSHA512.");
            }
            var decision = await outbound.CheckAsync(parsed, http.RequestAborted);
            if (!decision.Allowed)
            {
                throw ControlApiException.InvalidBody("'url' is " + decision.Summary + ".");
            }
            await tenants.EnsureAsync(accessKey, http.RequestAborted);
            var settings = new WebhookSettings(url, secretKey, algorithm);
            await store.Webhooks.PutAsync(accessKey, AdvanceAiStore.WebhookId, settings, cancellationToken: http.RequestAborted);
            return ControlRequest.Json(Describe(accessKey, settings));
        }).TenantScoped("accessKey");

        control.MapDelete("/accounts/{accessKey}/webhook", async (string accessKey, HttpContext http, AdvanceAiStore store) =>
        {
            await store.Webhooks.DeleteAsync(accessKey, AdvanceAiStore.WebhookId, cancellationToken: http.RequestAborted);
            return Microsoft.AspNetCore.Http.Results.NoContent();
        }).TenantScoped("accessKey");

        control.MapGet("/journeys/{signatureId}", async (string signatureId, HttpContext http, JourneyFlow flow) =>
        {
            var tenant = await ControlRequest.TenantAsync(http, null);
            return ControlRequest.Json(View(await flow.FindAsync(signatureId, tenant, http.RequestAborted), signatureId));
        }).TenantScoped();

        control.MapPost("/journeys/{signatureId}", async (string signatureId, HttpContext http, JourneyFlow flow) =>
        {
            var body = await ControlRequest.ReadBodyAsync(http) ?? throw ControlApiException.InvalidBody(ActionHelp);
            var tenant = await ControlRequest.TenantAsync(http, body);
            var scenario = ControlRequest.Text(body, "scenario");
            var face = ControlRequest.Text(body, "face");
            try
            {
                var result = ControlRequest.Text(body, "action") switch
                {
                    JourneyFlow.Open => await flow.OpenAsync(signatureId, tenant, http.RequestAborted),
                    JourneyFlow.Submit => await flow.SubmitAsync(signatureId, tenant, scenario, JourneyCapture.Face(face), http.RequestAborted),
                    JourneyFlow.Abandon => await flow.AbandonAsync(signatureId, tenant, http.RequestAborted),
                    _ => throw ControlApiException.InvalidBody(ActionHelp),
                };
                return ControlRequest.Json(View(result, signatureId));
            }
            catch (OutboxFullException full)
            {
                // A submit owes a notice; while too many wait, the user's submit is refused (nothing is dropped).
                throw new ControlApiException(StatusCodes.Status429TooManyRequests, "outbox_full", full.Message);
            }
        }).TenantScoped();
    }

    private const string ActionHelp = "Send {\"action\": \"open\" | \"submit\" | \"abandon\", \"scenario\"?: \"PASS\" or a FAIL errorCode (submit), \"face\"?: a face key for face-search (submit)}.";

    private static object View(JourneyResult result, string signatureId) => result.Problem switch
    {
        JourneyProblem.NotFound => throw ControlApiException.NotFound($"No transaction with signatureId '{signatureId}'."),
        JourneyProblem.NotHosted => throw new ControlApiException(StatusCodes.Status409Conflict, "not_hosted", "This transaction has no hosted journey (Document API or address verification)."),
        JourneyProblem.NotPending => throw new ControlApiException(StatusCodes.Status409Conflict, "journey_ended",
            $"The journey is {result.View?.Stage.ToString().ToUpperInvariant()}: only a journey with nothing submitted can be opened, submitted or abandoned."),
        JourneyProblem.UnknownScenario => throw new ControlApiException(StatusCodes.Status400BadRequest, "unknown_scenario", "Unknown scenario. GET /__simulator/scenarios lists them."),
        _ => new
        {
            signatureId,
            tenant = result.Tenant,
            product = result.Record!.Product,
            stage = result.View!.Stage.ToString().ToUpperInvariant(),
            scenario = result.Job!.Scenario,
            opened = result.Record.OpenedAt is not null,
            submissionCompleted = result.View.SubmittedAt is not null,
            overallResult = result.View.Stage is JourneyStage.Finished or JourneyStage.Incomplete ? result.View.Outcome?.OverallResult : null,
            errorCode = result.View.Stage is JourneyStage.Finished or JourneyStage.Incomplete ? result.View.Outcome?.ErrorCode : null,
            redirectUrl = result.RedirectUrl,
        },
    };

    private static bool? Flag(JsonElement body, string name)
    {
        try
        {
            return ControlRequest.Flag(body, name);
        }
        catch (ControlApiException)
        {
            throw ControlApiException.InvalidBody($"'{name}' must be true or false.");
        }
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return text.Length > 0 && Convert.TryFromBase64String(text, buffer, out var written) && written > 0;
    }
}
