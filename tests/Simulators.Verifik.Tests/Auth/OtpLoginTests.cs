using System.Net;
using System.Text.Json;

namespace Simulators.Verifik.Tests.Auth;

public class OtpLoginTests(VerifikFixture fixture) : IClassFixture<VerifikFixture>
{
    private const string SandboxClient = "665f1c2e9b1d4a0012345678";

    [Fact]
    public async Task EmailLogin_KnownEmail_AnswersSentWithExpiryTenMinutesOnTheClientsClock()
    {
        var (clientId, _) = await fixture.Sim.RegisterAsync(email: AuthSteps.Unique("known"));
        var email = (await fixture.Sim.Control.GetAsync("clients")).GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("clientId").GetString() == clientId).GetProperty("email").GetString()!;
        await fixture.Sim.Control.AdvanceAsync(TimeSpan.FromHours(2), clientId);
        var now = await fixture.Sim.Control.GetNowAsync(clientId);

        using var response = await fixture.Sim.EmailLoginAsync(email);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await VerifikFixture.JsonAsync(response);
        string.Join(",", body.EnumerateObject().Select(p => p.Name)).Should().Be("data,signature,id");
        var data = body.GetProperty("data");
        string.Join(",", data.EnumerateObject().Select(p => p.Name)).Should().Be("status,email,expiresAt");
        data.GetProperty("status").GetString().Should().Be("sent");
        data.GetProperty("email").GetString().Should().Be(email);
        data.GetProperty("expiresAt").GetString().Should().Be(now.AddMinutes(10).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        body.GetProperty("signature").GetProperty("dateTime").GetString().Should().Be("November 3, 2025 10:00 AM");
        body.GetProperty("id").GetString().Should().MatchRegex("^[A-Z0-9]{5}$");
        var otps = await fixture.Sim.OtpsAsync(email);
        otps.Should().ContainSingle();
        otps[0].GetProperty("channel").GetString().Should().Be("email");
        otps[0].GetProperty("to").GetString().Should().Be(email);
        otps[0].GetProperty("otp").GetString().Should().MatchRegex("^[0-9]{6}$");
    }

    [Fact]
    public async Task Credentials_OpenByDefault_DescribeTheLoginRules()
    {
        var credentials = await fixture.Sim.Control.GetCredentialsAsync();

        credentials.GetProperty("logins").GetString().Should().Be("open");
        credentials.GetProperty("rules").EnumerateArray().Select(r => r.GetString()).Should()
            .Contain(r => r!.Contains("/__simulator/otps", StringComparison.Ordinal))
            .And.Contain(r => r!.StartsWith("Open logins", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EmailConfirm_SandboxEmail_LogsInAsTheSandboxClient()
    {
        var token = await fixture.Sim.LoginByEmailAsync("sandbox@verifik.example");

        AuthSteps.Claims(token).GetProperty("clientId").GetString().Should().Be(SandboxClient);
    }

    [Fact]
    public async Task EmailConfirm_AnswersDataWithBearerToken()
    {
        var email = AuthSteps.Unique("shape");
        (await fixture.Sim.EmailLoginAsync(email)).EnsureSuccessStatusCode();

        using var response = await fixture.Sim.EmailConfirmAsync(email, await fixture.Sim.LatestOtpAsync(email));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        text.Should().MatchRegex("""^\{"data":\{"accessToken":"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+","tokenType":"bearer"\}\}$""");
    }

    [Fact]
    public async Task EmailConfirm_OtpAfterTenMinutes_Returns400InvalidOtp()
    {
        var email = AuthSteps.Unique("expiry");
        var (clientId, _) = await fixture.Sim.RegisterAsync(email: email);
        (await fixture.Sim.EmailLoginAsync(email)).EnsureSuccessStatusCode();
        var late = await fixture.Sim.LatestOtpAsync(email);
        (await fixture.Sim.EmailLoginAsync(email)).EnsureSuccessStatusCode();
        var inTime = await fixture.Sim.LatestOtpAsync(email);

        await fixture.Sim.Control.AdvanceAsync(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1), clientId);
        using (var justInTime = await fixture.Sim.EmailConfirmAsync(email, inTime))
        {
            justInTime.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        await fixture.Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(1), clientId);
        using var expired = await fixture.Sim.EmailConfirmAsync(email, late);

        expired.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await expired.Content.ReadAsStringAsync()).Should().Be("""{"message":"invalid_otp","code":"ERROR"}""");
        (await fixture.Sim.OtpsAsync(email)).Should().BeEmpty("expired OTPs are dropped from the list");
    }

    [Fact]
    public async Task EmailConfirm_SameOtpTwice_SecondIsRefused()
    {
        var email = AuthSteps.Unique("once");
        (await fixture.Sim.EmailLoginAsync(email)).EnsureSuccessStatusCode();
        var otp = await fixture.Sim.LatestOtpAsync(email);

        using var first = await fixture.Sim.EmailConfirmAsync(email, otp);
        using var second = await fixture.Sim.EmailConfirmAsync(email, otp);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await second.Content.ReadAsStringAsync()).Should().Be("""{"message":"invalid_otp","code":"ERROR"}""");
    }

