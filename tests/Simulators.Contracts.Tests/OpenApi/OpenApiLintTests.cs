using System.Diagnostics;
using Xunit.Abstractions;

namespace Simulators.Contracts.Tests.OpenApi;

/// <summary>
/// The documents in a standard validator: <c>redocly lint</c> (@redocly/cli from contracts/node_modules, pinned
/// in contracts/package.json) with <c>contracts/openapi/redocly.yaml</c>, on each committed file (its schemas
/// resolved from schemas/) and on what each simulator serves (bundled). An error fails; warnings are listed.
/// </summary>
public sealed class OpenApiLintTests(ITestOutputHelper output)
{
    private static readonly string Redocly = Path.Combine(Repository.Root, "contracts", "node_modules", ".bin", OperatingSystem.IsWindows() ? "redocly.cmd" : "redocly");
    private static readonly string Config = Path.Combine(Repository.Root, "contracts", "openapi", "redocly.yaml");

    [Fact]
    public async Task RedoclyLint_CommittedAndServedDocuments_HaveNoErrors()
    {
        File.Exists(Redocly).Should().BeTrue("the Redocly CLI is installed by npm ci --prefix contracts (scripts/test.sh)");
        var folder = Directory.CreateTempSubdirectory("openapi-lint-");
        try
        {
            var files = OpenApiProvider.All.Select(p => p.DocumentPath).ToList();
            foreach (var provider in OpenApiProvider.All)
            {
                await using var sim = await OpenApiDocumentTests.StartAsync(provider.Id);
                var served = Path.Combine(folder.FullName, provider.Id + ".served.json");
                await File.WriteAllTextAsync(served, await sim.Client.GetStringAsync(new Uri("/__simulator/openapi.json", UriKind.Relative)));
                files.Add(served);
            }

            var (exitCode, text) = await RunAsync(["lint", "--config", Config, "--format", "stylish", .. files], TimeSpan.FromSeconds(120));
            output.WriteLine(text);
            exitCode.Should().Be(0, "redocly lint reports no error in any document:\n{0}", text);
            text.Should().Contain("validated", "redocly really read the documents");
            foreach (var file in files)
            {
                text.Should().Contain(Path.GetFileName(file));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Redocly) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // No usage reports and no update check: the tests talk to loopback only.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_COLOR"] = "1";
        return await Provider.PactTools.RunProcessAsync(start, timeout);
    }
}
