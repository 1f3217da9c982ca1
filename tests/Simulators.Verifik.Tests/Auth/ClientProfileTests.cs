using System.Net;

namespace Simulators.Verifik.Tests.Auth;

/// <summary>
/// The client panel's profile as Verifik's own api-client uses it: <c>GET /v2/auth/session?origin=app</c> answers the
/// client as <c>user</c>, <c>PUT /v2/clients/:id</c> updates it (the profile page of the demo app).
/// </summary>
public class ClientProfileTests(VerifikFixture fixture) : IClassFixture<VerifikFixture>
{
    [Fact]
    public async Task Session_OriginApp_AnswersTheClientAsUser()
    {
        var email = AuthSteps.Unique("user");
        var token = await fixture.Sim.LoginByEmailAsync(email);

        using var session = await fixture.Sim.SessionAsync("Bearer " + token, "?origin=app");

        session.StatusCode.Should().Be(HttpStatusCode.OK);
        var user = (await VerifikFixture.JsonAsync(session)).GetProperty("user");
        user.GetProperty("_id").GetString().Should().Be(AuthSteps.Claims(token).GetProperty("clientId").GetString());
        user.GetProperty("email").GetString().Should().Be(email);
        user.GetProperty("name").GetString().Should().Be(email.Split('@')[0]);
        user.GetProperty("company").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task Session_OriginRefresh_AnswersNoUser()
    {
        var token = await fixture.Sim.LoginByEmailAsync(AuthSteps.Unique("refresh"));

        using var session = await fixture.Sim.SessionAsync("Bearer " + token);

        (await VerifikFixture.JsonAsync(session)).TryGetProperty("user", out _).Should().BeFalse();
    }

    [Fact]
    public async Task UpdateClient_OwnId_AnswersTheProfileAndTheSessionShowsIt()
    {
        var email = AuthSteps.Unique("profile");
        var token = await fixture.Sim.LoginByEmailAsync(email);
        var clientId = AuthSteps.Claims(token).GetProperty("clientId").GetString()!;

        using var updated = await fixture.Sim.SendAsync(HttpMethod.Put, "/v2/clients/" + clientId, "Bearer " + token,
            """{"name":"Ana Diaz","company":"Acme","address":"","email":"","phone":"5550001111","countryCode":"57"}""");

        updated.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await VerifikFixture.JsonAsync(updated);
        body.GetProperty("signature").GetProperty("message").GetString().Should().Be("Certified by Verifik.co");
        var data = body.GetProperty("data");
        data.GetProperty("_id").GetString().Should().Be(clientId);
        data.GetProperty("name").GetString().Should().Be("Ana Diaz");
        data.GetProperty("email").GetString().Should().Be(email, "an empty field keeps what the client had");
        data.GetProperty("address").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        data.GetProperty("countryCode").GetString().Should().Be("+57");
        using var session = await fixture.Sim.SessionAsync("Bearer " + token, "?origin=app");
        var user = (await VerifikFixture.JsonAsync(session)).GetProperty("user");
        user.GetProperty("name").GetString().Should().Be("Ana Diaz");
        user.GetProperty("company").GetString().Should().Be("Acme");
        user.GetProperty("phone").GetString().Should().Be("5550001111");
    }

    [Fact]
    public async Task UpdateClient_AnotherClientsId_Answers404()
    {
        var token = await fixture.Sim.LoginByEmailAsync(AuthSteps.Unique("mine"));
        var other = AuthSteps.Claims(await fixture.Sim.LoginByEmailAsync(AuthSteps.Unique("theirs"))).GetProperty("clientId").GetString();

        using var response = await fixture.Sim.SendAsync(HttpMethod.Put, "/v2/clients/" + other, "Bearer " + token, """{"name":"X"}""");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"code":"NotFound","message":"Record not found."}""");
    }

    [Theory]
    [InlineData("""{"name":7}""", """{"code":"MissingParameter","message":"invalid name\n"}""")]
    [InlineData("""{"email":"not-an-email"}""", """{"code":"MissingParameter","message":"invalid email\n"}""")]
    [InlineData("[1]", """{"error":"Invalid request"}""")]
    public async Task UpdateClient_BadBody_AnswersVerifiksError(string json, string expected)
    {
        var token = await fixture.Sim.LoginByEmailAsync(AuthSteps.Unique("bad"));
        var clientId = AuthSteps.Claims(token).GetProperty("clientId").GetString();

        using var response = await fixture.Sim.SendAsync(HttpMethod.Put, "/v2/clients/" + clientId, "Bearer " + token, json);

        ((int)response.StatusCode).Should().Be(expected.StartsWith("""{"code""", StringComparison.Ordinal) ? 409 : 400);
        (await response.Content.ReadAsStringAsync()).Should().Be(expected);
    }

    [Fact]
    public async Task UpdateClient_NoToken_Answers401()
    {
        using var response = await fixture.Sim.SendAsync(HttpMethod.Put, "/v2/clients/665f1c2e9b1d4a0012345678", null, """{"name":"X"}""");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":"Protected resource, use Authorization header to get access"}""");
    }
}
