using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Simulators.Core.Control;
using Simulators.Core.Errors;
using Simulators.Core.Hosting;
using Simulators.Core.Scenarios;
using Simulators.Verifik.Auth;
using Simulators.Verifik.DocumentLiveness;
using static Simulators.Core.Hosting.ProviderStateParameters;

namespace Simulators.Verifik.Control;

/// <summary>
/// Pact provider states. The engine starts the client's tenant afresh (param <c>clientId</c>, default the
/// sandbox client) with its clock frozen before each setup. Every state answers what the contracts inject:
/// a token of the client valid now (<c>token</c>), and the OTP a user would receive for the login states
/// (<c>otp</c>), sent by the logins' own code. App registrations and webhooks add their states to <see cref="Declare"/>.
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

    public static ValueTask<string> TenantOf(ProviderStateRequest request) =>
        ValueTask.FromResult(Tenant(request.Parameters, "clientId", request.Services.GetRequiredService<VerifikOptions>().DefaultClientId));

    public static void Declare(ProviderStateTable table) => table
        .Add(SandboxClient, ClientAsync)
        .Add(Validation, ValidationAsync)
        .Add(EmailOtp, EmailOtpAsync)
        .Add(PhoneOtp, PhoneOtpAsync);

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
        var id = Required(context.Parameters, "id");
        if (!VerifikIds.IsObjectId(id))
        {
            throw new ControlApiException(400, "invalid_params", "Provider state parameter 'id' must be 24 lower-case hex characters.");
        }
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
