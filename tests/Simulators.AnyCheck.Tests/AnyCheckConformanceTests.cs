using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Simulators.Conformance;
using Simulators.Testing;

namespace Simulators.AnyCheck.Tests;

/// <summary>The engine's behaviours, as AnyCheck shows them.</summary>
public class AnyCheckConformanceTests : JobConformanceTests
{
    private const string Id = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

    private static readonly string[] UnauthorizedCodes = ["UNAUTHORIZED", "INVALID_TOKEN", "TOKEN_EXPIRED", "INVALID_API_KEY", "API_KEY_EXPIRED", "INVALID_CREDENTIALS"];

    protected override (string Running, string Settled) JobStatuses => ("IN_QUEUE", "COMPLETED");

    protected override IReadOnlyList<ProviderCall> AuthenticatedEndpoints =>
    [
        new("GET", "/profile"),
        new("POST", "/uploads"),
        new("GET", $"/files/{Id}"),
        new("GET", "/services"),
        new("GET", $"/services/{Id}"),
        new("POST", "/folders", """{"name":"x"}"""),
        new("GET", $"/folders/{Id}"),
        new("GET", $"/groups/{Id}/folders"),
        new("POST", "/verifications", "{}"),
        new("GET", $"/verifications/{Id}"),
        new("GET", $"/verifications?result_id={Id}"),
        new("PUT", $"/verifications/{Id}", """{"verification_status":"COMPLETED"}"""),
        new("POST", $"/verifications/{Id}/retry"),
        new("POST", $"/verifications/{Id}/cancel"),
    ];

    protected override ProviderCall FaultTarget => new("GET", "/services");

    protected override IReadOnlyList<string> ProviderControlReads => ["balance?tenant={tenant}"];

    protected override Task<SimulatorHarness> StartAsync(Action<SimulatorHarnessOptions> configure) => SimulatorHarness.StartAnyCheckAsync(configure);

    protected override Task<(HttpClient Client, string Tenant)> NewTenantAsync(string name)
    {
        var key = $"ak_test_{name}_{Guid.NewGuid():N}";
        return Task.FromResult((Sim.CreateClient(("X-API-Key", key)), key));
    }

    protected override async Task<IReadOnlyList<ProviderCall>> JsonEndpointsAsync(HttpClient client)
    {
        var verification = await CreateJobAsync(client);
        return
        [
            new("POST", "/auth/login"),
            new("POST", "/auth/refresh"),
            new("POST", "/folders"),
            new("POST", "/verifications"),
            new("PUT", $"/verifications/{verification}"),
            new("POST", $"/verifications/{verification}/retry"),
        ];
    }

    protected override async Task AssertUnauthorizedAsync(HttpResponseMessage response, ProviderCall endpoint)
    {
        var body = await AnyCheckApi.ReadAsync(response, HttpStatusCode.Unauthorized);
        body.GetProperty("error_code").GetString().Should().BeOneOf(UnauthorizedCodes, endpoint.ToString());
        body.GetProperty("message").GetString().Should().NotBeNullOrWhiteSpace();
    }

