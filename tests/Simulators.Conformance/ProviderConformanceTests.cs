using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.Conformance;

/// <summary>A provider call for the tables below: method, path, and a JSON body (null: none).</summary>
public sealed record ProviderCall(string Method, string Path, string? Body = null)
{
    public HttpRequestMessage Request(string? body = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Path);
        if ((body ?? Body) is { } json)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)) { Headers = { ContentType = new("application/json") } };
        }
        return request;
    }

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>
/// What the engine does for every provider, tested once per provider under one name: the auth
/// matrix, errors in the provider's own shape (unknown routes, unreadable bodies, injected faults),
/// resets, clocks, jobs, the journal's masking, and control reads that never create tenants. A
/// provider's test project derives from this and says how to talk to it. Each test gets its own simulator.
/// </summary>
public abstract partial class ProviderConformanceTests : IAsyncLifetime
{
    private string? _database;

    protected SimulatorHarness Sim { get; private set; } = null!;

    /// <summary>Run on the SQLite store (a file of this test's own) instead of in memory.</summary>
    protected virtual bool OnSqlite => false;

    public async Task InitializeAsync() => await RestartAsync(_ => { });

    public async Task DisposeAsync()
    {
        await Sim.DisposeAsync();
        DeleteDatabase();
    }

    /// <summary>A fresh simulator (and store) for this test, with <paramref name="configure"/> applied.</summary>
    protected async Task RestartAsync(Action<SimulatorHarnessOptions> configure)
    {
        if (Sim is not null)
        {
            await Sim.DisposeAsync();
            DeleteDatabase();
        }
        _database = OnSqlite ? Path.Combine(Path.GetTempPath(), $"conformance-{Guid.NewGuid():N}.db") : null;
        Sim = await StartAsync(o =>
        {
            if (_database is not null)
            {
                o.Configuration["Store"] = "sqlite:" + _database;
            }
            configure(o);
        });
    }

