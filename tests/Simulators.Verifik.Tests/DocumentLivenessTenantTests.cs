using System.Net;
using Simulators.Testing;

namespace Simulators.Verifik.Tests;

/// <summary>Two clients on one SQLite store: the first client's records survive a restart, and the second never sees them.</summary>
public sealed class DocumentLivenessTenantTests : IAsyncLifetime
{
    private const string First = "6650a1c2e4b0a1b2c3d4e5f6";
    private const string Second = "6900aa11bb22cc33dd44ee55";

    private readonly string _database = Path.Combine(Path.GetTempPath(), $"verifik-liveness-{Guid.NewGuid():N}.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
        {
            File.Delete(file);
        }
        return Task.CompletedTask;
    }

    private Task<SimulatorHarness> StartAsync(string client) => SimulatorHarness.StartVerifikAsync(o =>
    {
        o.Configuration["Store"] = "sqlite:" + _database;
        o.Configuration["Verifik:DefaultClientId"] = client;
    });

    private static async Task<string> TokenAsync(SimulatorHarness sim) =>
        (await sim.Control.GetCredentialsAsync()).GetProperty("defaults").GetProperty("token").GetString()!;

    [Fact]
    public async Task Records_AfterARestart_SurviveAndStayTheirClients()
    {
        string firstToken;
        string id;
        string created;
        await using (var sim = await StartAsync(First))
        {
            firstToken = await TokenAsync(sim);
            using var client = sim.CreateClient(("Authorization", "Bearer " + firstToken));
            var answer = await Liveness.CreateAsync(client, Liveness.Body(Liveness.Png()), "SCREEN_REPLAY");
            id = answer.GetProperty("data").GetProperty("_id").GetString()!;
            created = answer.GetProperty("data").GetRawText();
        }

        await using var restarted = await StartAsync(Second);
        using var second = restarted.CreateClient(("Authorization", "Bearer " + await TokenAsync(restarted)));
        using var first = restarted.CreateClient(("Authorization", "Bearer " + firstToken));

        var (status, text) = await Liveness.SendAsync(second, HttpMethod.Get, Liveness.Path + "/" + id);
        status.Should().Be(HttpStatusCode.NotFound);
        text.Should().Be("{\"error\":\"Document liveness not found\",\"message\":\"DOCUMENT_LIVENESS_NOT_FOUND\"}");
        (await Liveness.GetAsync(second, Liveness.Path)).GetProperty("total").GetInt32().Should().Be(0);

        (await Liveness.GetAsync(first, Liveness.Path + "/" + id)).GetProperty("data").GetRawText().Should().Be(created);
        var list = await Liveness.GetAsync(first, Liveness.Path);
        list.GetProperty("total").GetInt32().Should().Be(1);
        list.GetProperty("data")[0].GetProperty("client").GetString().Should().Be(First);
    }

    [Fact]
    public async Task Settings_PerClient_OnlyThatClientsAnswersChange()
    {
        await using var sim = await StartAsync(First);
        await sim.Control.PostAsync("settings", new { tenant = Second, responseShape = "captured" });
        using var client = sim.CreateClient(("Authorization", "Bearer " + await TokenAsync(sim)));

        var answer = await Liveness.CreateAsync(client, Liveness.Body(Liveness.Png()));

        Liveness.Keys(answer).Should().Equal("success", "data", "signature", "id");
    }

    [Fact]
    public async Task Settings_WithTheClientsOwnTokenOnALockedSandbox_ChangeOnlyItsOwn()
    {
        await using var sim = await SimulatorHarness.StartVerifikAsync(o => o.Configuration["Sandbox:ControlToken"] = "control-token-of-this-sandbox");
        var sandbox = await TokenAsync(sim);
        // Not the harness's control client, which holds the control token.
        using var plain = sim.CreateClient();

        using var own = await plain.SendAsync(Request(HttpMethod.Post, "settings", sandbox, "{\"responseShape\":\"documented\"}"));
        using var other = await plain.SendAsync(Request(HttpMethod.Post, "settings", sandbox, $"{{\"tenant\":\"{Second}\",\"responseShape\":\"captured\"}}"));
        using var none = await plain.SendAsync(Request(HttpMethod.Post, "settings", null, "{\"responseShape\":\"captured\"}"));
        using var client = sim.CreateClient(("Authorization", "Bearer " + sandbox));
        var answer = await Liveness.CreateAsync(client, Liveness.Body(Liveness.Png()));

        own.StatusCode.Should().Be(HttpStatusCode.OK, await own.Content.ReadAsStringAsync());
        other.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        none.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        Liveness.Keys(answer).Should().Equal("success", "data", "signature");
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? bearer, string? json)
    {
        var request = new HttpRequestMessage(method, new Uri("/__simulator/" + path, UriKind.Relative));
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }
        return request;
    }
}
