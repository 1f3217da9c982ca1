using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Simulators.Core.Clock;
using Simulators.Core.Hosting;
using Simulators.Core.Lifecycle;
using Simulators.Core.Personas;
using Simulators.Core.Scenarios;
using Simulators.Core.Tenants;
using Simulators.Core.Webhooks;
using Simulators.Verihubs.Auth;
using Simulators.Verihubs.Callbacks;
using Simulators.Verihubs.Control;
using Simulators.Verihubs.Face;
using Simulators.Verihubs.IdVerification;
using Simulators.Verihubs.Images;
using Simulators.Verihubs.Ktp;

namespace Simulators.Verihubs;

/// <summary>The Verihubs simulator: its table of contents.</summary>
public sealed class VerihubsSimulator : ISimulatorModule
{
    public string Name => "verihubs";

    public string DisplayName => "Verihubs";

    public int DefaultPort => 5104;

    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddVerihubs(configuration);

    public void Map(WebApplication app) => app.MapVerihubs();

    public IEnumerable<string> Banner(string baseUrl)
    {
        var options = new VerihubsOptions();
        yield return $"Verihubs   {baseUrl}";
        yield return $"  headers  App-ID: {options.DefaultAppId}  API-Key: {options.DefaultApiKey}  (any App-ID with this key is its own tenant)";
        yield return $"  callback Basic {options.CallbackUsername}:{options.CallbackPassword}  (per App-ID: POST {baseUrl}/__simulator/apps/<App-ID>)";
        yield return $"  control  {baseUrl}/__simulator/scenarios, /__simulator/clock, /__simulator/webhooks, /__simulator/credentials";
    }
}

public static class VerihubsSimulatorExtensions
{
    public static IServiceCollection AddVerihubs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new VerihubsOptions();
        configuration.GetSection(VerihubsOptions.Section).Bind(options);
        services.AddSingleton(options);
        // The outbox's retry policy is per simulator (the engine's default yields to this one): the reference's 3 retries with backoff.
        var retries = new WebhookRetryPolicy { Timeout = TimeSpan.FromSeconds(options.CallbackTimeoutSeconds) };
        retries.Backoff.Clear();
        foreach (var delay in options.CallbackRetries())
        {
            retries.Backoff.Add(delay);
        }
        services.AddSingleton(retries);
        var scenarios = VerihubsScenarios.Create();
        FixtureCatalog.RegisterInto(scenarios, "verihubs");
        services.AddSingleton(scenarios);
        services.AddSingleton(sp => new TenantRegistry<VerihubsState>(sp.GetRequiredService<SimulatorClock>(), tenant => new VerihubsState(tenant, options)));
        services.AddSingleton<ITenantDirectory>(sp => sp.GetRequiredService<TenantRegistry<VerihubsState>>());
        services.AddSingleton<VerihubsAuth>();
        services.AddSingleton<ImageReader>();
        services.AddSingleton<KtpCallbacks>();
        services.AddSingleton<VerihubsProviderStates>();
        services.AddSingleton<VerihubsProvider>();
        services.AddSingleton<ISimulatorProvider>(sp => sp.GetRequiredService<VerihubsProvider>());
        return services;
    }

    public static IEndpointRouteBuilder MapVerihubs(this IEndpointRouteBuilder app)
    {
        app.MapKtp();
        app.MapFace();
        app.MapIdVerification();
        return app;
    }
}

/// <summary>What the shared engine needs from Verihubs: its errors, scenarios, credentials and control extras.</summary>
internal sealed class VerihubsProvider(
    ScenarioCatalog scenarios,
    TenantRegistry<VerihubsState> tenants,
    VerihubsOptions options,
    VerihubsProviderStates providerStates) : ISimulatorProvider
{
    public string Name => "Verihubs";

    public string DefaultTenant => options.DefaultAppId;

    public ScenarioCatalog Scenarios => scenarios;

    public object DescribeCredentials() => VerihubsControl.DescribeCredentials(options);

    public Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        var error = VerihubsErrors.ForStatus(status);
        return VerihubsException.Write(context, error.Status, new ErrorBody(status == 401 ? error.Message : message, error.Code));
    }

    /// <summary>Forces the outcome of an async KTP job, found by its <c>id</c> or reference_id.</summary>
    public ForceOutcomeResult ForceOutcome(string jobId, Scenario scenario)
    {
        foreach (var tenant in tenants.All.Cast<Tenant<VerihubsState>>())
        {
            var job = Guid.TryParse(jobId, out var id)
                ? tenant.State.KtpJobs.Values.FirstOrDefault(j => j.Id == id)
                : tenant.State.KtpJobs.GetValueOrDefault(jobId);
            if (job is null)
            {
                continue;
            }
            if (!scenario.Fits(VerihubsScenarios.Ktp) || scenario.Name == VerihubsScenarios.InsufficientQuota)
            {
                return ForceOutcomeResult.NotApplicable;
            }
            var now = tenant.Clock.GetUtcNow();
            var planned = job.Timeline.Steps[^1];
            var outcome = KtpApi.OutcomeOf(scenario, ((KtpOutcome)planned.Outcome!).Persona);
            var finishAfter = scenario.Name == VerihubsScenarios.SlowProcessing ? options.SlowFinishedAfterSeconds : options.FinishedAfterSeconds;
            var at = job.SubmittedAt.AddSeconds(finishAfter);
            job.Timeline.Replan([new TimelineStep(at < now ? now : at, KtpJob.Completed, outcome)]);
            return ForceOutcomeResult.Forced;
        }
        return ForceOutcomeResult.NotFound;
    }

    public void ResetAll()
    {
        // Credentials are fixed and per-App-ID settings live in each tenant: nothing else to reset.
    }

    public IReadOnlyDictionary<string, object?> ApplyProviderState(string state, System.Text.Json.Nodes.JsonObject parameters, string action) =>
        providerStates.Apply(state, parameters, action);

    public void MapControl(RouteGroupBuilder control) => control.MapVerihubsControl();
}
