using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.AnyCheck.Tests;

public sealed class AuthTests : IAsyncLifetime
{
    private SimulatorHarness _sim = null!;

    /// <summary>Every authenticated endpoint. Auth is checked before anything else, so ids need not exist.</summary>
    public static TheoryData<string, string> Endpoints { get; } = new()
    {
        { "GET", "/profile" },
        { "POST", "/uploads" },
        { "GET", "/files/6a1d7c2e-0f3b-4e9a-8c11-2b5e7f9d4a10" },
        { "GET", "/services" },
        { "GET", "/services/3fc8b757-57d3-4607-998c-9bfbc4efa6cf" },
        { "POST", "/folders" },
        { "GET", "/folders/5d0e3f1e-2d7a-4c1b-9e55-7d1f2a9c8e01" },
        { "GET", "/groups/5d0e3f1e-2d7a-4c1b-9e55-7d1f2a9c8e01/folders" },
        { "POST", "/verifications" },
        { "GET", "/verifications?result_id=c2f1d3e4-2d7a-4c1b-9e55-7d1f2a9c8e01" },
        { "GET", "/verifications/7b3e9d10-4a2f-4f0e-b1c3-55e2d0a9f311" },
        { "PUT", "/verifications/7b3e9d10-4a2f-4f0e-b1c3-55e2d0a9f311" },
        { "POST", "/verifications/7b3e9d10-4a2f-4f0e-b1c3-55e2d0a9f311/retry" },
        { "POST", "/verifications/7b3e9d10-4a2f-4f0e-b1c3-55e2d0a9f311/cancel" },
    };

    public async Task InitializeAsync() => _sim = await SimulatorHarness.StartAnyCheckAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task AnyEndpoint_NoCredentials_Returns401Unauthorized(string method, string path)
    {
        using var response = await SendAsync(method, path);
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task AnyEndpoint_MalformedJwt_Returns401InvalidToken(string method, string path)
    {
        using var response = await SendAsync(method, path, ("Authorization", "Bearer not-a.jwt"));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.Unauthorized, "INVALID_TOKEN");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task AnyEndpoint_ExpiredJwt_Returns401TokenExpired(string method, string path)
    {
        var token = (await LoginAsync()).GetProperty("access_token").GetString()!;
        await _sim.Control.AdvanceAsync(TimeSpan.FromHours(1));
        using var response = await SendAsync(method, path, ("Authorization", "Bearer " + token));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.Unauthorized, "TOKEN_EXPIRED");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task AnyEndpoint_UnknownApiKey_Returns401InvalidApiKey(string method, string path)
    {
        using var response = await SendAsync(method, path, ("X-API-Key", "live_key_nobody_issued"));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.Unauthorized, "INVALID_API_KEY");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task AnyEndpoint_ExpiredApiKey_Returns401ApiKeyExpired(string method, string path)
    {
        using var response = await SendAsync(method, path, ("X-API-Key", "ak_expired_sandbox"));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.Unauthorized, "API_KEY_EXPIRED");
    }

    [Theory]
    [InlineData("X-API-Key", "ak_test_sandbox")]
    [InlineData("X-API-Key", "ak_test_my_suite")]
    [InlineData("Authorization", "Bearer ak_test_sandbox")]
    public async Task ListServices_ValidApiKey_Returns200(string header, string value)
    {
        using var response = await SendAsync("GET", "/services", (header, value));
        var body = await AnyCheckApi.ReadAsync(response, HttpStatusCode.OK);
        body.GetProperty("total").GetInt32().Should().Be(1);
        response.Headers.GetValues("X-RateLimit-Limit").Should().ContainSingle().Which.Should().Be("1000");
    }

    [Fact]
    public async Task ListServices_ControlExpiredKey_Returns401ApiKeyExpired()
    {
        await _sim.Control.PostAsync("api-keys", new { key = "partner-key-1", tenant = "partner" });
        using (var ok = await SendAsync("GET", "/services", ("X-API-Key", "partner-key-1")))
        {
            ok.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        await _sim.Control.PostAsync("api-keys/partner-key-1/expire", new { });
        using var response = await SendAsync("GET", "/services", ("X-API-Key", "partner-key-1"));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.Unauthorized, "API_KEY_EXPIRED");
    }

