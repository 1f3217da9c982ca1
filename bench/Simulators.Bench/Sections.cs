using System.Globalization;

namespace Simulators.Bench;

/// <summary>Where a simulator keeps its state for a section: the default in-memory store, or SQLite in the run's temporary directory.</summary>
internal enum StoreKind
{
    Memory,
    Sqlite,
}

/// <summary>What every section needs: the options, the child-process tracker, the run's temporary directory.</summary>
internal sealed record SectionContext(BenchOptions Options, ChildTracker Children, string TempDir)
{
    private int _databases;

    /// <summary>The simulator's settings for a store: in memory (nothing to set), or a fresh SQLite file of this run.</summary>
    public string[] StoreSettings(StoreKind store, out string? databasePath)
    {
        databasePath = null;
        if (store == StoreKind.Memory)
        {
            return [];
        }
        var n = Interlocked.Increment(ref _databases);
        databasePath = Path.Combine(TempDir, string.Create(CultureInfo.InvariantCulture, $"bench-{Environment.ProcessId}-{n}.db"));
        return ["Store=sqlite:" + databasePath];
    }

    /// <summary>Bytes of a SQLite database with its WAL and shared-memory files.</summary>
    public static long DatabaseBytes(string? path) =>
        path is null ? 0 : new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists).Sum(p => new FileInfo(p).Length);

    /// <summary>Deletes a section's SQLite files (run.sh removes the whole directory anyway).</summary>
    public static void DeleteDatabase(string? path)
    {
        if (path is null)
        {
            return;
        }
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    public static string Name(StoreKind store) => store == StoreKind.Memory ? "in memory" : "SQLite";
}

/// <summary>Formatting shared by the sections' reports (plain text on stdout).</summary>
internal static class Fmt
{
    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Line(string text) => Console.Out.WriteLine(text);

    public static string Ms(double ms) => double.IsNaN(ms) ? "-" : ms.ToString(ms < 10 ? "0.00" : ms < 1000 ? "0.0" : "0", Inv) + " ms";

    public static string MiB(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.0", Inv);

    public static string N(double value, string format = "0") => double.IsNaN(value) ? "-" : value.ToString(format, Inv);

    public static string Met(bool met) => met ? "met" : "MISSED";

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToList();
        return sorted.Count == 0 ? double.NaN
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The nearest-rank percentile of <paramref name="sorted"/> (ascending).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The header of the per-run table, as the GET section prints it.</summary>
    public static string RunHeader(int labelWidth) =>
        $"{"run".PadRight(labelWidth)}{"req/s",9}{"p50",10}{"p75",10}{"p90",10}{"p99",10}{"max",10}{"B/resp",7}{"CPU us/req",11}{"alloc B/req",12}{"GCs 0/1/2",11}{"GC ms",7}{"other%",8}  errors";

    public static string RunRow(int labelWidth, WrkResult r) =>
        $"{r.Label.PadRight(labelWidth)}{r.RequestsPerSecond,9:0}{Ms(r.P50Ms),10}{Ms(r.P75Ms),10}{Ms(r.P90Ms),10}{Ms(r.P99Ms),10}{Ms(r.MaxMs),10}{r.BytesPerResponse,7:0}" +
        (r.Cost is { } c ? $"{c.CpuUsPerRequest,11:0.0}{c.AllocBytesPerRequest,12:0}{$"{c.Gen0}/{c.Gen1}/{c.Gen2}",11}{c.GcPauseMs,7:0}{c.OtherCpuPercent,8:0.0}" : $"{"",11}{"",12}{"",11}{"",7}{"",8}") +
        "  " + (r.Clean ? "0" : $"non-2xx {r.Non2xx}, socket {r.SocketErrors}" + (r.Unexpected is > 0 ? $", unexpected status {r.Unexpected}" : ""));

    public const double DisturbedAbove = 5.0;

    public static bool Quiet(WrkResult r) => r.Cost is { } c && !(c.OtherCpuPercent > DisturbedAbove);

    /// <summary>CPU used by other processes over an interval, in % of the machine, less the given processes' ticks.</summary>
    public static double OtherPercent(MachineCpu before, MachineCpu after, double serverCpuMs)
    {
        var total = after.TotalTicks - before.TotalTicks;
        var server = serverCpuMs / 1000 * MachineCpu.TicksPerSecond;
        var other = after.BusyTicks - before.BusyTicks - server - (after.SelfAndChildrenTicks - before.SelfAndChildrenTicks);
        return total > 0 ? Math.Max(0, other) * 100.0 / total : double.NaN;
    }
}
