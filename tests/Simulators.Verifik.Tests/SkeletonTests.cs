using System.Net;
using System.Text;
using System.Text.Json;

namespace Simulators.Verifik.Tests;

public class SkeletonTests(VerifikFixture fixture) : IClassFixture<VerifikFixture>
{
    [Fact]
    public async Task Credentials_SandboxToken_IsAnHs256JwtWhosePayloadStartsWithClientId()
    {
        var credentials = await fixture.Sim.Control.GetAsync("credentials");
        var token = credentials.GetProperty("defaults").GetProperty("token").GetString()!;
        var parts = token.Split('.');

        parts.Should().HaveCount(3);
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[1])));
        payload.Should().StartWith("{\"clientId\":\"665f1c2e9b1d4a0012345678\"");
        var claims = JsonDocument.Parse(payload).RootElement;
        (claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64()).Should().Be(30 * 86400);
        credentials.GetProperty("defaults").GetProperty("tenant").GetString().Should().Be("665f1c2e9b1d4a0012345678");
    }

    [Fact]
    public async Task UnknownPath_Answers404InThePlatformsShape()
    {
        using var client = await fixture.AuthorizedAsync();
        using var response = await client.GetAsync(new Uri("/v2/nothing-here", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Be("{\"code\":\"NotFound\",\"message\":\"Record not found.\"}");
    }

    private static string Pad(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text + new string('=', (4 - (text.Length % 4)) % 4);
    }
}
