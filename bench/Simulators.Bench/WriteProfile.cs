using Simulators.Core;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Simulators.AnyCheck;
using Simulators.Core.Hosting;
using Simulators.Core.Jobs;
using Simulators.Core.Journal;
using Simulators.Core.Json;
using Simulators.Core.Personas;
using Simulators.Core.Scenarios;
using Simulators.Core.State;
using Simulators.Core.Tenants;

namespace Simulators.Bench;

/// <summary>
/// Where a <c>POST /verifications</c> spends its time, measured in-process: the AnyCheck simulator on a
/// TestServer (no sockets), one request at a time; the outermost middleware times each request and
/// counts its thread's allocations; the store is wrapped to time each call; then the phases the
/// handler runs are timed again in isolation on the same inputs, with the simulator's own code
/// (its internal methods reached through reflection), so the sum can be checked against the whole.
/// </summary>
internal static class WriteProfile
{
    public const string Role = "profile";

    /// <summary>
    /// Warm-up: 15 rounds of 2,000 requests. A create's median time falls from ~400 to ~70 us over its first
    /// ~20,000 (JIT tiering with PGO, on two cores shared with the load); the first and last rounds are printed.
    /// </summary>
    private const int WarmupRound = 2_000;
    private const int WarmupRounds = 15;
    private const string Tenant = Seeder.ApiKey;

    private static readonly Assembly AnyCheck = typeof(AnyCheckSimulator).Assembly;

    /// <summary>Keeps results alive so the loops cannot be optimized away.</summary>
    private static object? _sink;

