using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Simulators.AnyCheck.Auth;
using Simulators.AnyCheck.Control;
using Simulators.AnyCheck.Folders;
using Simulators.AnyCheck.Services;
using Simulators.AnyCheck.Uploads;
using Simulators.AnyCheck.Verifications;
using Simulators.AnyCheck.Webhooks;
using Simulators.Core.Clock;
using Simulators.Core.Hosting;
using Simulators.Core.Personas;
using Simulators.Core.Scenarios;
using Simulators.Core.Tenants;

namespace Simulators.AnyCheck;

/// <summary>The AnyCheck (Fintelite) simulator: its table of contents.</summary>
public sealed class AnyCheckSimulator : ISimulatorModule
{
    public string Name => "anycheck";

    public string DisplayName => "AnyCheck";

    public int DefaultPort => 5101;

    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddAnyCheck(configuration);

    public void Map(WebApplication app) => app.MapAnyCheck();

    public IEnumerable<string> Banner(string baseUrl)
    {
        var options = new AnyCheckOptions();
        yield return $"AnyCheck   {baseUrl}";
        yield return $"  login    email {options.DefaultEmail}  password {options.DefaultPassword}  (POST {baseUrl}/auth/login)";
        yield return $"  API key  X-API-Key: {options.DefaultApiKey}  (any ak_test_* key is its own tenant)";
        yield return $"  control  {baseUrl}/__simulator/scenarios, /__simulator/clock, /__simulator/webhooks";
    }
}

public static class AnyCheckSimulatorExtensions
{
    public static IServiceCollection AddAnyCheck(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new AnyCheckOptions();
        configuration.GetSection(AnyCheckOptions.Section).Bind(options);
        services.AddSingleton(options);
        var scenarios = AnyCheckScenarios.Create();
        FixtureCatalog.RegisterInto(scenarios, "anycheck");
        services.AddSingleton(scenarios);
        services.AddSingleton(sp => new TenantRegistry<AnyCheckState>(sp.GetRequiredService<SimulatorClock>(), tenant => new AnyCheckState(tenant, options)));
        services.AddSingleton<ITenantDirectory>(sp => sp.GetRequiredService<TenantRegistry<AnyCheckState>>());
        services.AddSingleton<AnyCheckCredentials>();
        services.AddSingleton<AnyCheckTokens>();
        services.AddSingleton<AnyCheckAuth>();
        services.AddSingleton<AnyCheckWebhooks>();
        services.AddSingleton<AnyCheckProviderStates>();
        services.AddSingleton<AnyCheckProvider>();
        services.AddSingleton<ISimulatorProvider>(sp => sp.GetRequiredService<AnyCheckProvider>());
        return services;
    }

    public static IEndpointRouteBuilder MapAnyCheck(this IEndpointRouteBuilder app)
    {
        app.MapAuth();
        app.MapUploads();
        app.MapServices();
        app.MapFolders();
        app.MapVerifications();
        return app;
    }
}

/// <summary>What the shared engine needs from AnyCheck: its errors, scenarios, credentials and control extras.</summary>
internal sealed class AnyCheckProvider(
    ScenarioCatalog scenarios,
    AnyCheckCredentials credentials,
    AnyCheckTokens tokens,
    TenantRegistry<AnyCheckState> tenants,
    AnyCheckOptions options,
    AnyCheckProviderStates providerStates) : ISimulatorProvider
{
    public string Name => "AnyCheck";

    public string DefaultTenant => AnyCheckCredentials.SandboxTenant;

    public ScenarioCatalog Scenarios => scenarios;

    public object DescribeCredentials() => AnyCheckControl.DescribeCredentials(credentials, options);

    public Task WriteErrorAsync(HttpContext context, int status, string message) =>
        AnyCheckException.Write(context, status, new ErrorBody(AnyCheckErrors.ForStatus(status).Code, message, null));

    public ForceOutcomeResult ForceOutcome(string jobId, Scenario scenario)
    {
        if (!Guid.TryParse(jobId, out var id))
        {
            return ForceOutcomeResult.NotFound;
        }
        foreach (var tenant in tenants.All.Cast<Tenant<AnyCheckState>>())
        {
            if (tenant.State.Verifications.TryGetValue(id, out var verification))
            {
                return VerificationsApi.Force(verification, scenario, options) ? ForceOutcomeResult.Forced : ForceOutcomeResult.NotApplicable;
            }
        }
        return ForceOutcomeResult.NotFound;
    }

    public void ResetAll()
    {
        credentials.Reset();
        tokens.Reset();
    }

    public IReadOnlyDictionary<string, object?> ApplyProviderState(string state, System.Text.Json.Nodes.JsonObject parameters, string action) =>
        providerStates.Apply(state, parameters, action);

    public void MapControl(RouteGroupBuilder control) => control.MapAnyCheckControl();
}
