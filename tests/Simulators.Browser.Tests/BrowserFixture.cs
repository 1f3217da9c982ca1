using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Simulators.Browser.Tests;

/// <summary>
/// One headless Debian Chromium for the whole test run, driven by Playwright; each test opens a
/// <see cref="BrowserTab"/> (a fresh browser context) on it. Playwright's plain launch gives the browser a
/// fresh temporary profile, deleted when it closes.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where Debian puts Chromium; <c>scripts/install-chromium.sh</c> installs it when missing.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run scripts/install-chromium.sh (scripts/test.sh does).");
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            // Whatever a page's routes miss (the browser's own requests) goes to a dead proxy on loopback,
            // so nothing leaves the machine; loopback itself is reached directly.
            Proxy = new Proxy { Server = "http://127.0.0.1:9", Bypass = "127.0.0.1,localhost,[::1],*.localhost" },
        });
    }

    /// <summary>A fresh context and page whose traffic stays on loopback; see <see cref="BrowserTab"/>.</summary>
    /// <param name="output">The test's output, where screenshot paths are printed.</param>
    /// <param name="stubbedOrigins">Origins (<c>https://merchant.example</c>) answered with a stub page instead of aborted.</param>
    public Task<BrowserTab> NewTabAsync(ITestOutputHelper output, params string[] stubbedOrigins) =>
        BrowserTab.OpenAsync(Browser, output, stubbedOrigins);

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
    }
}

/// <summary>Every test class that drives the browser joins this collection, so the run launches Chromium once.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
