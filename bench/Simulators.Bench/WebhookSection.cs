using System.Diagnostics;

namespace Simulators.Bench;

/// <summary>
/// Webhook delivery: how fast the outbox sends what a clock jump makes due (one tenant, then many in
/// parallel), and, in real-time mode, how long after a step falls due its webhook goes out.
/// </summary>
internal static class WebhookSection
{
    private const string Path = "/hook";
    private const string LagTenant = "ak_test_lag";
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromMinutes(10);

    private sealed record Lag(int Verifications, int TargetRate, TimeSpan Offset, int Deliveries, int Delivered, List<double> LagsMs, double CreateRate);

    /// <summary>How a store is loaded: in memory 16 creates at a time; on SQLite one at a time, fewer, and a slower lag run.</summary>
    private sealed record Plan(int Verifications, int SeedParallel, int LagRate);

    private sealed record Burst(
        string Label, int Tenants, int Verifications, TimeSpan Seeding, List<TimeSpan> Advances, TimeSpan AdvanceAll, TimeSpan? LastArrival,
        long Received, long InProgress, long Completed, long Other, long Duplicates, double ServerCpuMs, double OtherPercent, ServerStats After);

    public static async Task<List<string>> RunAsync(SectionContext context, StoreKind store, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var name = SectionContext.Name(store);
        var settings = context.StoreSettings(store, out var database);
        var problems = new List<string>();
        var plan = store == StoreKind.Memory
            ? new Plan(options.Webhooks, 16, options.LagRate)
            : new Plan(options.SqliteWebhooks, 1, Math.Max(1, options.LagRate / 5));
        try
        {
            await using var receiver = await WebhookReceiver.StartAsync();
            Orchestrator.Progress($"webhooks ({name}): starting a simulator; receiver {receiver.Url}");
            await using var simulator = await ServerProcess.StartAsync(
                $"simulator ({name}, webhooks)", [ServerRole.SimulatorRole, SimulatorApi.UnlimitedCredits, .. settings], context.Children);
            var hook = receiver.Url + Path;

            var lag = await LagAsync(context, plan, simulator, receiver, hook, name, problems, cancellationToken);

            using var control = SimulatorApi.Client(simulator.Url);
            await SimulatorApi.FreezeAsync(control);
            var single = await BurstAsync(context, plan, simulator, receiver, hook, $"1 tenant ({Seeder.ApiKey})", [Seeder.ApiKey], perTenantAdvance: false, name, problems, cancellationToken);
            var tenants = Enumerable.Range(1, options.Tenants).Select(SimulatorApi.Key).ToArray();
            var many = await BurstAsync(context, plan, simulator, receiver, hook, $"{options.Tenants} tenants, in parallel", tenants, perTenantAdvance: true, name, problems, cancellationToken);

            Print(options, plan, name, simulator, receiver, database, lag, [single, many]);
        }
        finally
        {
            SectionContext.DeleteDatabase(database);
        }
        return problems;
    }

