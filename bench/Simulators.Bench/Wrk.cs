using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Simulators.Bench;

/// <summary>One wrk run, as parsed from its <c>--latency</c> report.</summary>
internal sealed record WrkResult(
    string Label,
    double RequestsPerSecond,
    long Requests,
    double Seconds,
    double AvgMs,
    double MaxMs,
    double P50Ms,
    double P75Ms,
    double P90Ms,
    double P99Ms,
    double BytesRead,
    long Non2xx,
    long SocketErrors,
    string Raw)
{
    /// <summary>What the server spent on this run, from its own counters (before/after).</summary>
    public ServerCost? Cost { get; init; }

    /// <summary>Responses whose status was not the one a script expected (POST: 201); null without such a script.</summary>
    public long? Unexpected { get; init; }

    /// <summary>Responses with the expected status, as the script counted them.</summary>
    public long? Expected { get; init; }

    public double BytesPerResponse => Requests > 0 ? BytesRead / Requests : 0;

    public bool Clean => Non2xx == 0 && SocketErrors == 0 && Requests > 0 && Unexpected is null or 0;
}

/// <summary>
/// Server-side cost of one run: CPU and allocation per request, and the GCs it caused. OtherCpuPercent is
/// the CPU used meanwhile by processes other than the server, wrk and the orchestrator, in % of the whole
/// machine (all cores): above a few %, something else was competing and the run is disturbed.
/// </summary>
internal sealed record ServerCost(double CpuUsPerRequest, double AllocBytesPerRequest, int Gen0, int Gen1, int Gen2, double GcPauseMs, double OtherCpuPercent)
{
    public static ServerCost Between(ServerStats before, ServerStats after, MachineCpu machineBefore, MachineCpu machineAfter, long requests)
    {
        var serverTicks = (after.CpuMs - before.CpuMs) / 1000 * MachineCpu.TicksPerSecond;
        var total = machineAfter.TotalTicks - machineBefore.TotalTicks;
        var other = machineAfter.BusyTicks - machineBefore.BusyTicks - serverTicks - (machineAfter.SelfAndChildrenTicks - machineBefore.SelfAndChildrenTicks);
        return new(
            (after.CpuMs - before.CpuMs) * 1000 / Math.Max(1, requests),
            (double)(after.AllocatedBytes - before.AllocatedBytes) / Math.Max(1, requests),
            after.Gen0 - before.Gen0,
            after.Gen1 - before.Gen1,
            after.Gen2 - before.Gen2,
            after.GcPauseMs - before.GcPauseMs,
            total > 0 ? Math.Max(0, other) * 100.0 / total : double.NaN);
    }
}

/// <summary>Runs wrk (a separate process, so load generation does not share the servers' runtime).</summary>
internal static partial class Wrk
{
    public const string ApiKeyHeader = "X-API-Key: ak_test_bench";

