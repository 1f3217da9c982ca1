namespace Simulators.Bench;

/// <summary>
/// The write path: <c>POST /verifications</c> (a fixed valid KTP_SELFIE body, no webhook) under wrk,
/// alternating with the GET of a finished verification in the same simulator process, so that the
/// create's cost can be read against a read's. The store grows with every create.
/// </summary>
internal static class PostSection
{
    public const double PostRateTarget = 20_000;
    public const double CostRatioTarget = 3.0;

    private sealed record Memory(string When, ServerStats Stats, long Stored, long DatabaseBytes);

    public static async Task<List<WrkResult>> RunAsync(SectionContext context, StoreKind store, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var name = SectionContext.Name(store);
        var settings = context.StoreSettings(store, out var database);
        var perf = options.Perf && PerfSampler.Available();
        try
        {
            Orchestrator.Progress($"write path ({name}): starting a simulator, seeding");
            await using var simulator = await ServerProcess.StartAsync(
                $"simulator ({name})", [ServerRole.SimulatorRole, SimulatorApi.UnlimitedCredits, .. settings], context.Children);
            var seeded = await Seeder.SeedAsync(simulator.Url);
            using var http = SimulatorApi.Client(simulator.Url);
            var inputs = await SimulatorApi.PrepareAsync(http, Seeder.ApiKey, "bench-post");
            var body = SimulatorApi.CreateBody(inputs);
            var script = WrkScripts.Post(context.TempDir, "post-" + store.ToString().ToLowerInvariant(), body);
            var getUrl = simulator.Url + seeded.Path;
            var postUrl = simulator.Url + "/verifications";
            long stored = 1;
            var memory = new List<Memory> { new("after seeding, full GC", await simulator.StatsAsync(fullGc: true), stored, SectionContext.DatabaseBytes(database)) };

            Orchestrator.Progress($"write path ({name}): warm-up {options.Warmup} s GET, {options.Warmup} s POST");
            Report.Warmup(await Wrk.RunAsync(options, new WrkLoad("warm-up GET", getUrl, options.Warmup), context.Children, null, cancellationToken));
            var warm = await Wrk.RunAsync(options, new WrkLoad("warm-up POST", postUrl, options.Warmup) { Script = script }, context.Children, null, cancellationToken);
            Report.Warmup(warm);
            stored += warm.Expected ?? warm.Requests;
            memory.Add(new("after warm-up, full GC", await simulator.StatsAsync(fullGc: true), stored, SectionContext.DatabaseBytes(database)));

            var gets = new List<WrkResult>();
            var posts = new List<WrkResult>();
            for (var pair = 1; pair <= options.Pairs; pair++)
            {
                Orchestrator.Progress($"write path ({name}) pair {pair}/{options.Pairs}: GET {options.Duration} s, POST {options.Duration} s");
                gets.Add(await Orchestrator.MeasureAsync(options, simulator, new WrkLoad($"GET #{pair}", getUrl, options.Duration), context.Children, null, cancellationToken));
                var post = await Orchestrator.MeasureAsync(options, simulator, new WrkLoad($"POST #{pair}", postUrl, options.Duration) { Script = script }, context.Children, null, cancellationToken);
                posts.Add(post);
                stored += post.Expected ?? post.Requests;
                memory.Add(new($"after POST #{pair}, full GC", await simulator.StatsAsync(fullGc: true), stored, SectionContext.DatabaseBytes(database)));
            }

            // One connection: a create on its own, without other creates of the tenant competing for its balance.
            Orchestrator.Progress($"write path ({name}): POST {options.Duration} s at 1 connection");
            var single = await Orchestrator.MeasureAsync(options, simulator, new WrkLoad("POST, 1 conn.", postUrl, options.Duration) { Script = script, Connections = 1, Threads = 1 }, context.Children, null, cancellationToken);
            stored += single.Expected ?? single.Requests;
            memory.Add(new("after POST at 1 conn., full GC", await simulator.StatsAsync(fullGc: true), stored, SectionContext.DatabaseBytes(database)));

            Print(options, name, store, simulator, database, body, gets, posts, single, memory);
            if (perf)
            {
                await SampleAsync(context, store, name, cancellationToken);
            }
            return [warm, .. gets, .. posts, single];
        }
        finally
        {
            SectionContext.DeleteDatabase(database);
        }
    }

