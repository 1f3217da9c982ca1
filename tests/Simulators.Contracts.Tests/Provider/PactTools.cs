using System.Diagnostics;

namespace Simulators.Contracts.Tests.Provider;

/// <summary>The official <c>pact</c> CLI from <c>contracts/node_modules</c> (installed by <c>npm ci</c> in scripts/test.sh).</summary>
internal static class PactTools
{
    public static string Cli { get; } = Path.Combine(Repository.Root, "contracts", "node_modules", "@pact-foundation", $"pact-cli-{Platform}", "standalone", OperatingSystem.IsWindows() ? "pact.exe" : "pact");

    /// <summary>The npm platform of the pact packages: linux-x64, darwin-arm64, windows-x64…</summary>
    private static string Platform =>
        (OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "linux")
        + (System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "-arm64" : "-x64");

    /// <summary>How to start the CLI with <paramref name="arguments"/>: output redirected, no usage tracking.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        if (!File.Exists(Cli))
        {
            throw new FileNotFoundException($"The pact CLI is missing at {Cli}. Run: npm ci --prefix contracts");
        }
        var start = new ProcessStartInfo(Cli)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["PACT_DO_NOT_TRACK"] = "true";
        return start;
    }

    public static Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, TimeSpan timeout) =>
        RunProcessAsync(StartInfo(arguments), timeout);

    /// <summary>Runs a tool to its end, or kills it after <paramref name="timeout"/>; its exit code and its output then errors.</summary>
    public static async Task<(int ExitCode, string Output)> RunProcessAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(start);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish in {timeout}.\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