    private void DeleteDatabase()
    {
        if (_database is not null)
        {
            foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Starts the provider's simulator in-process (frozen clock, webhooks to <see cref="SimulatorHarness.Webhooks"/>).</summary>
    protected abstract Task<SimulatorHarness> StartAsync(Action<SimulatorHarnessOptions> configure);

    /// <summary>A client with a valid credential of a tenant of its own, and that tenant's id.</summary>
    protected abstract Task<(HttpClient Client, string Tenant)> NewTenantAsync(string name);

    /// <summary>Every provider endpoint that requires credentials, with a body that would be valid.</summary>
    protected abstract IReadOnlyList<ProviderCall> AuthenticatedEndpoints { get; }

    /// <summary>The endpoints that read a JSON body, as <paramref name="client"/> may call them (a job to act on created first, say).</summary>
    protected abstract Task<IReadOnlyList<ProviderCall>> JsonEndpointsAsync(HttpClient client);

    /// <summary>Asserts the provider's own 401 for <paramref name="endpoint"/>.</summary>
    protected abstract Task AssertUnauthorizedAsync(HttpResponseMessage response, ProviderCall endpoint);

    /// <summary>Asserts the provider's own error envelope with <paramref name="status"/>.</summary>
    protected abstract Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status);

    /// <summary>Makes calls that carry secrets (passwords, keys, tokens) and returns the secrets, which the journal must not show.</summary>
    protected abstract Task<IReadOnlyList<string>> SendSecretsAsync();

    /// <summary>Provider control reads (besides the engine's) that take a tenant, with <c>{tenant}</c> in place of it.</summary>
    protected virtual IReadOnlyList<string> ProviderControlReads => [];

    /// <summary>A provider endpoint any tenant may call, for fault rules (path, and the call).</summary>
    protected abstract ProviderCall FaultTarget { get; }

    // ---- Auth and errors ----

    [Fact]
    public async Task Health_ReportsTheStoreInUse()
    {
        var health = await Sim.Control.GetAsync("health");
        health.GetProperty("store").GetString().Should().StartWith(OnSqlite ? "sqlite:" : "memory");
    }

    [Fact]
    public async Task AuthMatrix_EveryEndpointWithoutCredentials_AnswersTheProvidersOwn401()
    {
        AuthenticatedEndpoints.Should().NotBeEmpty();
        foreach (var call in AuthenticatedEndpoints)
        {
            using var request = call.Request();
            using var response = await Sim.Client.SendAsync(request);
            await AssertUnauthorizedAsync(response, call);
        }
    }

    [Fact]
    public async Task UnknownRoute_AnyMethod_AnswersProviderShaped404()
    {
        var (client, _) = await NewTenantAsync("routes");
        foreach (var method in new[] { "GET", "POST", "PUT", "DELETE" })
        {
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/no/such/endpoint/here"));
            await AssertErrorAsync(response, HttpStatusCode.NotFound);
        }
    }

    public static TheoryData<string, byte[]> UnreadableBodies => new()
    {
        { "not JSON", "{\"a\": tru"u8.ToArray() },
        { "invalid UTF-8 in a string", [.. "{\"name\":\""u8, 0xFF, 0xFE, .. "\"}"u8] },
        { "a lone high surrogate escape", "{\"name\":\"\\ud800\"}"u8.ToArray() },
        { "a lone low surrogate escape in a key", "{\"\\udc00\":\"x\"}"u8.ToArray() },
        { "a duplicate key", "{\"name\":\"a\",\"name\":\"b\"}"u8.ToArray() },
        { "a nested duplicate key", "{\"x\":{\"k\":1,\"k\":2}}"u8.ToArray() },
        { "nesting 100 deep", Encoding.UTF8.GetBytes(new string('[', 100) + new string(']', 100)) },
        { "an object nested 100 deep", Encoding.UTF8.GetBytes("{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 99)) + "1" + new string('}', 100)) },
    };

    [Theory]
    [MemberData(nameof(UnreadableBodies))]
    public async Task UnreadableBody_EveryJsonEndpoint_AnswersProviderShaped400NeverA500(string what, byte[] body)
    {
        var (client, _) = await NewTenantAsync("bodies");
        var endpoints = await JsonEndpointsAsync(client);
        endpoints.Should().NotBeEmpty();
        foreach (var call in endpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            using var response = await client.SendAsync(request);
            ((int)response.StatusCode).Should().BeLessThan(500, "{0} sent to {1} is the client's mistake", what, call);
            await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        }
    }

    // ---- Clocks, jobs and resets ----

    /// <summary>The tenant a name given to the control API stands for (a credential's text names its tenant).</summary>
    protected async Task<string> TenantIdAsync(string name) =>
        (await Sim.Control.GetAsync($"outcomes?tenant={Uri.EscapeDataString(name)}")).GetProperty("tenant").GetString()!;

    [Fact]
    public async Task JobsApi_UnknownJob_Answers404()
    {
        using var response = await Sim.Client.PostAsJsonAsync("/__simulator/jobs/no-such-job/outcome", new { scenario = (await AnyScenarioAsync()) });
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Sim.Client.GetAsync(new Uri("/__simulator/jobs/no-such-job", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ControlReads_NamingAnUnknownTenant_DoNotCreateIt()
    {
        const string ghost = "ghost-tenant-never-called";
        string[] reads =
        [
            $"clock?tenant={ghost}", $"outcomes?tenant={ghost}", $"jobs?tenant={ghost}", $"webhooks?tenant={ghost}", $"requests?tenant={ghost}",
            .. ProviderControlReads.Select(r => r.Replace("{tenant}", ghost, StringComparison.Ordinal)),
        ];
        foreach (var read in reads)
        {
            using var response = await Sim.Client.GetAsync(new Uri("/__simulator/" + read, UriKind.Relative));
            response.StatusCode.Should().Be(HttpStatusCode.OK, read);
        }

        var tenants = await Sim.Control.GetAsync("tenants");
        tenants.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("tenant").GetString()).Should().NotContain(ghost);
    }

    [Fact]
    public async Task ControlBody_DuplicateKeyOrInvalidUnicode_Answers400InvalidBody()
    {
        foreach (var body in new[] { """{"seconds":1,"seconds":2}""", """{"seconds":1,"tenant":"\ud800"}""", "[1]", "{" })
        {
            using var response = await Sim.Client.PostAsync(new Uri("/__simulator/clock/advance", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("invalid_body");
        }
    }

    [Theory]
    [InlineData("GET", "/__simulator/no/such/thing", HttpStatusCode.NotFound, "not_found")]
    [InlineData("DELETE", "/__simulator/health", HttpStatusCode.MethodNotAllowed, "method_not_allowed")]
    [InlineData("PATCH", "/__simulator/clock/advance", HttpStatusCode.MethodNotAllowed, "method_not_allowed")]
    public async Task ControlCall_UnknownRouteOrMethod_AnswersTheControlShape(string method, string path, HttpStatusCode status, string error) =>
        await ControlCallFailsAsync(method, path, status, error);

    [Theory]
    [InlineData("GET", "/__simulator/requests?limit=5%0A", "invalid_query")]
    [InlineData("GET", "/__simulator/requests?limit=%205", "invalid_query")]
    [InlineData("GET", "/__simulator/requests?limit=%D9%A5", "invalid_query")]
    [InlineData("POST", "/__simulator/clock/advance?seconds=%201", "invalid_body")]
    [InlineData("POST", "/__simulator/clock/advance?seconds=1%0A", "invalid_body")]
    public async Task ControlQuery_NumberWithSpacesOrOtherDigits_Answers400(string method, string path, string error) =>
        await ControlCallFailsAsync(method, path, HttpStatusCode.BadRequest, error);

    private async Task ControlCallFailsAsync(string method, string path, HttpStatusCode status, string error)
    {
        using var response = await Sim.Control.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        var body = JsonDocument.Parse(text).RootElement;
        body.GetProperty("error").GetString().Should().Be(error);
        body.GetProperty("message").GetString().Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task ControlCall_ScenarioNameWithANewline_Answers400UnknownScenario()
    {
        var scenario = await AnyScenarioAsync();
        using var response = await Sim.Control.Http.PostAsync(new Uri("/__simulator/outcomes", UriKind.Relative),
            new StringContent(JsonSerializer.Serialize(new { scenario = scenario + "\n" }), Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("unknown_scenario");
    }

    // ---- Journal ----

    [Fact]
    public async Task Journal_SecretsSent_AreMaskedInHeadersAndBodies()
    {
        var secrets = await SendSecretsAsync();
        secrets.Should().NotBeEmpty();
        var journal = JsonSerializer.Serialize(await Sim.Control.GetAsync("requests"));
        journal.Should().Contain("****");
        foreach (var secret in secrets)
        {
            journal.Should().NotContain(secret);
        }
    }

    // ---- Faults ----

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    [InlineData(403)]
    public async Task Fault_Status_AnswersThatStatusInProviderShapeForItsCountThenStops(int status)
    {
        var (client, _) = await NewTenantAsync("fault-status");
        var rule = await Sim.Control.PostAsync("faults", new { method = FaultTarget.Method, path = FaultTarget.Path, status, count = 2 });

        for (var i = 0; i < 2; i++)
        {
            using var faulted = await client.SendAsync(FaultTarget.Request());
            await AssertErrorAsync(faulted, (HttpStatusCode)status);
        }
        using var after = await client.SendAsync(FaultTarget.Request());
        ((int)after.StatusCode).Should().BeLessThan(500).And.NotBe(status);

        var journal = await Sim.Control.GetAsync("requests");
        journal.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("fault").GetString() == rule.GetProperty("id").GetString()).Should().Be(2);
        (await Sim.Control.GetAsync("faults")).GetProperty("items")[0].GetProperty("fired").GetInt64().Should().Be(2);
    }

    [Fact]
    public async Task Fault_ForOneTenant_LeavesOtherTenantsAlone()
    {
        var (victim, victimTenant) = await NewTenantAsync("fault-victim");
        var (other, _) = await NewTenantAsync("fault-other");
        await Sim.Control.PostAsync("faults", new { path = FaultTarget.Path, status = 500, tenant = victimTenant });

        using (var faulted = await victim.SendAsync(FaultTarget.Request()))
        {
            await AssertErrorAsync(faulted, HttpStatusCode.InternalServerError);
        }
        using var spared = await other.SendAsync(FaultTarget.Request());
        ((int)spared.StatusCode).Should().BeLessThan(500);
    }

    [Fact]
    public async Task Fault_ResetOrTruncate_BreaksTheConnectionNotTheSimulator()
    {
        var (client, _) = await NewTenantAsync("fault-break");
        foreach (var effect in new object[] { new { path = FaultTarget.Path, reset = true, count = 1 }, new { path = FaultTarget.Path, truncate = true, count = 1 } })
        {
            await Sim.Control.PostAsync("faults", effect);
            var broken = async () =>
            {
                using var response = await client.SendAsync(FaultTarget.Request());
                await response.Content.ReadAsByteArrayAsync();
            };
            await broken.Should().ThrowAsync<Exception>();
        }
        using var healthy = await client.SendAsync(FaultTarget.Request());
        ((int)healthy.StatusCode).Should().BeLessThan(500);
    }

    [Fact]
    public async Task Fault_Latency_FiresAndTheCallStillSucceeds()
    {
        var (client, _) = await NewTenantAsync("fault-latency");
        var rule = await Sim.Control.PostAsync("faults", new { path = FaultTarget.Path, latencyMs = 20, count = 1 });

        using var response = await client.SendAsync(FaultTarget.Request());

        ((int)response.StatusCode).Should().BeLessThan(500);
        var entry = (await Sim.Control.GetAsync("requests")).GetProperty("items")[0];
        entry.GetProperty("fault").GetString().Should().Be(rule.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Faults_Deleted_StopApplying()
    {
        var (client, _) = await NewTenantAsync("fault-delete");
        var rule = await Sim.Control.PostAsync("faults", new { path = FaultTarget.Path, status = 500 });
        using (var deleted = await Sim.Client.DeleteAsync(new Uri("/__simulator/faults/" + rule.GetProperty("id").GetString(), UriKind.Relative)))
        {
            deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
        using var response = await client.SendAsync(FaultTarget.Request());
        ((int)response.StatusCode).Should().BeLessThan(500);
    }

    [Theory]
    [InlineData("""{"path":"/x","status":500,"reset":true}""")]
    [InlineData("""{"path":"/x"}""")]
    [InlineData("""{"path":"no-slash","status":500}""")]
    [InlineData("""{"path":"/x","status":200}""")]
    [InlineData("""{"path":"/x","status":500,"probability":2}""")]
    [InlineData("""{"path":"/x","status":500,"count":0}""")]
    public async Task Faults_InvalidRule_Answers400(string rule)
    {
        using var response = await Sim.Client.PostAsync(new Uri("/__simulator/faults", UriKind.Relative), new StringContent(rule, Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    protected async Task<string> AnyScenarioAsync() =>
        (await Sim.Control.GetScenariosAsync()).GetProperty("items")[0].GetProperty("name").GetString()!;
}