    [Fact]
    public async Task Login_DefaultCredentials_ReturnsTokensThatWorkForOneHour()
    {
        var login = await LoginAsync();
        login.GetProperty("expires_in").GetInt32().Should().Be(3600);
        login.GetProperty("refresh_token").GetString().Should().NotBeNullOrEmpty();
        var bearer = ("Authorization", "Bearer " + login.GetProperty("access_token").GetString());

        using (var profile = await SendAsync("GET", "/profile", bearer))
        {
            (await AnyCheckApi.ReadAsync(profile, HttpStatusCode.OK)).GetProperty("email").GetString().Should().Be("sandbox@example.com");
        }
        await _sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3599));
        using (var stillValid = await SendAsync("GET", "/profile", bearer))
        {
            stillValid.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        await _sim.Control.AdvanceAsync(TimeSpan.FromSeconds(1));
        using var expired = await SendAsync("GET", "/profile", bearer);
        await AnyCheckApi.ReadErrorAsync(expired, HttpStatusCode.Unauthorized, "TOKEN_EXPIRED");
    }

    [Theory]
    [InlineData("sandbox@example.com", "wrong")]
    [InlineData("stranger@example.com", "not-the-default")]
    public async Task Login_WrongPassword_Returns401InvalidCredentials(string email, string password)
    {
        using var response = await _sim.Client.PostAsJsonAsync("/auth/login", new { email, password });
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
    }

    [Theory]
    [InlineData("""{}""", new[] { "email", "password" })]
    [InlineData("""{"email":"not-an-email","password":"x"}""", new[] { "email" })]
    [InlineData("""{"email":"sandbox@example.com"}""", new[] { "password" })]
    [InlineData("""{"email":42,"password":"x"}""", new[] { "email" })]
    public async Task Login_InvalidBody_Returns400WithFieldErrors(string json, string[] fields)
    {
        using var response = await _sim.Client.PostAsync(new Uri("/auth/login", UriKind.Relative), AnyCheckApi.JsonBody(json));
        var error = await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        error.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).Should().BeEquivalentTo(fields);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public async Task Login_MalformedBody_Returns400InvalidRequest(string body)
    {
        using var response = await _sim.Client.PostAsync(new Uri("/auth/login", UriKind.Relative), AnyCheckApi.JsonBody(body));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
    }

    [Fact]
    public async Task Login_NewEmailWithDefaultPassword_IsItsOwnTenant()
    {
        var mine = await LoginAsync("suite-a@example.com");
        var theirs = await LoginAsync("suite-b@example.com");
        using var a = await SendAsync("GET", "/profile", ("Authorization", "Bearer " + mine.GetProperty("access_token").GetString()));
        using var b = await SendAsync("GET", "/profile", ("Authorization", "Bearer " + theirs.GetProperty("access_token").GetString()));
        var groupA = (await AnyCheckApi.ReadAsync(a, HttpStatusCode.OK)).GetProperty("group").GetProperty("id").GetString();
        var groupB = (await AnyCheckApi.ReadAsync(b, HttpStatusCode.OK)).GetProperty("group").GetProperty("id").GetString();
        groupA.Should().NotBe(groupB);
    }

    [Fact]
    public async Task Refresh_ValidToken_RotatesAndRejectsReuse()
    {
        var login = await LoginAsync();
        var refresh = login.GetProperty("refresh_token").GetString();
        using var first = await _sim.Client.PostAsJsonAsync("/auth/refresh", new { refresh_token = refresh });
        var rotated = await AnyCheckApi.ReadAsync(first, HttpStatusCode.OK);
        rotated.GetProperty("refresh_token").GetString().Should().NotBe(refresh);
        using (var profile = await SendAsync("GET", "/profile", ("Authorization", "Bearer " + rotated.GetProperty("access_token").GetString())))
        {
            profile.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var reused = await _sim.Client.PostAsJsonAsync("/auth/refresh", new { refresh_token = refresh });
        await AnyCheckApi.ReadErrorAsync(reused, HttpStatusCode.Unauthorized, "INVALID_TOKEN");
    }

    [Fact]
    public async Task Refresh_After30Days_Returns401TokenExpired()
    {
        var refresh = (await LoginAsync()).GetProperty("refresh_token").GetString();
        await _sim.Control.AdvanceAsync(TimeSpan.FromDays(30));
        using var response = await _sim.Client.PostAsJsonAsync("/auth/refresh", new { refresh_token = refresh });
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.Unauthorized, "TOKEN_EXPIRED");
    }

    [Fact]
    public async Task Refresh_AccessTokenInstead_Returns401InvalidToken()
    {
        var access = (await LoginAsync()).GetProperty("access_token").GetString();
        using var response = await _sim.Client.PostAsJsonAsync("/auth/refresh", new { refresh_token = access });
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.Unauthorized, "INVALID_TOKEN");
    }

    [Fact]
    public async Task Profile_RefreshTokenAsBearer_Returns401InvalidToken()
    {
        var refresh = (await LoginAsync()).GetProperty("refresh_token").GetString();
        using var response = await SendAsync("GET", "/profile", ("Authorization", "Bearer " + refresh));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.Unauthorized, "INVALID_TOKEN");
    }

    [Fact]
    public async Task Profile_TamperedJwt_Returns401InvalidToken()
    {
        var token = (await LoginAsync()).GetProperty("access_token").GetString()!;
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        using var response = await SendAsync("GET", "/profile", ("Authorization", "Bearer " + tampered));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.Unauthorized, "INVALID_TOKEN");
    }

    [Fact]
    public async Task AuthMethods_NoCredentials_ListsPasswordEnabled()
    {
        using var response = await _sim.Client.GetAsync(new Uri("/auth/methods", UriKind.Relative));
        var body = await AnyCheckApi.ReadAsync(response, HttpStatusCode.OK);
        body.GetProperty("PASSWORD").GetProperty("enabled").GetBoolean().Should().BeTrue();
        body.GetProperty("ENTRA").TryGetProperty("healthy", out _).Should().BeTrue();
        body.GetProperty("LDAP").TryGetProperty("details", out _).Should().BeTrue();
    }

    [Fact]
    public async Task StrictMode_UnregisteredTestKey_Returns401InvalidApiKey()
    {
        await using var strict = await SimulatorHarness.StartAnyCheckAsync(o => o.Configuration["AnyCheck:OpenTenants"] = "false");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/services");
        request.Headers.Add("X-API-Key", "ak_test_unregistered");
        using var response = await strict.Client.SendAsync(request);
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.Unauthorized, "INVALID_API_KEY");
    }

    private async Task<JsonElement> LoginAsync(string email = "sandbox@example.com")
    {
        using var response = await _sim.Client.PostAsJsonAsync("/auth/login", new { email, password = "sandbox" });
        return await AnyCheckApi.ReadAsync(response, HttpStatusCode.OK);
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = AnyCheckApi.JsonBody("{}");
        }
        foreach (var (name, value) in headers)
        {
            if (name == "Authorization")
            {
                request.Headers.Authorization = AuthenticationHeaderValue.Parse(value);
            }
            else
            {
                request.Headers.Add(name, value);
            }
        }
        return await _sim.Client.SendAsync(request);
    }
}
