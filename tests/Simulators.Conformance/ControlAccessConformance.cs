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

    private Task ExposeAsync() => RestartAsync(o =>
    {
        o.Configuration["Sandbox:Exposed"] = "true";
        o.Configuration["Sandbox:ControlToken"] = ControlToken;
    });

    private static async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(HttpClient client, string method, string path, object? body = null, params (string Name, string Value)[] headers)
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
    public async Task Exposed_TenantCredential_DrivesItsOwnTenantAndNoOther()
    {
        await ExposeAsync();
        var (mine, myName) = await NewTenantAsync("own-a");
        var (theirs, theirName) = await NewTenantAsync("own-b");
        var myJob = await CreateJobAsync(mine);
        var theirJob = await CreateJobAsync(theirs);
        var me = await TenantIdAsync(myName);
        var them = await TenantIdAsync(theirName);

        // Its own clock, with no tenant named: that tenant only.
        (await CallAsync(mine, "POST", "clock/advance", new { seconds = SettledAfterSeconds + 1 })).Status.Should().Be(HttpStatusCode.OK);
        (await JobStatusAsync(mine, myJob)).Should().Be(JobStatuses.Settled);
        (await JobStatusAsync(theirs, theirJob)).Should().Be(JobStatuses.Running);

        // Another tenant, named or reached through a job id: refused or not found.
        var named = await CallAsync(mine, "POST", "clock/freeze", new { tenant = theirName });
        named.Status.Should().Be(HttpStatusCode.Forbidden);
        named.Body.GetProperty("error").GetString().Should().Be("forbidden");
        (await CallAsync(mine, "GET", $"jobs?tenant={Uri.EscapeDataString(them)}")).Status.Should().Be(HttpStatusCode.Forbidden);
        (await CallAsync(mine, "GET", $"jobs/{theirJob}")).Status.Should().Be(HttpStatusCode.NotFound);
        var scenario = (await Sim.Control.GetAsync("scenarios")).GetProperty("items").EnumerateArray().First().GetProperty("name").GetString();
        (await CallAsync(mine, "POST", $"jobs/{theirJob}/outcome", new { scenario })).Status.Should().Be(HttpStatusCode.NotFound);

        // Lists show its own things only.
        var jobs = (await CallAsync(mine, "GET", "jobs")).Body.GetProperty("items").EnumerateArray().ToList();
        jobs.Should().NotBeEmpty().And.OnlyContain(j => j.GetProperty("tenant").GetString() == me);
        var requests = (await CallAsync(mine, "GET", "requests")).Body.GetProperty("items").EnumerateArray().ToList();
        requests.Should().NotBeEmpty().And.OnlyContain(r => r.GetProperty("tenant").GetString() == me);

        // Simulator-wide calls need the token.
        foreach (var (method, path) in new[] { ("GET", "tenants"), ("GET", "credentials"), ("GET", "sink"), ("DELETE", "sink") })
        {
            (await CallAsync(mine, method, path)).Status.Should().Be(HttpStatusCode.Forbidden, $"{method} {path} is simulator-wide");
        }

        // Its reset resets itself, not the simulator.
        var reset = await CallAsync(mine, "POST", "reset");
        reset.Status.Should().Be(HttpStatusCode.OK);
        (await Sim.Control.GetAsync($"jobs/{theirJob}")).GetProperty("subject").GetString().Should().Be(theirJob);
        (await Sim.Control.GetAsync($"jobs?tenant={Uri.EscapeDataString(me)}")).GetProperty("total").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Exposed_TheBuiltInReceiver_TakesWebhooksWithoutTheToken()
    {
        await ExposeAsync();
        (await CallAsync(Sim.Client, "POST", "sink/anything", new { hello = "world" })).Status.Should().Be(HttpStatusCode.NoContent);
        (await Sim.Control.GetAsync("sink")).GetProperty("items").GetArrayLength().Should().Be(1);
    }
}