    protected override async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await AnyCheckApi.ReadAsync(response, status);
        body.GetProperty("error_code").GetString().Should().MatchRegex("^[A-Z_]+$");
        body.GetProperty("message").GetString().Should().NotBeNullOrWhiteSpace();
        if (status == HttpStatusCode.TooManyRequests)
        {
            response.Headers.Contains("Retry-After").Should().BeTrue();
            response.Headers.Contains("X-RateLimit-Remaining").Should().BeTrue();
        }
    }

    protected override IReadOnlyList<string> QueryParameters => ["result_id", "page_size", "page_offset", "search", "force"];

    protected override async Task<BadInputBaseline> BadInputBaselineAsync(HttpClient client, string tenant, string jobId)
    {
        var api = new AnyCheckApi(Sim, tenant);
        var create = await api.VerificationRequestAsync(extra: $$""","result_id":"{{Id}}","webhook_url":"https://receiver.example/hooks","webhook_metadata":{"webhook_secret":"s3cr3t-at-least-32-characters-long!!","order_ref":"A-17"}""");
        using var login = await Sim.Client.PostAsJsonAsync("/auth/login", new { email = "sandbox@example.com", password = "sandbox" });
        var refresh = (await AnyCheckApi.ReadAsync(login, HttpStatusCode.OK)).GetProperty("refresh_token").GetString();
        using var profile = await client.GetAsync(new Uri("/profile", UriKind.Relative));
        var group = (await AnyCheckApi.ReadAsync(profile, HttpStatusCode.OK)).GetProperty("group").GetProperty("id").GetString()!;
        const string key = "ak_live_bad_input_key";
        await Sim.Control.PostAsync("api-keys", new { key, tenant = "bad-input-keys" });
        return new BadInputBaseline(
            new Dictionary<string, string>
            {
                ["POST /auth/login"] = """{"email":"sandbox@example.com","password":"sandbox"}""",
                ["POST /auth/refresh"] = JsonSerializer.Serialize(new { refresh_token = refresh }),
                ["POST /folders"] = """{"name":"bad-input","description":"made by the bad-input table"}""",
                ["POST /verifications"] = create,
                ["PUT /verifications/{id}"] = """{"verification_status":"COMPLETED","output":{"is_match_face":true},"configuration":{"verification_type":"KTP_SELFIE"}}""",
                ["POST /verifications/{id}/retry"] = """{"force":true}""",
                ["POST /__simulator/accounts"] = """{"email":"bad-input@example.com","password":"pw-bad-input","tenant":"bad-input-accounts","name":"Bad Input"}""",
                ["POST /__simulator/api-keys"] = $$"""{"key":"{{key}}","tenant":"bad-input-keys","expired":false}""",
                ["POST /__simulator/balance"] = JsonSerializer.Serialize(new { credits = 100, tenant }),
                // A state that stores little: each setup resets the tenant, and the table sends it a few hundred times.
                ["POST /__simulator/provider-states"] = JsonSerializer.Serialize(new
                {
                    state = "the access token has expired",
                    @params = new { apiKey = tenant, token = "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl" },
                    action = "setup",
                }),
            },
            new Dictionary<string, string> { ["groupId"] = group, ["key"] = key });
    }

    protected override HttpStatusCode BusyStatus => HttpStatusCode.TooManyRequests;

    protected override int WebhooksPerJob => 2;

    protected override async Task<HttpResponseMessage> SendCreateJobAsync(HttpClient client, string? webhookUrl)
    {
        var api = new AnyCheckApi(Sim, client.DefaultRequestHeaders.GetValues("X-API-Key").Single());
        var body = await api.VerificationRequestAsync(extra: webhookUrl is null ? "" : $$""","webhook_url":"{{webhookUrl}}" """);
        return await client.PostAsync(new Uri("/verifications", UriKind.Relative), AnyCheckApi.JsonBody(body));
    }

    protected override async Task<string> CreatedJobIdAsync(HttpResponseMessage response) =>
        (await AnyCheckApi.ReadAsync(response, HttpStatusCode.Created)).GetProperty("id").GetString()!;

    protected override async Task<string?> JobStatusAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync(new Uri($"/verifications/{id}", UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            await AssertErrorAsync(response, HttpStatusCode.NotFound);
            return null;
        }
        return (await AnyCheckApi.ReadAsync(response, HttpStatusCode.OK)).GetProperty("status").GetString();
    }

    protected override async Task<IReadOnlyList<string>> SendSecretsAsync()
    {
        const string password = "Pw-3f9c1b0e7d-secret";
        await Sim.Control.PostAsync("accounts", new { email = "secrets@example.com", password });
        using var login = await Sim.Client.PostAsJsonAsync("/auth/login", new { email = "secrets@example.com", password });
        var tokens = await AnyCheckApi.ReadAsync(login, HttpStatusCode.OK);
        var access = tokens.GetProperty("access_token").GetString()!;
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        using var refreshed = await Sim.Client.PostAsJsonAsync("/auth/refresh", new { refresh_token = refresh });
        var rotated = await AnyCheckApi.ReadAsync(refreshed, HttpStatusCode.OK);
        using var withToken = Sim.CreateClient(("Authorization", "Bearer " + access));
        (await withToken.GetAsync(new Uri("/profile", UriKind.Relative))).EnsureSuccessStatusCode();
        // A key registered for a named tenant (an open-mode key is its own tenant id, which the journal shows).
        const string key = "ak_live_secret_key_0123456789";
        await Sim.Control.PostAsync("api-keys", new { key, tenant = "secret-keeper" });
        using var withKey = Sim.CreateClient(("X-API-Key", key));
        (await withKey.GetAsync(new Uri("/services", UriKind.Relative))).EnsureSuccessStatusCode();
        return [password, access, refresh, rotated.GetProperty("access_token").GetString()!, rotated.GetProperty("refresh_token").GetString()!, key];
    }
}

/// <summary>The same, on the SQLite store: what the sandbox runs.</summary>
public sealed class AnyCheckConformanceOnSqliteTests : AnyCheckConformanceTests
{
    protected override bool OnSqlite => true;
}
