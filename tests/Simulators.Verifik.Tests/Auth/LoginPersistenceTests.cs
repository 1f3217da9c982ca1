using System.Net;
using Simulators.Testing;

namespace Simulators.Verifik.Tests.Auth;

public class LoginPersistenceTests
{
    [Fact]
    public async Task Otps_OnAPersistentStore_SurviveARestartAndStillLogIn()
    {
        var database = Path.Combine(Path.GetTempPath(), $"verifik-auth-{Guid.NewGuid():N}.db");
        try
        {
            var email = AuthSteps.Unique("kept");
            string otp;
            string registeredToken;
            await using (var first = await SimulatorHarness.StartVerifikAsync(o => o.Configuration["Store"] = "sqlite:" + database))
            {
                (await first.EmailLoginAsync(email)).EnsureSuccessStatusCode();
                otp = await first.LatestOtpAsync(email);
                (_, registeredToken) = await first.RegisterAsync(countryCode: "+62", phone: "81234567890");
            }

            await using var second = await SimulatorHarness.StartVerifikAsync(o => o.Configuration["Store"] = "sqlite:" + database);
            (await second.OtpsAsync(email)).Select(e => e.GetProperty("otp").GetString()).Should().Equal(otp);
            using var confirmed = await second.EmailConfirmAsync(email, otp);
            using var session = await second.SessionAsync(registeredToken);

            confirmed.StatusCode.Should().Be(HttpStatusCode.OK);
            session.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        finally
        {
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(database) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task Otps_WithoutTo_Answers400()
    {
        await using var sim = await SimulatorHarness.StartVerifikAsync();

        using var response = await sim.Control.Http.GetAsync(new Uri("/__simulator/otps", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("invalid_body");
    }
}
