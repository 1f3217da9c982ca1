using System.Net;
using System.Net.Http.Json;
using Simulators.Testing;

namespace Simulators.Verifik.Tests.Auth;

public class SessionTests(VerifikFixture fixture) : IClassFixture<VerifikFixture>
{
    private SimulatorHarness Sim => fixture.Sim;

    [Fact]
    public async Task Token_AfterThirtyDaysOnTheClientsClock_IsRefused()
    {
        var (clientId, token) = await Sim.RegisterAsync();

        await Sim.Control.AdvanceAsync(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1), clientId);
        using (var valid = await Sim.SessionAsync(token, "?origin=app"))
        {
            valid.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(1), clientId);
        using var expired = await Sim.SessionAsync(token, "?origin=app");

        expired.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await expired.Content.ReadAsStringAsync()).Should().StartWith("""{"code":"Unauthorized","message":"Invalid or expired token.","signature":{""");
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("&expiresIn=1", 1)]
    [InlineData("&expiresIn=3", 3)]
    [InlineData("&expiresIn=12", 12)]
    public async Task Session_Refresh_MovesExpiryByMonthsOnTheClientsClock(string query, int months)
    {
        var (clientId, token) = await Sim.RegisterAsync();
        await Sim.Control.AdvanceAsync(TimeSpan.FromDays(3), clientId);
        var now = await Sim.Control.GetNowAsync(clientId);

        using var response = await Sim.SessionAsync(token, "?origin=refresh" + query);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await VerifikFixture.JsonAsync(response);
        string.Join(",", body.EnumerateObject().Select(p => p.Name)).Should().Be("accessToken,tokenType", "the session answer is not wrapped in data");
        body.GetProperty("tokenType").GetString().Should().Be("bearer");
        var renewed = body.GetProperty("accessToken").GetString()!;
        var claims = AuthSteps.Claims(renewed);
        claims.GetProperty("clientId").GetString().Should().Be(clientId);
        claims.GetProperty("exp").GetInt64().Should().Be(now.AddMonths(months).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Session_RenewedToken_OutlivesTheOriginal()
    {
        var (clientId, token) = await Sim.RegisterAsync();
        using var response = await Sim.SessionAsync("Bearer " + token, "?origin=refresh&expiresIn=2");
        var renewed = (await VerifikFixture.JsonAsync(response)).GetProperty("accessToken").GetString()!;

        await Sim.Control.AdvanceAsync(TimeSpan.FromDays(45), clientId);
        using var old = await Sim.SessionAsync(token);
        using var fresh = await Sim.SessionAsync(renewed);

        old.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "only a still-valid token renews, and the original expired after 30 days");
        fresh.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Session_Post_AcceptsTheOlderPagesMethodAndABodyOrigin()
    {
        var (_, token) = await Sim.RegisterAsync();

        using var response = await Sim.SendAsync(HttpMethod.Post, "/v2/auth/session", token, """{"origin":"refresh","expiresIn":6}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var renewed = (await VerifikFixture.JsonAsync(response)).GetProperty("accessToken").GetString()!;
        var claims = AuthSteps.Claims(renewed);
        (claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64()).Should().BeGreaterThan(180 * 86400L - 3 * 86400L);
    }

    [Fact]
    public async Task RenewAndRevoke_RefusesEveryEarlierTokenOfTheClientOnly()
    {
        var (clientId, token) = await Sim.RegisterAsync();
        using var refreshed = await Sim.SessionAsync(token, "?origin=refresh&expiresIn=3");
        var renewed = (await VerifikFixture.JsonAsync(refreshed)).GetProperty("accessToken").GetString()!;
        var (_, otherToken) = await Sim.RegisterAsync();
        var now = await Sim.Control.GetNowAsync(clientId);

        using var response = await Sim.SendAsync(HttpMethod.Post, "/v2/auth/renew-and-revoke", token, "{}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        text.Should().MatchRegex("""^\{"token":"[^"]+"\}$""");
        var newToken = (await VerifikFixture.JsonAsync(response)).GetProperty("token").GetString()!;
        AuthSteps.Claims(newToken).GetProperty("exp").GetInt64().Should().Be(now.AddDays(30).ToUnixTimeSeconds());
        foreach (var earlier in new[] { token, renewed })
        {
            using var refused = await Sim.SessionAsync(earlier);
            refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }
        using (var accepted = await Sim.SessionAsync(newToken))
        {
            accepted.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        using (var other = await Sim.SessionAsync(otherToken))
        {
            other.StatusCode.Should().Be(HttpStatusCode.OK, "another client's tokens are untouched");
        }
        var listed = (await Sim.Control.GetAsync("clients")).GetProperty("items").EnumerateArray().Single(c => c.GetProperty("clientId").GetString() == clientId);
        listed.GetProperty("tokenGeneration").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task RenewAndRevoke_TwiceInARow_TheFirstNewTokenIsRefusedToo()
    {
        var (_, token) = await Sim.RegisterAsync();
        using var first = await Sim.SendAsync(HttpMethod.Post, "/v2/auth/renew-and-revoke", "Bearer " + token);
        var second = (await VerifikFixture.JsonAsync(first)).GetProperty("token").GetString()!;

        using var again = await Sim.SendAsync(HttpMethod.Post, "/v2/auth/renew-and-revoke", second);
        var third = (await VerifikFixture.JsonAsync(again)).GetProperty("token").GetString()!;
        using var refused = await Sim.SessionAsync(second);
        using var accepted = await Sim.SessionAsync(third);

        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        accepted.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ProjectLogin_ValidToken_AnswersASessionTokenInData()
    {
        var token = await Sim.LoginByEmailAsync(AuthSteps.Unique("project"));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v2/auth/project-login", UriKind.Relative)) { Content = JsonContent.Create(new { }) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        using var response = await Sim.Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var data = (await VerifikFixture.JsonAsync(response)).GetProperty("data");
        data.GetProperty("tokenType").GetString().Should().Be("bearer");
        AuthSteps.Claims(data.GetProperty("accessToken").GetString()!).GetProperty("clientId").GetString()
            .Should().Be(AuthSteps.Claims(token).GetProperty("clientId").GetString());
    }
}
