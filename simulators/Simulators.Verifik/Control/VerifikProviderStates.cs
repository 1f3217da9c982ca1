using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Simulators.Core.Control;
using Simulators.Core.Errors;
using Simulators.Core.Hosting;
using Simulators.Core.Jobs;
using Simulators.Core.Scenarios;
using Simulators.Core.Tenants;
using Simulators.Verifik.AppRegistrations;
using Simulators.Verifik.Auth;
using Simulators.Verifik.DocumentLiveness;
using Simulators.Verifik.Webhooks;
using static Simulators.Core.Hosting.ProviderStateParameters;

namespace Simulators.Verifik.Control;

/// <summary>
/// Pact provider states. The engine starts the client's tenant afresh (param <c>clientId</c>, default the
/// sandbox client) with its clock frozen before each setup. Every state answers what the contracts inject:
/// a token of the client valid now (<c>token</c>), and the OTP a user would receive for the login states
/// (<c>otp</c>), sent by the logins' own code; the registration states also the registrant's token (<c>registrantToken</c>).
/// </summary>
internal static class VerifikProviderStates
{
    public const string SandboxClient = "the sandbox client exists";

    /// <summary>Params: <c>id</c> (24 hex), <c>scenario</c> (a document-liveness scenario, default GENUINE): every check enabled, REGULAR.</summary>
    public const string Validation = "a document liveness validation of the client exists";

    /// <summary>Params: <c>email</c> (default the sandbox e-mail): an unused OTP sent to it, answered as <c>otp</c>.</summary>
    public const string EmailOtp = "an OTP was sent to the e-mail";

    /// <summary>Params: <c>countryCode</c>, <c>phone</c> (digits, as text or a number): an unused OTP sent to the phone, answered as <c>otp</c>.</summary>
    public const string PhoneOtp = "an OTP was sent to the phone";

    /// <summary>
    /// Params: <c>id</c> (24 hex), <c>email</c> (default <see cref="RegistrantEmail"/>), <c>scenario</c> (how it ends, an
    /// <c>APP_REGISTRATION_*</c> outcome, default COMPLETED), <c>biometricScenario</c> (queued for the client's next selfie, e.g.
    /// BIOMETRIC_LIVENESS_FAILED): a STARTED registration of <see cref="RegistrantName"/> in <see cref="Project"/> / <see cref="ProjectFlow"/>,
    /// made as the create call makes one; answers its <c>id</c> and the registrant's token (<c>registrantToken</c>).
    /// </summary>
    public const string AppRegistration = "an app registration of the client exists";

    /// <summary>The same params: that registration, ONGOING with a document being assessed (sent as the document call sends one).</summary>
    public const string AppRegistrationWithDocument = "an app registration of the client with a document exists";

    /// <summary>Params: <c>id</c> (24 hex), <c>url</c> (default <see cref="WebhookUrl"/>): an active webhook linked to <see cref="ProjectFlow"/>.</summary>
    public const string Webhook = "a webhook of the client exists";

    public const string Project = "6650aa00aa00aa00aa00aa01";
    public const string ProjectFlow = "6650aa00aa00aa00aa00aa02";
    public const string RegistrantEmail = "registrant@verifik.example";
    public const string RegistrantName = "Ana Maria Perez";
    public const string WebhookUrl = "https://client.example/verifik/webhook";
    public const string WebhookName = "KYC events";

    public static ValueTask<string> TenantOf(ProviderStateRequest request) =>
        ValueTask.FromResult(Tenant(request.Parameters, "clientId", request.Services.GetRequiredService<VerifikOptions>().DefaultClientId));

    public static void Declare(ProviderStateTable table) => table
        .Add(SandboxClient, ClientAsync)
        .Add(Validation, ValidationAsync)
        .Add(EmailOtp, EmailOtpAsync)
        .Add(PhoneOtp, PhoneOtpAsync)
        .Add(AppRegistration, context => AppRegistrationAsync(context, document: false))
        .Add(AppRegistrationWithDocument, context => AppRegistrationAsync(context, document: true))
        .Add(Webhook, WebhookAsync);

