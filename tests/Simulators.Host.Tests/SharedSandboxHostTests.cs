using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Simulators.Host.Tests;

/// <summary>The host bound beyond loopback (0.0.0.0, reached through 127.0.0.1): the control API needs a token.</summary>
public sealed partial class SharedSandboxHostTests
{
    [Fact]
    public async Task BoundToAllInterfaces_WithoutAToken_GeneratesOnePrintsItOnce_AndTheControlApiNeedsIt()
    {
        var (anycheck, verihubs, _) = HostProcess.FreeUrls();
        using var host = await HostProcess.StartRunningAsync("--bind", "0.0.0.0", "--anycheck-urls", $"http://0.0.0.0:{anycheck}", "--verihubs-urls", $"http://0.0.0.0:{verihubs}");
        var lines = host.Stdout.Where(l => l.Contains("/__simulator/* needs this token", StringComparison.Ordinal)).ToList();
        lines.Should().ContainSingle();
        var token = TokenPattern().Match(lines[0]).Groups[1].Value;
        token.Should().HaveLength(32);

        using var http = new HttpClient { Timeout = HostProcess.Timeout };
        foreach (var port in new[] { anycheck, verihubs })
        {
            using (var reset = await http.PostAsync(new Uri($"http://127.0.0.1:{port}/__simulator/reset"), null))
            {
                reset.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            }
            using (var health = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/__simulator/health")))
            {
                health.StatusCode.Should().Be(HttpStatusCode.OK);
            }
            using var withToken = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{port}/__simulator/tenants"));
            withToken.Headers.Add("X-Simulator-Token", token);
            using var tenants = await http.SendAsync(withToken);
            tenants.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // An intruder registering an account in the sandbox tenant is refused.
        using var intruder = await http.PostAsJsonAsync(new Uri($"http://127.0.0.1:{anycheck}/__simulator/accounts"), new { email = "intruder@example.com", password = "x", tenant = "sandbox" });
        intruder.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var asTenant = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{anycheck}/__simulator/accounts")) { Content = JsonContent.Create(new { email = "intruder@example.com", password = "x", tenant = "sandbox" }) };
        asTenant.Headers.Add("X-API-Key", "ak_test_intruder");
        using (var refused = await http.SendAsync(asTenant))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task ControlTokenOption_OnLoopback_IsRequired_AndNotPrinted()
    {
        var (anycheck, _, urls) = HostProcess.FreeUrls();
        const string token = "a-token-of-my-own-choosing-42";
        using var host = await HostProcess.StartRunningAsync([.. urls, "--control-token", token]);
        host.Stdout.Should().NotContain(l => l.Contains(token, StringComparison.Ordinal));

        using var http = new HttpClient { Timeout = HostProcess.Timeout };
        using (var open = await http.GetAsync(new Uri($"http://127.0.0.1:{anycheck}/__simulator/tenants")))
        {
            open.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }
        using var bearer = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{anycheck}/__simulator/tenants"));
        bearer.Headers.Add("Authorization", "Bearer " + token);
        using var ok = await http.SendAsync(bearer);
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ControlTokenOption_TooShort_IsAUsageError()
    {
        using var host = HostProcess.Start("--control-token", "short");
        (await host.WaitForExitAsync()).Should().Be(2);
        host.Stderr.Should().Contain(l => l.Contains("--control-token", StringComparison.Ordinal));
    }

    [GeneratedRegex("token \\(generated; --control-token chooses one\\): ([0-9a-f]+)")]
    private static partial Regex TokenPattern();
}
