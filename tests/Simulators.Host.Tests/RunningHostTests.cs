using System.Net;
using System.Net.Http.Json;

namespace Simulators.Host.Tests;

/// <summary>The host once it runs: banner from the bound options, request log, stop on SIGTERM.</summary>
public sealed class RunningHostTests
{
    [Fact]
    public async Task Banner_ProviderOptionOnCommandLine_ShowsTheBoundValue()
    {
        var (anycheck, verihubs, urls) = HostProcess.FreeUrls();

        using var host = await HostProcess.StartRunningAsync([.. urls, "--AnyCheck:DefaultApiKey=ak_test_banner", "--Verihubs:DefaultApiKey", "vh-banner-key"]);

        host.Stdout.Should().Contain(HostProcess.RunningLine);
        host.Stdout.Should().Contain(l => l.Contains("X-API-Key: ak_test_banner", StringComparison.Ordinal));
        host.Stdout.Should().Contain(l => l.Contains("API-Key: vh-banner-key", StringComparison.Ordinal));
        host.Stdout.Should().Contain(l => l.StartsWith("AnyCheck", StringComparison.Ordinal) && l.Contains($"http://127.0.0.1:{anycheck}", StringComparison.Ordinal));
        host.Stdout.Should().Contain(l => l.StartsWith("Verihubs", StringComparison.Ordinal) && l.Contains($"http://127.0.0.1:{verihubs}", StringComparison.Ordinal));
        host.Stdout.Should().Contain(l => l.StartsWith("Store ", StringComparison.Ordinal) && l.Contains("memory", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_SimulatorAndConsoleOff_ServeNeitherAndTheBannerLeavesThemOut()
    {
        var (anycheck, verihubs, urls) = HostProcess.FreeUrls();
        string[] args = [.. urls.Take(2), "--verihubs-urls", "off", "--console-urls", "off", "--verifik-urls", "off", "--advanceai-urls", "off"];
        using var host = await HostProcess.StartRunningAsync(args);
        using var http = new HttpClient { Timeout = HostProcess.Timeout };

        using (var health = await http.GetAsync(new Uri($"http://127.0.0.1:{anycheck}/__simulator/health")))
        {
            health.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        host.Stdout.Should().Contain(l => l.StartsWith("AnyCheck", StringComparison.Ordinal));
        host.Stdout.Should().NotContain(l => l.StartsWith("Verihubs", StringComparison.Ordinal) || l.StartsWith("Console", StringComparison.Ordinal) || l.StartsWith("Verifik", StringComparison.Ordinal));
        var refused = async () => await http.GetAsync(new Uri($"http://127.0.0.1:{verihubs}/__simulator/health"));
        await refused.Should().ThrowAsync<HttpRequestException>();

        var check = HostProcess.Start(["--health-check", .. args]);
        (await check.WaitForExitAsync()).Should().Be(0, check.Describe());
        check.Stdout.Should().ContainSingle(check.Describe()).Which.Should().StartWith("ok   AnyCheck");
        check.Dispose();
    }

    [Fact]
    public async Task Start_ConsoleMoved_ServesItThereAndNamesItInTheBanner()
    {
        var (_, _, urls) = HostProcess.FreeUrls();
        var console = HostProcess.FreePort();
        using var host = await HostProcess.StartRunningAsync([.. urls, "--console-urls", $"http://127.0.0.1:{console}"]);
        using var http = new HttpClient { Timeout = HostProcess.Timeout };

        using var page = await http.GetAsync(new Uri($"http://127.0.0.1:{console}/"));

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).Should().Contain("AnyCheck").And.Contain("Verihubs");
        host.Stdout.Should().Contain(l => l.StartsWith("Console ", StringComparison.Ordinal) && l.Contains($"http://127.0.0.1:{console}/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LogRequests_HealthAndProviderCall_OneStdoutLineEach()
    {
        var (anycheck, verihubs, urls) = HostProcess.FreeUrls();
        using var host = await HostProcess.StartRunningAsync([.. urls, "--log-requests"]);
        using var http = new HttpClient { Timeout = HostProcess.Timeout };

        using (var health = await http.GetAsync(new Uri($"http://127.0.0.1:{anycheck}/__simulator/health")))
        {
            health.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        using (var login = await http.PostAsJsonAsync(new Uri($"http://127.0.0.1:{anycheck}/auth/login"), new { email = "sandbox@example.com", password = "sandbox" }))
        {
            login.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        using (var result = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{verihubs}/ktp/id/extract-async/result?reference_id=nobody")))
        {
            result.Headers.Add("App-ID", "log-app");
            result.Headers.Add("API-Key", "sandbox-api-key");
            using var response = await http.SendAsync(result);
        }

        string[] expected = ["anycheck GET /__simulator/health -> 200", "anycheck POST /auth/login -> 200", "verihubs GET /ktp/id/extract-async/result?reference_id=nobody -> "];
        // A line is written once its response has gone, so it may trail the response a little.
        await host.WaitForOutputAsync(lines => expected.All(e => lines.Any(l => l.Contains(e, StringComparison.Ordinal))), "a line per request");
        foreach (var line in expected)
        {
            host.Stdout.Where(l => l.Contains(line, StringComparison.Ordinal)).Should().ContainSingle(line);
        }
    }

    [Fact]
    public async Task Stop_Sigterm_ExitsWith0()
    {
        var (_, _, urls) = HostProcess.FreeUrls();
        using var host = await HostProcess.StartRunningAsync(urls);

        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        (await host.WaitForExitAsync()).Should().Be(0, host.Describe());
        host.Stderr.Should().BeEmpty();
    }
}
