using Simulators.Testing;

namespace Simulators.Verifik.Tests.AppRegistrations;

public class AppRegistrationPersistenceTests
{
    [Fact]
    public async Task Registration_OnAPersistentStore_SurvivesARestart_AndEndsWithItsEventsDelivered()
    {
        var database = Path.Combine(Path.GetTempPath(), $"verifik-enroll-{Guid.NewGuid():N}.db");
        try
        {
            string id;
            string token;
            string clientToken;
            await using (var first = await SimulatorHarness.StartVerifikAsync(o => o.Configuration["Store"] = "sqlite:" + database))
            {
                var enroll = await Enrollment.NewAsync(first);
                clientToken = enroll.Token;
                await enroll.WebhookAsync();
                (id, token) = await enroll.CreateAsync();
                await enroll.DocumentAsync(token);
            }

            await using var second = await SimulatorHarness.StartVerifikAsync(o => o.Configuration["Store"] = "sqlite:" + database);
            var again = Enrollment.Resume(second, clientToken);
            (await again.StatusAsync(id)).Should().Be("ONGOING");
            var selfie = (await again.SelfieAsync(token)).GetProperty("data");
            selfie.GetProperty("documentValidation").GetString().Should().MatchRegex("^[0-9a-f]{24}$", "the document sent before the restart is kept");
            await again.AdvanceAsync(5);
            (await again.StatusAsync(id)).Should().Be("COMPLETED");
            again.TypesFor(id).Should().Contain(["onboarding_biometric_validation_validated", "onboarding_app_registration_completed"]);
            (await again.OkAsync(HttpMethod.Get, "/v2/webhooks")).GetProperty("total").GetInt32().Should().Be(1);
        }
        finally
        {
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(database) + "*"))
            {
                File.Delete(file);
            }
        }
    }
}
