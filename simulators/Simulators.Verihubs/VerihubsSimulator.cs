using Microsoft.Extensions.DependencyInjection;
using Simulators.Core.Hosting;
using Simulators.Core.Personas;
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
public sealed class VerihubsSimulator : SimulatorModule
{
    public override string Id => "verihubs";

    public override string DisplayName => "Verihubs";

    public override int DefaultPort => 5104;

    public override void Configure(SimulatorBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var scenarios = VerihubsScenarios.Create();
        FixtureCatalog.RegisterInto(scenarios, "verihubs");

        builder
            .Options<VerihubsOptions>(VerihubsOptions.Section, VerihubsOptions.Validate)
            .Scenarios(scenarios)
            .Errors<VerihubsErrorEnvelope>()
            .JobKind<KtpJobs>()
            .WebhookSigner<KtpCallbacks>()
            // The reference's 3 retries with backoff, in place of the engine's default schedule.
            .WebhookRetry(services =>
            {
                var options = services.GetRequiredService<VerihubsOptions>();
                return WebhookRetryPolicy.Of(options.CallbackRetries(), TimeSpan.FromSeconds(options.CallbackTimeoutSeconds));
            })
            .SecretHeaders(VerihubsAuth.ApiKeyHeader)
            .ControlCredential(http => ValueTask.FromResult(http.RequestServices.GetRequiredService<VerihubsAuth>().ControlTenant(http)))
            .DefaultTenant(services => services.GetRequiredService<VerihubsOptions>().DefaultAppId)
            .Credentials((services, _) => ValueTask.FromResult(VerihubsControl.DescribeCredentials(services.GetRequiredService<VerihubsOptions>())))
            .ProviderStates(VerihubsProviderStates.TenantOf, VerihubsProviderStates.Declare)
            .Control(control => control.MapVerihubsControl())
            .Endpoints(app =>
            {
                app.MapKtp();
                app.MapFace();
                app.MapIdVerification();
                app.MapCertificate();
            })
            .Banner((services, baseUrl) =>
            {
                var options = services.GetRequiredService<VerihubsOptions>();
                return
                [
                    $"Verihubs   {baseUrl}",
                    $"  headers  App-ID: {options.DefaultAppId}  API-Key: {options.DefaultApiKey}  (any App-ID with this key is its own tenant)",
                    $"  callback Basic {options.CallbackUsername}:{options.CallbackPassword}  (per App-ID: POST {baseUrl}/__simulator/apps/<App-ID>)",
                    $"  control  {baseUrl}/__simulator/scenarios, /__simulator/clock, /__simulator/jobs, /__simulator/webhooks, /__simulator/credentials",
                ];
            });

        builder.Services.AddSingleton<VerihubsStore>();
        builder.Services.AddSingleton<VerihubsAuth>();
        builder.Services.AddSingleton<ImageReader>();
    }
}