    public static async Task<string> VersionAsync(string wrk)
    {
        // `wrk -v` prints its version and exits non-zero.
        var start = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-v");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start wrk.");
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "wrk (unknown version)";
    }

    /// <summary>Runs wrk against <paramref name="url"/>; <paramref name="during"/> runs alongside it (memory sampling).</summary>
    public static Task<WrkResult> RunAsync(
        BenchOptions options, string label, string url, int seconds, ChildTracker children,
        Func<CancellationToken, Task>? during, CancellationToken cancellationToken) =>
        RunAsync(options, new WrkLoad(label, url, seconds), children, during, cancellationToken);

    /// <summary>Runs wrk with a load's own script, key and connections.</summary>
    public static async Task<WrkResult> RunAsync(
        BenchOptions options, WrkLoad load, ChildTracker children,
        Func<CancellationToken, Task>? during, CancellationToken cancellationToken)
    {
        var (label, url, seconds) = (load.Label, load.Url, load.Seconds);
        var start = new ProcessStartInfo(options.Wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var args = new List<string>
        {
            "-t", (load.Threads ?? options.Threads).ToString(CultureInfo.InvariantCulture),
            "-c", (load.Connections ?? options.Connections).ToString(CultureInfo.InvariantCulture),
            "-d", seconds.ToString(CultureInfo.InvariantCulture) + "s",
            "--timeout", "5s",
            "--latency",
            "-H", load.ApiKeyHeader ?? ApiKeyHeader,
        };
        if (load.Script is { } script)
        {
            args.AddRange(["-s", script]);
        }
        args.Add(url);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start wrk.");
        children.Add(process.Id);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = during is null ? Task.CompletedTask : during(sampling.Token);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        finally
        {
            await sampling.CancelAsync();
            try
            {
                await sampler;
            }
            catch (OperationCanceledException)
            {
                // Sampling stops with the run.
            }
        }
        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed ({process.ExitCode}) for {label}:\n{output}\n{errors}");
        }
        return Parse(label, output);
    }

    public static WrkResult Parse(string label, string output)
    {
        var percentiles = new Dictionary<int, double>();
        foreach (Match m in PercentileLine().Matches(output))
        {
            percentiles[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)] = Millis(m.Groups[2].Value, m.Groups[3].Value);
        }
        var latency = LatencyLine().Match(output);
        var total = TotalLine().Match(output);
        var rate = RateLine().Match(output);
        if (!latency.Success || !total.Success || !rate.Success || !percentiles.TryGetValue(50, out var p50) || !percentiles.TryGetValue(99, out var p99))
        {
            throw new InvalidOperationException($"Could not read wrk's report for {label}:\n{output}");
        }
        var non2xx = Non2xxLine().Match(output);
        var socket = SocketLine().Match(output);
        var counted = ScriptStatusLine().Match(output);
        long socketErrors = 0;
        if (socket.Success)
        {
            for (var g = 1; g <= 4; g++)
            {
                socketErrors += long.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture);
            }
        }
        return new WrkResult(
            label,
            Number(rate.Groups[1].Value),
            long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture),
            Millis(total.Groups[2].Value, total.Groups[3].Value) / 1000,
            Millis(latency.Groups[1].Value, latency.Groups[2].Value),
            Millis(latency.Groups[5].Value, latency.Groups[6].Value),
            p50,
            percentiles.GetValueOrDefault(75),
            percentiles.GetValueOrDefault(90),
            p99,
            Bytes(total.Groups[4].Value, total.Groups[5].Value),
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            socketErrors,
            output)
        {
            Expected = counted.Success ? long.Parse(counted.Groups[2].Value, CultureInfo.InvariantCulture) : null,
            Unexpected = counted.Success ? long.Parse(counted.Groups[3].Value, CultureInfo.InvariantCulture) : null,
        };
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static double Millis(string value, string unit) => Number(value) * unit switch
    {
        "us" => 0.001,
        "ms" => 1,
        "s" => 1000,
        "m" => 60_000,
        "h" => 3_600_000,
        _ => throw new FormatException($"Unknown wrk time unit '{unit}'."),
    };

    // wrk's format_bytes uses binary multiples.
    private static double Bytes(string value, string unit) => Number(value) * unit switch
    {
        "B" => 1,
        "KB" => 1024,
        "MB" => 1024 * 1024,
        "GB" => 1024.0 * 1024 * 1024,
        "TB" => 1024.0 * 1024 * 1024 * 1024,
        _ => throw new FormatException($"Unknown wrk size unit '{unit}'."),
    };

    [GeneratedRegex(@"^\s*(50|75|90|99)%\s+([\d.]+)(us|ms|s|m|h)\s*$", RegexOptions.Multiline)]
    private static partial Regex PercentileLine();

    // "    Latency   512.33us  210.10us  12.01ms   90.12%": avg, stdev, max.
    [GeneratedRegex(@"^\s*Latency\s+([\d.]+)(us|ms|s|m|h)\s+([\d.]+)(us|ms|s|m|h)\s+([\d.]+)(us|ms|s|m|h)", RegexOptions.Multiline)]
    private static partial Regex LatencyLine();

    // "  312345 requests in 10.00s, 512.34MB read"
    [GeneratedRegex(@"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h), ([\d.]+)(B|KB|MB|GB|TB) read", RegexOptions.Multiline)]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RateLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xxLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketLine();

    // Printed by the scripts' done(): "status 201: 123456, other: 0".
    [GeneratedRegex(@"^status (\d+): (\d+), other: (\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ScriptStatusLine();
}

/// <summary>One wrk load: what to run, and what differs from the defaults (script, key, connections).</summary>
internal sealed record WrkLoad(string Label, string Url, int Seconds)
{
    /// <summary>A Lua script (<c>-s</c>): a POST body, a list of ids.</summary>
    public string? Script { get; init; }

    /// <summary>The whole header line, <c>X-API-Key: ...</c>.</summary>
    public string? ApiKeyHeader { get; init; }

    public int? Connections { get; init; }

    public int? Threads { get; init; }
}
