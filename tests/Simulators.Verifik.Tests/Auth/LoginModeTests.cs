using System.Net;
using Simulators.Testing;

namespace Simulators.Verifik.Tests.Auth;

/// <summary>Options that need a simulator of their own: the strict mode, the OTP bound, the whole simulator's clock.</summary>
public class LoginModeTests
{
    [Fact]
    public async Task StrictLogins_UnknownDestinations_AreRefusedAndRegisteredOnesLogIn()
    {
        await using var sim = await SimulatorHarness.StartVerifikAsync(o => o.Configuration["Verifik:StrictLogins"] = "true");
        var email = AuthSteps.Unique("registered");
        var (clientId, _) = await sim.RegisterAsync(email: email, countryCode: "+57", phone: "3001234567");

        using var unknownEmail = await sim.EmailLoginAsync(AuthSteps.Unique("stranger"));
        using var unknownPhone = await sim.PhoneLoginAsync("5559876543");
        var byEmail = await sim.LoginByEmailAsync(email);
        var bySandbox = await sim.LoginByEmailAsync("sandbox@verifik.example");
        (await sim.PhoneLoginAsync("3001234567", "+57")).EnsureSuccessStatusCode();
        using var byPhone = await sim.PhoneConfirmAsync("3001234567", await sim.LatestOtpAsync("+573001234567"), "57");

        unknownEmail.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknownEmail.Content.ReadAsStringAsync()).Should().Be("""{"code":"NotFound","message":"invalid_email"}""");
        unknownPhone.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknownPhone.Content.ReadAsStringAsync()).Should().Be("""{"code":"NotFound","message":"invalid_phone"}""");
        AuthSteps.Claims(byEmail).GetProperty("clientId").GetString().Should().Be(clientId);
        AuthSteps.Claims(bySandbox).GetProperty("clientId").GetString().Should().Be("665f1c2e9b1d4a0012345678");
        byPhone.StatusCode.Should().Be(HttpStatusCode.OK);
        var phoneToken = (await VerifikFixture.JsonAsync(byPhone)).GetProperty("data").GetProperty("accessToken").GetString()!;
        AuthSteps.Claims(phoneToken).GetProperty("clientId").GetString().Should().Be(clientId);
        (await sim.Control.GetAsync("clients")).GetProperty("items").GetArrayLength().Should().Be(2, "the sandbox client and the registered one, nobody else");
        (await sim.Control.GetCredentialsAsync()).GetProperty("logins").GetString().Should().Be("strict");
        (await sim.Control.GetCredentialsAsync()).GetProperty("rules").EnumerateArray().Should().Contain(r => r.GetString()!.StartsWith("Strict logins", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Clients_RegisteringATakenEmail_Answers409()
    {
        await using var sim = await SimulatorHarness.StartVerifikAsync();
        using var response = await sim.Control.Http.PostAsync(new Uri("/__simulator/clients", UriKind.Relative),
            new StringContent("""{"email":"Sandbox@Verifik.example"}""", System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Otps_KeptPerDestination_AreBoundedNewestFirst()
    {
        await using var sim = await SimulatorHarness.StartVerifikAsync(o => o.Configuration["Verifik:OtpsKept"] = "3");
        var email = AuthSteps.Unique("bounded");
        var sent = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            (await sim.EmailLoginAsync(email)).EnsureSuccessStatusCode();
            sent.Add(await sim.LatestOtpAsync(email));
        }

        var listed = await sim.OtpsAsync(email);

        listed.Select(e => e.GetProperty("otp").GetString()).Should().Equal(sent[4], sent[3], sent[2]);
    }

    [Fact]
    public async Task EmailConfirm_NewEmailAfterTenMinutesOnTheSimulatorClock_Returns400()
    {
        await using var sim = await SimulatorHarness.StartVerifikAsync();
        var email = AuthSteps.Unique("late");
        (await sim.EmailLoginAsync(email)).EnsureSuccessStatusCode();
        var otp = await sim.LatestOtpAsync(email);

        await sim.Control.AdvanceAsync(TimeSpan.FromMinutes(10));
        using var response = await sim.EmailConfirmAsync(email, otp);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"message":"invalid_otp","code":"ERROR"}""");
        (await sim.Control.GetAsync("clients")).GetProperty("items").GetArrayLength().Should().Be(1, "a login never confirmed makes no client");
    }
}
