using Simulators.Testing;
using Xunit.Abstractions;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// <c>schemas/verifik/</c> against the Verifik simulator: the coverage run over <see cref="VerifikTour"/> (document
/// liveness in each responseShape with every scenario and error, the OTP logins, sessions and validation logins,
/// the engine's own errors), and field renames in real answers of each shape. The schemas of endpoints not served
/// yet (face recognition, OCR, app registrations, webhooks) are left out by name (<see cref="VerifikSchemaMap.NotYetServed"/>).
/// </summary>
public sealed class VerifikSchemaCoverageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task VerifikJournal_EveryServedEndpointErrorAndScenarioExercised_EveryBodyMatchesItsSchema()
    {
        await using var sim = await SimulatorHarness.StartVerifikAsync(o =>
        {
            // Request bodies are validated whole: the images, OTPs and tokens unmasked.
            o.Configuration["Journal:MaskSecretFields"] = "false";
            o.Configuration["Verifik:MaxImageBytes"] = VerifikSchemaMap.MaxImageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
            o.Configuration["Limits:RequestBodyBytes"] = VerifikSchemaMap.RequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        var tour = new VerifikTour(sim);
        await tour.RunAsync();

        await new SchemaCoverageRunner(new VerifikCoverageProfile(tour), output).RunAsync(sim);
    }
}
