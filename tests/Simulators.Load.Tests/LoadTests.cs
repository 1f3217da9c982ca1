using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.Load.Tests;

/// <summary>
/// The engine under load, as parallel test suites on one sandbox would use it: many workers, many
/// tenants, thousands of jobs whose webhooks go to a real loopback receiver, clocks advanced in
/// parallel. Counts, never timings, are asserted; the run is bounded by its size.
/// </summary>
public sealed class LoadTests
{
    private const int Workers = 64;
    private const int Tenants = 20;
    private const string ServiceId = "3fc8b757-57d3-4607-998c-9bfbc4efa6cf";
    private const int Credits = 100_000;

    [Fact]
    public async Task ParallelTenants_TenThousandVerificationsAndFiveThousandKtpJobs_EveryWebhookOnceAndNothingCrossesTenants()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var anycheck = await StartAnyCheckAsync();
        await using var verihubs = await SimulatorHarness.StartVerihubsAsync(o => o.CaptureWebhooks = false);

        var run = await RunAsync(anycheck, verihubs, receiver, verifications: 10_000, ktpJobs: 5_000);

        run.AnyCheckIds.Should().HaveCount(10_000, "every id is unique");
        run.KtpReferences.Should().HaveCount(5_000);
        var anycheckWebhooks = AnyCheckWebhooks(receiver, run);
        anycheckWebhooks.Should().HaveCount(20_000);
        anycheckWebhooks.GroupBy(w => (w.Id, w.Status)).Should().OnlyContain(g => g.Count() == 1, "each status change is delivered exactly once");
        anycheckWebhooks.GroupBy(w => w.Id).Should().OnlyContain(g => g.Select(w => w.Status).Order().SequenceEqual(new[] { "COMPLETED", "IN_PROGRESS" }));
        var callbacks = KtpCallbacks(receiver, run);
        callbacks.Should().HaveCount(5_000);
        callbacks.GroupBy(c => c.Reference).Should().OnlyContain(g => g.Count() == 1);

