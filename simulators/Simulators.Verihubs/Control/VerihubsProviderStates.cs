using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Simulators.Core.Control;
using Simulators.Core.Hosting;
using Simulators.Core.Jobs;
using Simulators.Core.Personas;
using Simulators.Core.Scenarios;
using Simulators.Verihubs.Face;
using Simulators.Verihubs.Ktp;
using static Simulators.Core.Hosting.ProviderStateParameters;

namespace Simulators.Verihubs.Control;

/// <summary>
/// Pact provider states. The engine starts the App-ID's tenant afresh (param <c>appId</c>, default
/// the sandbox App-ID) with its clock frozen before each setup; records are made by the features' own code.
/// </summary>
internal static class VerihubsProviderStates
{
    public const string SandboxApp = "the sandbox App-ID exists";
    public const string FinishedKtp = "a finished KTP extraction exists";
    public const string RunningKtp = "a KTP extraction is in progress";
    public const string NoKtp = "no KTP extraction exists";
    public const string QualityFailedKtp = "a KTP extraction finished with FAIL_ON_1";
    public const string NotDetectedKtp = "a KTP extraction finished with KTP_NOT_DETECTED";
    public const string EnrolledSubject = "an enrolled face subject exists";
    public const string NoQuota = "the App-ID is in testing mode with no quota left";
    public const string VendorSandbox = "the App-ID is a vendor sandbox App-ID";

    private static IReadOnlyDictionary<string, object?> None => new Dictionary<string, object?>();

    public static ValueTask<string> TenantOf(ProviderStateRequest request) =>
        ValueTask.FromResult(Tenant(request.Parameters, "appId", request.Services.GetRequiredService<VerihubsOptions>().DefaultAppId));

    public static void Declare(ProviderStateTable table) => table
        .Add(SandboxApp)
        .Add(FinishedKtp, c => KtpAsync(c, finished: true))
        .Add(RunningKtp, c => KtpAsync(c, finished: false))
        .Add(QualityFailedKtp, c => KtpAsync(c, finished: true, VerihubsScenarios.KtpBlur, validateQuality: true))
        .Add(NotDetectedKtp, c => KtpAsync(c, finished: true, VerihubsScenarios.KtpNotDetected))
        .Add(NoKtp)
        .Add(EnrolledSubject, EnrolledAsync)
        .Add(NoQuota, c => SettingsAsync(c, s => s with { Mode = AppModes.Testing, Quota = 0 }))
        .Add(VendorSandbox, c => SettingsAsync(c, s => s with { Mode = AppModes.VendorSandbox }));

    /// <summary>An async KTP job by the feature's own job kind: <paramref name="scenario"/> (or the <c>scenario</c> parameter) shapes its result.</summary>
    private static async ValueTask<IReadOnlyDictionary<string, object?>> KtpAsync(ProviderStateContext context, bool finished, string? scenario = null, bool validateQuality = false)
    {
        var services = context.Services;
        var store = services.GetRequiredService<VerihubsStore>();
        var kind = services.GetRequiredService<KtpJobs>();
        var referenceId = Required(context.Parameters, "reference_id");
        var scenarioName = scenario ?? Param(context.Parameters, "scenario") ?? VerihubsScenarios.KtpOk;
        if (!services.GetRequiredService<ScenarioCatalog>().TryGet(scenarioName, out var shaping) || !shaping.Fits(VerihubsScenarios.Ktp)
            || shaping.Name == VerihubsScenarios.InsufficientQuota)
        {
            throw new ControlApiException(400, "invalid_params", $"Scenario '{scenarioName}' does not exist, does not apply to KTP, or refuses the call instead of shaping a result.");
        }
        var outcome = KtpApi.OutcomeOf(shaping, IndonesianPersona.SeedFor(System.Text.Encoding.UTF8.GetBytes(referenceId)));
        var origin = finished ? context.Now.AddSeconds(-kind.FinishAfter(shaping)) : context.Now;
        var validate = validateQuality || context.Parameters["validate_quality"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        var (record, job) = kind.NewJob(referenceId, null, validate, outcome, shaping, origin);
        await store.Raw.CommitAsync(
        [
            store.KtpReferences.Put(context.Tenant, referenceId, new ReferenceIdTaken(context.Now)),
            store.KtpJobs.Put(context.Tenant, referenceId, record),
            services.GetRequiredService<JobRegistry>().Write(context.Tenant, job),
        ]);
        return new Dictionary<string, object?> { ["reference_id"] = referenceId, ["id"] = record.Id };
    }

    private static async ValueTask<IReadOnlyDictionary<string, object?>> EnrolledAsync(ProviderStateContext context)
    {
        var subjectId = Required(context.Parameters, "subject_id");
        var person = Param(context.Parameters, "person") ?? "A";
        await context.Services.GetRequiredService<VerihubsStore>().Subjects.PutAsync(context.Tenant, subjectId, new FaceSubject(subjectId, "person:" + person, person, context.Now));
        return new Dictionary<string, object?> { ["subject_id"] = subjectId };
    }

    private static async ValueTask<IReadOnlyDictionary<string, object?>> SettingsAsync(ProviderStateContext context, Func<AppSettings, AppSettings> change)
    {
        await context.Services.GetRequiredService<VerihubsStore>().ChangeSettingsAsync(context.Tenant, change);
        return None;
    }
}
