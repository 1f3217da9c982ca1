using System.Diagnostics;

namespace Simulators.Bench;

/// <summary>
/// A big tenant: <c>--bulk</c> verifications (100,000) stored with the clock frozen and no webhook, then
/// the GET of random ones under wrk, and one clock jump that finishes all of them.
/// </summary>
internal static class BulkSection
{
    // Before the engine rewrite (the project's own figures).
    public const double ReferenceGetP50Ms = 0.15;
    public const double ReferenceGetP99Ms = 0.24;
    public const double ReferenceAdvanceMs = 60;

    private const int SeedParallel = 16;
    private const int ScriptIds = 10_000;
    private const int Sample = 200;

    public static async Task<(List<WrkResult> Runs, List<string> Problems)> RunAsync(SectionContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var problems = new List<string>();
        Orchestrator.Progress($"bulk: starting a simulator, storing {options.Bulk:N0} verifications with the clock frozen");
        await using var simulator = await ServerProcess.StartAsync("simulator (bulk)", [ServerRole.SimulatorRole, SimulatorApi.UnlimitedCredits], context.Children);
        using var http = SimulatorApi.Client(simulator.Url);
        await SimulatorApi.FreezeAsync(http);
        var inputs = await SimulatorApi.PrepareAsync(http, Seeder.ApiKey, "bench-bulk");
        var empty = await simulator.StatsAsync(fullGc: true);
        var machineBefore = MachineCpu.Read();
        var (ids, seeding) = await SimulatorApi.CreateManyAsync(http, SimulatorApi.CreateBody(inputs), options.Bulk, SeedParallel, keepIds: true, cancellationToken);
        var machineAfter = MachineCpu.Read();
        var seeded = await simulator.StatsAsync(fullGc: true);
        var seedingOther = Fmt.OtherPercent(machineBefore, machineAfter, seeded.CpuMs - empty.CpuMs);

        var random = new Random(20261201);
        var subset = ids.OrderBy(_ => random.Next()).Take(Math.Min(ScriptIds, ids.Count)).ToList();
        var script = WrkScripts.RandomGet(context.TempDir, "bulk-get", subset);
        var url = simulator.Url + "/verifications";
        Orchestrator.Progress($"bulk: GET of random ones, warm-up {options.Warmup} s, then {options.Duration} s at {options.Connections} connections and {options.Duration} s at 1");
        var warm = await Wrk.RunAsync(options, new WrkLoad("warm-up GET (random ids)", url, options.Warmup) { Script = script }, context.Children, null, cancellationToken);
        Report.Warmup(warm);
        var loaded = await Orchestrator.MeasureAsync(options, simulator, new WrkLoad($"GET random, {options.Connections} conn.", url, options.Duration) { Script = script }, context.Children, null, cancellationToken);
        var single = await Orchestrator.MeasureAsync(options, simulator, new WrkLoad("GET random, 1 conn.", url, options.Duration) { Script = script, Connections = 1, Threads = 1 }, context.Children, null, cancellationToken);

        Orchestrator.Progress("bulk: POST /__simulator/clock/advance {\"seconds\":3}");
        var beforeAdvance = await simulator.StatsAsync();
        var advance = await SimulatorApi.AdvanceAsync(http, 3, null, cancellationToken);
        var afterAdvance = await simulator.StatsAsync();
        var sample = ids.OrderBy(_ => random.Next()).Take(Sample).ToList();
        var statuses = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in sample)
        {
            var status = await SimulatorApi.StatusAsync(http, id, cancellationToken);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
        }
        var completed = statuses.GetValueOrDefault("COMPLETED");
        if (completed != sample.Count)
        {
            problems.Add($"bulk: after the advance, {completed} of {sample.Count} sampled verifications are COMPLETED ({string.Join(", ", statuses.Select(s => $"{s.Key} {s.Value}"))}).");
        }
        var end = await simulator.StatsAsync(fullGc: true);

        const int W = 26;
        Fmt.Line($"== Bulk: {options.Bulk:N0} verifications in one tenant (store in memory) ==");
        Fmt.Line($"simulator    {simulator.Url}  pid {simulator.Pid}  {SimulatorApi.UnlimitedCredits}; clock frozen; no webhook_url");
        Fmt.Line($"seeding      {ids.Count:N0} x POST /verifications ({SeedParallel} at a time from the orchestrator): {Fmt.Ms(seeding.TotalMilliseconds)}, {Fmt.N(ids.Count / seeding.TotalSeconds)} creates/s, simulator CPU {Fmt.N((seeded.CpuMs - empty.CpuMs) * 1000 / ids.Count, "0.0")} us per create, other% {Fmt.N(seedingOther, "0.0")}");
        Fmt.Line($"memory       live heap {Fmt.MiB(empty.GcHeapBytes)} -> {Fmt.MiB(seeded.GcHeapBytes)} MiB ({Fmt.N((double)(seeded.GcHeapBytes - empty.GcHeapBytes) / ids.Count)} B per verification), RSS {Fmt.MiB(empty.RssBytes)} -> {Fmt.MiB(seeded.RssBytes)} MiB; after everything: live heap {Fmt.MiB(end.GcHeapBytes)} MiB, RSS {Fmt.MiB(end.RssBytes)} MiB, peak {Fmt.MiB(end.PeakRssBytes)} MiB");
        Fmt.Line($"GET          /verifications/{{id}} of a random one of {subset.Count:N0} ids (Lua request(): ids drawn per request), all IN_QUEUE (clock frozen); each answer checked to be 200");
        Fmt.Line(Fmt.RunHeader(W));
        Fmt.Line(Fmt.RunRow(W, loaded));
        Fmt.Line(Fmt.RunRow(W, single));
        Fmt.Line($"advance      one POST /__simulator/clock/advance {{\"seconds\":3}}: {Fmt.Ms(advance.TotalMilliseconds)} wall, simulator CPU {Fmt.N(afterAdvance.CpuMs - beforeAdvance.CpuMs, "0.0")} ms; " +
            $"then {completed} of {sample.Count} random verifications COMPLETED");
        Fmt.Line($"reference (before the engine rewrite): GET p50 {ReferenceGetP50Ms} ms / p99 {ReferenceGetP99Ms} ms, advance {ReferenceAdvanceMs} ms (how that GET was loaded is not recorded: both loads are shown)");
        Fmt.Line($"against it:  GET p50/p99 {Fmt.Ms(loaded.P50Ms)} / {Fmt.Ms(loaded.P99Ms)} at {options.Connections} connections, {Fmt.Ms(single.P50Ms)} / {Fmt.Ms(single.P99Ms)} at 1;  advance {Fmt.Ms(advance.TotalMilliseconds)}");
        Fmt.Line("");
        return ([warm, loaded, single], problems);
    }
}
