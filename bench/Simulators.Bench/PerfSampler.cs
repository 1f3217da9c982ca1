using System.Diagnostics;
using System.Globalization;

namespace Simulators.Bench;

/// <summary>
/// <c>--perf</c>: samples a simulator with Linux perf (software clock, 999 Hz, call graphs by frame
/// pointer) during one POST run, and prints where its CPU went by library and by function. For perf
/// to name managed code the simulator runs with the JIT's perf map on (/tmp/perf-PID.map), without
/// W^X double mapping (perf cannot map that memory to the map) and without ReadyToRun code (so the
/// framework's code is jitted and named too): a different build of the same code, sampled on its own.
/// </summary>
internal sealed partial class PerfSampler
{
    public static readonly Dictionary<string, string> Environment = new()
    {
        ["DOTNET_PerfMapEnabled"] = "1",
        ["DOTNET_EnableWriteXorExecute"] = "0",
        ["DOTNET_ReadyToRun"] = "0",
    };

    private readonly Process _process;
    private readonly string _data;

    private PerfSampler(Process process, string data)
    {
        _process = process;
        _data = data;
    }

    public static bool Available() => File.Exists("/usr/bin/perf") || File.Exists("/usr/local/bin/perf");

    public static PerfSampler Start(int pid, int seconds, SectionContext context)
    {
        var data = Path.Combine(context.TempDir, string.Create(CultureInfo.InvariantCulture, $"perf-{pid}.data"));
        var start = new ProcessStartInfo("perf") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "record", "-e", "cpu-clock", "-F", "999", "-g", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", data, "--", "sleep", seconds.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start perf.");
        context.Children.Add(process.Id);
        return new PerfSampler(process, data);
    }

    public async Task ReportAsync(string label, int pid)
    {
        var recordOutput = await _process.StandardError.ReadToEndAsync() + await _process.StandardOutput.ReadToEndAsync();
        await _process.WaitForExitAsync();
        _process.Dispose();
        Fmt.Line($"== perf profile of the simulator during {label}: share of its CPU samples ==");
        if (!File.Exists(_data))
        {
            Fmt.Line("perf recorded nothing: " + recordOutput.Trim());
            Fmt.Line("");
            return;
        }
        Fmt.Line("-- by library, self time (libcoreclr.so is the runtime: GC, allocation, casts; it has no symbols here) --");
        foreach (var line in (await PerfReportAsync("--no-children", "dso")).Take(10))
        {
            Fmt.Line(line);
        }
        Fmt.Line("-- by function, self time (top 40) --");
        foreach (var line in (await PerfReportAsync("--no-children", "symbol")).Take(40))
        {
            Fmt.Line(line);
        }
        Fmt.Line("-- simulator and engine functions, inclusive (their callees included; top 40) --");
        foreach (var line in (await PerfReportAsync("--children", "symbol")).Where(l => l.Contains("Simulators.", StringComparison.Ordinal)).Take(40))
        {
            Fmt.Line(line);
        }
        Fmt.Line("");
        string[] maps = [$"/tmp/perf-{pid}.map", $"/tmp/perfinfo-{pid}.map"];
        if (System.Environment.GetEnvironmentVariable("BENCH_PERF_KEEP") is { Length: > 0 } keep)
        {
            foreach (var file in maps.Where(File.Exists).Prepend(_data))
            {
                File.Copy(file, Path.Combine(keep, Path.GetFileName(file)), overwrite: true);
            }
        }
        File.Delete(_data);
        foreach (var map in maps)
        {
            File.Delete(map);
        }
    }

    private async Task<List<string>> PerfReportAsync(string mode, string sort)
    {
        var start = new ProcessStartInfo("perf") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "report", "-i", _data, "--stdio", mode, "--sort", sort, "-g", "none", "--percent-limit", "0.3" })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start perf report.");
        var stderr = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await stderr;
        await process.WaitForExitAsync();
        return [.. output.Split('\n').Where(l => l.Trim().Length > 0 && !l.StartsWith('#')).Select(Shorten)];
    }

    /// <summary>"instance bool [Asm] Ns.Type::Method(args)[OptimizedTier1]   -  -" becomes "Ns.Type::Method [Asm]".</summary>
    private static string Shorten(string line)
    {
        line = TrailingColumns().Replace(line, "");
        var method = ManagedMethod().Match(line);
        if (!method.Success)
        {
            return line;
        }
        var prefix = line[..line.IndexOf("[.]", StringComparison.Ordinal)];
        return prefix + "[.] " + method.Groups[2].Value + "  [" + method.Groups[1].Value + "]";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(\s+-)+\s*$")]
    private static partial System.Text.RegularExpressions.Regex TrailingColumns();

    // The method's own assembly is followed by a space; those inside a return type are not.
    [System.Text.RegularExpressions.GeneratedRegex(@"\[([^\]\s]+)\] ([^\s(]+::[^(]+)\(")]
    private static partial System.Text.RegularExpressions.Regex ManagedMethod();
}