    /// <summary>
    /// --perf: a simulator of its own (the runtime settings perf needs change its code: see PerfSampler), warmed up
    /// with POSTs, then sampled during one more POST run. Its figures are not compared with anything.
    /// </summary>
    private static async Task SampleAsync(SectionContext context, StoreKind store, string name, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var settings = context.StoreSettings(store, out var database);
        try
        {
            Orchestrator.Progress($"write path ({name}): perf sample of a POST run (a simulator of its own)");
            await using var simulator = await ServerProcess.StartAsync(
                $"simulator ({name}, perf)", [ServerRole.SimulatorRole, SimulatorApi.UnlimitedCredits, .. settings], context.Children, PerfSampler.Environment);
            await Seeder.SeedAsync(simulator.Url);
            using var http = SimulatorApi.Client(simulator.Url);
            var script = WrkScripts.Post(context.TempDir, "post-perf", SimulatorApi.CreateBody(await SimulatorApi.PrepareAsync(http, Seeder.ApiKey, "bench-post")));
            var url = simulator.Url + "/verifications";
            await Wrk.RunAsync(options, new WrkLoad("perf warm-up POST", url, options.Warmup + options.Duration) { Script = script }, context.Children, null, cancellationToken);
            var sampler = PerfSampler.Start(simulator.Pid, options.Duration, context);
            var run = await Wrk.RunAsync(options, new WrkLoad("perf POST", url, options.Duration) { Script = script }, context.Children, null, cancellationToken);
            await sampler.ReportAsync($"a POST run ({name}; {run.RequestsPerSecond:0} req/s while sampled)", simulator.Pid);
        }
        finally
        {
            SectionContext.DeleteDatabase(database);
        }
    }

    private static void Print(BenchOptions options, string name, StoreKind store, ServerProcess simulator, string? database, string body, List<WrkResult> gets, List<WrkResult> posts, WrkResult single, List<Memory> memory)
    {
        const int W = 24;
        Fmt.Line($"== Write path, store {name}: POST /verifications and GET /verifications/{{id}}, same simulator process ==");
        Fmt.Line($"simulator    {simulator.Url}  pid {simulator.Pid}  {SimulatorApi.UnlimitedCredits}" + (database is null ? "" : $"  Store=sqlite:{database}"));
        Fmt.Line($"POST         /verifications  {body.Length} bytes of JSON (KTP_SELFIE, the seeder's two uploads and a folder; no webhook); each answer checked to be 201");
        Fmt.Line("GET          /verifications/{id} of a finished verification (as the GET section)");
        Fmt.Line($"load         wrk -t{options.Threads} -c{options.Connections} --latency, warm-up {options.Warmup} s each, then {options.Pairs} x (GET {options.Duration} s, POST {options.Duration} s), then POST {options.Duration} s at 1 connection (not in the medians)");
        Fmt.Line(Fmt.RunHeader(W));
        foreach (var (get, post) in gets.Zip(posts))
        {
            Fmt.Line(Fmt.RunRow(W, get));
            Fmt.Line(Fmt.RunRow(W, post));
        }
        Fmt.Line(Fmt.RunRow(W, single));
        Fmt.Line("");
        Summary("medians of all runs", gets, posts, store);
        var disturbed = gets.Concat(posts).Count(r => !Fmt.Quiet(r));
        if (disturbed > 0)
        {
            Fmt.Line($"{disturbed} of {gets.Count + posts.Count} runs were disturbed by other processes (other% > {Fmt.DisturbedAbove}).");
            var quietGets = gets.Where(Fmt.Quiet).ToList();
            var quietPosts = posts.Where(Fmt.Quiet).ToList();
            if (quietGets.Count > 0 && quietPosts.Count > 0)
            {
                Summary("undisturbed runs only", quietGets, quietPosts, store);
            }
        }

        Fmt.Line($"-- memory of the simulator process as the store grows ({name}) --");
        Fmt.Line($"{"when",-28}{"verifications",14}{"RSS MiB",9}{"live heap",10}{"commit",9}" + (database is null ? "" : $"{"db MiB",9}"));
        foreach (var m in memory)
        {
            Fmt.Line($"{m.When,-28}{m.Stored,14:N0}{Fmt.MiB(m.Stats.RssBytes),9}{Fmt.MiB(m.Stats.GcHeapBytes),10}{Fmt.MiB(m.Stats.GcCommittedBytes),9}" + (database is null ? "" : $"{Fmt.MiB(m.DatabaseBytes),9}"));
        }
        var first = memory[1];
        var last = memory[^1];
        var added = last.Stored - first.Stored;
        if (added > 0)
        {
            var heapPer = (double)(last.Stats.GcHeapBytes - first.Stats.GcHeapBytes) / added;
            var rssPer = (double)(last.Stats.RssBytes - first.Stats.RssBytes) / added;
            Fmt.Line($"per verification stored after the warm-up: live heap {Fmt.N(heapPer)} B, RSS {Fmt.N(rssPer)} B" +
                (database is null ? "" : $", database {Fmt.N((double)(last.DatabaseBytes - first.DatabaseBytes) / added)} B") +
                $"  ({added:N0} creates; live heap = after a full compacting GC)");
        }
        Fmt.Line($"peak RSS (VmHWM) {Fmt.MiB(memory.Max(m => m.Stats.PeakRssBytes))} MiB");
        Fmt.Line("");
    }

