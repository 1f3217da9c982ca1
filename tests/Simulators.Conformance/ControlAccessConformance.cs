using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace Simulators.Conformance;

/// <summary>
/// A shared sandbox (bound beyond loopback, with a control token): nothing under <c>/__simulator/</c>
/// works without the token or the tenant's own credential, and a credential reaches its own tenant only.
/// </summary>
public abstract partial class ProviderConformanceTests
{
    protected const string ControlToken = "conformance-control-token-0123456789";

    protected Task ExposeAsync() => RestartAsync(o =>
    {
        o.Configuration["Sandbox:Exposed"] = "true";
        o.Configuration["Sandbox:ControlToken"] = ControlToken;
    });

    protected static async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(HttpClient client, string method, string path, object? body = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/__simulator/" + path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Theory]
    [InlineData("POST", "reset")]
    [InlineData("POST", "clock/freeze")]
    [InlineData("POST", "clock/advance")]
    [InlineData("GET", "tenants")]
    [InlineData("GET", "credentials")]
    [InlineData("GET", "requests")]
    [InlineData("GET", "webhooks")]
    [InlineData("GET", "jobs")]
    [InlineData("POST", "outcomes")]
    [InlineData("POST", "faults")]
    [InlineData("GET", "faults")]
    [InlineData("GET", "sink")]
    public async Task Exposed_ControlCallWithoutTokenOrCredential_Is401InTheControlShape(string method, string path)
    {
        await ExposeAsync();
        var (status, body) = await CallAsync(Sim.Client, method, path, method == "POST" ? new { seconds = 1 } : null);

        status.Should().Be(HttpStatusCode.Unauthorized);
        body.GetProperty("error").GetString().Should().Be("unauthorized");
        body.GetProperty("message").GetString().Should().Contain("control token");
    }

    [Fact]
    public async Task Exposed_TokenAsBearerOrHeader_OpensTheControlApi_AndAWrongOneDoesNot()
    {
        await ExposeAsync();
        (await CallAsync(Sim.Client, "GET", "tenants", null, ("Authorization", "Bearer " + ControlToken))).Status.Should().Be(HttpStatusCode.OK);
        (await CallAsync(Sim.Client, "GET", "tenants", null, ("X-Simulator-Token", ControlToken))).Status.Should().Be(HttpStatusCode.OK);
        var wrong = await CallAsync(Sim.Client, "GET", "tenants", null, ("X-Simulator-Token", ControlToken + "x"));
        wrong.Status.Should().Be(HttpStatusCode.Unauthorized);
        wrong.Body.GetProperty("error").GetString().Should().Be("invalid_control_token");
        (await CallAsync(Sim.Client, "GET", "tenants", null, ("Authorization", "Bearer not-the-token"))).Status.Should().Be(HttpStatusCode.Unauthorized);
        // Health stays open for load balancers and container checks.
        (await CallAsync(Sim.Client, "GET", "health")).Status.Should().Be(HttpStatusCode.OK);
        // The harness's own control client holds the token.
        (await Sim.Control.GetAsync("tenants")).GetProperty("total").GetInt32().Should().BeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task Exposed_TheBuiltInReceiver_TakesWebhooksWithoutTheToken()
    {
        await ExposeAsync();
        (await CallAsync(Sim.Client, "POST", "sink/anything", new { hello = "world" })).Status.Should().Be(HttpStatusCode.NoContent);
        (await Sim.Control.GetAsync("sink")).GetProperty("items").GetArrayLength().Should().Be(1);
    }
}