    /// <summary>Runs the profile as a child process (its own runtime, GC and JIT state) and passes its report through.</summary>
    public static async Task<List<string>> RunChildAsync(SectionContext context, CancellationToken cancellationToken)
    {
        Orchestrator.Progress($"write-path profile: in-process harness, {context.Options.ProfileCreates:N0} creates");
        var start = Self.StartInfo([Role, context.Options.ProfileCreates.ToString(CultureInfo.InvariantCulture)]);
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the profile process.");
        context.Children.Add(process.Id);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
            {
                Console.Out.WriteLine(line);
            }
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return process.ExitCode == 0 ? [] : [$"the write-path profile failed (exit code {process.ExitCode}); see its output above."];
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var creates = args.Length > 0 && int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 20_000;
        // A second argument, sqlite:<path>, profiles the SQLite store instead (not part of the default run).
        var storeSpec = args.Length > 1 ? args[1] : "memory";
        var ktp = await Seeder.Jpeg(1).ReadAsByteArrayAsync();
        var selfie = await Seeder.Jpeg(2).ReadAsByteArrayAsync();

        Fmt.Line("== Write-path profile: where a POST /verifications spends its time (in-process) ==");
        Fmt.Line("method       the AnyCheck simulator on a TestServer (no Kestrel, no sockets), store in memory, default configuration, one request at a time;");
        Fmt.Line("             the outermost middleware times each request (wall time with one request in flight, close to its CPU time) and counts the bytes");
        Fmt.Line("             its thread allocated; every store call is timed by a wrapper; then each phase of the create is timed alone on the same inputs.");
        Fmt.Line($"requests     {creates:N0} creates and {creates:N0} GETs of one finished verification, each after {WarmupRound * WarmupRounds:N0} of warm-up (JIT tiering");
        Fmt.Line($"             with PGO takes ~20,000 creates to settle); files {ktp.Length:N0} + {selfie.Length:N0} bytes (the seeder's)");
        Fmt.Line("");

        await using var harness = await Harness.StartAsync(new Dictionary<string, string?> { ["AnyCheck:InitialCredits"] = "2000000000" }, storeSpec);
        var body = Encoding.UTF8.GetBytes(SimulatorApi.CreateBody(await harness.PrepareAsync()));
        var finished = await harness.FinishedAsync(body);

        var warmups = new List<string> { await harness.WarmAsync("POST", () => harness.PostAsync(body)) };
        var post = await harness.MeasureAsync("POST /verifications", creates, () => harness.PostAsync(body));
        var verification = harness.Store.LastCommit.Single(w => w.Collection.Name == "anycheck.verification").Value!;
        var job = (JobRecord)harness.Store.LastCommit.Single(w => w.Collection.Name == JobRegistry.Collection.Name).Value!;
        var writes = harness.Store.LastCommit;
        warmups.Add(await harness.WarmAsync("GET", () => harness.GetAsync(finished)));
        var get = await harness.MeasureAsync("GET /verifications/{id}", creates, () => harness.GetAsync(finished));
        warmups.Add(await harness.WarmAsync("health", () => harness.GetAsync("/__simulator/health")));
        var health = await harness.MeasureAsync("GET /__simulator/health", creates, () => harness.GetAsync("/__simulator/health"));

        Fmt.Line("warm-up      " + string.Join("; ", warmups));
        Fmt.Line("");
        Fmt.Line("-- whole requests (server pipeline, timed by the outermost middleware) --");
        Fmt.Line($"{"request",-34}{"mean us",9}{"p50 us",9}{"p99 us",9}{"alloc B/req",13}{"GC ms",8}{"other%",8}");
        foreach (var m in new[] { post, get, health })
        {
            Fmt.Line($"{m.Label,-34}{Fmt.N(m.MeanUs, "0.0"),9}{Fmt.N(m.P50Us, "0.0"),9}{Fmt.N(m.P99Us, "0.0"),9}{Fmt.N(m.AllocBytes),13}{Fmt.N(m.GcMs, "0"),8}{Fmt.N(m.OtherPercent, "0.0"),8}");
        }
        Fmt.Line($"GC pauses during the creates: {Fmt.N(post.GcMs * 1000 / post.Requests, "0.0")} us per create on average, in the mean, not in the median (a create keeps what it stores, and every collection copies what survives)");
        Fmt.Line($"create / read: {Fmt.N(post.P50Us / get.P50Us, "0.00")} x at the median, {Fmt.N(post.MeanUs / get.MeanUs, "0.00")} x on average (health: routing and a small JSON, the floor; the in-process client's own cost is outside these times)");
        Fmt.Line("");

        Fmt.Line("-- store calls inside one POST (in memory; timed around each call; median and mean per call) --");
        Fmt.Line($"{"call",-64}{"calls/req",10}{"p50 us",8}{"mean us",9}{"B/call",8}{"us/POST",9}{"of p50",8}");
        var storeUs = 0.0;
        foreach (var (name, op) in post.StoreOps.OrderByDescending(o => o.Value.Ticks))
        {
            var perPost = (double)op.Calls / post.Requests;
            var median = Ticks(op.MedianTicks());
            var bytes = op.BytesCounted > 0 ? (double)op.Bytes / op.BytesCounted : double.NaN;
            storeUs += median * perPost;
            Fmt.Line($"{name,-64}{Fmt.N(perPost, "0.00"),10}{Fmt.N(median, "0.00"),8}{Fmt.N(Ticks(op.Ticks) / op.Calls, "0.00"),9}{Fmt.N(bytes),8}{Fmt.N(median * perPost, "0.00"),9}{Fmt.N(100 * median * perPost / post.P50Us, "0.0"),7}%" + (op.Conflicts > 0 ? $"  ({op.Conflicts} conflicts)" : ""));
        }
        Fmt.Line($"{"all store calls (medians)",-64}{"",10}{"",8}{"",9}{"",8}{Fmt.N(storeUs, "0.00"),9}{Fmt.N(100 * storeUs / post.P50Us, "0.0"),7}%");
        Fmt.Line("");

        var phases = Phases(harness, body, ktp, selfie, verification, job, writes, creates);
        Fmt.Line("-- phases of a create, each timed alone on the same inputs (the simulator's own code; median and mean per op) --");
        Fmt.Line($"{"phase",-100}{"p50 us",8}{"mean us",9}{"B/op",7}{"x/POST",7}{"us/POST",9}{"of p50",8}");
        var accounted = storeUs;
        foreach (var p in phases)
        {
            var us = p.Us * p.PerPost;
            if (p.PerPost > 0)
            {
                accounted += us;
            }
            Fmt.Line($"{p.Name,-100}{Fmt.N(p.Us, p.Us < 100 ? "0.00" : "0"),8}{Fmt.N(p.MeanUs, p.MeanUs < 100 ? "0.00" : "0"),9}{Fmt.N(p.Bytes),7}{Fmt.N(p.PerPost, "0"),7}{(p.PerPost > 0 ? Fmt.N(us, "0.00") : "-"),9}{(p.PerPost > 0 ? Fmt.N(100 * us / post.P50Us, "0.0") + "%" : "-"),8}");
        }
        Fmt.Line($"{"store calls + the phases counted per POST (medians)",-100}{"",8}{"",9}{"",7}{"",7}{Fmt.N(accounted, "0.00"),9}{Fmt.N(100 * accounted / post.P50Us, "0.0"),7}%");
        Fmt.Line($"{"rest of the median POST: routing, binding, API-key auth, rate-limit headers, the record itself, journal entry, middleware, response",-100}{"",8}{"",9}{"",7}{"",7}{Fmt.N(post.P50Us - accounted, "0.00"),9}{Fmt.N(100 * (post.P50Us - accounted) / post.P50Us, "0.0"),7}%");
        Fmt.Line($"{"and on top, on average: GC pauses per create (the mean POST less its median is about this)",-100}{"",8}{"",9}{"",7}{"",7}{Fmt.N(post.GcMs * 1000 / post.Requests, "0.00"),9}");
        Fmt.Line("(shares are of the median POST; x/POST: how many times one create runs the phase; those marked 0 are shown for scale and not counted;");
        Fmt.Line(" a phase timed alone runs with its data in cache, so the sum is a floor: in a request each costs somewhat more)");
        Fmt.Line("");

        Fmt.Line("-- memory a stored create keeps (live heap after a full compacting GC) --");
        Fmt.Line($"{"what",-100}{"B each",8}{"x/create",9}{"B/create",9}");
        Fmt.Line($"{"everything one create adds to the simulator's live heap (over the measured creates; the journal ring is full already)",-100}{"",8}{"",9}{Fmt.N(post.RetainedBytes),9}");
        foreach (var (what, each, times) in Memory(harness, body, verification, job, Math.Min(creates, 10_000)))
        {
            Fmt.Line($"{what,-100}{Fmt.N(each),8}{times,9}{Fmt.N(each * times),9}");
        }
        Fmt.Line("");

        var concurrency = await harness.ConcurrentAsync(body, Math.Min(creates, 10_000), 32);
        Fmt.Line("-- the tenant's balance under concurrency: the same creates, 32 in flight at once (a create reads the balance, then commits with its version) --");
        Fmt.Line($"{concurrency.Creates:N0} creates in {Fmt.Ms(concurrency.Elapsed.TotalMilliseconds)}: {Fmt.N(concurrency.Creates / concurrency.Elapsed.TotalSeconds)} creates/s in-process; " +
            $"commits tried {concurrency.Commits:N0}, refused as conflicts {concurrency.Conflicts:N0} ({Fmt.N((double)concurrency.Commits / concurrency.Creates, "0.00")} commits per create)");
        Fmt.Line("");

        // Two fresh simulators, same warm-up and creates, one with the default journal and one keeping no bodies: the first
        // simulator above holds every create of its run (a larger heap to collect) and ran first, so it is no fair control.
        var fresh = new List<(string Label, Measured Result, string Warmup)>();
        foreach (var (label, limit) in new[] { ("default journal", (string?)null), ("Journal:BodyLimitBytes=0", "0") })
        {
            var settings = new Dictionary<string, string?> { ["AnyCheck:InitialCredits"] = "2000000000" };
            if (limit is not null)
            {
                settings["Journal:BodyLimitBytes"] = limit;
            }
            await using var other = await Harness.StartAsync(settings);
            var otherBody = Encoding.UTF8.GetBytes(SimulatorApi.CreateBody(await other.PrepareAsync()));
            var warmup = await other.WarmAsync("POST", () => other.PostAsync(otherBody));
            fresh.Add((label, await other.MeasureAsync("POST, " + label, creates, () => other.PostAsync(otherBody)), warmup));
        }
        Fmt.Line("-- the journal's body capture: the same creates on two fresh in-process simulators, the default journal and Journal:BodyLimitBytes=0 (bodies not kept) --");
        foreach (var (label, result, warmup) in fresh)
        {
            Fmt.Line($"POST, {label,-26} mean {Fmt.N(result.MeanUs, "0.0")} us, p50 {Fmt.N(result.P50Us, "0.0")} us, {Fmt.N(result.AllocBytes)} B, other% {Fmt.N(result.OtherPercent, "0.0")}  (warm-up: {warmup})");
        }
        Fmt.Line("");
        return 0;
    }

    private sealed record Phase(string Name, double Us, double MeanUs, double Bytes, int PerPost);

    private static List<Phase> Phases(Harness harness, byte[] body, byte[] ktp, byte[] selfie, object verification, JobRecord job, IReadOnlyList<StoreWrite> writes, int n)
    {
        var services = harness.App.Services;
        var resolver = services.GetRequiredService<ScenarioResolver>();
        var tenant = services.GetRequiredService<TenantDirectory>().FindAsync(Tenant).AsTask().GetAwaiter().GetResult();
        var scenario = resolver.Catalog["FACE_MATCH_HIGH"];
        var kind = services.GetServices<IJobKind>().Single(k => k.Name == "anycheck.verification");
        var newJob = kind.GetType().GetMethod("NewJob") ?? throw new MissingMethodException("VerificationJobs.NewJob");
        var serialize = AnyCheck.GetType("Simulators.AnyCheck.Verifications.VerificationViews")?.GetMethod("Serialize", BindingFlags.Public | BindingFlags.Static)
            ?? throw new MissingMethodException("VerificationViews.Serialize");
        var now = tenant.Now;
        var seed = IndonesianPersona.SeedFor(ktp);
        var errors = new RequestErrors();
        var context = new DefaultHttpContext();
        var inputs = new ReadOnlyMemory<byte>[] { ktp, selfie };
        var bigKtp = Photo(1, 500 * 1024);
        var bigSelfie = Photo(2, 200 * 1024);
        var bigInputs = new ReadOnlyMemory<byte>[] { bigKtp, bigSelfie };
        var needles = SecretMasker.Needles(["password", "access_token", "refresh_token", "webhook_secret"]);
        var response = (byte[])serialize.Invoke(null, [verification, job, now, true])!;
        var scans = new[] { ScenarioInput.Of(ktp), ScenarioInput.Of(selfie) };
        var clones = Enumerable.Range(0, n + 1000).Select(i => job with { Announced = job.Announced }).ToArray();
        var recordWrites = writes.Where(w => w.Value is not null).ToList();

        return
        [
            Time("JSON parse of the body (JsonRequest.ReadObjectAsync: strict parse, Unicode check of every string, clone)", n, 1, _ =>
            {
                context.Request.Body = new MemoryStream(body, writable: false);
                return JsonRequest.ReadObjectAsync(context, errors).AsTask().GetAwaiter().GetResult();
            }),
            Time("scenario resolution (ScenarioResolver.ResolveAsync on the files' scans, taken once at upload)", n, 1, _ =>
                resolver.ResolveAsync(tenant, "KTP_SELFIE", null, null, scans, "FACE_MATCH_HIGH").AsTask().GetAwaiter().GetResult()),
            Time("persona seed (IndonesianPersona.SeedForSha256 on the KTP's scan)", n, 1, _ => IndonesianPersona.SeedForSha256(scans[0].Sha256Hex)),
            Time("  for scale: scenario resolution hashing the files per call (ResolveFilesAsync, as Verihubs does)", n, 0, _ =>
                resolver.ResolveFilesAsync(tenant, "KTP_SELFIE", null, null, inputs, "FACE_MATCH_HIGH").AsTask().GetAwaiter().GetResult()),
            Time("persona (IndonesianPersona.FromSeed), alone; NewJob below runs it once", n, 0, i => IndonesianPersona.FromSeed(seed + i)),
            Time("job creation (VerificationJobs.NewJob: persona, outcome, plan with 2 JsonElements, JobRecord.Create)", n, 1, _ => newJob.Invoke(kind, [verification, scenario, now])),
            Time("response JSON (VerificationViews.Serialize: view + source-generated serializer + cache entry)", n, 1, i => serialize.Invoke(null, [verification, clones[i % clones.Length], now, true])),
            Time("journal masking of request and response bodies (SecretMasker.MaskFields x2)", n, 1, _ => (SecretMasker.MaskFields(body, needles), SecretMasker.MaskFields(response, needles))),
            Time("ids (Ids.NewGuid x5: verification, result, output file, OCR and fraud jobs)", n, 1, _ => (Ids.NewGuid(), Ids.NewGuid(), Ids.NewGuid(), Ids.NewGuid(), Ids.NewGuid())),
            Time("  for scale: the records as a durable store writes them (RecordSet.Serialize of the commit's records)", n, 0, _ => recordWrites.Select(w => w.Collection.Serialize(w.Value!).Length).Sum()),
            Time("  for scale: scenario resolution with photo-sized files (500 KB KTP + 200 KB selfie)", Math.Max(200, n / 50), 0, _ =>
                resolver.ResolveFilesAsync(tenant, "KTP_SELFIE", null, null, bigInputs, "FACE_MATCH_HIGH").AsTask().GetAwaiter().GetResult()),
            Time("  for scale: persona seed with a 500 KB KTP", Math.Max(200, n / 50), 0, _ => IndonesianPersona.SeedFor(bigKtp)),
        ];
    }

    private static List<(string What, double Each, int Times)> Memory(Harness harness, byte[] body, object verification, JobRecord job, int n)
    {
        var services = harness.App.Services;
        var kind = services.GetServices<IJobKind>().Single(k => k.Name == "anycheck.verification");
        var newJob = kind.GetType().GetMethod("NewJob") ?? throw new MissingMethodException("VerificationJobs.NewJob");
        var serialize = AnyCheck.GetType("Simulators.AnyCheck.Verifications.VerificationViews")?.GetMethod("Serialize", BindingFlags.Public | BindingFlags.Static)
            ?? throw new MissingMethodException("VerificationViews.Serialize");
        var scenario = services.GetRequiredService<ScenarioResolver>().Catalog["FACE_MATCH_HIGH"];
        var now = job.CreatedAt;
        var errors = new RequestErrors();
        var context = new DefaultHttpContext();
        // The keys exist already (a record's id): only what the table adds is measured.
        var keys = Enumerable.Range(0, 1000).Select(i => Guid.NewGuid().ToString()).ToArray();
        return
        [
            ("the configuration the record keeps (its UTF-8 text alone, RawJson; boxed here, 24 B of it the box)", Retained(n, _ =>
            {
                context.Request.Body = new MemoryStream(body, writable: false);
                return RawJson.Of(JsonRequest.ReadObjectAsync(context, errors).AsTask().GetAwaiter().GetResult().GetProperty("configuration"));
            }), 1),
            ("the job as NewJob makes it (its steps; the planned outcome is shared from a memo)", Retained(n, _ => newJob.Invoke(kind, [verification, scenario, now])), 1),
            ("a verification's rendered view, cached once a GET asks for it (a create's own answer is not cached)", Retained(n, _ =>
            {
                var fresh = job with { Announced = job.Announced };
                serialize.Invoke(null, [verification, fresh, now, true]);
                return fresh;
            }), 0),
            // The result and output ids a create generates lead back to the verification (VerificationRecord.ResultIdFor,
            // OutputIdFor), and a job whose subject is its id is found by id: none of them has an index entry now.
            ("a row of a table: an entry of its dictionary (key, record, hash, chain; no object of its own), 1,000 in one", Retained(Math.Max(1, n / 1000), _ =>
            {
                var rows = new Dictionary<string, object>(StringComparer.Ordinal);
                foreach (var key in keys)
                {
                    rows[key] = keys;
                }
                return rows;
            }) / keys.Length, 2),
        ];
    }

    /// <summary>Runs <paramref name="op"/> a thousand times to warm up, then <paramref name="n"/> times on this thread, each timed.</summary>
    private static Phase Time(string name, int n, int perPost, Func<int, object?> op)
    {
        for (var i = 0; i < 1000; i++)
        {
            _sink = op(i);
        }
        // Each op timed on its own: the median leaves out the ops a collection landed in.
        var times = new double[n];
        var thread = Environment.CurrentManagedThreadId;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var total = Stopwatch.GetTimestamp();
        for (var i = 0; i < n; i++)
        {
            var started = Stopwatch.GetTimestamp();
            _sink = op(i);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }
        var mean = Stopwatch.GetElapsedTime(total).TotalMicroseconds / n;
        var bytes = Environment.CurrentManagedThreadId == thread ? (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / n : double.NaN;
        return new Phase(name, Fmt.Median(times), mean, bytes, perPost);
    }

    /// <summary>Bytes still reachable after a full compacting collection.</summary>
    private static long LiveHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    /// <summary>Bytes that <paramref name="make"/>'s results keep reachable, each, over <paramref name="n"/> of them held at once.</summary>
    private static double Retained(int n, Func<int, object?> make)
    {
        var held = new object?[n];
        var before = LiveHeap();
        for (var i = 0; i < n; i++)
        {
            held[i] = make(i);
        }
        var after = LiveHeap();
        GC.KeepAlive(held);
        return (double)(after - before) / n;
    }

    private static double Ticks(double ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    /// <summary>A photo-sized JPEG-looking file.</summary>
    private static byte[] Photo(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        byte[] header = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00];
        header.CopyTo(bytes, 0);
        bytes[^2] = 0xFF;
        bytes[^1] = 0xD9;
        return bytes;
    }

    /// <summary>Errors for the isolated JSON parse (the body is valid; never raised).</summary>
    private sealed class RequestErrors : IRequestErrors
    {
        public Exception Unreadable(string detail) => new InvalidOperationException(detail);

        public Exception NotAnObject() => new InvalidOperationException("not an object");

        public Exception Missing(string path) => new InvalidOperationException(path);

        public Exception WrongType(string path, string expected) => new InvalidOperationException(path);
    }

    /// <summary>One request measured: server time and allocations by the outermost middleware, the store's calls, the GC's pauses.</summary>
    internal sealed record Measured(
        string Label, int Requests, double MeanUs, double P50Us, double P99Us, double AllocBytes, double GcMs,
        double OtherPercent, double RetainedBytes, IReadOnlyDictionary<string, TimingStore.Op> StoreOps);

    /// <summary>An in-process simulator on a TestServer with a timing store and a timing middleware in front of everything.</summary>
    internal sealed class Harness : IAsyncDisposable
    {
        private readonly RequestTimer _timer;
        private readonly HttpClient _client;

        private Harness(WebApplication app, TimingStore store, RequestTimer timer)
        {
            App = app;
            Store = store;
            _timer = timer;
            _client = app.GetTestServer().CreateClient();
            _client.DefaultRequestHeaders.Add("X-API-Key", Tenant);
        }

        public WebApplication App { get; }

        public TimingStore Store { get; }

        public static async Task<Harness> StartAsync(Dictionary<string, string?> configuration, string storeSpec = "memory")
        {
            var store = new TimingStore(StoreFactory.Open(storeSpec, new AnyCheckSimulator().Id));
            var timer = new RequestTimer();
            var app = SimulatorApplication.Build(
                new AnyCheckSimulator(),
                new SimulatorAppSettings { Store = store, Configuration = configuration, MinimumLogLevel = LogLevel.Warning },
                builder =>
                {
                    builder.WebHost.UseTestServer();
                    builder.Services.AddSingleton<IStartupFilter>(timer);
                });
            await app.StartAsync();
            return new Harness(app, store, timer);
        }

        public async Task<CreateInputs> PrepareAsync() => await SimulatorApi.PrepareAsync(_client, Tenant, "bench-profile");

        /// <summary>A finished verification to GET: created, then the clock moved past its timeline.</summary>
        public async Task<string> FinishedAsync(byte[] body)
        {
            var id = await SimulatorApi.CreateOneAsync(_client, body, CancellationToken.None);
            await SimulatorApi.AdvanceAsync(_client, 5, Tenant);
            var status = await SimulatorApi.StatusAsync(_client, id, CancellationToken.None);
            return status == "COMPLETED" ? "/verifications/" + id : throw new InvalidOperationException($"The profile's verification is {status}, not COMPLETED.");
        }

        public async Task PostAsync(byte[] body)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _client.PostAsync("/verifications", content);
            await response.Content.CopyToAsync(Stream.Null);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"POST /verifications answered {(int)response.StatusCode}.");
            }
        }

