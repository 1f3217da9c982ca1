using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Simulators.AdvanceAi.Auth;
using Simulators.AdvanceAi.Journey;
using Simulators.Core.Control;
using Simulators.Core.Hosting;
using Simulators.Core.Tenants;
using static Simulators.Core.Hosting.ProviderStateParameters;

namespace Simulators.AdvanceAi.Control;

/// <summary>
/// Pact provider states. The engine starts the access key's tenant afresh (param <c>accessKey</c>, default
/// the sandbox key) with its clock frozen before each setup. Every state answers what the contracts inject
/// (a token valid now, and a timestamp with its signature for generate-token), and transactions go through
/// the journey's own code: created as generate-url creates them, submitted or abandoned as the headless
/// journey does, finished by moving the account's clock past the processing time.
/// </summary>
internal static class AdvanceAiProviderStates
{
    public const string SandboxAccount = "the sandbox account exists";

    /// <summary>Params: <c>signatureId</c>; <c>stage</c> PENDING, SUBMITTED, FINISHED or ABANDONED (default FINISHED); <c>scenario</c> (default PASS); <c>product</c> (a hosted one, default ekyc); <c>userId</c>; <c>region</c> (default PHL).</summary>
    public const string Transaction = "a transaction of the account exists";

    /// <summary>Params: <c>signatureId</c> and <c>otherSignatureId</c>, two PASS transactions of <c>userId</c> and <c>otherUserId</c> with the same face.</summary>
    public const string SameFace = "two passed transactions show the same face";

    public const string Pending = "PENDING";
    public const string Submitted = "SUBMITTED";
    public const string Finished = "FINISHED";
    public const string Abandoned = "ABANDONED";

    public static ValueTask<string> TenantOf(ProviderStateRequest request) =>
        ValueTask.FromResult(Tenant(request.Parameters, "accessKey", request.Services.GetRequiredService<AdvanceAiOptions>().DefaultAccessKey));

    public static void Declare(ProviderStateTable table) => table
        .Add(SandboxAccount, AccountAsync)
        .Add(Transaction, TransactionAsync)
        .Add(SameFace, SameFaceAsync);

    /// <summary>A token for the account, and a timestamp (as text and as a number) with its generate-token signature, all as of now.</summary>
    private static async ValueTask<IReadOnlyDictionary<string, object?>> AccountAsync(ProviderStateContext context)
    {
        var store = context.Services.GetRequiredService<AdvanceAiStore>();
        var account = await store.AccountAsync(context.Tenant)
            ?? throw new ControlApiException(400, "invalid_params", $"No account with access key '{context.Tenant}'.");
        var now = (await context.Services.GetRequiredService<TenantDirectory>().FindAsync(context.Tenant)).Now;
        var millis = now.ToUnixTimeMilliseconds();
        var timestamp = millis.ToString(CultureInfo.InvariantCulture);
        var (token, _) = await context.Services.GetRequiredService<AdvanceAiTokens>().IssueAsync(
            account.AccessKey, "127.0.0.1", now, context.Services.GetRequiredService<AdvanceAiOptions>().DefaultPeriodSeconds, CancellationToken.None);
        return new Dictionary<string, object?>
        {
            ["accessKey"] = account.AccessKey,
            ["token"] = token,
            ["timestamp"] = timestamp,
            ["timestampNumber"] = millis,
            ["signature"] = TokenSignature.Compute(account.AccessKey, account.SecretKey, timestamp),
        };
    }

    private static async ValueTask<IReadOnlyDictionary<string, object?>> TransactionAsync(ProviderStateContext context)
    {
        var signatureId = Required(context.Parameters, "signatureId");
        await JourneyAsync(context, signatureId, Param(context.Parameters, "userId") ?? "user-contract", Param(context.Parameters, "stage") ?? Finished);
        return await WithSignatureAsync(context, signatureId);
    }

    private static async ValueTask<IReadOnlyDictionary<string, object?>> SameFaceAsync(ProviderStateContext context)
    {
        var signatureId = Required(context.Parameters, "signatureId");
        var other = Required(context.Parameters, "otherSignatureId");
        // Two users, one face: the headless submit's face key says whose selfie it is.
        await JourneyAsync(context, signatureId, Param(context.Parameters, "userId") ?? "user-contract", Submitted, "face-contract");
        await JourneyAsync(context, other, Param(context.Parameters, "otherUserId") ?? "user-contract-other", Submitted, "face-contract");
        await FinishAsync(context);
        return await WithSignatureAsync(context, signatureId);
    }

    /// <summary>A hosted journey of <c>product</c> (default eKYC) brought to <paramref name="stage"/>.</summary>
    private static async ValueTask JourneyAsync(ProviderStateContext context, string signatureId, string userId, string stage, string? faceKey = null)
    {
        var services = context.Services;
        var flow = services.GetRequiredService<JourneyFlow>();
        var product = Param(context.Parameters, "product") ?? Products.Ekyc;
        if (!Products.IsHosted(product))
        {
            throw new ControlApiException(400, "invalid_params", $"'{product}' is not a product with a hosted journey.");
        }
        var scenario = Param(context.Parameters, "scenario") ?? AdvanceAiScenarios.Pass;
        var now = (await services.GetRequiredService<TenantDirectory>().FindAsync(context.Tenant)).Now;
        var region = Param(context.Parameters, "region") ?? "PHL";
        var hasDocType = product is Products.Ekyc or Products.Idvs or Products.Document;
        var record = new JourneyRecord(
            signatureId, product, region, hasDocType ? DocTypes.DefaultFor(region) : null,
            "https://merchant.example/kyc/done", "https://merchant.example/kyc/failed", null, false,
            "biz-" + signatureId, userId, null, null, null, now);
        await flow.CreateAsync(context.Tenant, record, AdvanceAiScenarios.Pass, CancellationToken.None);
        var result = stage switch
        {
            Pending => null,
            Submitted or Finished => await flow.SubmitAsync(signatureId, context.Tenant, scenario, JourneyCapture.Face(faceKey), CancellationToken.None),
            Abandoned => await flow.AbandonAsync(signatureId, context.Tenant, CancellationToken.None),
            _ => throw new ControlApiException(400, "invalid_params", $"'stage' must be {Pending}, {Submitted}, {Finished} or {Abandoned}."),
        };
        if (result is { Problem: not JourneyProblem.None })
        {
            throw new ControlApiException(400, "invalid_params", $"The journey could not be brought to {stage}: {result.Problem} (scenario '{scenario}').");
        }
        if (stage == Finished)
        {
            await FinishAsync(context);
        }
    }

    /// <summary>Moves the account's clock past the processing time: a submitted journey has its result.</summary>
    private static async ValueTask FinishAsync(ProviderStateContext context)
    {
        var processing = context.Services.GetRequiredService<JourneyJobs>().Processing;
        await context.Services.GetRequiredService<TenantDirectory>().AdvanceAsync(context.Tenant, processing + TimeSpan.FromSeconds(1));
    }

    private static async ValueTask<IReadOnlyDictionary<string, object?>> WithSignatureAsync(ProviderStateContext context, string signatureId) =>
        new Dictionary<string, object?>(await AccountAsync(context)) { ["signatureId"] = signatureId };
}
