using Microsoft.Extensions.DependencyInjection;
using Simulators.Core.Hosting;
using Simulators.Core.Scenarios;
using Simulators.Verifik.AppRegistrations;
using Simulators.Verifik.Auth;
using Simulators.Verifik.Control;
using Simulators.Verifik.DocumentLiveness;
using Simulators.Verifik.Face;
using Simulators.Verifik.Ocr;
using Simulators.Verifik.Webhooks;

namespace Simulators.Verifik;

/// <summary>The Verifik simulator: its table of contents.</summary>
public sealed class VerifikSimulator : SimulatorModule
{
    public override string Id => "verifik";

    public override string DisplayName => "Verifik";

    public override int DefaultPort => 5102;

    public override void Configure(SimulatorBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder
            .Options<VerifikOptions>(VerifikOptions.Section, VerifikOptions.Validate)
            .Scenarios(DocumentLivenessScenarios.Catalog([.. FaceScenarios.All, .. OcrApi.Scenarios, .. AppRegistrationScenarios.All]))
            .Endpoints(endpoints => endpoints.MapDocumentLiveness())
            .Endpoints(endpoints => endpoints.MapFace())
            .Endpoints(endpoints => endpoints.MapOcr())
            .Endpoints(endpoints =>
            {
                endpoints.MapAppRegistrations();
                endpoints.MapRegistrants();
                endpoints.MapWebhooks();
            })
            .JobKind<AppRegistrationJobs>()
            .WebhookSigner<VerifikWebhookSigner>()
            .Control(control => control.MapDocumentLivenessControl())
            .Errors<VerifikErrorEnvelope>()
            .SecretHeaders("Authorization")
            .SecretFields("otp", "accessToken", "token", "image", "backImage")
            .DefaultTenant(services => services.GetRequiredService<VerifikOptions>().DefaultClientId)
            .ControlCredential(http => http.RequestServices.GetRequiredService<VerifikAuth>().ControlTenantAsync(http))
            .Seed(async (services, cancellationToken) =>
            {
                await services.GetRequiredService<VerifikTokens>().SeedAsync(cancellationToken);
                var options = services.GetRequiredService<VerifikOptions>();
                var now = (await services.GetRequiredService<Simulators.Core.Tenants.TenantDirectory>().EnsureAsync(options.DefaultClientId, cancellationToken)).Now;
                await VerifikControl.SeedAsync(services.GetRequiredService<VerifikStore>(), services.GetRequiredService<VerifikTokens>(), options, now, cancellationToken);
            })
            .Credentials((services, _) => ValueTask.FromResult(VerifikControl.DescribeCredentials(services.GetRequiredService<VerifikOptions>(), services.GetRequiredService<VerifikTokens>())))
            .ProviderStates(VerifikProviderStates.TenantOf, VerifikProviderStates.Declare)
            .Control(control => control.MapVerifikControl())
            .Control(control => control.MapVerifikLogins())
            .Endpoints(_ => { })
            .Endpoints(app => app.MapLogins())
            .Endpoints(app => app.MapSessions())
            .Endpoints(app => app.MapValidationLogins())
            .Endpoints(app => app.MapClients())
            .Banner((services, baseUrl) =>
            {
                var options = services.GetRequiredService<VerifikOptions>();
                return
                [
                    $"Verifik    {baseUrl}",
                    $"  client   {options.DefaultClientId}  ({options.DefaultEmail})",
                    $"  token    Authorization: Bearer {services.GetRequiredService<VerifikTokens>().SandboxToken}",
                    $"  enroll   POST {baseUrl}/v2/webhooks, /v2/app-registrations; events as {{type, object}} ({options.ProjectFlowType}_<event>), signing {options.WebhookSigning}",
                    $"  control  {baseUrl}/__simulator/scenarios, /__simulator/credentials, /__simulator/clock, /__simulator/jobs, /__simulator/webhooks, /__simulator/otps",
                ];
            });

        builder.Services.AddSingleton<VerifikStore>();
        builder.Services.AddSingleton<VerifikTokens>();
        builder.Services.AddSingleton<VerifikAuth>();
        builder.Services.AddSingleton<DocumentLivenessStore>();
        builder.Services.AddSingleton<VerifikLogins>();
        builder.Services.AddSingleton<FaceImages>();
        builder.Services.AddSingleton<AppRegistrationStore>();
        builder.Services.AddSingleton<WebhookStore>();
    }
}
