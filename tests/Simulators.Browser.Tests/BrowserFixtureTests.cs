using Microsoft.Playwright;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Simulators.Browser.Tests;

/// <summary>The fixture itself: the page stays on loopback, and screenshots are decoded and checked.</summary>
[Collection(BrowserTests.Name)]
public sealed class BrowserFixtureTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task Goto_ExternalHostNotStubbed_IsAbortedAndRecorded()
    {
        await using var tab = await browser.NewTabAsync(output);

        var navigate = () => tab.Page.GotoAsync("https://example.com/");

        (await navigate.Should().ThrowAsync<PlaywrightException>()).Which.Message.Should().Contain("ERR_BLOCKED_BY_CLIENT");
        tab.External.Should().Equal(new ExternalRequest("https://example.com/", Stubbed: false));
    }

    [Fact]
    public async Task Goto_StubbedOrigin_ServesTheStubPageWithTheUrl()
    {
        await using var tab = await browser.NewTabAsync(output, "https://merchant.example");

        var response = await tab.Page.GotoAsync("https://merchant.example/return?signatureId=abc");

        response!.Status.Should().Be(200);
        (await tab.Page.TitleAsync()).Should().Be(BrowserTab.StubTitle);
        (await tab.Page.Locator("#url").InnerTextAsync()).Should().Be("https://merchant.example/return?signatureId=abc");
        tab.External.Should().Equal(new ExternalRequest("https://merchant.example/return?signatureId=abc", Stubbed: true));
    }

    [Fact]
    public async Task Goto_ContextWithoutRoutes_ReachesOnlyTheDeadProxy()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var navigate = () => page.GotoAsync("http://example.com/", new PageGotoOptions { Timeout = 10_000 });

        (await navigate.Should().ThrowAsync<PlaywrightException>()).Which.Message.Should().Contain("ERR_PROXY_CONNECTION_FAILED");
    }

    [Fact]
    public async Task SetContent_ExternalSubresources_AreAbortedNotFetched()
    {
        await using var tab = await browser.NewTabAsync(output, "https://merchant.example");

        await tab.Page.SetContentAsync("""<img src="https://cdn.example/logo.png"><script src="http://tracker.example/t.js"></script>""");

        tab.External.Should().BeEquivalentTo([new ExternalRequest("https://cdn.example/logo.png", false), new ExternalRequest("http://tracker.example/t.js", false)]);
    }

    [Fact]
    public async Task Screenshot_RenderedColours_DecodeAtTheirPlaces()
    {
        await using var tab = await browser.NewTabAsync(output);
        await tab.Page.SetContentAsync("""
            <style>html,body{margin:0;background:#ff0000}div{position:absolute;left:100px;top:50px;width:200px;height:100px;background:#0000ff}</style><div></div>
            """);

        var image = PngImage.Decode(await tab.Page.ScreenshotAsync());

        (image.Width, image.Height).Should().Be((1280, 800));
        image[10, 10].Should().Be(0xFF0000FF);
        image[150, 80].Should().Be(0x0000FFFF);
        image[299, 149].Should().Be(0x0000FFFF);
        image[300, 150].Should().Be(0xFF0000FF);
        ImageContent.Of(image).ForegroundShare.Should().BeApproximately(200.0 * 100 / (1280 * 800), 1e-9);
    }

    [Fact]
    public async Task ScreenshotAsync_BlankPage_FailsTheTest()
    {
        await using var tab = await browser.NewTabAsync(output);
        await tab.Page.SetContentAsync("<body style=\"background:#fff\"></body>");

        var take = () => tab.ScreenshotAsync("blank-page-check");

        await take.Should().ThrowAsync<XunitException>().WithMessage("*should show something*");
    }

    [Fact]
    public async Task ScreenshotAsync_PageWithText_SavesANonBlankPng()
    {
        await using var tab = await browser.NewTabAsync(output);
        await tab.Page.SetContentAsync("<h1>Screenshot check</h1><p>Some text so the page is not blank.</p>");

        var path = await tab.ScreenshotAsync("text-page-check");

        path.Should().StartWith(Screenshots.Folder).And.EndWith("text-page-check.png");
        ImageContent.Of(PngImage.Decode(await File.ReadAllBytesAsync(path))).IsBlank.Should().BeFalse();
    }
}