    [Fact]
    public async Task EmailConfirm_AnotherDestinationsOtp_IsRefused()
    {
        var a = AuthSteps.Unique("a");
        var b = AuthSteps.Unique("b");
        (await fixture.Sim.EmailLoginAsync(a)).EnsureSuccessStatusCode();
        (await fixture.Sim.EmailLoginAsync(b)).EnsureSuccessStatusCode();

        using var response = await fixture.Sim.EmailConfirmAsync(b, await fixture.Sim.LatestOtpAsync(a));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task EmailConfirm_NewEmails_EachBecomesItsOwnClientAndTenant()
    {
        var a = AuthSteps.Unique("new-a");
        var b = AuthSteps.Unique("new-b");

        var tokenA = await fixture.Sim.LoginByEmailAsync(a);
        var tokenB = await fixture.Sim.LoginByEmailAsync(b);
        var againA = await fixture.Sim.LoginByEmailAsync(a.ToUpperInvariant());

        var clientA = AuthSteps.Claims(tokenA).GetProperty("clientId").GetString()!;
        var clientB = AuthSteps.Claims(tokenB).GetProperty("clientId").GetString()!;
        clientA.Should().MatchRegex("^[0-9a-f]{24}$").And.NotBe(clientB).And.NotBe(SandboxClient);
        AuthSteps.Claims(againA).GetProperty("clientId").GetString().Should().Be(clientA, "the same e-mail logs in as the same client");
        var clients = (await fixture.Sim.Control.GetAsync("clients")).GetProperty("items").EnumerateArray().ToArray();
        clients.Should().Contain(c => c.GetProperty("clientId").GetString() == clientA && c.GetProperty("email").GetString() == a);
        clients.Should().Contain(c => c.GetProperty("clientId").GetString() == clientB && c.GetProperty("email").GetString() == b);

        // Each client is its own tenant: its clock moves alone, and its calls are journaled under it.
        await fixture.Sim.Control.AdvanceAsync(TimeSpan.FromDays(31), clientA);
        using (var expiredA = await fixture.Sim.SessionAsync(tokenA))
        {
            expiredA.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }
        using (var stillB = await fixture.Sim.SessionAsync(tokenB))
        {
            stillB.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        var journalB = await fixture.Sim.Control.GetRequestsAsync(clientB);
        journalB.Should().NotBeEmpty();
        journalB.Select(r => r.GetRawText()).Should().NotContain(r => r.Contains(a, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task PhoneLogin_AnswersTheDocumentedRecordWithAHashNeverTheOtp()
    {
        var phone = AuthSteps.UniquePhone();

        using var response = await fixture.Sim.Client.PostAsync(new Uri("/v2/projects/phone-login", UriKind.Relative),
            new StringContent($$"""{"countryCode":"+1","phone":{{phone}},"type":"login"}""", System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await VerifikFixture.JsonAsync(response);
        string.Join(",", body.EnumerateObject().Select(p => p.Name)).Should().Be("data,signature,id");
        var data = body.GetProperty("data");
        string.Join(",", data.EnumerateObject().Select(p => p.Name)).Should()
            .Be("client,project,projectFlow,status,countryCode,phone,phoneGateway,otp,expiresAt,phoneData,type,redirectUrl,requires2FA,language,_id,updatedAt,createdAt,__v,new,providerConfirmation");
        foreach (var id in new[] { "_id", "client", "project", "projectFlow" })
        {
            data.GetProperty(id).GetString().Should().MatchRegex("^[0-9a-f]{24}$");
        }
        data.GetProperty("status").GetString().Should().Be("sent");
        data.GetProperty("countryCode").GetString().Should().Be("+1");
        data.GetProperty("phone").GetString().Should().Be(phone, "the documented sample answers the number sent as a string of digits");
        data.GetProperty("phoneGateway").GetString().Should().Be("whatsapp");
        data.GetProperty("type").GetString().Should().Be("login");
        data.GetProperty("__v").GetInt32().Should().Be(0);
        var created = DateTimeOffset.Parse(data.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        DateTimeOffset.Parse(data.GetProperty("expiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture).Should().Be(created.AddMinutes(10));
        var hash = data.GetProperty("otp").GetString()!;
        hash.Should().MatchRegex("""^\$2b\$10\$[./A-Za-z0-9]{53}$""");
        var otp = await fixture.Sim.LatestOtpAsync("+1" + phone);
        hash.Should().NotContain(otp);
    }

    [Theory]
    [InlineData("+1{0}")]
    [InlineData("1{0}")]
    [InlineData(" 1{0}")]
    public async Task Otps_PhoneWithOrWithoutPlus_ListsNewestFirst(string form)
    {
        var phone = AuthSteps.UniquePhone();
        (await fixture.Sim.PhoneLoginAsync(phone)).EnsureSuccessStatusCode();
        var first = await fixture.Sim.LatestOtpAsync("+1" + phone);
        (await fixture.Sim.PhoneLoginAsync(phone)).EnsureSuccessStatusCode();

        var listed = await fixture.Sim.OtpsAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, form, phone));

        listed.Should().HaveCount(2);
        listed[1].GetProperty("otp").GetString().Should().Be(first);
        listed.Should().OnlyContain(e => e.GetProperty("channel").GetString() == "phone" && e.GetProperty("to").GetString() == "+1" + phone);
    }

    [Fact]
    public async Task PhoneConfirm_RightOtp_BecomesItsOwnClientOnce()
    {
        var phone = AuthSteps.UniquePhone();
        using var sent = await fixture.Sim.PhoneLoginAsync(phone);
        var announced = (await VerifikFixture.JsonAsync(sent)).GetProperty("data").GetProperty("client").GetString();
        var otp = await fixture.Sim.LatestOtpAsync("+1" + phone);

        using var confirmed = await fixture.Sim.PhoneConfirmAsync(phone, otp);
        using var again = await fixture.Sim.PhoneConfirmAsync(phone, otp);

        confirmed.StatusCode.Should().Be(HttpStatusCode.OK);
        var token = (await VerifikFixture.JsonAsync(confirmed)).GetProperty("data").GetProperty("accessToken").GetString()!;
        AuthSteps.Claims(token).GetProperty("clientId").GetString().Should().Be(announced);
        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await again.Content.ReadAsStringAsync()).Should().StartWith("""{"code":"BadRequest","message":"Invalid OTP code.","signature":{""");
    }
}
