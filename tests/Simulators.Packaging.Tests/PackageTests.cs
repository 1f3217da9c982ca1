using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Simulators.Packaging.Tests;

/// <summary>
/// The packages as a .NET team gets them: packed from the solution, restored from a folder feed into a
/// project that knows nothing of this repository, and the tool installed from it and run.
/// </summary>
[Collection(PackedFeedTests.Name)]
public sealed partial class PackageTests(PackedFeed feed)
{
    private static readonly string[] Libraries =
        ["Ekyc.Simulators.AdvanceAi", "Ekyc.Simulators.AnyCheck", "Ekyc.Simulators.Core", "Ekyc.Simulators.Testing", "Ekyc.Simulators.Verifik", "Ekyc.Simulators.Verihubs"];

    private const string Tool = "Ekyc.Simulators.Tool";

    [Fact]
    public void Pack_Solution_ProducesEveryLibraryAndTheToolAtOneVersionWithSymbols()
    {
        feed.Packages.Should().BeEquivalentTo([.. Libraries.Append(Tool).Select(id => $"{id}.{feed.Version}.nupkg")], feed.PackOutput);
        foreach (var id in Libraries.Append(Tool))
        {
            File.Exists(Path.Combine(feed.Folder, $"{id}.{feed.Version}.snupkg")).Should().BeTrue($"{id} has a symbol package");
        }
        feed.PackOutput.Should().NotContain("warning", "a pack warning is a packaging defect");
    }

    [Fact]
    public async Task Pack_EveryPackage_CarriesItsLicenceReadmeDescriptionRepositoryCommitAndSameVersionDependencies()
    {
        var head = await Command.RunAsync("git", feed.Root, TimeSpan.FromSeconds(20), "rev-parse", "HEAD");
        foreach (var id in Libraries.Append(Tool))
        {
            var metadata = feed.Nuspec(id).Elements().Single(e => e.Name.LocalName == "metadata");
            string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

            Value("id").Should().Be(id);
            Value("version").Should().Be(feed.Version);
            var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
            (license.Attribute("type")?.Value, license.Value).Should().Be(("expression", "MIT"), id);
            Value("readme").Should().Be("README.md", id);
            feed.Entries(id).Should().Contain(["README.md", "LICENSE"], id);
            Value("description").Should().NotBeNullOrWhiteSpace(id).And.NotBe("Package Description");
            Value("authors").Should().NotBe(id, "the authors are named, not defaulted to the id");
            var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            repository.Attribute("type")?.Value.Should().Be("git");
            if (head.Code == 0)
            {
                repository.Attribute("commit")?.Value.Should().Be(head.Output.Trim(), $"{id} names the commit it was built from");
            }
            foreach (var dependency in metadata.Descendants().Where(e => e.Name.LocalName == "dependency" && e.Attribute("id")!.Value.StartsWith("Ekyc.", StringComparison.Ordinal)))
            {
                dependency.Attribute("version")!.Value.Should().Be(feed.Version, $"{id} depends on {dependency.Attribute("id")!.Value} of its own version");
            }
        }
        feed.Nuspec(Tool).Descendants().Where(e => e.Name.LocalName == "packageType").Select(e => e.Attribute("name")!.Value).Should().Contain("DotnetTool");
    }

