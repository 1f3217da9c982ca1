using Simulators.Testing;
using Xunit.Abstractions;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// <c>schemas/verifik/</c> against the Verifik simulator: the coverage run over <see cref="VerifikTour"/> (document
/// liveness in each responseShape with every scenario and error, face recognition and OCR with every scenario and
/// error, the OTP logins, sessions and validation logins, Smart Enroll's registrations and webhooks with every event
/// delivered (<see cref="VerifikEnrollTour"/>), the engine's own errors), and field renames in real answers of each shape.
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

    /// <summary>Strict logins are a start-up option, so the coverage run cannot reach their 404: it is checked here.</summary>
    [Fact]
    public async Task StrictPhoneLogin_UnknownPhone_BodyMatchesErrorSchema()
    {
        await using var sim = await SimulatorHarness.StartVerifikAsync(o => o.Configuration["Verifik:StrictLogins"] = "true");

        using var response = await sim.Client.PostAsync(new Uri(VerifikSchemaMap.PhoneLogin, UriKind.Relative),
            new StringContent("""{"countryCode":"+1","phone":5550001111,"type":"login"}""", System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).Should().Be(404, body);
        SchemaCoverage.Json(body).GetProperty("message").GetString().Should().Be("invalid_phone");
        (await SchemaRepository.ValidateAsync(SchemaRepository.Verifik, VerifikSchemaMap.Error, body)).Should().BeEmpty(body);
    }
}