    /// <summary>Real-time mode: creates at a steady rate, each with a webhook; lag = first attempt's sentAt - wall time its step fell due.</summary>
    private static async Task<Lag> LagAsync(SectionContext context, Plan plan, ServerProcess simulator, WebhookReceiver receiver, string hook, string name, List<string> problems, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var count = plan.LagRate * options.LagSeconds;
        Orchestrator.Progress($"webhooks ({name}): real-time lag, {count:N0} creates over {options.LagSeconds} s");
        using var http = SimulatorApi.Client(simulator.Url, LagTenant);
        var inputs = await SimulatorApi.PrepareAsync(http, LagTenant, "bench-lag");
        var body = System.Text.Encoding.UTF8.GetBytes(SimulatorApi.CreateBody(inputs, hook));
        var offset = await SimulatorApi.ClockOffsetAsync(http, LagTenant);
        receiver.Expect(2L * count);

        var started = Stopwatch.GetTimestamp();
        using var slots = new SemaphoreSlim(32);
        var creates = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / plan.LagRate);
            var wait = due - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }
            await slots.WaitAsync(cancellationToken);
            creates.Add(Task.Run(async () =>
            {
                try
                {
                    await SimulatorApi.CreateOneAsync(http, body, cancellationToken);
                }
                finally
                {
                    slots.Release();
                }
            }, cancellationToken));
        }
        await Task.WhenAll(creates);
        var rate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        // The last steps fall due 3 s after the last create.
        if (!await receiver.WaitAllAsync(TimeSpan.FromSeconds(60), cancellationToken))
        {
            problems.Add($"webhooks ({name}), lag run: the receiver got {receiver.Count:N0} of {2L * count:N0} deliveries within 60 s of the last create.");
        }
        var after = await SimulatorApi.ClockOffsetAsync(http, LagTenant);
        if ((after - offset).Duration() > TimeSpan.FromMilliseconds(5))
        {
            problems.Add($"webhooks ({name}), lag run: the tenant clock's offset from the wall clock moved by {(after - offset).TotalMilliseconds:0.0} ms.");
        }
        var deliveries = await SimulatorApi.DeliveriesAsync(http, LagTenant);
        var lags = deliveries.Where(d => d.FirstSentAt is not null)
            .Select(d => (d.FirstSentAt!.Value - (d.CreatedAt - offset)).TotalMilliseconds)
            .Order().ToList();
        return new Lag(count, plan.LagRate, offset, deliveries.Count, deliveries.Count(d => d.State == "delivered"), lags, rate);
    }

    /// <summary>
    /// Clock frozen: the plan's creates with a webhook, spread over the tenants, then the clock
    /// moved 3 s (the simulator's, or each tenant's in parallel); the receiver must get IN_PROGRESS and COMPLETED for each.
    /// </summary>
    private static async Task<Burst> BurstAsync(
        SectionContext context, Plan plan, ServerProcess simulator, WebhookReceiver receiver, string hook, string label, string[] tenants,
        bool perTenantAdvance, string name, List<string> problems, CancellationToken cancellationToken)
    {
        var verifications = plan.Verifications;
        Orchestrator.Progress($"webhooks ({name}), {label}: seeding {verifications:N0} verifications with the clock frozen");
        var clients = tenants.Select(t => SimulatorApi.Client(simulator.Url, t)).ToArray();
        try
        {
            var bodies = new string[tenants.Length];
            for (var t = 0; t < tenants.Length; t++)
            {
                bodies[t] = SimulatorApi.CreateBody(await SimulatorApi.PrepareAsync(clients[t], tenants[t], "bench-webhooks"), hook);
            }
            var seeding = Stopwatch.StartNew();
            for (var t = 0; t < tenants.Length; t++)
            {
                var share = (verifications / tenants.Length) + (t < verifications % tenants.Length ? 1 : 0);
                await SimulatorApi.CreateManyAsync(clients[t], bodies[t], share, plan.SeedParallel, keepIds: false, cancellationToken);
            }
            seeding.Stop();

            var expected = 2L * verifications;
            receiver.Expect(expected);
            Orchestrator.Progress($"webhooks ({name}), {label}: advancing the clock 3 s, {expected:N0} deliveries due");
            var before = await simulator.StatsAsync();
            var machineBefore = MachineCpu.Read();
            var started = Stopwatch.GetTimestamp();
            List<TimeSpan> advances = perTenantAdvance
                ? [.. await Task.WhenAll(tenants.Select((t, i) => SimulatorApi.AdvanceAsync(clients[i], 3, t, cancellationToken)))]
                : [await SimulatorApi.AdvanceAsync(clients[0], 3, null, cancellationToken)];
            var advanceAll = Stopwatch.GetElapsedTime(started);
            var complete = await receiver.WaitAllAsync(DeliveryTimeout, cancellationToken);
            var machineAfter = MachineCpu.Read();
            var after = await simulator.StatsAsync();
            var last = receiver.LastArrival;
            TimeSpan? lastArrival = complete && last > 0 ? Stopwatch.GetElapsedTime(started, last) : null;
            if (!complete)
            {
                problems.Add($"webhooks ({name}), {label}: the receiver got {receiver.Count:N0} of {expected:N0} deliveries within {DeliveryTimeout.TotalMinutes:0} min.");
            }
            if (receiver.InProgress != verifications || receiver.Completed != verifications || receiver.Duplicates > 0 || receiver.Other > 0)
            {
                problems.Add($"webhooks ({name}), {label}: expected {verifications:N0} IN_PROGRESS and {verifications:N0} COMPLETED, got {receiver.InProgress:N0} and {receiver.Completed:N0} ({receiver.Other:N0} other, {receiver.Duplicates:N0} duplicates).");
            }
            return new Burst(label, tenants.Length, verifications, seeding.Elapsed, advances, advanceAll, lastArrival,
                receiver.Count, receiver.InProgress, receiver.Completed, receiver.Other, receiver.Duplicates,
                after.CpuMs - before.CpuMs, Fmt.OtherPercent(machineBefore, machineAfter, after.CpuMs - before.CpuMs), after);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private static void Print(BenchOptions options, Plan plan, string name, ServerProcess simulator, WebhookReceiver receiver, string? database, Lag lag, Burst[] bursts)
    {
        Fmt.Line($"== Webhook delivery, store {name} ==");
        Fmt.Line($"simulator    {simulator.Url}  pid {simulator.Pid}  {SimulatorApi.UnlimitedCredits}" + (database is null ? "" : $"  Store=sqlite:{database}") + "; outbox defaults (8 in flight per tenant)");
        Fmt.Line($"receiver     {receiver.Url}{Path}  Kestrel inside the orchestrator, answers 204, counts by status and notices duplicates");
        Fmt.Line($"seeding      {plan.SeedParallel} create(s) at a time from the orchestrator" + (plan.SeedParallel == 1 ? " (on SQLite a tenant's creates wait for each other's balance commit and the one writer: see the write path)" : ""));
        Fmt.Line("");
        Fmt.Line($"-- delivery throughput: clock frozen, creates with webhook_url, then POST /__simulator/clock/advance {{\"seconds\":3}} --");
        Fmt.Line($"{"run",-26}{"verif.",8}{"seeding",10}{"creates/s",10}{"deliveries",11}{"advance call",14}{"all arrived",13}{"deliveries/s",13}{"CPU us/deliv.",14}{"other%",8}  received (IN_PROGRESS/COMPLETED, dup.)");
        foreach (var b in bursts)
        {
            var advance = Fmt.Ms(b.AdvanceAll.TotalMilliseconds);
            var deliveries = 2L * b.Verifications;
            var rate = b.LastArrival is { } l ? deliveries / l.TotalSeconds : double.NaN;
            Fmt.Line($"{b.Label,-26}{b.Verifications,8:N0}{Fmt.Ms(b.Seeding.TotalMilliseconds),10}{Fmt.N(b.Verifications / b.Seeding.TotalSeconds),10}{deliveries,11:N0}{advance,14}{(b.LastArrival is { } a ? Fmt.Ms(a.TotalMilliseconds) : "incomplete"),13}{Fmt.N(rate),13}{Fmt.N(b.ServerCpuMs * 1000 / deliveries, "0.0"),14}{Fmt.N(b.OtherPercent, "0.0"),8}  {b.Received:N0} ({b.InProgress:N0}/{b.Completed:N0}, {b.Duplicates})");
            if (b.Advances.Count > 1)
            {
                var sorted = b.Advances.Select(a => a.TotalMilliseconds).Order().ToList();
                Fmt.Line($"{"",-26}per-tenant advance calls: fastest {Fmt.Ms(sorted[0])}, median {Fmt.Ms(Fmt.Median(sorted))}, slowest {Fmt.Ms(sorted[^1])}");
            }
        }
        Fmt.Line("(advance call = wall time of the control call(s), which return once everything the jump made due is done; all arrived = from the call to the last delivery at the receiver;");
        Fmt.Line(" deliveries/s = deliveries / all arrived; CPU us/deliv. = the simulator's CPU over that time per delivery, the announcing of the steps included)");
        var end = bursts[^1].After;
        Fmt.Line($"simulator after the runs: RSS {Fmt.MiB(end.RssBytes)} MiB, GC heap {Fmt.MiB(end.GcHeapBytes)} MiB, peak RSS {Fmt.MiB(end.PeakRssBytes)} MiB");
        Fmt.Line("");

        Fmt.Line($"-- lag from due time to first attempt, real-time clock ({LagTenant}: {lag.Verifications:N0} creates paced at {lag.TargetRate}/s, {Fmt.N(lag.CreateRate)}/s reached, over {options.LagSeconds} s, each with webhook_url) --");
        Fmt.Line($"tenant clock - wall clock: {Fmt.N(lag.Offset.TotalMilliseconds, "0.000")} ms (GET /__simulator/clock?tenant=..., midpoint of the fastest of 5 calls)");
        Fmt.Line("lag = attempts[0].sentAt (wall clock) - (createdAt - that offset), createdAt being the delivery's due instant on the tenant clock");
        var s = lag.LagsMs;
        Fmt.Line($"deliveries {lag.Deliveries:N0} (delivered {lag.Delivered:N0}), with a first attempt {s.Count:N0}:  min {Fmt.Ms(s.Count > 0 ? s[0] : double.NaN)}  p50 {Fmt.Ms(Fmt.Percentile(s, 50))}  p90 {Fmt.Ms(Fmt.Percentile(s, 90))}  p99 {Fmt.Ms(Fmt.Percentile(s, 99))}  max {Fmt.Ms(s.Count > 0 ? s[^1] : double.NaN)}");
        Fmt.Line("(in real-time mode the engine sleeps until the next step or attempt falls due, at most 200 ms, and looks again when a tenant's run ends)");
        Fmt.Line("");
    }
}
