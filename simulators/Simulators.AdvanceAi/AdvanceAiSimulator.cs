using Microsoft.Extensions.DependencyInjection;
using Simulators.AdvanceAi.Auth;
using Simulators.AdvanceAi.Control;
using Simulators.AdvanceAi.Journey;
using Simulators.AdvanceAi.Notifications;
using Simulators.AdvanceAi.Results;
using Simulators.AdvanceAi.Verification;
using Simulators.Core.Hosting;
using Simulators.Core.Webhooks;

namespace Simulators.AdvanceAi;

/// <summary>The ADVANCE.AI IDVS H5 simulator: its table of contents.</summary>
public sealed class AdvanceAiSimulator : SimulatorModule
{
    public override string Id => "advanceai";

    public override string DisplayName => "AdvanceAi";

    public override string Title => "ADVANCE.AI";

    public override int DefaultPort => 5103;

    public override void Configure(SimulatorBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder
            .Options<AdvanceAiOptions>(AdvanceAiOptions.Section, AdvanceAiOptions.Validate)
            .Scenarios(AdvanceAiScenarios.Create())
            .Errors<AdvanceAiErrorEnvelope>()
            .JobKind<JourneyJobs>()
            .WebhookSigner<WebhookSigner>()
            // The webhook docs' 3 retries after 5, 10 and 20 s; callbackUrl notices reuse them (undocumented).
            .WebhookRetry(services =>
            {
                var options = services.GetRequiredService<AdvanceAiOptions>();
                return WebhookRetryPolicy.Of(options.Retries(), TimeSpan.FromSeconds(options.NoticeTimeoutSeconds));
            })
            .SecretHeaders(AdvanceAiAuth.TokenHeader)
            .SecretFields("signature", "token", "secretKey")
            .DefaultTenant(services => services.GetRequiredService<AdvanceAiOptions>().DefaultAccessKey)
            .ControlCredential(http => http.RequestServices.GetRequiredService<AdvanceAiAuth>().ControlTenantAsync(http))
            .Seed(async (services, cancellationToken) =>
            {
                await services.GetRequiredService<AdvanceAiTokens>().SeedAsync(cancellationToken);
                await AdvanceAiControl.SeedAsync(services.GetRequiredService<AdvanceAiStore>(), services.GetRequiredService<AdvanceAiOptions>(), cancellationToken);
            })
            .Credentials((services, _) => ValueTask.FromResult(AdvanceAiControl.DescribeCredentials(services.GetRequiredService<AdvanceAiOptions>())))
            .ProviderStates(AdvanceAiProviderStates.TenantOf, AdvanceAiProviderStates.Declare)
            .Control(control => control.MapAdvanceAiControl())
            .Endpoints(app =>
            {
                app.MapToken();
                app.MapGenerateUrl();
                app.MapResults();
                app.MapVerification();
                app.MapJourneyPage();
                ImageLinks.MapImages(app);
            })
            .Banner((services, baseUrl) =>
            {
                var options = services.GetRequiredService<AdvanceAiOptions>();
                return
                [
                    $"ADVANCE.AI {baseUrl}",
                    $"  keys     accessKey {options.DefaultAccessKey}  secretKey {options.DefaultSecretKey}  (POST {baseUrl}{TokenApi.Path})",
                    $"  sample   accessKey {AdvanceAiControl.SampleAccessKey}  secretKey {AdvanceAiControl.SampleSecretKey}  (the docs' signature example)",
                    $"  journey  POST {baseUrl}/__simulator/journeys/<signatureId> {{\"action\":\"submit\",\"scenario\":\"PASS\"}}",
                    $"  control  {baseUrl}/__simulator/scenarios, /__simulator/accounts, /__simulator/clock, /__simulator/jobs, /__simulator/webhooks, /__simulator/credentials",
                ];
            });

        builder.Services.AddSingleton<AdvanceAiStore>();
        builder.Services.AddSingleton<AdvanceAiTokens>();
        builder.Services.AddSingleton<AdvanceAiAuth>();
        builder.Services.AddSingleton<PublicUrls>();
        builder.Services.AddSingleton<JourneyFlow>();
        builder.Services.AddSingleton<ImageLinks>();
        builder.Services.AddSingleton<ResultWriter>();
    }
}
