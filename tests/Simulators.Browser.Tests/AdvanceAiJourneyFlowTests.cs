using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Simulators.Testing;
using Xunit.Abstractions;

namespace Simulators.Browser.Tests;

/// <summary>
/// The ADVANCE.AI journey walked in Chromium as an end user would: the backend's calls go over HTTP to
/// the simulator on a loopback port, the user clicks the hosted page, the redirects land on the
/// merchant's (stubbed) pages, the callbacks reach the harness's receiver, and the clock is advanced,
/// never waited for.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class AdvanceAiJourneyFlowTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string AccessKey = "sandbox-access-key";
    private const string SecretKey = "sandbox-secret-key";
    private const string Merchant = "https://merchant.example";
    private const string ReturnUrl = Merchant + "/return";
    private const string FailReturnUrl = Merchant + "/fail";
    private const string Callback = Merchant + "/advance-ai/callback";
    private const string Ekyc = "generate-ekyc-verification-url";

    [Fact]
    public async Task JourneyPage_OpenedFromGeneratedUrl_LoadsOnTheSimulatorsOwnAddressAndShowsSignatureId()
    {
        await using var flow = await Flow.StartAsync(browser, output);
        var signatureId = await flow.GenerateAsync(Ekyc);
        flow.Url.Should().StartWith(flow.Sim.BaseAddress + "h5/idvs/");

        var response = await flow.Tab.Page.GotoAsync(flow.Url);

        response!.Status.Should().Be(200);
        await Assertions.Expect(flow.Tab.Page.Locator("#signatureId")).ToHaveTextAsync(signatureId);
        await flow.Tab.ScreenshotAsync("advance-ai-journey-opened");
        flow.Tab.External.Should().BeEmpty();
    }

    [Fact]
    public async Task Journey_PassWithUploads_WaitsForTheResultThenRedirectsToReturnUrl()
    {
        await using var flow = await Flow.StartAsync(browser, output);
        var signatureId = await flow.GenerateAsync(Ekyc);

        await flow.Tab.Page.GotoAsync(flow.Url);
        var page = flow.Tab.Page;
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Verify your identity" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#planned")).ToContainTextAsync("Submit will produce PASS");
        await flow.Tab.ScreenshotAsync("advance-ai-pending-desktop");
        await page.SetViewportSizeAsync(390, 844);
        await flow.Tab.ScreenshotAsync("advance-ai-pending-phone");
        await page.SetViewportSizeAsync(1280, 800);
        await page.GetByLabel("Document type").SelectOptionAsync("PH-PP-N");
        await page.GetByLabel("Front of the document").SetInputFilesAsync(Fixture("ktp-ok-male.jpg", "image/jpeg"));
        await page.GetByLabel("Selfie", new() { Exact = true }).SetInputFilesAsync(Fixture("selfie-match.jpg", "image/jpeg"));
        await page.GetByLabel("Outcome to produce").SelectOptionAsync("PASS");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checking your documents" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Notices sent" })).ToContainTextAsync("SUBMIT_COMPLETED");
        await flow.Tab.ScreenshotAsync("advance-ai-submitted");
        flow.NoticeTypes(signatureId).Should().Equal("SUBMIT_COMPLETED");
        var partial = await flow.ResultAsync(signatureId);
        partial.GetProperty("overallResult").ValueKind.Should().Be(JsonValueKind.Null);
        partial.GetProperty("submissionCompleted").GetBoolean().Should().BeTrue();

        await flow.LandsOnAsync(ReturnUrl, () => flow.AdvanceAsync(5));

        flow.NoticeTypes(signatureId).Should().Equal("SUBMIT_COMPLETED", "COMPLETED");
        var final = await flow.ResultAsync(signatureId);
        final.GetProperty("overallResult").GetString().Should().Be("PASS");
        final.GetProperty("docDetail").GetProperty("docType").GetProperty("front").GetString().Should().Be("PH-PP-N");
        var front = await flow.Sim.Client.GetByteArrayAsync(new Uri(final.GetProperty("docDetail").GetProperty("docFrontImage").GetString()!));
        front.Should().Equal(await File.ReadAllBytesAsync(FixturePath("ktp-ok-male.jpg")));

        // The link opened again shows the end.
        await flow.OpenAgainAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Verification complete" })).ToBeVisibleAsync();
        await flow.Tab.ScreenshotAsync("advance-ai-complete");
    }

    [Theory]
    [InlineData("ID_FORGERY_DETECTED", "FAIL", false, FailReturnUrl, new[] { "SUBMIT_COMPLETED", "COMPLETED" })]
    [InlineData("CARD_LOW_QUALITY_IMAGE", "INCOMPLETE", false, FailReturnUrl, new[] { "SUBMIT_COMPLETED" })]
    [InlineData("ID_FORGERY_DETECTED", "FAIL", true, ReturnUrl, new[] { "SUBMIT_COMPLETED", "COMPLETED" })]
    public async Task Journey_FailureCodeChosenOnThePage_EndsWithItAndRedirectsAsTheCallAsked(string code, string overall, bool ignoreFailWhenJump, string landing, string[] notices)
    {
        await using var flow = await Flow.StartAsync(browser, output);
        var signatureId = await flow.GenerateAsync(Ekyc, ignoreFailWhenJump);
        var page = flow.Tab.Page;
        await page.GotoAsync(flow.Url);

        await page.GetByLabel("Outcome to produce").SelectOptionAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checking your documents" })).ToBeVisibleAsync();
        await flow.LandsOnAsync(landing, () => flow.AdvanceAsync(5));

        flow.NoticeTypes(signatureId).Should().Equal(notices);
        var result = await flow.ResultAsync(signatureId);
        result.GetProperty("overallResult").GetString().Should().Be(overall);
        result.GetProperty("errorCode").GetString().Should().Be(code);
        await flow.OpenAgainAsync();
        await Assertions.Expect(page.Locator("#errorCode")).ToHaveTextAsync(code);
        await flow.Tab.ScreenshotAsync($"advance-ai-ended-{code.ToLowerInvariant()}-{(ignoreFailWhenJump ? "ignore" : "plain")}");
    }

    [Fact]
    public async Task Journey_Abandon_EndsIncompleteAtOnceWithoutNoticesAndGoesToFailReturnUrl()
    {
        await using var flow = await Flow.StartAsync(browser, output);
        var signatureId = await flow.GenerateAsync(Ekyc);
        var page = flow.Tab.Page;
        await page.GotoAsync(flow.Url);

        await flow.LandsOnAsync(FailReturnUrl, () => page.GetByRole(AriaRole.Button, new() { Name = "Abandon" }).ClickAsync());

        flow.NoticeTypes(signatureId).Should().BeEmpty();
        var result = await flow.ResultAsync(signatureId);
        result.GetProperty("overallResult").GetString().Should().Be("INCOMPLETE");
        result.GetProperty("errorCode").ValueKind.Should().Be(JsonValueKind.Null);
        await flow.OpenAgainAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Verification cancelled" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Submit" })).ToHaveCountAsync(0);
        await flow.Tab.ScreenshotAsync("advance-ai-abandoned");
    }

    [Fact]
    public async Task Journey_NothingSubmittedForAnHour_TimesOutAndTheLinkShowsItExpired()
    {
        await using var flow = await Flow.StartAsync(browser, output);
        var signatureId = await flow.GenerateAsync(Ekyc);
        var page = flow.Tab.Page;
        await page.GotoAsync(flow.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Submit" })).ToBeVisibleAsync();

        await flow.AdvanceAsync(3600);
        // The form still on screen, posted after the timeout, changes nothing: the page shows the end.
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This session has expired" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#errorCode")).ToHaveTextAsync("USER_TIMEOUT");
        await flow.Tab.ScreenshotAsync("advance-ai-timed-out");
        flow.NoticeTypes(signatureId).Should().BeEmpty();
        // The backend's token of an hour ago has expired too.
        await flow.AuthenticateAsync();
        var result = await flow.ResultAsync(signatureId);
        result.GetProperty("overallResult").GetString().Should().Be("INCOMPLETE");
        result.GetProperty("errorCode").GetString().Should().Be("USER_TIMEOUT");
        await flow.LandsOnAsync(FailReturnUrl, () => page.GetByRole(AriaRole.Link, new() { Name = "Return to the app" }).ClickAsync());
    }

    [Fact]
    public async Task Journey_LivenessWithAnAppSchemeReturnUrl_EndsOnAPageWithTheAppLink()
    {
        await using var flow = await Flow.StartAsync(browser, output);
        await flow.GenerateAsync("generate-liveness-detection-url", returnUrl: "myapp://callback/success");
        var page = flow.Tab.Page;
        await page.GotoAsync(flow.Url);
        await Assertions.Expect(page.GetByLabel("Document type")).ToHaveCountAsync(0);
        await page.GetByLabel("Selfie", new() { Exact = true }).SetInputFilesAsync(Fixture("selfie-match.jpg", "image/jpeg"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await flow.AdvanceAsync(5);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Verification complete" })).ToBeVisibleAsync(new() { Timeout = 5_000 });
        (await page.GetByRole(AriaRole.Link, new() { Name = "Return to the app" }).GetAttributeAsync("href")).Should().Be("myapp://callback/success");
        await flow.Tab.ScreenshotAsync("advance-ai-liveness-app-link");
    }

    [Fact]
    public async Task Journey_UploadThatIsNoImage_ShowsTheReasonAndKeepsTheJourneyPending()
    {
        await using var flow = await Flow.StartAsync(browser, output);
        var signatureId = await flow.GenerateAsync(Ekyc);
        var page = flow.Tab.Page;
        await page.GotoAsync(flow.Url);

        await page.GetByLabel("Front of the document").SetInputFilesAsync(new FilePayload { Name = "notes.jpg", MimeType = "image/jpeg", Buffer = "not an image"u8.ToArray() });
        var answer = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync(), r => r.Request.Method == "POST");

        answer.Status.Should().Be(400);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The front of the document is not a JPEG or PNG image.");
        await page.SetViewportSizeAsync(390, 844);
        await flow.Tab.ScreenshotAsync("advance-ai-bad-upload-phone");
        (await flow.ResultAsync(signatureId)).GetProperty("submissionCompleted").GetBoolean().Should().BeFalse();
        flow.NoticeTypes(signatureId).Should().BeEmpty();
    }

    [Fact]
    public async Task Journey_LinkOpenedAfterItsLifetime_ShowsExpiredAndKeepsTheResult()
    {
        await using var flow = await Flow.StartAsync(browser, output);
        var signatureId = await flow.GenerateAsync(Ekyc);
        var page = flow.Tab.Page;
        await page.GotoAsync(flow.Url);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checking your documents" })).ToBeVisibleAsync();

        await flow.AdvanceAsync(86400);
        var response = await page.GotoAsync(flow.Url);

        response!.Status.Should().Be(410);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This link has expired" })).ToBeVisibleAsync();
        await flow.Tab.ScreenshotAsync("advance-ai-link-expired");
        await flow.AuthenticateAsync();
        (await flow.ResultAsync(signatureId)).GetProperty("overallResult").GetString().Should().Be("PASS");
    }

    [Fact]
    public async Task Journey_UnknownLink_ShowsANotValidPage()
    {
        await using var flow = await Flow.StartAsync(browser, output);

        var response = await flow.Tab.Page.GotoAsync(new Uri(flow.Sim.BaseAddress, "/h5/idvs/0123456789abcdef").ToString());

        response!.Status.Should().Be(404);
        await Assertions.Expect(flow.Tab.Page.GetByRole(AriaRole.Heading, new() { Name = "This verification link is not valid" })).ToBeVisibleAsync();
        await flow.Tab.ScreenshotAsync("advance-ai-unknown-link");
    }

    private static FilePayload Fixture(string name, string type) => new() { Name = name, MimeType = type, Buffer = File.ReadAllBytes(FixturePath(name)) };

    private static string FixturePath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Simulators.sln")))
            {
                return Path.Combine(dir.FullName, "fixtures", "images", name);
            }
        }
        throw new InvalidOperationException("Simulators.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>One simulator on a loopback port, its backend token, one browser tab with the merchant's site stubbed.</summary>
    private sealed class Flow : IAsyncDisposable
    {
        private Flow(SimulatorHarness sim, BrowserTab tab)
        {
            Sim = sim;
            Tab = tab;
        }

        public SimulatorHarness Sim { get; }

        public BrowserTab Tab { get; }

        public string Token { get; private set; } = "";

        /// <summary>The url the last generate-url returned.</summary>
        public string Url { get; private set; } = "";

        public static async Task<Flow> StartAsync(BrowserFixture browser, ITestOutputHelper output)
        {
            var sim = await SimulatorHarness.StartAdvanceAiAsync(o => o.ListenOnLoopback = true);
            var flow = new Flow(sim, await browser.NewTabAsync(output, Merchant));
            await flow.AuthenticateAsync();
            return flow;
        }

        /// <summary>A token of the default pair, as the backend gets one.</summary>
        public async Task AuthenticateAsync()
        {
            var timestamp = (await Sim.Control.GetNowAsync(AccessKey)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            var signature = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AccessKey + SecretKey + timestamp)));
            var token = await PostAsync(Sim.Client, "/openapi/auth/ticket/v1/generate-token", new { accessKey = AccessKey, timestamp, signature }, token: null);
            Token = token.GetProperty("token").GetString()!;
        }

        public async Task<string> GenerateAsync(string variant, bool ignoreFailWhenJump = false, string returnUrl = ReturnUrl)
        {
            var data = await PostAsync(Sim.Client, "/intl/openapi/identity-risk/idvs-h5/ekyc/v1/" + variant, new
            {
                returnUrl,
                failReturnUrl = FailReturnUrl,
                callbackUrl = Callback,
                bizId = "order-" + Guid.NewGuid().ToString("N")[..8],
                userId = "user-1",
                region = "PHL",
                ignoreFailWhenJump,
            }, Token);
            Url = data.GetProperty("url").GetString()!;
            new Uri(Url).Host.Should().Be("127.0.0.1");
            return data.GetProperty("signatureId").GetString()!;
        }

        /// <summary>
        /// Opens the journey link again once it has ended. A refresh the page had in flight when the journey
        /// ended may still be answered with the redirect to the merchant's site, and that navigation would
        /// interrupt this one: it is let finish, and the link opened again.
        /// </summary>
        public async Task OpenAgainAsync()
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await Tab.Page.GotoAsync(Url);
                    return;
                }
                catch (PlaywrightException interrupted) when (attempt < 3 && interrupted.Message.Contains("interrupted by another navigation", StringComparison.Ordinal))
                {
                    await Tab.Page.WaitForLoadStateAsync(LoadState.Load);
                }
            }
        }

        /// <summary>
        /// Runs <paramref name="action"/> and waits until the browser goes to <paramref name="url"/>, on the
        /// merchant's site: a page's link, or the journey page's 303 (the stub answers a direct navigation;
        /// a redirect's target is not routed, so the browser's attempt is what is checked).
        /// </summary>
        public async Task LandsOnAsync(string url, Func<Task> action)
        {
            // The navigation that ends it: the stub page, or the browser's error page for the unrouted redirect.
            var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnNavigated(object? sender, IFrame frame)
            {
                if (frame == Tab.Page.MainFrame && (frame.Url == url || frame.Url.StartsWith("chrome-error:", StringComparison.Ordinal)))
                {
                    ended.TrySetResult();
                }
            }
            Tab.Page.FrameNavigated += OnNavigated;
            try
            {
                var request = Tab.Page.WaitForRequestAsync(url);
                await action();
                var landed = await request;
                landed.IsNavigationRequest.Should().BeTrue();
                await ended.Task.WaitAsync(TimeSpan.FromSeconds(10));
                if (landed.RedirectedFrom is { } from)
                {
                    from.Url.Should().StartWith(Sim.BaseAddress + "h5/idvs/");
                    (await from.ResponseAsync())!.Status.Should().Be(303);
                }
                else
                {
                    Tab.Page.Url.Should().Be(url);
                    (await Tab.Page.TitleAsync()).Should().Be(BrowserTab.StubTitle);
                }
            }
            finally
            {
                Tab.Page.FrameNavigated -= OnNavigated;
            }
        }

        public Task<JsonElement> ResultAsync(string signatureId) =>
            PostAsync(Sim.Client, "/intl/openapi/identity-risk/idvs-h5/ekyc/v1/get-result", new { signatureId }, Token);

        public Task AdvanceAsync(double seconds) => Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(seconds), AccessKey);

        public string[] NoticeTypes(string signatureId) =>
        [
            .. Sim.Webhooks.Received.Where(w => w.Url == new Uri(Callback) && w.BodyText.Contains(signatureId, StringComparison.Ordinal))
                .Select(w => JsonDocument.Parse(w.Body).RootElement.GetProperty("type").GetString()!),
        ];

        public async ValueTask DisposeAsync()
        {
            await Tab.DisposeAsync();
            await Sim.DisposeAsync();
        }

        private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body, string? token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            if (token is not null)
            {
                request.Headers.Add("X-ACCESS-TOKEN", token);
            }
            using var response = await http.SendAsync(request);
            var envelope = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            envelope.GetProperty("code").GetString().Should().Be("SUCCESS", envelope.GetRawText());
            return envelope.GetProperty("data").Clone();
        }
    }
}