    private static void Summary(string title, List<WrkResult> gets, List<WrkResult> posts, StoreKind store)
    {
        double Cpu(WrkResult r) => r.Cost?.CpuUsPerRequest ?? double.NaN;
        double Alloc(WrkResult r) => r.Cost?.AllocBytesPerRequest ?? double.NaN;
        Fmt.Line($"summary, {title}:");
        Fmt.Line($"{"",-18}{"runs",5}{"req/s",9}{"p50",10}{"p99",10}{"CPU us/req",11}{"alloc B/req",12}");
        foreach (var (label, runs) in new[] { ("GET (read)", gets), ("POST (create)", posts) })
        {
            Fmt.Line($"{label,-18}{runs.Count,5}{Fmt.N(Fmt.Median(runs.Select(r => r.RequestsPerSecond))),9}{Fmt.Ms(Fmt.Median(runs.Select(r => r.P50Ms))),10}{Fmt.Ms(Fmt.Median(runs.Select(r => r.P99Ms))),10}{Fmt.N(Fmt.Median(runs.Select(Cpu)), "0.0"),11}{Fmt.N(Fmt.Median(runs.Select(Alloc))),12}");
        }
        var postRate = Fmt.Median(posts.Select(r => r.RequestsPerSecond));
        var ratio = Fmt.Median(posts.Select(Cpu)) / Fmt.Median(gets.Select(Cpu));
        Fmt.Line($"create cost / read cost (CPU us per POST / CPU us per GET): {Fmt.N(ratio, "0.00")} x;  POST/GET throughput {Fmt.N(postRate / Fmt.Median(gets.Select(r => r.RequestsPerSecond)), "0.000")}");
        if (store == StoreKind.Memory)
        {
            Fmt.Line($"target POST >= {PostRateTarget:N0} req/s:            {Fmt.Met(postRate >= PostRateTarget)}  (median {Fmt.N(postRate)} req/s)");
            Fmt.Line($"target create <= {CostRatioTarget:0}x a read's CPU cost:  {Fmt.Met(ratio <= CostRatioTarget)}  ({Fmt.N(ratio, "0.00")} x)");
        }
        else
        {
            Fmt.Line($"(the targets are for the in-memory store; against them: POST {Fmt.N(postRate)} req/s, create/read {Fmt.N(ratio, "0.00")} x)");
        }
        Fmt.Line("");
    }
}
