using System.Globalization;
using System.Runtime.InteropServices;

namespace Simulators.Bench;

/// <summary>One memory sample of the simulator process.</summary>
internal sealed record MemorySample(string When, ServerStats Stats, bool AfterFullGc = false);

internal static class Orchestrator
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        using var cancel = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; cancel.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });
        try
        {
            return await RunAsync(options, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Interrupted; servers stopped.");
            return 130;
        }
    }

    private static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var children = new ChildTracker();
        Report.Machine(await Wrk.VersionAsync(options.Wrk));
        Report.Sections(options);

        // run.sh passes a directory it removes even if this process is killed.
        var tempDir = Environment.GetEnvironmentVariable("BENCH_TMPDIR") is { Length: > 0 } dir ? dir : Path.GetTempPath();
        var context = new SectionContext(options, children, tempDir);
        var runs = new List<WrkResult>();
        var problems = new List<string>();
        if (options.Runs("get"))
        {
            runs.AddRange(await GetSectionAsync(options, children, tempDir, cancellationToken));
        }
        if (options.Runs("post"))
        {
            runs.AddRange(await PostSection.RunAsync(context, StoreKind.Memory, cancellationToken));
        }
        if (options.Runs("webhooks"))
        {
            problems.AddRange(await WebhookSection.RunAsync(context, StoreKind.Memory, cancellationToken));
        }
        if (options.Runs("sqlite"))
        {
            runs.AddRange(await PostSection.RunAsync(context, StoreKind.Sqlite, cancellationToken));
            problems.AddRange(await WebhookSection.RunAsync(context, StoreKind.Sqlite, cancellationToken));
        }
        if (options.Runs("bulk"))
        {
            var (bulkRuns, bulkProblems) = await BulkSection.RunAsync(context, cancellationToken);
            runs.AddRange(bulkRuns);
            problems.AddRange(bulkProblems);
        }
        if (options.Runs("profile"))
        {
            problems.AddRange(await WriteProfile.RunChildAsync(context, cancellationToken));
        }

        var failed = runs.Where(r => !r.Clean).ToList();
        if (failed.Count > 0 || problems.Count > 0)
        {
            if (failed.Count > 0)
            {
                await Console.Error.WriteLineAsync($"ERROR: {failed.Count} run(s) had non-2xx (or unexpected) responses or socket errors; their numbers are not valid.");
                foreach (var run in failed)
                {
                    await Console.Error.WriteLineAsync($"--- {run.Label} ---\n{run.Raw}");
                }
            }
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync("ERROR: " + problem);
            }
            return 1;
        }
        return 0;
    }

    /// <summary>The hot path: the simulator's GET against the bare endpoint (the original benchmark, unchanged).</summary>
    private static async Task<List<WrkResult>> GetSectionAsync(BenchOptions options, ChildTracker children, string tempDir, CancellationToken cancellationToken)
    {
        var report = new Report(options);
        var bodyFile = Path.Combine(tempDir, $"simulators-bench-{Environment.ProcessId}.json");
        try
        {
            await using var simulator = await ServerProcess.StartAsync("simulator", [ServerRole.SimulatorRole], children);
            var seeded = await Seeder.SeedAsync(simulator.Url);
            await File.WriteAllBytesAsync(bodyFile, seeded.Body, cancellationToken);
            await using var bare = await ServerProcess.StartAsync("bare", [ServerRole.BareRole, bodyFile], children);
            await CheckSameBodyAsync(bare.Url, seeded);
            report.Setup(simulator, bare, seeded);

            var memory = new List<MemorySample> { new("idle, after seeding (before any load)", await simulator.StatsAsync()) };
            var simUrl = simulator.Url + seeded.Path;
            var bareUrl = bare.Url + seeded.Path;

            Progress($"warm-up: {options.Warmup} s bare, {options.Warmup} s simulator");
            Report.Warmup(await Wrk.RunAsync(options, "warm-up bare", bareUrl, options.Warmup, children, null, cancellationToken));
            Report.Warmup(await Wrk.RunAsync(options, "warm-up simulator", simUrl, options.Warmup, children, null, cancellationToken));
            memory.Add(new("after warm-up", await simulator.StatsAsync()));

            var runs = new List<WrkResult>();
            for (var pair = 1; pair <= options.Pairs; pair++)
            {
                Progress($"measured pair {pair}/{options.Pairs}: bare {options.Duration} s, simulator {options.Duration} s");
                runs.Add(await MeasureAsync(options, bare, $"bare #{pair}", bareUrl, children, null, cancellationToken));
                runs.Add(await SimulatorRoundAsync(options, simulator, simUrl, $"simulator #{pair}", $"round {pair}", memory, children, cancellationToken));
            }
            var soak = new List<WrkResult>();
            for (var round = 1; round <= options.SoakRounds; round++)
            {
                var n = options.Pairs + round;
                Progress($"sustained-load round {n}/{options.Pairs + options.SoakRounds}: simulator {options.Duration} s");
                soak.Add(await SimulatorRoundAsync(options, simulator, simUrl, $"simulator #{n} (soak)", $"round {n}", memory, children, cancellationToken));
            }
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            memory.Add(new("after all load, 3 s idle", await simulator.StatsAsync()));
            memory.Add(new("after all load, full GC", await simulator.StatsAsync(fullGc: true), AfterFullGc: true));

            var diagnostics = new List<(string Variant, WrkResult Result)>();
            if (options.Diagnose)
            {
                foreach (var (variant, settings, environment) in DiagnosticVariants)
                {
                    Progress($"diagnose: simulator with {variant}");
                    await using var variantServer = await ServerProcess.StartAsync("simulator " + variant, [ServerRole.SimulatorRole, .. settings], children, environment);
                    var variantSeed = await Seeder.SeedAsync(variantServer.Url);
                    var url = variantServer.Url + variantSeed.Path;
                    await Wrk.RunAsync(options, "warm-up " + variant, url, options.Warmup, children, null, cancellationToken);
                    diagnostics.Add((variant, await MeasureAsync(options, variantServer, variant, url, children, null, cancellationToken)));
                }
                // The bare floor again, right after, for a fair comparison.
                diagnostics.Add(("bare endpoint (again)", await MeasureAsync(options, bare, "bare (diagnose)", bareUrl, children, null, cancellationToken)));
            }

            report.Results(runs, soak, memory, diagnostics);
            if (options.Perf && PerfSampler.Available())
            {
                await SampleGetAsync(options, children, tempDir, bodyFile, seeded.Path, cancellationToken);
            }
            return [.. runs, .. soak, .. diagnostics.Select(d => d.Result)];
        }
        finally
        {
            File.Delete(bodyFile);
        }
    }

    /// <summary>
    /// --perf: the simulator's GET and the bare endpoint's, each in a process of its own with the settings perf
    /// needs (see PerfSampler), warmed up, then sampled during one run: what the simulator adds, function by function.
    /// </summary>
    private static async Task SampleGetAsync(BenchOptions options, ChildTracker children, string tempDir, string bodyFile, string path, CancellationToken cancellationToken)
    {
        var context = new SectionContext(options, children, tempDir);
        foreach (var (role, name) in new[] { (ServerRole.SimulatorRole, "simulator GET"), (ServerRole.BareRole, "bare GET") })
        {
            Progress($"perf sample of a {name} run (a process of its own)");
            string[] arguments = role == ServerRole.BareRole ? [role, bodyFile] : [role];
            await using var server = await ServerProcess.StartAsync(name + " (perf)", arguments, children, PerfSampler.Environment);
            if (role == ServerRole.SimulatorRole)
            {
                var seeded = await Seeder.SeedAsync(server.Url);
                path = seeded.Path;
            }
            var url = server.Url + path;
            await Wrk.RunAsync(options, "perf warm-up " + name, url, options.Warmup + options.Duration, children, null, cancellationToken);
            var sampler = PerfSampler.Start(server.Pid, options.Duration, context);
            var run = await Wrk.RunAsync(options, "perf " + name, url, options.Duration, children, null, cancellationToken);
            await sampler.ReportAsync($"a {name} run ({run.RequestsPerSecond:0} req/s while sampled)", server.Pid);
        }
    }

    /// <summary>Simulator variants measured with --diagnose: what the request journal and the GC mode cost.</summary>
    private static readonly (string Variant, string[] Settings, Dictionary<string, string>? Environment)[] DiagnosticVariants =
    [
        ("Journal:Capacity=1 (nothing retained)", ["Journal:Capacity=1"], null),
        ("Journal:BodyLimitBytes=0 (bodies not captured)", ["Journal:BodyLimitBytes=0"], null),
        ("both", ["Journal:Capacity=1", "Journal:BodyLimitBytes=0"], null),
        ("default journal, Workstation GC (gcServer=0)", [], new() { ["DOTNET_gcServer"] = "0" }),
    ];

    private static readonly double[] SampleFractions = [0.25, 0.5, 0.75];

    /// <summary>One simulator run with memory samples at a quarter, half and three quarters, at its end and after a full GC.</summary>
    private static async Task<WrkResult> SimulatorRoundAsync(
        BenchOptions options, ServerProcess simulator, string url, string label, string round,
        List<MemorySample> memory, ChildTracker children, CancellationToken cancellationToken)
    {
        var during = new List<MemorySample>();
        var result = await MeasureAsync(options, simulator, label, url, children, async token =>
        {
            var started = DateTime.UtcNow;
            foreach (var fraction in SampleFractions)
            {
                var due = started + TimeSpan.FromSeconds(options.Duration * fraction);
                var wait = due - DateTime.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, token);
                }
                during.Add(new($"{round}, during load at {options.Duration * fraction:0.#} s", await simulator.StatsAsync()));
            }
        }, cancellationToken);
        memory.AddRange(during);
        memory.Add(new($"{round}, end of load", await simulator.StatsAsync()));
        memory.Add(new($"{round}, end, after full GC", await simulator.StatsAsync(fullGc: true), AfterFullGc: true));
        return result;
    }

    /// <summary>A measured run, with the server's CPU, allocation and GCs over it.</summary>
    private static Task<WrkResult> MeasureAsync(
        BenchOptions options, ServerProcess server, string label, string url, ChildTracker children,
        Func<CancellationToken, Task>? during, CancellationToken cancellationToken) =>
        MeasureAsync(options, server, new WrkLoad(label, url, options.Duration), children, during, cancellationToken);

    /// <summary>A measured wrk load, with the server's CPU, allocation and GCs over it.</summary>
    public static async Task<WrkResult> MeasureAsync(
        BenchOptions options, ServerProcess server, WrkLoad load, ChildTracker children,
        Func<CancellationToken, Task>? during, CancellationToken cancellationToken)
    {
        var before = await server.StatsAsync();
        var machineBefore = MachineCpu.Read();
        var result = await Wrk.RunAsync(options, load, children, during, cancellationToken);
        var machineAfter = MachineCpu.Read();
        var after = await server.StatsAsync();
        return result with { Cost = ServerCost.Between(before, after, machineBefore, machineAfter, result.Requests) };
    }

    private static async Task CheckSameBodyAsync(string bareUrl, Seeded seeded)
    {
        using var http = Seeder.Client(bareUrl);
        using var response = await http.GetAsync(seeded.Path);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!bytes.AsSpan().SequenceEqual(seeded.Body))
        {
            throw new InvalidOperationException("The bare endpoint does not return the simulator's bytes.");
        }
    }

    public static void Progress(string message) =>
        Console.Error.WriteLine($"[{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] {message}");
}