    /// <summary>The client's id and a token of its current generation, valid from now for TokenDays.</summary>
    private static async ValueTask<IReadOnlyDictionary<string, object?>> ClientAsync(ProviderStateContext context)
    {
        var client = await context.Services.GetRequiredService<VerifikStore>().ClientAsync(context.Tenant)
            ?? throw new ControlApiException(400, "invalid_params", $"No client with id '{context.Tenant}'.");
        return new Dictionary<string, object?>
        {
            ["clientId"] = client.ClientId,
            ["email"] = client.Email,
            ["token"] = await context.Services.GetRequiredService<VerifikTokens>().IssueAsync(client, context.Now, CancellationToken.None),
        };
    }

    /// <summary>A completed validation with every check enabled, decided by the verdicts' own code (its bytes: the id's).</summary>
    private static async ValueTask<IReadOnlyDictionary<string, object?>> ValidationAsync(ProviderStateContext context)
    {
        var values = await ClientAsync(context);
        var id = ObjectIdParam(context, "id");
        var scenario = Param(context.Parameters, "scenario") ?? DocumentLivenessScenarios.Genuine;
        if (!context.Services.GetRequiredService<ScenarioCatalog>().TryGet(scenario, out var known) || !known.Fits(DocumentLivenessScenarios.Kind))
        {
            throw new ControlApiException(400, "invalid_params", $"'{scenario}' is not a document-liveness scenario.");
        }
        var asked = Array.ConvertAll(LivenessChecks.All, _ => new Verdicts.Request(true, Calibrations.Regular));
        var checks = Verdicts.Decide(Encoding.UTF8.GetBytes(id), asked, scenario);
        var record = new DocumentLivenessRecord(id, context.Tenant, DocumentLivenessRecord.Completed, false, "", checks, false, false,
            checks.Min(c => c.Probability), checks.All(c => c.IsLive), [.. checks.SelectMany(c => c.Warnings).Distinct(StringComparer.Ordinal)], scenario, context.Now);
        await context.Services.GetRequiredService<DocumentLivenessStore>().Records.PutAsync(context.Tenant, id, record, 0);
        return new Dictionary<string, object?>(values) { ["id"] = id };
    }

    /// <summary>A registration stored and planned by the create call's own code, its document by the document call's; the registrant's token as create issues it.</summary>
    private static async ValueTask<IReadOnlyDictionary<string, object?>> AppRegistrationAsync(ProviderStateContext context, bool document)
    {
        var values = await ClientAsync(context);
        var id = ObjectIdParam(context, "id");
        var email = Param(context.Parameters, "email") ?? RegistrantEmail;
        if (!LoginApi.IsEmail(email))
        {
            throw new ControlApiException(400, "invalid_params", $"'{email}' is not an e-mail.");
        }
        var catalog = context.Services.GetRequiredService<ScenarioCatalog>();
        var scenario = Param(context.Parameters, "scenario") ?? AppRegistrationScenarios.Completed;
        if (!AppRegistrationScenarios.IsOutcome(scenario))
        {
            throw new ControlApiException(400, "invalid_params", $"'{scenario}' is not how a registration ends (an APP_REGISTRATION_* outcome).");
        }
        var biometric = Param(context.Parameters, "biometricScenario");
        if (biometric is not null && !(catalog.TryGet(biometric, out var known) && known.Fits(AppRegistrationScenarios.BiometricValidation)))
        {
            throw new ControlApiException(400, "invalid_params", $"'{biometric}' is not a biometric-validation scenario.");
        }

        var services = context.Services;
        var store = services.GetRequiredService<AppRegistrationStore>();
        var jobs = services.GetRequiredService<JobRegistry>();
        var options = services.GetRequiredService<VerifikOptions>();
        var now = context.Now;
        var (first, last) = (RegistrantName.Split(' ', 2)[0], RegistrantName.Split(' ', 2)[1]);
        var record = new AppRegistrationRecord(id, context.Tenant, Project, ProjectFlow, email, null, null, "en", "1",
            new InformationValidation(VerifikIds.NewObjectId(now), RegistrantName, first, last), now, now, now + TimeSpan.FromHours(options.AppRegistrationValidityHours));
        await AppRegistrationApi.StartAsync(store, jobs, record, scenario, CancellationToken.None);
        if (document)
        {
            var job = (await jobs.GetAsync(context.Tenant, id, CancellationToken.None))!.Value;
            await RegistrantApi.AddDocumentAsync(store, jobs, record, job, scenario, front: true, back: false, now, options, CancellationToken.None);
        }
        if (biometric is not null)
        {
            await services.GetRequiredService<TenantDirectory>().QueueOutcomesAsync(context.Tenant, [biometric], CancellationToken.None);
        }
        var client = (await services.GetRequiredService<VerifikStore>().ClientAsync(context.Tenant))!;
        var registrant = await services.GetRequiredService<VerifikTokens>().IssueRegistrantAsync(client, id, now, record.ExpiresAt, CancellationToken.None);
        return new Dictionary<string, object?>(values) { ["id"] = id, ["registrantToken"] = registrant };
    }

