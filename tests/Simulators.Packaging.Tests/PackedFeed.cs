using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace Simulators.Packaging.Tests;

/// <summary>
/// The solution packed once for the run (<c>dotnet pack Simulators.sln --no-build</c>, with a pre-release
/// suffix of its own so the restore below can never take a cached copy) into a local folder feed, and a
/// NuGet configuration that knows that feed only: nothing is fetched from a registry; what the packages
/// depend on comes from the machine's package folder, which the repository's own restore filled.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    public const string Prefix = "0.1.0";

    public string Root { get; } = FindRoot();

    public string Folder { get; } = Directory.CreateTempSubdirectory("ekyc-feed-").FullName;

    public string Version { get; } = $"{Prefix}-packtest.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    /// <summary>A NuGet.Config whose only source is <see cref="Folder"/>.</summary>
    public string NuGetConfig => Path.Combine(Folder, "NuGet.Config");

    public IReadOnlyList<string> Packages => [.. Directory.GetFiles(Folder, "*.nupkg").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    public string PackOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var pack = await Command.DotnetAsync(Root, TimeSpan.FromMinutes(3),
            "pack", "Simulators.sln", "--configuration", Configuration, "--no-build", "--version-suffix", Version[(Prefix.Length + 1)..], "--output", Folder);
        PackOutput = pack.Output + pack.Error;
        if (pack.Code != 0)
        {
            throw new InvalidOperationException($"dotnet pack exited with {pack.Code}:{Environment.NewLine}{PackOutput}");
        }
        File.WriteAllText(NuGetConfig, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="ekyc-local" value="{Folder}" />
              </packageSources>
            </configuration>
            """);
    }

    /// <summary>The .nuspec inside a package.</summary>
    public XElement Nuspec(string id)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(Folder, $"{id}.{Version}.nupkg"));
        using var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream).Root!;
    }

    public IReadOnlyList<string> Entries(string id)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(Folder, $"{id}.{Version}.nupkg"));
        return [.. zip.Entries.Select(e => e.FullName)];
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        // The restores put this run's packages into the machine's package folder; they are of no use to anyone after it.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var package in Directory.Exists(cache) ? Directory.GetDirectories(cache, "ekyc.simulators.*") : [])
        {
            var version = Path.Combine(package, Version.ToLowerInvariant());
            if (Directory.Exists(version))
            {
                Directory.Delete(version, recursive: true);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>The configuration these tests were built in, which the packed projects were built in too.</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar).Contains("Debug") ? "Debug" : "Release";

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Simulators.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("Simulators.sln not found above the test binaries.");
    }
}

[CollectionDefinition(Name)]
public sealed class PackedFeedTests : ICollectionFixture<PackedFeed>
{
    public const string Name = "Packed feed";
}

/// <summary>A child process, its output read to the end, bounded in time, killed with its tree when it overruns.</summary>
internal static class Command
{
    public static Task<(int Code, string Output, string Error)> DotnetAsync(string folder, TimeSpan timeout, params string[] args) =>
        RunAsync(Dotnet(), folder, timeout, args);

    public static async Task<(int Code, string Output, string Error)> RunAsync(string file, string folder, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // The test run's own MSBuild and test-host settings would steer a nested build; the child starts clean.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) || k.StartsWith("SIMULATORS_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s.{Environment.NewLine}{await output}{await error}");
        }
        return (process.ExitCode, await output, await error);
    }

    // The dotnet that runs these tests (dotnet test sets DOTNET_HOST_PATH), else the one on the PATH.
    private static string Dotnet() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
