using System.Globalization;
using System.Runtime.InteropServices;

namespace Simulators.Bench;

/// <summary>Prints what was measured, in plain text on stdout.</summary>
internal sealed class Report(BenchOptions options)
{
    public const double ThroughputTarget = 0.80;

    /// <summary>What the project asks now (engine v2): the hot path within 0.90 of the bare endpoint.</summary>
    public const double ProjectThroughputTarget = 0.90;
    public const double P99TargetMs = 5.0;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Machine(string wrkVersion)
    {
        Line("== Machine ==");
        Line($"date (UTC)   {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", Inv)}");
        Line($"processors   {Environment.ProcessorCount}");
        Line($"CPU          {ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString()}");
        Line($"memory       {ProcField("/proc/meminfo", "MemTotal") ?? "?"}");
        Line($"OS           {RuntimeInformation.OSDescription}");
        Line($"runtime      {RuntimeInformation.FrameworkDescription}");
        Line($"load tool    {wrkVersion}");
        Line($"load average {LoadAverage()} (at start; 1, 5, 15 min)");
        Line("");
    }

    public static void Sections(BenchOptions options)
    {
        Line($"sections     {string.Join(", ", BenchOptions.AllSections.Where(options.Runs))} (of {string.Join(", ", BenchOptions.AllSections)}; --only picks some)");
        Line("");
    }

    public void Setup(ServerProcess simulator, ServerProcess bare, Seeded seeded)
    {
        Line("== Setup ==");
        Line($"simulator    {simulator.Url}  pid {simulator.Pid}  AnyCheck, default configuration (request journal on, capacity 2000)");
        Line($"bare         {bare.Url}  pid {bare.Pid}  minimal API, MapGet(\"/verifications/{{id}}\") => Results.Bytes(captured, \"application/json\")");
        Line($"request      GET {seeded.Path}  with {Wrk.ApiKeyHeader}");
        Line($"body         {seeded.Body.Length} bytes, identical from both (simulator content type: {seeded.ContentType})");
        var gc = simulator.Gc;
        Line($"GC           {(gc.ServerGc ? "Server" : "Workstation")} GC, latency mode {gc.LatencyMode}, {gc.Processors} processors (simulator process; bare the same)");
        Line($"GC config    {string.Join("  ", gc.Variables.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => v.Key + "=" + v.Value))}");
        Line($"load         wrk -t{options.Threads} -c{options.Connections} --latency, warm-up {options.Warmup} s each, then {options.Pairs} x (bare {options.Duration} s, simulator {options.Duration} s), then {options.SoakRounds} more simulator rounds of {options.Duration} s");
        Line("logging      Warning and above (servers)");
        Line("");
    }

    public static void Warmup(WrkResult result) =>
        Console.Error.WriteLine($"    {result.Label}: {result.RequestsPerSecond.ToString("0", Inv)} req/s, p99 {Ms(result.P99Ms)}{(result.Clean ? "" : "  (ERRORS)")}");

    public void Results(List<WrkResult> runs, List<WrkResult> soak, List<MemorySample> memory, List<(string Variant, WrkResult Result)> diagnostics)
    {
        Line($"== Throughput and latency ({options.Connections} connections, {options.Threads} wrk threads, {options.Duration} s runs) ==");
        Line($"{"run",-24}{"req/s",9}{"p50",10}{"p75",10}{"p90",10}{"p99",10}{"max",10}{"B/resp",7}{"CPU us/req",11}{"alloc B/req",12}{"GCs 0/1/2",11}{"GC ms",7}{"other%",8}  errors");
        foreach (var run in runs.Concat(soak))
        {
            Line(Row(run.Label, run));
        }
        var bareRuns = runs.Where(r => r.Label.StartsWith("bare", StringComparison.Ordinal)).ToList();
        var simRuns = runs.Where(r => r.Label.StartsWith("simulator", StringComparison.Ordinal)).ToList();
        Line($"other% = CPU used during the run by processes outside this benchmark, in % of all cores; runs above {DisturbedAbove} % were disturbed (the machine is shared).");
        Line($"load average at the end {LoadAverage()}");
        Line("");

        Line("== Summary: medians of the measured (alternating) runs ==");
        var (ratio, simP99) = Summary(bareRuns, simRuns, pairwise: true);
        Line($"target throughput >= {ThroughputTarget:0%} of bare: {(ratio >= ThroughputTarget ? "met" : "MISSED")}  ({(ratio * 100).ToString("0.0", Inv)} %)");
        Line($"target throughput >= {ProjectThroughputTarget:0%} of bare: {(ratio >= ProjectThroughputTarget ? "met" : "MISSED")}  (what the project asks now)");
        Line($"target p99 < {P99TargetMs} ms:                {(simP99 < P99TargetMs ? "met" : "MISSED")}  (median simulator p99 {Ms(simP99)}; worst of all simulator rounds {Ms(simRuns.Concat(soak).Max(r => r.P99Ms))})");
        var quietBare = bareRuns.Where(Quiet).ToList();
        var quietSim = simRuns.Concat(soak).Where(Quiet).ToList();
        var disturbed = runs.Concat(soak).Count(r => !Quiet(r));
        if (disturbed > 0)
        {
            Line("");
            Line($"{disturbed} of {runs.Count + soak.Count} runs were disturbed by other processes (other% > {DisturbedAbove}).");
            if (quietBare.Count > 0 && quietSim.Count > 0)
            {
                Line("== Summary: undisturbed runs only (medians; simulator includes the soak rounds) ==");
                Summary(quietBare, quietSim);
            }
            else
            {
                Line("No undisturbed runs of both kinds: rerun on a quiet machine for clean numbers.");
            }
        }
        Line("");

        Line("== Memory of the simulator process ==");
        Line($"{"when",-40}{"RSS MiB",9}{"GC heap",9}{"commit",9}{"alloc MiB",11}{"gen0/1/2",14}{"GC pause ms",13}");
        foreach (var sample in memory)
        {
            var s = sample.Stats;
            Line($"{sample.When,-40}{MiB(s.RssBytes),9}{MiB(s.GcHeapBytes),9}{MiB(s.GcCommittedBytes),9}{MiB(s.AllocatedBytes),11}{$"{s.Gen0}/{s.Gen1}/{s.Gen2}",14}{s.GcPauseMs,13:0}");
        }
        Line("(GC heap = GC.GetTotalMemory(false), or the live heap on the 'after full GC' rows; commit = GC committed bytes; alloc = bytes allocated since start)");
        var ends = memory.Where(m => m.When.EndsWith("end of load", StringComparison.Ordinal)).ToList();
        var lives = memory.Where(m => m.AfterFullGc && m.When.StartsWith("round", StringComparison.Ordinal)).ToList();
        var peak = memory.Max(m => m.Stats.PeakRssBytes);
        if (ends.Count >= 2 && lives.Count >= 2)
        {
            var rssGrowth = ends[^1].Stats.RssBytes - ends[0].Stats.RssBytes;
            var liveGrowth = lives[^1].Stats.GcHeapBytes - lives[0].Stats.GcHeapBytes;
            var requests = runs.Concat(soak).Where(r => r.Label.StartsWith("simulator", StringComparison.Ordinal)).Sum(r => r.Requests);
            var settledGrowth = lives[^1].Stats.RssBytes - lives[0].Stats.RssBytes;
            var flat = Math.Abs(liveGrowth) < 2L * 1024 * 1024 && settledGrowth < Math.Max(16L * 1024 * 1024, lives[0].Stats.RssBytes / 10);
            Line($"live heap after full GC, first -> last round:  {MiB(lives[0].Stats.GcHeapBytes)} -> {MiB(lives[^1].Stats.GcHeapBytes)} MiB ({Signed(liveGrowth)} MiB)");
            Line($"RSS after full GC, first -> last round:        {MiB(lives[0].Stats.RssBytes)} -> {MiB(lives[^1].Stats.RssBytes)} MiB ({Signed(settledGrowth)} MiB)");
            Line($"RSS at the end of each round:                  {string.Join(", ", ends.Select(e => MiB(e.Stats.RssBytes)))} MiB ({Signed(rssGrowth)} MiB first -> last)");
            Line($"peak RSS (VmHWM) {MiB(peak)} MiB over {requests:N0} simulator requests in {ends.Count} rounds");
            Line($"target memory flat under sustained load: {(flat ? "met" : "MISSED")}  (live heap after full GC within 2 MiB, RSS after full GC within max(16 MiB, 10 %))");
        }
        Line("");

        if (diagnostics.Count > 0)
        {
            // "vs bare": against the median of every bare run, the measured ones and the one after the variants.
            var floor = Median([.. bareRuns, diagnostics[^1].Result], r => r.RequestsPerSecond);
            Line("== Diagnose: simulator variants (each its own process, seeded and warmed up the same way; one run each, so req/s is noisy: compare alloc, GCs, GC ms, p99) ==");
            Line($"{"variant",-48}{"req/s",9}{"p50",10}{"p99",10}{"vs bare",9}{"CPU us/req",11}{"alloc B/req",12}{"GCs 0/1/2",11}{"GC ms",7}{"other%",8}");
            var simRate = Median(simRuns, r => r.RequestsPerSecond);
            Line($"{"default (medians of the measured runs above)",-48}{simRate,9:0}{Ms(Median(simRuns, r => r.P50Ms)),10}{Ms(Median(simRuns, r => r.P99Ms)),10}{(simRate / floor).ToString("0.000", Inv),9}{Median(simRuns, r => r.Cost?.CpuUsPerRequest ?? double.NaN),11:0.0}{Median(simRuns, r => r.Cost?.AllocBytesPerRequest ?? double.NaN),12:0}");
            foreach (var (variant, r) in diagnostics)
            {
                var c = r.Cost!;
                Line($"{variant,-48}{r.RequestsPerSecond,9:0}{Ms(r.P50Ms),10}{Ms(r.P99Ms),10}{(r.RequestsPerSecond / floor).ToString("0.000", Inv),9}{c.CpuUsPerRequest,11:0.0}{c.AllocBytesPerRequest,12:0}{$"{c.Gen0}/{c.Gen1}/{c.Gen2}",11}{c.GcPauseMs,7:0}{c.OtherCpuPercent,8:0.0}");
            }
            Line("");
        }
    }

    private static string Row(string label, WrkResult r) =>
        $"{label,-24}{r.RequestsPerSecond,9:0}{Ms(r.P50Ms),10}{Ms(r.P75Ms),10}{Ms(r.P90Ms),10}{Ms(r.P99Ms),10}{Ms(r.MaxMs),10}{r.BytesPerResponse,7:0}" +
        (r.Cost is { } c ? $"{c.CpuUsPerRequest,11:0.0}{c.AllocBytesPerRequest,12:0}{$"{c.Gen0}/{c.Gen1}/{c.Gen2}",11}{c.GcPauseMs,7:0}{c.OtherCpuPercent,8:0.0}" : $"{"",11}{"",12}{"",11}{"",7}{"",8}") +
        "  " + (r.Clean ? "0" : $"non-2xx {r.Non2xx}, socket {r.SocketErrors}");

    private const double DisturbedAbove = 5.0;

    private static bool Quiet(WrkResult r) => r.Cost is { } c && !(c.OtherCpuPercent > DisturbedAbove);

    private static (double Ratio, double SimP99) Summary(List<WrkResult> bare, List<WrkResult> sim, bool pairwise = false)
    {
        var bareRate = Median(bare, r => r.RequestsPerSecond);
        var simRate = Median(sim, r => r.RequestsPerSecond);
        var bareCpu = Median(bare, r => r.Cost?.CpuUsPerRequest ?? double.NaN);
        var simCpu = Median(sim, r => r.Cost?.CpuUsPerRequest ?? double.NaN);
        Line($"{"",-16}{"runs",5}{"req/s",9}{"p50",10}{"p99",10}{"CPU us/req",11}{"alloc B/req",12}");
        Line($"{"bare endpoint",-16}{bare.Count,5}{bareRate,9:0}{Ms(Median(bare, r => r.P50Ms)),10}{Ms(Median(bare, r => r.P99Ms)),10}{bareCpu,11:0.0}{Median(bare, r => r.Cost?.AllocBytesPerRequest ?? double.NaN),12:0}");
        Line($"{"simulator",-16}{sim.Count,5}{simRate,9:0}{Ms(Median(sim, r => r.P50Ms)),10}{Ms(Median(sim, r => r.P99Ms)),10}{simCpu,11:0.0}{Median(sim, r => r.Cost?.AllocBytesPerRequest ?? double.NaN),12:0}");
        var ratio = simRate / bareRate;
        Line($"ratio simulator/bare throughput {ratio.ToString("0.000", Inv)}; server CPU per request simulator/bare {(simCpu / bareCpu).ToString("0.00", Inv)} x");
        // Each simulator run against the bare run just before it: how far the machine moves the ratio from pair to pair.
        if (pairwise)
        {
            Line("pair by pair, simulator/bare throughput: " + string.Join(", ", bare.Zip(sim, (b, m) => (m.RequestsPerSecond / b.RequestsPerSecond).ToString("0.000", Inv))));
        }
        return (ratio, Median(sim, r => r.P99Ms));
    }

    private static double Median(List<WrkResult> runs, Func<WrkResult, double> value)
    {
        var sorted = runs.Select(value).Order().ToList();
        return sorted.Count == 0 ? double.NaN
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : "0.0", Inv) + " ms";

    private static string MiB(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.0", Inv);

    private static string Signed(long bytes) => (bytes >= 0 ? "+" : "") + MiB(bytes);

    private static void Line(string text) => Console.Out.WriteLine(text);

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string? ProcField(string file, string key)
    {
        try
        {
            return File.ReadLines(file)
                .Where(l => l.StartsWith(key, StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
                .FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
