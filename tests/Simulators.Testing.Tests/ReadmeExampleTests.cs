namespace Simulators.Testing.Tests;

/// <summary>
/// The README's "In your own .NET tests" shows the files of <c>ReadmeExamples/</c> whole: each C# block opens
/// with the path of the file it is, and must be that file exactly, so the examples users copy are the tests run here.
/// </summary>
public sealed class ReadmeExampleTests
{
    private const string Folder = "tests/Simulators.Testing.Tests/ReadmeExamples/";

    private static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Simulators.sln")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("Simulators.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private static IReadOnlyDictionary<string, string> ReadmeBlocks()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("\n## In your own .NET tests\n", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, "the README has the section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        var blocks = new Dictionary<string, string>();
        foreach (var part in section.Split("```csharp\n").Skip(1))
        {
            var code = part[..part.IndexOf("```", StringComparison.Ordinal)];
            var first = code[..code.IndexOf('\n', StringComparison.Ordinal)];
            if (first.StartsWith("// " + Folder, StringComparison.Ordinal))
            {
                blocks[first[3..]] = code;
            }
        }
        return blocks;
    }

    [Fact]
    public void Readme_InYourOwnDotNetTests_ShowsEveryExampleFileExactly()
    {
        var files = Directory.GetFiles(Path.Combine(Root, Folder), "*.cs").Order(StringComparer.Ordinal).ToList();
        var blocks = ReadmeBlocks();

        files.Should().HaveCount(4, "one example per provider");
        blocks.Keys.Should().BeEquivalentTo(files.Select(f => Folder + Path.GetFileName(f)));
        foreach (var file in files)
        {
            blocks[Folder + Path.GetFileName(file)].Should().Be(File.ReadAllText(file).ReplaceLineEndings("\n"), $"the README shows {Path.GetFileName(file)} as it is");
        }
    }
}
