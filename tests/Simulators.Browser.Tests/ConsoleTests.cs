using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Simulators.SandboxConsole;
using Simulators.Testing;
using Xunit.Abstractions;

namespace Simulators.Browser.Tests;

/// <summary>
/// The QA console in Chromium, in front of AnyCheck, Verifik and ADVANCE.AI on loopback ports: what a tester
/// sees and does from the pages reaches the simulators through their control APIs. The clock is advanced,
/// never waited for.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class ConsoleTests(BrowserFixture browser, ConsoleSandbox sandbox, ITestOutputHelper output) : IClassFixture<ConsoleSandbox>
{
    private const string Receiver = "https://receiver.example/hooks/";

    [Fact]
    public async Task ForceOutcome_FromTheJobPage_ShowsTheNewStateAndItsWebhookAttempt()
    {
        var (tenant, id) = await FinishedVerificationAsync(failing: false);
        await using var tab = await browser.NewTabAsync(output);
        var page = tab.Page;

        await page.GotoAsync(sandbox.Console.ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = tenant, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = id, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Job " + id })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#job-status")).ToHaveTextAsync("COMPLETED");
        var attempts = page.GetByRole(AriaRole.Table, new() { NameRegex = new("^Attempts of delivery") });
        var before = await attempts.CountAsync();
        before.Should().BeGreaterThan(0, "the finished verification sent its webhooks");

        await page.GetByLabel("Outcome to force").SelectOptionAsync("KTP_UNREADABLE");
        await page.GetByRole(AriaRole.Button, new() { Name = "Force outcome" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Forced KTP_UNREADABLE on job {id}.");
        await Assertions.Expect(page.Locator("#job-status")).ToHaveTextAsync("FAILED");
        await Assertions.Expect(page.Locator("#job-scenario")).ToHaveTextAsync("KTP_UNREADABLE");
        await Assertions.Expect(attempts).ToHaveCountAsync(before + 1);
        await Assertions.Expect(attempts.Last).ToContainTextAsync("200");
        await Assertions.Expect(attempts.Last).ToContainTextAsync("X-AnyCheck-Signature: ");
        sandbox.AnyCheck.Webhooks.Received.Should().Contain(w => w.Url == new Uri(Receiver + tenant) && w.BodyText.Contains("\"FAILED\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RetryAndReplay_FromTheJobPage_AddAttemptsUntilTheDeliveryIsDelivered()
    {
        var (tenant, id) = await FinishedVerificationAsync(failing: true);
        var url = Receiver + tenant;
        var delivery = (await sandbox.AnyCheck.Control.GetWebhooksAsync(tenant))[0];
        var deliveryId = delivery.GetProperty("id").GetString()!;
        var scheduled = delivery.GetProperty("attempts").GetArrayLength();
        delivery.GetProperty("state").GetString().Should().Be("pending", "the receiver answered 500");
        await using var tab = await browser.NewTabAsync(output);
        var page = tab.Page;
        await page.GotoAsync(JobUrl("anycheck", id));
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Attempts of delivery " + deliveryId });
        await Assertions.Expect(table).ToContainTextAsync("500");

        sandbox.FailingReceivers.TryRemove(url, out _);
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry delivery " + deliveryId }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Sent delivery {deliveryId} again (attempt {scheduled + 1}): the receiver answered 200.");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new($"^Delivery {deliveryId}: .*, delivered$") })).ToBeVisibleAsync();
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(scheduled + 1);
        await Assertions.Expect(table.Locator("tbody tr").Last).ToContainTextAsync("replay");

        await page.GetByRole(AriaRole.Button, new() { Name = "Replay delivery " + deliveryId }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"(attempt {scheduled + 2})");
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(scheduled + 2);
        var after = await sandbox.AnyCheck.Control.GetWebhooksAsync(tenant);
        after.Single(d => d.GetProperty("id").GetString() == deliveryId).GetProperty("attempts").GetArrayLength().Should().Be(scheduled + 2);
        sandbox.AnyCheck.Webhooks.Received.Count(w => w.Url == new Uri(url)).Should().Be(after.Sum(d => d.GetProperty("attempts").GetArrayLength()), "every attempt shown was sent");
    }

    [Fact]
    public async Task AdvanceClock_FromTheTenantPage_FinishesTheJobAndTheJournalShowsItsRequests()
    {
        var (tenant, client) = await sandbox.NewAnyCheckTenantAsync();
        var id = await ConsoleSandbox.CreateVerificationAsync(client, webhookUrl: null);
        await using var tab = await browser.NewTabAsync(output);
        var page = tab.Page;
        await page.GotoAsync(TenantUrl("anycheck", tenant));
        var row = page.GetByRole(AriaRole.Table, new() { Name = "Jobs of " + tenant }).GetByRole(AriaRole.Row).Filter(new() { HasText = id });
        await Assertions.Expect(row).Not.ToContainTextAsync("COMPLETED");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Requests of " + tenant })).ToContainTextAsync("/verifications");
        var before = await sandbox.AnyCheck.Control.GetNowAsync(tenant);
        await page.GetByLabel("Seconds to advance").FillAsync("-5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Advance clock" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("400 invalid_body: 'seconds' must be between 0 and ten years.");
        await page.GetByLabel("Seconds to advance").FillAsync("NaN");
        await page.GetByRole(AriaRole.Button, new() { Name = "Advance clock" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("invalid_seconds");

        await page.GetByLabel("Seconds to advance").FillAsync("600");
        await page.GetByRole(AriaRole.Button, new() { Name = "Advance clock" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Advanced {tenant}'s clock by 600 s");
        await Assertions.Expect(row).ToContainTextAsync("COMPLETED (settled)");
        (await sandbox.AnyCheck.Control.GetNowAsync(tenant)).Should().Be(before.AddSeconds(600));
        await row.GetByRole(AriaRole.Link, new() { Name = id }).ClickAsync();
        await Assertions.Expect(page.Locator("#job-status")).ToHaveTextAsync("COMPLETED");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Requests for job " + id })).ToContainTextAsync("POST");
    }

    [Fact]
    public async Task ClockAndOutcomes_ResumeFreezeQueueAndReset_FromTheTenantPage_ReachTheTenant()
    {
        // A simulator whose clock runs, so that a tenant's own freeze and resume show.
        await using var running = await SimulatorHarness.StartAnyCheckAsync(o => (o.ListenOnLoopback, o.RealTime) = (true, true));
        var console = await sandbox.StartConsoleAsync([new ConsoleTarget("anycheck", "AnyCheck", running.BaseAddress)], token: null);
        var (tenant, client) = await sandbox.NewAnyCheckTenantAsync(running);
        await ConsoleSandbox.CreateVerificationAsync(client, webhookUrl: null);
        await using var tab = await browser.NewTabAsync(output);
        var page = tab.Page;
        await page.GotoAsync(TenantUrl("anycheck", tenant, console));
        await Assertions.Expect(page.Locator("#tenant-frozen")).ToHaveTextAsync("no");

        await page.GetByRole(AriaRole.Button, new() { Name = "Freeze clock" }).ClickAsync();
        await Assertions.Expect(page.Locator("#tenant-frozen")).ToHaveTextAsync("yes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume clock" }).ClickAsync();
        await Assertions.Expect(page.Locator("#tenant-frozen")).ToHaveTextAsync("no");

        await page.GetByLabel("Scenario to queue").SelectOptionAsync("KTP_UNREADABLE");
        await page.GetByRole(AriaRole.Button, new() { Name = "Queue outcome" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Queued outcomes" })).ToHaveTextAsync("KTP_UNREADABLE");
        var id = await ConsoleSandbox.CreateVerificationAsync(client, webhookUrl: null);
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Jobs of " + tenant }).GetByRole(AriaRole.Row).Filter(new() { HasText = id })).ToContainTextAsync("KTP_UNREADABLE");
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Queued outcomes" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Reset tenant" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Reset tenant {tenant}: its jobs, journal, webhooks and clock are gone.");
        (await running.Control.GetAsync("jobs?tenant=" + tenant)).GetProperty("total").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Journal_LiveTicked_ShowsANewRequestWithoutReloadingThePage()
    {
        var (tenant, client) = await sandbox.NewAnyCheckTenantAsync();
        await ConsoleSandbox.CreateVerificationAsync(client, webhookUrl: null);
        await using var tab = await browser.NewTabAsync(output);
        var page = tab.Page;
        await page.GotoAsync(TenantUrl("anycheck", tenant));
        var journal = page.GetByRole(AriaRole.Table, new() { Name = "Requests of " + tenant });
        await Assertions.Expect(journal).Not.ToContainTextAsync("/services");
        await page.EvaluateAsync("() => window.notReloaded = true");

        await page.GetByLabel("Live (every 1 s)").CheckAsync();
        using (var services = await client.GetAsync(new Uri("/services", UriKind.Relative)))
        {
            services.EnsureSuccessStatusCode();
        }

        await Assertions.Expect(journal).ToContainTextAsync("/services");
        (await page.EvaluateAsync<bool>("() => window.notReloaded === true")).Should().BeTrue("the journal refreshed in place");
    }

    [Fact]
    public async Task TokenGate_PagesAskForTheTokenRefuseAWrongOneAndLetTheRightOneIn()
    {
        const string token = "console-gate-token-0123456789";
        var (tenant, client) = await sandbox.NewAnyCheckTenantAsync();
        await ConsoleSandbox.CreateVerificationAsync(client, webhookUrl: null);
        var gated = await sandbox.StartConsoleAsync(sandbox.Targets(), token);
        await using var tab = await browser.NewTabAsync(output);
        var page = tab.Page;

        foreach (var path in new[] { "simulators/anycheck/jobs/x", "simulators/anycheck", TenantUrl("anycheck", tenant, gated), "" })
        {
            await page.GotoAsync(new Uri(gated, path).ToString());
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the console" })).ToBeVisibleAsync();
            (await page.Locator("body").InnerTextAsync()).Should().NotContain(tenant).And.NotContain("AnyCheck").And.NotContain(sandbox.AnyCheck.BaseAddress.ToString());
            await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToHaveCountAsync(0);
        }
        using (var http = new HttpClient())
        {
            using var health = await http.GetAsync(new Uri(gated, "__simulator/health"));
            health.StatusCode.Should().Be(HttpStatusCode.OK);
            JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("service").GetString().Should().Be("console");
        }

        await page.GetByLabel("Control token").FillAsync("not-the-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That is not this sandbox's control token.");
        (await tab.Context.CookiesAsync()).Should().NotContain(c => c.Name == "simulators-console");

        await page.GetByLabel("Control token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "AnyCheck tenants" })).ToContainTextAsync(tenant);
        page.Url.Should().Be(gated.ToString(), "signing in returns to the page asked for");
        var cookie = (await tab.Context.CookiesAsync()).Single(c => c.Name == "simulators-console");
        cookie.HttpOnly.Should().BeTrue();
        cookie.SameSite.Should().Be(SameSiteAttribute.Strict);

        await page.GotoAsync(gated.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GotoAsync(new Uri(gated, "simulators/anycheck").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the console" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task VerifikOtps_LookedUpOnTheSimulatorPage_ShowTheCodeTheUserWasSent()
    {
        var email = $"qa-{Guid.NewGuid():N}@example.com";
        using (var sent = await sandbox.Verifik.Client.PostAsync(new Uri("/v2/projects/email-login?email=" + Uri.EscapeDataString(email), UriKind.Relative), null))
        {
            sent.EnsureSuccessStatusCode();
        }
        var otp = (await sandbox.Verifik.Control.GetAsync("otps?to=" + Uri.EscapeDataString(email))).GetProperty("items")[0].GetProperty("otp").GetString()!;
        await using var tab = await browser.NewTabAsync(output);
        var page = tab.Page;
        await page.GotoAsync(new Uri(sandbox.Console, "simulators/verifik").ToString());

        await page.GetByLabel("Sent to (e-mail or +phone)").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show OTPs" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "OTPs sent to " + email })).ToContainTextAsync(otp);
    }

    [Fact]
    public async Task AdvanceAiPendingJourney_LinkOnTheSimulatorPage_OpensTheHostedJourneyPage()
    {
        var signatureId = await sandbox.CreateJourneyAsync();
        await using var tab = await browser.NewTabAsync(output, "https://merchant.example");
        var page = tab.Page;
        await page.GotoAsync(new Uri(sandbox.Console, "simulators/advanceai").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Journeys waiting for the user" })).ToContainTextAsync(signatureId);

        await page.GetByRole(AriaRole.Link, new() { Name = "Open journey " + signatureId }).ClickAsync();

        await Assertions.Expect(page.Locator("#signatureId")).ToHaveTextAsync(signatureId);
        page.Url.Should().StartWith(sandbox.AdvanceAi.BaseAddress + "h5/idvs/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Verify your identity" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task FaultRule_AddedAndRemovedOnTheTenantPage_ReachesTheApiThenGoesAway()
    {
        var (tenant, client) = await sandbox.NewAnyCheckTenantAsync();
        await ConsoleSandbox.CreateVerificationAsync(client, webhookUrl: null);
        await using var tab = await browser.NewTabAsync(output);
        var page = tab.Page;
        await page.GotoAsync(TenantUrl("anycheck", tenant));

        await page.GetByLabel("Path pattern").FillAsync("/services");
        await page.GetByLabel("Method").FillAsync("GET");
        await page.GetByLabel("Effect").SelectOptionAsync("status");
        await page.GetByLabel("Status or latency").FillAsync("503");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add fault rule" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Added fault rule");
        var rules = page.GetByRole(AriaRole.Table, new() { Name = "Fault rules reaching " + tenant });
        await Assertions.Expect(rules).ToContainTextAsync("status 503");
        using (var faulted = await client.GetAsync(new Uri("/services", UriKind.Relative)))
        {
            faulted.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        }
        var rule = (await sandbox.AnyCheck.Control.GetAsync("faults")).GetProperty("items").EnumerateArray().Single(r => r.GetProperty("tenant").GetString() == tenant);
        rule.GetProperty("path").GetString().Should().Be("/services");

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove fault rule " + rule.GetProperty("id").GetString() }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Removed fault rule");
        await Assertions.Expect(rules).ToHaveCountAsync(0);
        using var healed = await client.GetAsync(new Uri("/services", UriKind.Relative));
        healed.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task MainPages_AtDesktopAndPhoneSizes_AreDrawnFitTheScreenAndNameEveryControl()
    {
        var (tenant, id) = await FinishedVerificationAsync(failing: false);
        await using var tab = await browser.NewTabAsync(output);
        var page = tab.Page;
        var pages = new (string Name, string Url, string Heading)[]
        {
            ("home", sandbox.Console.ToString(), "eKYC simulators"),
            ("tenant", TenantUrl("anycheck", tenant), $"AnyCheck tenant {tenant}"),
            ("job", JobUrl("anycheck", id), "Job " + id),
        };
        foreach (var (width, height, size) in new[] { (1280, 800, "desktop"), (390, 844, "phone") })
        {
            await page.SetViewportSizeAsync(width, height);
            foreach (var (name, url, heading) in pages)
            {
                await page.GotoAsync(url);
                await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
                await tab.ScreenshotAsync($"console-{name}-{size}");
                (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(width, $"the {name} page fits {width} px across (tables scroll inside)");
                (await UnnamedControlsAsync(page)).Should().BeEmpty($"every control of the {name} page has an accessible name");
            }
        }
    }

    [Fact]
    public async Task Pages_UnknownIdsOddCharactersAndADownSimulator_AnswerWithTheConsolesOwnPages()
    {
        var down = await sandbox.StartConsoleAsync([new ConsoleTarget("gone", "Gone", new Uri("http://127.0.0.1:9/"))], token: null);
        using var http = new HttpClient { BaseAddress = sandbox.Console };
        var notFound = new[]
        {
            "simulators/nope", "simulators/anycheck/tenant", "simulators/anycheck/tenant?tenant=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "simulators/anycheck/jobs/a%2F..%2F..%2Fhealth",
            "simulators/anycheck/jobs/%3Cb%3E%22'", "simulators/anycheck/jobs/" + new string('x', 3000), "nowhere", "status/500",
        };
        foreach (var path in notFound)
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, path);
            body.Should().Contain("<h1>Not found</h1>", path).And.NotContain("<script>alert").And.NotContain("<b>\"").And.NotContain("Exception");
        }
        using (var stale = await http.PostAsync(new Uri("simulators/anycheck/tenant?tenant=x&handler=Advance", UriKind.Relative), new FormUrlEncodedContent([new("seconds", "5")])))
        {
            stale.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a form without its antiforgery token is refused");
            (await stale.Content.ReadAsStringAsync()).Should().Contain("<h1>Bad request</h1>");
        }
        using var downHttp = new HttpClient { BaseAddress = down };
        foreach (var path in new[] { "", "simulators/gone" })
        {
            using var response = await downHttp.GetAsync(new Uri(path, UriKind.Relative));
            response.StatusCode.Should().Be(HttpStatusCode.OK, path);
            (await response.Content.ReadAsStringAsync()).Should().Contain("class=\"down\">down</span>").And.Contain("unreachable");
        }
        using var downTenant = await downHttp.GetAsync(new Uri("simulators/gone/tenant?tenant=a", UriKind.Relative));
        downTenant.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    /// <summary>A verification of a new tenant with a webhook URL of its own, run to its end on the tenant's clock.</summary>
    private async Task<(string Tenant, string Id)> FinishedVerificationAsync(bool failing)
    {
        var (tenant, client) = await sandbox.NewAnyCheckTenantAsync();
        if (failing)
        {
            sandbox.FailingReceivers[Receiver + tenant] = true;
        }
        var id = await ConsoleSandbox.CreateVerificationAsync(client, Receiver + tenant);
        await sandbox.AnyCheck.Control.AdvanceAsync(TimeSpan.FromMinutes(10), tenant);
        return (tenant, id);
    }

    private string TenantUrl(string sim, string tenant, Uri? console = null) =>
        new Uri(console ?? sandbox.Console, $"simulators/{sim}/tenant?tenant={Uri.EscapeDataString(tenant)}").ToString();

    private string JobUrl(string sim, string id) => new Uri(sandbox.Console, $"simulators/{sim}/jobs/{Uri.EscapeDataString(id)}").ToString();

    /// <summary>Links, buttons, inputs and selects with no accessible name (aria-label, aria-labelledby, a label, their text or title).</summary>
    private static Task<string[]> UnnamedControlsAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => [...document.querySelectorAll('a, button, summary, input:not([type=hidden]), select, textarea')].filter(e => {
          const labelledBy = (e.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean).map(id => document.getElementById(id)?.textContent || '').join(' ');
          const labels = e.labels ? [...e.labels].map(l => l.textContent).join(' ') : '';
          const own = e.matches('a, button, summary') ? e.textContent : '';
          return [e.getAttribute('aria-label'), labelledBy, labels, own, e.getAttribute('title')].every(n => !(n || '').trim());
        }).map(e => e.outerHTML.slice(0, 200))
        """);
}