        public async Task GetAsync(string path)
        {
            using var response = await _client.GetAsync(path);
            await response.Content.CopyToAsync(Stream.Null);
            response.EnsureSuccessStatusCode();
        }

        /// <summary><paramref name="n"/> creates, <paramref name="parallel"/> in flight: how many commits each needs.</summary>
        public async Task<(int Creates, TimeSpan Elapsed, long Commits, long Conflicts)> ConcurrentAsync(byte[] body, int n, int parallel)
        {
            Store.Reset();
            var next = -1;
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) < n)
                {
                    await PostAsync(body);
                }
            })));
            var elapsed = Stopwatch.GetElapsedTime(started);
            var commits = Store.Ops.Where(o => o.Key.StartsWith("commit anycheck.group", StringComparison.Ordinal)).ToList();
            return (n, elapsed, commits.Sum(o => o.Value.Calls), commits.Sum(o => o.Value.Conflicts));
        }

        /// <summary>Rounds of warm-up requests; says how the median time moved.</summary>
        public async Task<string> WarmAsync(string label, Func<Task> send)
        {
            var medians = new List<double>();
            for (var round = 0; round < WarmupRounds; round++)
            {
                medians.Add((await MeasureAsync(label, WarmupRound, send, settle: false)).P50Us);
            }
            return $"{label} median {Fmt.N(medians[0], "0")} us in the first {WarmupRound:N0}, {Fmt.N(medians[^1], "0")} us in the last";
        }

        public async Task<Measured> MeasureAsync(string label, int n, Func<Task> send, bool settle = true)
        {
            var live = settle ? LiveHeap() : 0;
            _timer.Reset(n);
            Store.Reset();
            var pause = GC.GetTotalPauseDuration();
            var machine = MachineCpu.Read();
            for (var i = 0; i < n; i++)
            {
                await send();
            }
            var other = Fmt.OtherPercent(machine, MachineCpu.Read(), 0);
            var retained = settle ? (double)(LiveHeap() - live) / n : double.NaN;
            var times = _timer.Times();
            return new Measured(
                label, n, times.Average(), Fmt.Percentile(times, 50), Fmt.Percentile(times, 99), _timer.AllocatedPerRequest(),
                (GC.GetTotalPauseDuration() - pause).TotalMilliseconds,
                other,
                retained,
                Store.Ops.ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal));
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    /// <summary>The outermost middleware: wall time and this thread's allocations per request (requests whose thread changed count no bytes).</summary>
    internal sealed class RequestTimer : IStartupFilter
    {
        private readonly Lock _gate = new();
        private List<double> _times = [];
        private long _bytes;
        private long _sameThread;

        public void Reset(int expected)
        {
            lock (_gate)
            {
                _times = new List<double>(expected);
                _bytes = 0;
                _sameThread = 0;
            }
        }

        public List<double> Times()
        {
            lock (_gate)
            {
                return [.. _times.Order()];
            }
        }

        public double AllocatedPerRequest()
        {
            lock (_gate)
            {
                return _sameThread > 0 ? (double)_bytes / _sameThread : double.NaN;
            }
        }

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                var thread = Environment.CurrentManagedThreadId;
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var started = Stopwatch.GetTimestamp();
                await inner(context);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
                var same = Environment.CurrentManagedThreadId == thread;
                lock (_gate)
                {
                    _times.Add(elapsed);
                    if (same)
                    {
                        _bytes += bytes;
                        _sameThread++;
                    }
                }
            });
            next(app);
        };
    }
}
