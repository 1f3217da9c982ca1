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

    private const string TooManyRequests = """{"code":"TooManyRequests","message":"Too many requests, please retry later."}""";

    [Fact]
    public async Task EmailLogin_DestinationHoldingOtpsKeptLiveOtps_Returns429AndDropsNone()
    {
        await using var sim = await SimulatorHarness.StartVerifikAsync(o => o.Configuration["Verifik:OtpsKept"] = "3");
        var email = AuthSteps.Unique("bounded");
        var sent = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            (await sim.EmailLoginAsync(email)).EnsureSuccessStatusCode();
            sent.Add(await sim.LatestOtpAsync(email));
        }

        using var refused = await sim.EmailLoginAsync(email);

        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await refused.Content.ReadAsStringAsync()).Should().Be(TooManyRequests);
        (await sim.OtpsAsync(email)).Select(e => e.GetProperty("otp").GetString()).Should().Equal(sent[2], sent[1], sent[0]);
        using var oldest = await sim.EmailConfirmAsync(email, sent[0]);
        oldest.StatusCode.Should().Be(HttpStatusCode.OK, "the oldest OTP was kept and can still be confirmed");
    }

    [Fact]
    public async Task EmailLogin_FullDestinationAfterAConfirmOrExpiry_SendsAgainDroppingOnlyFinishedOtps()
    {
        await using var sim = await SimulatorHarness.StartVerifikAsync(o => o.Configuration["Verifik:OtpsKept"] = "2");
        var email = AuthSteps.Unique("room");
        (await sim.EmailLoginAsync(email)).EnsureSuccessStatusCode();
        var first = await sim.LatestOtpAsync(email);
        (await sim.EmailLoginAsync(email)).EnsureSuccessStatusCode();
        var second = await sim.LatestOtpAsync(email);
        (await sim.EmailConfirmAsync(email, first)).EnsureSuccessStatusCode();

        // The used OTP makes room; the live one stays.
        (await sim.EmailLoginAsync(email)).EnsureSuccessStatusCode();
        var third = await sim.LatestOtpAsync(email);
        (await sim.OtpsAsync(email)).Select(e => e.GetProperty("otp").GetString()).Should().Equal(third, second);
        (await sim.EmailLoginAsync(email)).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);

        // Expired on the clock, both make room.
        await sim.Control.AdvanceAsync(TimeSpan.FromMinutes(10));
        (await sim.EmailLoginAsync(email)).EnsureSuccessStatusCode();
        (await sim.OtpsAsync(email)).Should().ContainSingle();
    }

    [Fact]
    public async Task EmailLogin_OtpDestinationsAllHoldingLiveOtps_RefusesANewDestinationUntilSomeExpireOrAreUsed()
    {
        await using var sim = await SimulatorHarness.StartVerifikAsync(o => o.Configuration["Verifik:OtpDestinations"] = "2");
        var (a, b, c, d) = (AuthSteps.Unique("a"), AuthSteps.Unique("b"), AuthSteps.Unique("c"), AuthSteps.Unique("d"));
        (await sim.EmailLoginAsync(a)).EnsureSuccessStatusCode();
        (await sim.EmailLoginAsync(b)).EnsureSuccessStatusCode();

        using (var refused = await sim.EmailLoginAsync(c))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
            (await refused.Content.ReadAsStringAsync()).Should().Be(TooManyRequests);
        }
        (await sim.EmailLoginAsync(a)).StatusCode.Should().Be(HttpStatusCode.OK, "a destination already holding a live OTP takes no new room");
        (await sim.OtpsAsync(b)).Should().ContainSingle("nothing live was swept to make room");

        // b's OTP is used: its box is finished and is swept for c.
        (await sim.EmailConfirmAsync(b, await sim.LatestOtpAsync(b))).EnsureSuccessStatusCode();
        (await sim.EmailLoginAsync(c)).EnsureSuccessStatusCode();
        (await sim.OtpsAsync(b)).Should().BeEmpty();
        (await sim.EmailLoginAsync(d)).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);

        // Ten minutes on: a's and c's expire and are swept for d.
        await sim.Control.AdvanceAsync(TimeSpan.FromMinutes(10));
        (await sim.EmailLoginAsync(d)).EnsureSuccessStatusCode();
        (await sim.OtpsAsync(d)).Should().ContainSingle();
        (await sim.Control.GetAsync("otps?to=" + Uri.EscapeDataString(a))).GetProperty("items").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task PhoneLogin_OtpDestinationsAllHoldingLiveOtps_Returns429InTheSameShape()
    {
        await using var sim = await SimulatorHarness.StartVerifikAsync(o => o.Configuration["Verifik:OtpDestinations"] = "1");
        (await sim.PhoneLoginAsync(AuthSteps.UniquePhone())).EnsureSuccessStatusCode();

        using var refused = await sim.PhoneLoginAsync(AuthSteps.UniquePhone());

        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await refused.Content.ReadAsStringAsync()).Should().Be(TooManyRequests);
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
