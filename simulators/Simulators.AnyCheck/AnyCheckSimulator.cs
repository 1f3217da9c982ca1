using Microsoft.Extensions.DependencyInjection;
using Simulators.AnyCheck.Auth;
using Simulators.AnyCheck.Control;
using Simulators.AnyCheck.Folders;
using Simulators.AnyCheck.Services;
using Simulators.AnyCheck.Uploads;
using Simulators.AnyCheck.Verifications;
using Simulators.AnyCheck.Webhooks;
using Simulators.Core.Hosting;
using Simulators.Core.Personas;
using Simulators.Core.Tenants;

namespace Simulators.AnyCheck;

/// <summary>The AnyCheck (Fintelite) simulator: its table of contents.</summary>
public sealed class AnyCheckSimulator : SimulatorModule
{
    public override string Id => "anycheck";

    public override string DisplayName => "AnyCheck";

    public override int DefaultPort => 5101;

    public override void Configure(SimulatorBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var scenarios = AnyCheckScenarios.Create();
        FixtureCatalog.RegisterInto(scenarios, "anycheck");

        builder
            .Options<AnyCheckOptions>(AnyCheckOptions.Section, AnyCheckOptions.Validate)
            .Scenarios(scenarios)
            .Errors<AnyCheckErrorEnvelope>()
            .JobKind<VerificationJobs>()
            .WebhookSigner<AnyCheckWebhooks>()
            .SecretHeaders("X-API-Key")
            .SecretFields("password", "access_token", "refresh_token", "webhook_secret", "file_passwords")
            .DefaultTenant(_ => AnyCheckCredentials.SandboxTenant)
            .ControlCredential(http => http.RequestServices.GetRequiredService<AnyCheckAuth>().ControlTenantAsync(http))
            .TenantAlias(async (services, name, cancellationToken) =>
                (await services.GetRequiredService<TenantDirectory>().FindAsync(name, cancellationToken)).Exists
                    ? null
                    : await services.GetRequiredService<AnyCheckCredentials>().AliasAsync(name, cancellationToken))
            .Seed(async (services, cancellationToken) =>
            {
                await services.GetRequiredService<AnyCheckCredentials>().SeedAsync(cancellationToken);
                await services.GetRequiredService<AnyCheckTokens>().SeedAsync(cancellationToken);
            })
            .Credentials((services, cancellationToken) => AnyCheckControl.DescribeCredentialsAsync(
                services.GetRequiredService<AnyCheckCredentials>(), services.GetRequiredService<AnyCheckOptions>(), cancellationToken))
            .ProviderStates(AnyCheckProviderStates.TenantOfAsync, AnyCheckProviderStates.Declare)
            .Control(control => control.MapAnyCheckControl())
            .Endpoints(app =>
            {
                app.MapAuth();
                app.MapUploads();
                app.MapServices();
                app.MapFolders();
                app.MapVerifications();
            })
            .Banner((services, baseUrl) =>
            {
                var options = services.GetRequiredService<AnyCheckOptions>();
                return
                [
                    $"AnyCheck   {baseUrl}",
                    $"  login    email {options.DefaultEmail}  password {options.DefaultPassword}  (POST {baseUrl}/auth/login)",
                    $"  API key  X-API-Key: {options.DefaultApiKey}  (any ak_test_* key is its own tenant)",
                    $"  control  {baseUrl}/__simulator/scenarios, /__simulator/clock, /__simulator/jobs, /__simulator/webhooks",
                ];
            });

        builder.Services.AddSingleton<AnyCheckStore>();
        builder.Services.AddSingleton<AnyCheckCredentials>();
        builder.Services.AddSingleton<AnyCheckTokens>();
        builder.Services.AddSingleton<AnyCheckAuth>();
        builder.Services.AddSingleton<VerificationViews>();
        builder.Services.AddSingleton<AnyCheckProviderStates>();
    }
}