        await AssertSettledAndIsolatedAsync(anycheck, verihubs, run);
        await AssertOutboxAsync(anycheck, run.AnyCheckTenants, perTenant: 1_000);
        await AssertOutboxAsync(verihubs, run.VerihubsTenants, perTenant: 250);
    }

    [Fact]
    public async Task ParallelTenants_ReceiverFailsEveryThirdFirstAttempt_EveryWebhookArrivesAtLeastOnceAndTheOutboxAgrees()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var attempts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        receiver.Respond = (path, body) =>
        {
            var key = path + "|" + Convert.ToHexString(SHA256.HashData(body));
            var attempt = attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
            return attempt == 1 && SHA256.HashData(Encoding.UTF8.GetBytes(key))[0] % 3 == 0 ? 503 : 200;
        };
        await using var anycheck = await StartAnyCheckAsync();
        await using var verihubs = await SimulatorHarness.StartVerihubsAsync(o => o.CaptureWebhooks = false);

        // Past the first retry (10 s after each failed attempt, on the tenant's clock).
        var run = await RunAsync(anycheck, verihubs, receiver, verifications: 2_000, ktpJobs: 1_000, advanceSeconds: 20);

        var anycheckWebhooks = AnyCheckWebhooks(receiver, run);
        anycheckWebhooks.Select(w => (w.Id, w.Status)).Distinct().Should().HaveCount(4_000, "every status change arrives at least once");
        anycheckWebhooks.Count.Should().BeGreaterThan(4_000, "some first attempts were refused and retried");
        KtpCallbacks(receiver, run).Select(c => c.Reference).Distinct().Should().HaveCount(1_000);

        var seenByReceiver = receiver.Received.Count;
        var recorded = 0;
        foreach (var (sim, tenants) in new[] { (anycheck, run.AnyCheckTenants), (verihubs, run.VerihubsTenants) })
        {
            foreach (var tenant in tenants)
            {
                foreach (var delivery in await sim.Control.GetWebhooksAsync(tenant))
                {
                    delivery.GetProperty("state").GetString().Should().Be("delivered");
                    recorded += delivery.GetProperty("attempts").GetArrayLength();
                }
            }
        }
        recorded.Should().Be(seenByReceiver, "every attempt the receiver saw is recorded, and no other");
        await AssertSettledAndIsolatedAsync(anycheck, verihubs, run);
    }

    private sealed record Run(
        ConcurrentDictionary<string, int> AnyCheckIds,
        ConcurrentDictionary<string, int> KtpReferences,
        string[] AnyCheckTenants,
        string[] VerihubsTenants,
        HttpClient[] AnyCheckClients,
        HttpClient[] VerihubsClients,
        int VerificationsPerTenant);

    private static Task<SimulatorHarness> StartAnyCheckAsync() => SimulatorHarness.StartAnyCheckAsync(o =>
    {
        o.CaptureWebhooks = false;
        o.Configuration["AnyCheck:InitialCredits"] = Credits.ToString(CultureInfo.InvariantCulture);
    });

    private static async Task<Run> RunAsync(SimulatorHarness anycheck, SimulatorHarness verihubs, LoopbackReceiver receiver, int verifications, int ktpJobs, int advanceSeconds = 3)
    {
        var anycheckTenants = Enumerable.Range(0, Tenants).Select(t => $"ak_test_load_{t}").ToArray();
        var verihubsTenants = Enumerable.Range(0, Tenants).Select(t => $"load-app-{t}").ToArray();
        var anycheckClients = anycheckTenants.Select(k => anycheck.CreateClient(("X-API-Key", k))).ToArray();
        var verihubsClients = verihubsTenants.Select(a => verihubs.CreateClient(("App-ID", a), ("API-Key", "sandbox-api-key"))).ToArray();

        // Each tenant's clock stands still while its jobs are created, then moves on its own.
        var inputs = new (string Ktp, string Selfie, string Folder)[Tenants];
        await Parallel.ForEachAsync(Enumerable.Range(0, Tenants), async (t, _) =>
        {
            await anycheck.Control.FreezeAsync(anycheckTenants[t]);
            await verihubs.Control.FreezeAsync(verihubsTenants[t]);
            inputs[t] = await PrepareAsync(anycheckClients[t], t);
        });

        var ids = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var references = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var work = Enumerable.Range(0, verifications).Select(i => (Provider: 0, N: i)).Concat(Enumerable.Range(0, ktpJobs).Select(i => (Provider: 1, N: i)));
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (item, cancellationToken) =>
        {
            var t = item.N % Tenants;
            if (item.Provider == 0)
            {
                var (ktp, selfie, folder) = inputs[t];
                var body = JsonSerializer.Serialize(new
                {
                    service_id = ServiceId,
                    folder_id = folder,
                    configuration = new { verification_type = "KTP_SELFIE", fraud_detection = false, files = new { ktp_file = new[] { ktp }, selfie_file = new[] { selfie } } },
                    webhook_url = $"{receiver.BaseUrl}/anycheck/{t}",
                    webhook_metadata = new { webhook_secret = Secret(t), n = item.N },
                });
                using var response = await anycheckClients[t].PostAsync(new Uri("/verifications", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
                var created = await ReadAsync(response, HttpStatusCode.Created);
                ids.TryAdd(created.GetProperty("id").GetString()!, t).Should().BeTrue("ids never repeat");
            }
            else
            {
                var reference = $"load-{item.N}";
                using var response = await verihubsClients[t].PostAsJsonAsync("/ktp/id/extract-async", new
                {
                    image = "KTP",
                    reference_id = reference,
                    callback_url = $"{receiver.BaseUrl}/verihubs/{t}",
                }, cancellationToken);
                var submitted = await ReadAsync(response, HttpStatusCode.OK);
                submitted.GetProperty("data").GetProperty("reference_id").GetString().Should().Be(reference);
                references.TryAdd(reference, t).Should().BeTrue();
            }
        });

        // Every tenant's clock jumps at once; each advance returns once its tenant's due work is done.
        await Task.WhenAll(Enumerable.Range(0, Tenants).SelectMany(t => new[]
        {
            anycheck.Control.AdvanceAsync(TimeSpan.FromSeconds(advanceSeconds), anycheckTenants[t]),
            verihubs.Control.AdvanceAsync(TimeSpan.FromSeconds(advanceSeconds), verihubsTenants[t]),
        }));
        return new Run(ids, references, anycheckTenants, verihubsTenants, anycheckClients, verihubsClients, verifications / Tenants);
    }

    private static async Task<(string Ktp, string Selfie, string Folder)> PrepareAsync(HttpClient client, int tenant)
    {
        using var form = new MultipartFormDataContent { { new StringContent("VERIFICATION_INPUT_FILE"), "file_category" } };
        foreach (var kind in new[] { "ktp", "selfie" })
        {
            var file = new ByteArrayContent([0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.ASCII.GetBytes($"{kind}-{tenant}")]);
            file.Headers.ContentType = new("image/jpeg");
            form.Add(file, "files", kind + ".jpg");
        }
        using var upload = await client.PostAsync(new Uri("/uploads", UriKind.Relative), form);
        var files = (await ReadAsync(upload, HttpStatusCode.Created)).GetProperty("files");
        using var folder = await client.PostAsJsonAsync("/folders", new { name = $"load-{tenant}" });
        return (files[0].GetProperty("path").GetString()!, files[1].GetProperty("path").GetString()!, (await ReadAsync(folder, HttpStatusCode.Created)).GetProperty("id").GetString()!);
    }

    /// <summary>The AnyCheck webhooks the receiver got, each checked: its tenant's path, its tenant's signature.</summary>
    private static List<(string Id, string Status)> AnyCheckWebhooks(LoopbackReceiver receiver, Run run)
    {
        var webhooks = new List<(string, string)>();
        foreach (var (path, headers, body) in receiver.Received.Where(r => r.Path.StartsWith("/anycheck/", StringComparison.Ordinal)))
        {
            var tenant = int.Parse(path["/anycheck/".Length..], CultureInfo.InvariantCulture);
            var json = JsonDocument.Parse(body).RootElement;
            var id = json.GetProperty("verification_id").GetString()!;
            run.AnyCheckIds[id].Should().Be(tenant, "a webhook goes only to its own tenant's receiver");
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret(tenant)), (byte[])[.. Encoding.UTF8.GetBytes(headers["X-AnyCheck-Timestamp"] + "."), .. body]));
            headers["X-AnyCheck-Signature"].Should().Be(expected);
            webhooks.Add((id, json.GetProperty("status").GetString()!));
        }
        return webhooks;
    }

    private static List<(string Reference, int Tenant)> KtpCallbacks(LoopbackReceiver receiver, Run run)
    {
        var callbacks = new List<(string, int)>();
        foreach (var (path, headers, body) in receiver.Received.Where(r => r.Path.StartsWith("/verihubs/", StringComparison.Ordinal)))
        {
            var tenant = int.Parse(path["/verihubs/".Length..], CultureInfo.InvariantCulture);
            var reference = JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("reference_id").GetString()!;
            run.KtpReferences[reference].Should().Be(tenant);
            headers["Authorization"].Should().StartWith("Basic ");
            callbacks.Add((reference, tenant));
        }
        return callbacks;
    }

    /// <summary>Every job is terminal for its own tenant, invisible to the next one, and every balance is exact.</summary>
    private static async Task AssertSettledAndIsolatedAsync(SimulatorHarness anycheck, SimulatorHarness verihubs, Run run)
    {
        await Parallel.ForEachAsync(run.AnyCheckIds, new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (pair, cancellationToken) =>
        {
            using var own = await run.AnyCheckClients[pair.Value].GetAsync(new Uri($"/verifications/{pair.Key}", UriKind.Relative), cancellationToken);
            (await ReadAsync(own, HttpStatusCode.OK)).GetProperty("status").GetString().Should().Be("COMPLETED");
            using var other = await run.AnyCheckClients[(pair.Value + 1) % Tenants].GetAsync(new Uri($"/verifications/{pair.Key}", UriKind.Relative), cancellationToken);
            other.StatusCode.Should().Be(HttpStatusCode.NotFound, "another tenant never reads it");
        });
        await Parallel.ForEachAsync(run.KtpReferences, new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (pair, cancellationToken) =>
        {
            using var own = await run.VerihubsClients[pair.Value].GetAsync(new Uri($"/ktp/id/extract-async/result?reference_id={pair.Key}", UriKind.Relative), cancellationToken);
            // The result names no reference_id (the seed page's body); that it is this tenant's is what the 404 below shows.
            (await ReadAsync(own, HttpStatusCode.OK)).GetProperty("message").GetString().Should().Be("success extract ktp data");
            using var other = await run.VerihubsClients[(pair.Value + 1) % Tenants].GetAsync(new Uri($"/ktp/id/extract-async/result?reference_id={pair.Key}", UriKind.Relative), cancellationToken);
            other.StatusCode.Should().Be(HttpStatusCode.NotFound);
        });
        foreach (var tenant in run.AnyCheckTenants)
        {
            (await anycheck.Control.GetAsync($"balance?tenant={tenant}")).GetProperty("credits").GetInt32()
                .Should().Be(Credits - (run.VerificationsPerTenant * 10), "each verification is charged exactly once");
        }
        _ = verihubs;
    }

    private static async Task AssertOutboxAsync(SimulatorHarness sim, IEnumerable<string> tenants, int perTenant)
    {
        foreach (var tenant in tenants)
        {
            var deliveries = await sim.Control.GetWebhooksAsync(tenant);
            deliveries.Should().HaveCount(perTenant);
            deliveries.Should().OnlyContain(d => d.GetProperty("state").GetString() == "delivered" && d.GetProperty("attempts").GetArrayLength() == 1);
        }
    }

    private static string Secret(int tenant) => $"load-secret-of-tenant-{tenant:00}-0123456789abcdef";

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
