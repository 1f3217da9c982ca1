using System.Net.Http.Json;
using System.Text.Json;

namespace Simulators.Host;

/// <summary>
/// <c>--health-check</c>: what the container's HEALTHCHECK runs, with the image's own runtime and no
/// curl. It reads the same settings the host would run with (arguments and SIMULATORS_* variables),
/// asks each simulator and the console for <c>/__simulator/health</c> on loopback, and says which
/// did not answer ok.
/// </summary>
internal static class HealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(HostSettings settings)
    {
        var targets = settings.Simulators.Select(s => (Name: s.Module.Title, Url: s.Urls[0])).ToList();
        if (settings.ConsoleUrls is { } console)
        {
            targets.Add(("Console", console[0]));
        }
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout };
        http.DefaultRequestHeaders.UserAgent.ParseAdd(Core.Hosting.RequestLog.ProbeUserAgent);
        var results = await Task.WhenAll(targets.Select(async target =>
        {
            var url = new Uri(SimulatorHost.BaseUrl(target.Url) + "/__simulator/health");
            try
            {
                using var response = await http.GetAsync(url);
                var status = response.IsSuccessStatusCode
                    ? (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("status", out var s) ? s.GetString() : null
                    : null;
                return (target.Name, url, Ok: status == "ok", Detail: status == "ok" ? "ok" : $"HTTP {(int)response.StatusCode}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or NotSupportedException)
            {
                return (target.Name, url, Ok: false, Detail: ex is TaskCanceledException ? $"no answer in {Timeout.TotalSeconds:0} s" : ex.Message.ReplaceLineEndings(" "));
            }
        }));
        foreach (var (name, url, ok, detail) in results)
        {
            (ok ? Console.Out : Console.Error).WriteLine($"{(ok ? "ok  " : "FAIL")} {name,-10} {url} {detail}");
        }
        return results.All(r => r.Ok) ? ExitCodes.Stopped : ExitCodes.StartFailed;
    }
}