    private static async ValueTask<IReadOnlyDictionary<string, object?>> WebhookAsync(ProviderStateContext context)
    {
        var values = await ClientAsync(context);
        var id = ObjectIdParam(context, "id");
        var url = Param(context.Parameters, "url") ?? WebhookUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            throw new ControlApiException(400, "invalid_params", $"'{url}' is not an http(s) URL.");
        }
        var now = context.Now;
        var record = new WebhookRecord(id, context.Tenant, [ProjectFlow], true, WebhookName, url, null, new WebhookNotification(VerifikIds.NewObjectId(now), null, false, true), now, now);
        await context.Services.GetRequiredService<WebhookStore>().Webhooks.PutAsync(context.Tenant, id, record, 0);
        return new Dictionary<string, object?>(values) { ["id"] = id };
    }

    private static string ObjectIdParam(ProviderStateContext context, string name)
    {
        var id = Required(context.Parameters, name);
        return VerifikIds.IsObjectId(id) ? id
            : throw new ControlApiException(400, "invalid_params", $"Provider state parameter '{name}' must be 24 lower-case hex characters.");
    }

    private static async ValueTask<IReadOnlyDictionary<string, object?>> EmailOtpAsync(ProviderStateContext context)
    {
        var email = Param(context.Parameters, "email") ?? context.Services.GetRequiredService<VerifikOptions>().DefaultEmail;
        if (!LoginApi.IsEmail(email))
        {
            throw new ControlApiException(400, "invalid_params", $"'{email}' is not an e-mail.");
        }
        return await OtpAsync(context, "email", VerifikLogins.EmailKey(email));
    }

    private static async ValueTask<IReadOnlyDictionary<string, object?>> PhoneOtpAsync(ProviderStateContext context)
    {
        var countryCode = Required(context.Parameters, "countryCode");
        // A contract's params are JSON: the phone may come as a number, as the login pages send it.
        var phone = context.Parameters["phone"] is JsonValue number && number.TryGetValue<long>(out var digits)
            ? digits.ToString(CultureInfo.InvariantCulture)
            : Required(context.Parameters, "phone");
        string to;
        try
        {
            to = LoginApi.PhoneKeyOrThrow(countryCode, phone);
        }
        catch (ProviderException)
        {
            throw new ControlApiException(400, "invalid_params", "'countryCode' is + and 1 to 3 digits, 'phone' 4 to 15 digits.");
        }
        return await OtpAsync(context, "phone", to);
    }

    /// <summary>An OTP sent as the login pages send one (for the destination's client, or the new client it will become).</summary>
    private static async ValueTask<IReadOnlyDictionary<string, object?>> OtpAsync(ProviderStateContext context, string channel, string to)
    {
        var sent = await context.Services.GetRequiredService<VerifikLogins>().SendAsync(channel, to, CancellationToken.None)
            ?? throw new ControlApiException(400, "invalid_params", $"{to} is not a registered client's (StrictLogins).");
        return new Dictionary<string, object?> { ["to"] = to, ["otp"] = sent.Otp, ["clientId"] = sent.ClientId };
    }
}
