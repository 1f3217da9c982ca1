using System.Collections.Concurrent;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Simulators.Browser.Tests;

/// <summary>A request the page tried to send off loopback, and whether it got the stub page or was aborted.</summary>
public sealed record ExternalRequest(string Url, bool Stubbed);

/// <summary>
/// A browser context of its own (cookies, storage) with one page. Requests to 127.0.0.1 / localhost go
/// through; any other host gets a stub page if its origin is one of the stubbed origins (so a test can
/// follow a redirect to <c>https://merchant.example/return</c>), else is aborted. Both are recorded in
/// <see cref="External"/>.
/// </summary>
public sealed class BrowserTab : IAsyncDisposable
{
    /// <summary>The stub's title, so a test can tell it reached the stubbed site.</summary>
    public const string StubTitle = "Stubbed external page";

    private readonly ConcurrentQueue<ExternalRequest> _external = new();
    private readonly HashSet<string> _stubbed;
    private readonly ITestOutputHelper _output;

    private BrowserTab(IBrowserContext context, IPage page, ITestOutputHelper output, IEnumerable<string> stubbedOrigins)
    {
        Context = context;
        Page = page;
        _output = output;
        _stubbed = new HashSet<string>(stubbedOrigins.Select(o => new Uri(o).GetLeftPart(UriPartial.Authority)), StringComparer.OrdinalIgnoreCase);
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Requests off loopback, in order.</summary>
    public IReadOnlyList<ExternalRequest> External => [.. _external];

    internal static async Task<BrowserTab> OpenAsync(IBrowser browser, ITestOutputHelper output, IEnumerable<string> stubbedOrigins)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        // Fail in seconds, not Playwright's 30 s: everything served here is local.
        context.SetDefaultTimeout(10_000);
        context.SetDefaultNavigationTimeout(10_000);
        var page = await context.NewPageAsync();
        var tab = new BrowserTab(context, page, output, stubbedOrigins);
        await context.RouteAsync("**/*", tab.RouteAsync);
        return tab;
    }

    /// <summary>Saves a PNG of the page under <c>TestResults/screenshots/</c>, prints its path and fails if it is blank.</summary>
    public Task<string> ScreenshotAsync(string name, IPage? page = null) => Screenshots.ScreenshotAsync(page ?? Page, name, _output);

    public static bool IsLoopback(Uri url) =>
        url.Host is "127.0.0.1" or "localhost" or "[::1]" || url.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    private async Task RouteAsync(IRoute route)
    {
        var url = new Uri(route.Request.Url);
        if (url.Scheme is "data" or "blob" || (url.Scheme is "http" or "https" or "ws" or "wss" && IsLoopback(url)))
        {
            await route.ContinueAsync();
            return;
        }
        var stubbed = _stubbed.Contains(url.GetLeftPart(UriPartial.Authority));
        _external.Enqueue(new ExternalRequest(route.Request.Url, stubbed));
        if (stubbed)
        {
            var shown = System.Net.WebUtility.HtmlEncode(route.Request.Url);
            await route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 200,
                ContentType = "text/html; charset=utf-8",
                Body = $"<!doctype html><title>{StubTitle}</title><h1>{StubTitle}</h1><p id=\"url\">{shown}</p>",
            });
            return;
        }
        await route.AbortAsync("blockedbyclient");
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
