using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Simulators.Testing;
using Simulators.Verifik.Tests.Auth;
using Simulators.Verifik.Tests.Face;

namespace Simulators.Verifik.Tests.AppRegistrations;

/// <summary>One client of its own (its tenant) going through Smart Enroll as a client app and its registrant would.</summary>
internal sealed class Enrollment
{
    public const string Project = "6650aa00aa00aa00aa00aa01";
    public const string Flow = "6650aa00aa00aa00aa00aa02";
    public const string Receiver = "https://client.example/verifik/webhook";

    private Enrollment(SimulatorHarness sim, string clientId, string token)
    {
        Sim = sim;
        ClientId = clientId;
        Token = token;
    }

    public SimulatorHarness Sim { get; }

    public string ClientId { get; }

    public string Token { get; }

    public static async Task<Enrollment> NewAsync(SimulatorHarness sim)
    {
        var (clientId, token) = await sim.RegisterAsync(email: AuthSteps.Unique("enroll"));
        return new Enrollment(sim, clientId, token);
    }

    /// <summary>The client of <paramref name="token"/> on another simulator (the same store after a restart).</summary>
    public static Enrollment Resume(SimulatorHarness sim, string token) =>
        new(sim, AuthSteps.Claims(token).GetProperty("clientId").GetString()!, token);

    /// <summary>An existing client (a provider state's) by its id and token.</summary>
    public static Enrollment For(SimulatorHarness sim, string clientId, string token) => new(sim, clientId, token);

    public Task<(HttpStatusCode Status, string Text)> SendAsync(HttpMethod method, string path, object? body = null, string? token = null, string? scenario = null) =>
        SendRawAsync(method, path, body is null ? null : JsonSerializer.Serialize(body), token ?? Token, scenario);

    public async Task<(HttpStatusCode Status, string Text)> SendRawAsync(HttpMethod method, string path, string? json, string? token, string? scenario = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (scenario is not null)
        {
            request.Headers.Add("X-Simulator-Scenario", scenario);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await Sim.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonElement> OkAsync(HttpMethod method, string path, object? body = null, string? token = null, string? scenario = null)
    {
        var (status, text) = await SendAsync(method, path, body, token, scenario);
        status.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A registration of a new registrant: its id and the registrant's token.</summary>
    public async Task<(string Id, string Token)> CreateAsync(string? scenario = null, object? body = null)
    {
        var created = await OkAsync(HttpMethod.Post, "/v2/app-registrations",
            body ?? new { project = Project, projectFlow = Flow, email = AuthSteps.Unique("registrant"), fullName = "Ana Maria Perez" }, scenario: scenario);
        var data = created.GetProperty("data");
        return (data.GetProperty("appRegistration").GetProperty("_id").GetString()!, data.GetProperty("token").GetString()!);
    }

    public async Task<string> WebhookAsync(string url = Receiver, bool isActive = true, string[]? link = null) =>
        (await OkAsync(HttpMethod.Post, "/v2/webhooks", new { url, name = "events", isActive, link = link ?? [Flow] }))
            .GetProperty("data").GetProperty("_id").GetString()!;

    public Task<JsonElement> DocumentAsync(string registrantToken, string? scenario = null, bool? force = null) =>
        OkAsync(HttpMethod.Post, "/v2/document-validations/app-registration", new { image = Faces.Base64(), force }, registrantToken, scenario);

    public Task<JsonElement> SelfieAsync(string registrantToken, string? scenario = null) =>
        OkAsync(HttpMethod.Post, "/v2/biometric-validations/app-registration", new { image = "data:image/png;base64," + Faces.Base64(), os = "ANDROID" }, registrantToken, scenario);

    public async Task<JsonElement> GetAsync(string id, string query = "") =>
        (await OkAsync(HttpMethod.Get, $"/v2/app-registrations/{id}{query}")).GetProperty("data");

    public async Task<string> StatusAsync(string id) => (await GetAsync(id)).GetProperty("status").GetString()!;

    /// <summary>Runs the client's due work (events, deliveries) after <paramref name="seconds"/> on its clock.</summary>
    public Task AdvanceAsync(double seconds) => Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(seconds), ClientId);

    /// <summary>The deliveries received about one registration, in order.</summary>
    public IReadOnlyList<ReceivedWebhook> EventsFor(string id) =>
        [.. Sim.Webhooks.Received.Where(w => w.BodyText.Contains(id, StringComparison.Ordinal))];

    public IReadOnlyList<string> TypesFor(string id) =>
        [.. EventsFor(id).Select(w => JsonDocument.Parse(w.Body).RootElement.GetProperty("type").GetString()!)];
}
