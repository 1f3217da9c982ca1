using System.Text.Json.Nodes;
using Simulators.Core.Control;
using Simulators.Core.Lifecycle;
using Simulators.Core.Scenarios;
using Simulators.Core.Tenants;
using Simulators.Verihubs.Callbacks;
using Simulators.Verihubs.Face;
using Simulators.Verihubs.Ktp;

namespace Simulators.Verihubs.Control;

/// <summary>
/// Pact provider states. Each setup starts the App-ID's tenant afresh (param <c>appId</c>, default
/// the sandbox App-ID) with its clock frozen, so what the contract assumes is exactly what it gets.
/// </summary>
internal sealed class VerihubsProviderStates(TenantRegistry<VerihubsState> tenants, VerihubsOptions options, ScenarioCatalog scenarios, LifecyclePump pump, KtpCallbacks callbacks)
{
    public const string SandboxApp = "the sandbox App-ID exists";
    public const string FinishedKtp = "a finished KTP extraction exists";
    public const string RunningKtp = "a KTP extraction is in progress";
    public const string NoKtp = "no KTP extraction exists";
    public const string EnrolledSubject = "an enrolled face subject exists";
    public const string NoQuota = "the App-ID is in testing mode with no quota left";
    public const string VendorSandbox = "the App-ID is a vendor sandbox App-ID";

    public static readonly string[] Names = [SandboxApp, FinishedKtp, RunningKtp, NoKtp, EnrolledSubject, NoQuota, VendorSandbox];

    public IReadOnlyDictionary<string, object?> Apply(string state, JsonObject parameters, string action)
    {
        if (!Names.Contains(state, StringComparer.Ordinal))
        {
            throw new ControlApiException(400, "unknown_state", $"Unknown provider state '{state}'. Known: {string.Join("; ", Names)}.");
        }
        if (action != "setup")
        {
            return new Dictionary<string, object?>();
        }
        var appId = Param(parameters, "appId") ?? options.DefaultAppId;
        tenants.Reset(appId);
        var tenant = tenants[appId];
        // A contract describes one instant: nothing may move on between setup and request.
        tenant.Clock.Freeze();
        var now = tenant.Clock.GetUtcNow();
        switch (state)
        {
            case FinishedKtp or RunningKtp:
                var referenceId = Required(parameters, "reference_id");
                var scenarioName = Param(parameters, "scenario") ?? VerihubsScenarios.KtpOk;
                if (!scenarios.TryGet(scenarioName, out var scenario) || !scenario.Fits(VerihubsScenarios.Ktp))
                {
                    throw new ControlApiException(400, "invalid_params", $"Scenario '{scenarioName}' does not exist or does not apply to KTP.");
                }
                var outcome = KtpApi.OutcomeOf(scenario, Simulators.Core.Personas.IndonesianPersona.FromBytes(System.Text.Encoding.UTF8.GetBytes(referenceId)));
                var finished = state == FinishedKtp;
                var origin = finished ? now.AddSeconds(-options.FinishedAfterSeconds) : now;
                tenant.State.KtpReferenceIds[referenceId] = 0;
                var job = KtpApi.Start(tenant, referenceId, null, parameters["validate_quality"]?.GetValueKind() == System.Text.Json.JsonValueKind.True,
                    outcome, origin, options.FinishedAfterSeconds, pump, callbacks);
                return new Dictionary<string, object?> { ["reference_id"] = referenceId, ["id"] = job.Id };
            case EnrolledSubject:
                var subjectId = Required(parameters, "subject_id");
                var person = Param(parameters, "person") ?? "A";
                tenant.State.Subjects[subjectId] = new FaceSubject(subjectId, "person:" + person, person, now, 1);
                return new Dictionary<string, object?> { ["subject_id"] = subjectId };
            case NoQuota:
                tenant.State.Settings = tenant.State.Settings with { Mode = AppModes.Testing };
                tenant.State.SetQuota(0);
                break;
            case VendorSandbox:
                tenant.State.Settings = tenant.State.Settings with { Mode = AppModes.VendorSandbox };
                break;
        }
        return new Dictionary<string, object?>();
    }

    private static string? Param(JsonObject parameters, string name) =>
        parameters[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Required(JsonObject parameters, string name) =>
        Param(parameters, name) ?? throw new ControlApiException(400, "invalid_params", $"Provider state parameter '{name}' is required.");
}
