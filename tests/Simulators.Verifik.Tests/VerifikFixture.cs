using System.Net.Http.Headers;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.Verifik.Tests;

/// <summary>One Verifik simulator for a test class (clock frozen, store in memory).</summary>
public sealed class VerifikFixture : IAsyncLifetime
{
    public SimulatorHarness Sim { get; private set; } = null!;

    /// <summary>The instant the clock starts at: the timestamps and signatures these tests expect are written against it.</summary>
    public static readonly DateTimeOffset Start = new(2025, 11, 3, 8, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync() => Sim = await SimulatorHarness.StartVerifikAsync(o => o.FrozenAt = Start);

    public async Task DisposeAsync() => await Sim.DisposeAsync();

    /// <summary>The sandbox client's token from <c>GET /__simulator/credentials</c>.</summary>
    public async Task<string> SandboxTokenAsync()
    {
        var credentials = await Sim.Control.GetAsync("credentials");
        return credentials.GetProperty("defaults").GetProperty("token").GetString()!;
    }

    /// <summary>A client with the sandbox token.</summary>
    public async Task<HttpClient> AuthorizedAsync()
    {
        var client = Sim.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SandboxTokenAsync());
        return client;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
