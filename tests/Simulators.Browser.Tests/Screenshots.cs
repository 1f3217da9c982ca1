using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Simulators.Browser.Tests;

/// <summary>How much of an image is not its most common colour.</summary>
/// <param name="DistinctColours">Distinct RGBA values.</param>
/// <param name="Background">The most common colour, <c>0xRRGGBBAA</c>.</param>
/// <param name="ForegroundShare">Share of pixels that are not the background, 0..1.</param>
public sealed record ImageContent(int DistinctColours, uint Background, double ForegroundShare)
{
    /// <summary>Fewer colours than this is a blank page (anti-aliased text alone gives dozens).</summary>
    public const int MinDistinctColours = 8;

    /// <summary>Less drawn than this share of the pixels (0.1 %) is a blank page.</summary>
    public const double MinForegroundShare = 0.001;

    public bool IsBlank => DistinctColours < MinDistinctColours || ForegroundShare < MinForegroundShare;

    public static ImageContent Of(PngImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var counts = new Dictionary<uint, int>();
        foreach (var pixel in image.Pixels)
        {
            counts[pixel] = counts.GetValueOrDefault(pixel) + 1;
        }
        var background = counts.MaxBy(c => c.Value);
        return new ImageContent(counts.Count, background.Key, 1 - ((double)background.Value / image.Pixels.Length));
    }

    public override string ToString() =>
        $"{DistinctColours} colours, {ForegroundShare:P2} of the pixels differ from the background #{Background:x8}";
}

public static class Screenshots
{
    /// <summary><c>TestResults/screenshots/</c> of this test project (the folder git ignores).</summary>
    public static string Folder { get; } = Path.Combine(ProjectFolder(), "TestResults", "screenshots");

    /// <summary>Saves a full-page PNG as <c>&lt;name&gt;.png</c>, prints its path and fails the test if the image is blank.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(output);
        var path = Path.Combine(Folder, string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')) + ".png");
        Directory.CreateDirectory(Folder);
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        var content = ImageContent.Of(PngImage.Decode(png));
        output.WriteLine($"screenshot {path}: {content}");
        content.IsBlank.Should().BeFalse($"the screenshot {path} should show something ({content})");
        return path;
    }

    private static string ProjectFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Simulators.Browser.Tests.csproj")))
            {
                return dir.FullName;
            }
        }
        return AppContext.BaseDirectory;
    }
}
