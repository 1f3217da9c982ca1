using System.Runtime;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Simulators.AnyCheck;
using Simulators.Core.Hosting;

namespace Simulators.Bench;

/// <summary>What a server process reports about its own memory and GC.</summary>
internal sealed record ServerStats(
    long RssBytes,
    long PeakRssBytes,
    long GcHeapBytes,
    long GcHeapAfterLastGcBytes,
    long GcCommittedBytes,
    long AllocatedBytes,
    int Gen0,
    int Gen1,
    int Gen2,
    double GcPauseMs,
    double CpuMs);

/// <summary>How the server process's GC is set up.</summary>
internal sealed record GcDescription(bool ServerGc, string LatencyMode, Dictionary<string, string> Variables, string Runtime, int Processors);

[JsonSerializable(typeof(ServerStats))]
[JsonSerializable(typeof(GcDescription))]
internal sealed partial class BenchJson : JsonSerializerContext;

/// <summary>
/// A server child process. It binds 127.0.0.1 on a free port, writes <c>READY url</c> and <c>GC {json}</c>
/// on stdout, then answers stdin lines: <c>stats</c> → <c>STATS {json}</c>; <c>gc</c> → a full blocking
/// compacting collection, then <c>STATS {json}</c>; <c>quit</c> or end of input → stops and exits.
/// </summary>
internal static class ServerRole
{
    public const string SimulatorRole = "simulator";
    public const string BareRole = "bare";

    public const string Ready = "READY ";
    public const string Gc = "GC ";
    public const string Stats = "STATS ";

    public static async Task<int> RunSimulatorAsync(string[] settings)
    {
        var configuration = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in settings)
        {
            var eq = setting.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                await Console.Error.WriteLineAsync($"simulator: expected key=value, got '{setting}'");
                return 2;
            }
            configuration[setting[..eq]] = setting[(eq + 1)..];
        }
        // Default configuration otherwise: request journal on (capacity 2000), real-time clock.
        var app = SimulatorApplication.Build(new AnyCheckSimulator(), new SimulatorAppSettings
        {
            Configuration = configuration,
            MinimumLogLevel = LogLevel.Warning,
        });
        return await ServeAsync(app);
    }

    public static async Task<int> RunBareAsync(string[] args)
    {
        if (args.Length != 1)
        {
            await Console.Error.WriteLineAsync("bare: expected the path of the response body file");
            return 2;
        }
        var body = await File.ReadAllBytesAsync(args[0]);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        var app = builder.Build();
        // Same route template as the simulator; no auth, no lookup, no journal: the floor.
        app.MapGet("/verifications/{id}", () => Results.Bytes(body, "application/json"));
        return await ServeAsync(app);
    }

    private static async Task<int> ServeAsync(WebApplication app)
    {
        app.Urls.Clear();
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        try
        {
            Send(Ready + app.Urls.First());
            Send(Gc + JsonSerializer.Serialize(DescribeGc(), BenchJson.Default.GcDescription));
            while (await Console.In.ReadLineAsync() is { } line)
            {
                var command = line.Trim();
                if (command == "quit")
                {
                    break;
                }
                if (command == "gc")
                {
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                    GC.WaitForPendingFinalizers();
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                }
                if (command is "stats" or "gc")
                {
                    Send(Stats + JsonSerializer.Serialize(Capture(), BenchJson.Default.ServerStats));
                }
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        return 0;
    }

    private static void Send(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }

    private static ServerStats Capture()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        var (rss, peak) = ReadRss();
        return new ServerStats(
            rss,
            peak,
            GC.GetTotalMemory(forceFullCollection: false),
            info.HeapSizeBytes,
            info.TotalCommittedBytes,
            GC.GetTotalAllocatedBytes(precise: false),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration().TotalMilliseconds,
            Environment.CpuUsage.TotalTime.TotalMilliseconds);
    }

    /// <summary>VmRSS and VmHWM from /proc/self/status (Linux); falls back to the working set.</summary>
    private static (long Rss, long Peak) ReadRss()
    {
        long rss = -1, peak = -1;
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = KiloBytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = KiloBytes(line);
                }
            }
        }
        catch (IOException)
        {
            // Not Linux: use the runtime's view below.
        }
        return (rss >= 0 ? rss : Environment.WorkingSet, peak);

        static long KiloBytes(string line) =>
            long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    private static GcDescription DescribeGc() => new(
        GCSettings.IsServerGC,
        GCSettings.LatencyMode.ToString(),
        GC.GetConfigurationVariables().ToDictionary(kv => kv.Key, kv => Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        Environment.ProcessorCount);
}
