using System.Net.Http.Json;
using System.Text.Json;

namespace Simulators.Testing;

/// <summary>A typed client for a simulator's control API (<c>/__simulator/</c>). Every call fails loudly on a non-2xx answer.</summary>
/// <param name="http">A client whose base address is the simulator.</param>
public sealed class SimulatorControlClient(HttpClient http)
{
    /// <summary>The client control calls go through (its base address and headers), for raw calls to <c>/__simulator/</c>.</summary>
    public HttpClient Http => http;

    /// <summary>The simulator's (or a tenant's) current time.</summary>
    public async Task<DateTimeOffset> GetNowAsync(string? tenant = null) =>
        (await GetAsync("clock" + Query(tenant))).GetProperty("now").GetDateTimeOffset();

    /// <summary>Stops the clock (the whole simulator, or one tenant).</summary>
    public Task FreezeAsync(string? tenant = null) => PostAsync("clock/freeze", new { tenant });

    /// <summary>Lets the clock follow real time again.</summary>
    public Task ResumeAsync(string? tenant = null) => PostAsync("clock/resume", new { tenant });

    /// <summary>Moves the clock forward; lifecycle steps and webhooks that become due happen before this returns.</summary>
    public Task AdvanceAsync(TimeSpan by, string? tenant = null) => PostAsync("clock/advance", new { seconds = by.TotalSeconds, tenant });

    /// <summary>Drops all state (or one tenant's).</summary>
    public Task ResetAsync(string? tenant = null) => PostAsync("reset", new { tenant });

    /// <summary>Makes the next job of the tenant that the scenario fits end that way.</summary>
    /// <param name="scenario">A scenario name from <see cref="GetScenariosAsync"/>.</param>
    /// <param name="tenant">A tenant, or a credential's text standing for its tenant (an API key, an e-mail, an App-ID, an access key); null: the simulator's default tenant.</param>
    /// <returns>The tenant the outcome was queued for and its whole queue, so a test can check it took the tenant its client uses.</returns>
    public Task<QueuedOutcomes> QueueOutcomeAsync(string scenario, string? tenant = null) => QueueOutcomeAsync(scenario, 1, tenant);

    /// <summary>Makes the next <paramref name="count"/> jobs of the tenant that the scenario fits end that way.</summary>
    /// <param name="scenario">A scenario name from <see cref="GetScenariosAsync"/>.</param>
    /// <param name="count">How many jobs, 1 to 1000.</param>
    /// <param name="tenant">A tenant, or a credential's text standing for its tenant; null: the simulator's default tenant.</param>
    /// <returns>The tenant the outcomes were queued for and its whole queue.</returns>
    public async Task<QueuedOutcomes> QueueOutcomeAsync(string scenario, int count, string? tenant = null)
    {
        var answer = await PostAsync("outcomes", new { scenario, count, tenant });
        return new QueuedOutcomes(
            answer.GetProperty("tenant").GetString()!,
            [.. answer.GetProperty("queued").EnumerateArray().Select(e => e.GetString()!)]);
    }

    /// <summary>Forces the outcome of an existing job.</summary>
    public Task ForceOutcomeAsync(string jobId, string scenario) => PostAsync($"jobs/{Uri.EscapeDataString(jobId)}/outcome", new { scenario });

    /// <summary>Scenario catalogue: <c>items[]</c> of <c>{name, description, appliesTo}</c>.</summary>
    public Task<JsonElement> GetScenariosAsync() => GetAsync("scenarios");

    /// <summary>Journal entries, newest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> GetRequestsAsync(string? tenant = null) =>
        [.. (await GetAsync("requests" + Query(tenant))).GetProperty("items").EnumerateArray()];

    /// <summary>Webhook deliveries, oldest first, each with its attempts.</summary>
    public async Task<IReadOnlyList<JsonElement>> GetWebhooksAsync(string? tenant = null) =>
        [.. (await GetAsync("webhooks" + Query(tenant))).GetProperty("items").EnumerateArray()];

    /// <summary>Sends a recorded webhook again.</summary>
    public Task<JsonElement> ReplayWebhookAsync(string deliveryId) => PostAsync($"webhooks/{Uri.EscapeDataString(deliveryId)}/replay", new { });

    /// <summary>Default and registered credentials.</summary>
    public Task<JsonElement> GetCredentialsAsync() => GetAsync("credentials");

    /// <summary>Any control endpoint, for provider-specific ones (e.g. <c>balance</c>, <c>api-keys</c>).</summary>
    public async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await http.PostAsJsonAsync("/__simulator/" + path, body);
        return await ReadAsync(response);
    }

    /// <summary>Any control endpoint, read.</summary>
    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await http.GetAsync(new Uri("/__simulator/" + path, UriKind.Relative));
        return await ReadAsync(response);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Control API {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {text}");
        }
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string Query(string? tenant) => tenant is null ? "" : "?tenant=" + Uri.EscapeDataString(tenant);
}

/// <summary>What <see cref="SimulatorControlClient.QueueOutcomeAsync(string, int, string?)"/> did.</summary>
/// <param name="Tenant">The tenant the outcomes were queued for (a credential named in the call resolved to its tenant).</param>
/// <param name="Queued">That tenant's queued outcomes, next first.</param>
public sealed record QueuedOutcomes(string Tenant, IReadOnlyList<string> Queued);
