using System.Net.Http.Json;
using System.Text.Json;

namespace Simulators.SandboxConsole.Control;

/// <summary>
/// The console's only way to a simulator: its control API over HTTP, with the control token when the
/// sandbox has one. Every answer comes back as a <see cref="ControlResult{T}"/>: a refused connection,
/// a timeout or a body that is not the expected JSON is an error to show, never an exception.
/// </summary>
public sealed class ControlClient(IHttpClientFactory factory, ConsoleSettings settings)
{
    public const string HttpClientName = "control";

    private const string Prefix = "__simulator/";

    public Task<ControlResult<T>> GetAsync<T>(ConsoleTarget target, string path, CancellationToken cancellationToken) =>
        SendAsync<T>(target, HttpMethod.Get, path, null, cancellationToken);

    public Task<ControlResult<T>> PostAsync<T>(ConsoleTarget target, string path, object? body, CancellationToken cancellationToken) =>
        SendAsync<T>(target, HttpMethod.Post, path, body, cancellationToken);

    /// <summary>A call whose answer is only a status (a 204).</summary>
    public async Task<ControlError?> SendAsync(ConsoleTarget target, HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        (await SendAsync<JsonElement>(target, method, path, body, cancellationToken)).Error;

    /// <summary><c>?name=value&amp;…</c> with every value escaped; null values are left out.</summary>
    public static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }

    /// <summary>A path segment escaped, so an id with odd characters stays one segment.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    private async Task<ControlResult<T>> SendAsync<T>(ConsoleTarget target, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(target.BaseUrl, Prefix + path));
        if (settings.ControlToken is { Length: > 0 } token)
        {
            request.Headers.TryAddWithoutValidation("X-Simulator-Token", token);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: ControlJson.Options);
        }
        try
        {
            using var response = await factory.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new(default, ErrorOf((int)response.StatusCode, text));
            }
            if (text.Length == 0)
            {
                return new(default, null);
            }
            return new(JsonSerializer.Deserialize<T>(text, ControlJson.Options), null);
        }
        catch (HttpRequestException ex)
        {
            return new(default, new ControlError(0, "unreachable", $"{target.DisplayName} does not answer at {target.BaseUrl}: {ex.Message}"));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(default, new ControlError(0, "timeout", $"{target.DisplayName} did not answer in time at {target.BaseUrl}."));
        }
        catch (JsonException ex)
        {
            return new(default, new ControlError(502, "unexpected_body", $"The control API's answer could not be read: {ex.Message}"));
        }
    }

    private static ControlError ErrorOf(int status, string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("error", out var code) && code.ValueKind == JsonValueKind.String)
            {
                var message = doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
                return new ControlError(status, code.GetString()!, message);
            }
        }
        catch (JsonException)
        {
            // Not the control API's envelope (a proxy's page): shown by its status.
        }
        return new ControlError(status, "http_" + status, text.Length > 200 ? text[..200] : text);
    }
}