    [Fact]
    public async Task Testing_RestoredFromTheFeedIntoAFreshProject_RunsAClientTestAgainstTheSimulator()
    {
        var project = Directory.CreateTempSubdirectory("ekyc-consumer-").FullName;
        try
        {
            var versions = XDocument.Load(Path.Combine(feed.Root, "Directory.Packages.props")).Descendants("PackageVersion")
                .ToDictionary(p => p.Attribute("Include")!.Value, p => p.Attribute("Version")!.Value);
            File.Copy(feed.NuGetConfig, Path.Combine(project, "NuGet.Config"));
            // What the README tells a team to write: the one package, next to its test framework.
            File.WriteAllText(Path.Combine(project, "Consumer.Tests.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <IsPackable>false</IsPackable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Ekyc.Simulators.Testing" Version="{feed.Version}" />
                    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="{versions["Microsoft.NET.Test.Sdk"]}" />
                    <PackageReference Include="xunit" Version="{versions["xunit"]}" />
                    <PackageReference Include="xunit.runner.visualstudio" Version="{versions["xunit.runner.visualstudio"]}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(project, "LoginTests.cs"), """
                using System.Net.Http.Json;
                using System.Text.Json;
                using Simulators.Testing;
                using Xunit;

                public class LoginTests
                {
                    [Fact]
                    public async Task Login_SandboxUser_GetsAnAccessToken()
                    {
                        await using var anycheck = await SimulatorHarness.StartAnyCheckAsync();

                        using var response = await anycheck.Client.PostAsJsonAsync("/auth/login", new { email = "sandbox@example.com", password = "sandbox" });

                        Assert.Equal(200, (int)response.StatusCode);
                        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                        Assert.False(string.IsNullOrEmpty(body.GetProperty("access_token").GetString()));
                    }
                }
                """);

            var test = await Command.DotnetAsync(project, TimeSpan.FromMinutes(4), "test", "--configuration", "Release");

            test.Code.Should().Be(0, test.Output + test.Error);
            PassedCount().Match(test.Output).Groups[1].Value.Should().Be("1", test.Output);
            Directory.GetFiles(Path.Combine(project, "bin"), "Simulators.Testing.dll", SearchOption.AllDirectories).Should().NotBeEmpty("the harness came from the package");
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    [Fact]
    public async Task Tool_InstalledFromTheFeed_ServesTheSimulatorsAndTheConsole()
    {
        var tools = Directory.CreateTempSubdirectory("ekyc-tool-").FullName;
        try
        {
            var install = await Command.DotnetAsync(tools, TimeSpan.FromMinutes(2),
                "tool", "install", Tool, "--tool-path", tools, "--version", feed.Version, "--configfile", feed.NuGetConfig);
            install.Code.Should().Be(0, install.Output + install.Error);
            var command = Path.Combine(tools, "ekyc-sim");

            var help = await Command.RunAsync(command, tools, TimeSpan.FromSeconds(30), "--help");
            help.Code.Should().Be(0, help.Error);
            help.Output.Should().Contain("--console-urls").And.Contain("--store");

            var ports = Enumerable.Range(0, 5).Select(_ => FreePort()).ToArray();
            using var host = Process.Start(new ProcessStartInfo(command)
            {
                ArgumentList =
                {
                    "--console-urls", $"http://127.0.0.1:{ports[0]}", "--anycheck-urls", $"http://127.0.0.1:{ports[1]}", "--verifik-urls", $"http://127.0.0.1:{ports[2]}",
                    "--advanceai-urls", $"http://127.0.0.1:{ports[3]}", "--verihubs-urls", $"http://127.0.0.1:{ports[4]}",
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                var ready = Stopwatch.StartNew();
                HttpResponseMessage? console = null;
                while (console is null && ready.Elapsed < TimeSpan.FromSeconds(30) && !host.HasExited)
                {
                    try
                    {
                        console = await http.GetAsync(new Uri($"http://127.0.0.1:{ports[0]}/"));
                    }
                    catch (HttpRequestException)
                    {
                        await Task.Delay(100);
                    }
                }
                console.Should().NotBeNull("the tool's console answers within 30 s");
                console!.StatusCode.Should().Be(HttpStatusCode.OK);
                (await console.Content.ReadAsStringAsync()).Should().Contain("AnyCheck").And.Contain("Verihubs");
                using var health = await http.GetAsync(new Uri($"http://127.0.0.1:{ports[1]}/__simulator/health"));
                health.StatusCode.Should().Be(HttpStatusCode.OK);
            }
            finally
            {
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync();
            }
        }
        finally
        {
            Directory.Delete(tools, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Passed:\s+(\d+)")]
    private static partial Regex PassedCount();
}
