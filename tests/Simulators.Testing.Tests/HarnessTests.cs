using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MyApp.Tests;
using Simulators.AnyCheck;
using Simulators.Testing;

namespace Simulators.Testing.Tests;

public sealed class HarnessTests
{
    private const string ApiKey = "ak_test_harness_suite";

    private sealed class Probe(HttpClient http)
    {
        public HttpClient Http => http;
    }

    [Fact]
    public async Task UseSimulator_TypedClientWithoutBaseAddress_ReachesTheSimulator()
    {
        await using var sim = await SimulatorHarness.StartAnyCheckAsync();
        var services = new ServiceCollection();
        services.AddHttpClient<Probe>(c => c.DefaultRequestHeaders.Add("X-API-Key", ApiKey)).UseSimulator(sim);
        var probe = services.BuildServiceProvider().GetRequiredService<Probe>();

        using var response = await probe.Http.GetAsync(new Uri("/services", UriKind.Relative));

        probe.Http.BaseAddress.Should().Be(sim.BaseAddress);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        sim.LastTenant.Should().StartWith("key-", "the call was made with the client's own key");
    }

    [Fact]
    public async Task StartOnPort_FreePort_ServesKestrelOnLoopback()
    {
        await using var sim = await SimulatorHarness.StartOnPortAsync(new AnyCheckSimulator());
        using var plain = new HttpClient { BaseAddress = sim.BaseAddress };
        using var viaHandler = new HttpClient(sim.CreateHandler()) { BaseAddress = sim.BaseAddress };

        using var first = await plain.GetAsync(new Uri("/__simulator/clock", UriKind.Relative));
        using var second = await viaHandler.GetAsync(new Uri("/__simulator/clock", UriKind.Relative));

        sim.BaseAddress.Host.Should().Be("127.0.0.1");
        sim.BaseAddress.Port.Should().BeGreaterThan(0);
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task StartOnPort_GivenPort_ServesOnThatPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        await using var sim = await SimulatorHarness.StartOnPortAsync(new AnyCheckSimulator(), port);
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/__simulator/clock"));

        sim.BaseAddress.Should().Be(new Uri($"http://127.0.0.1:{port}/"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task StartOnPort_NegativePort_ThrowsBeforeStarting()
    {
        var start = () => SimulatorHarness.StartOnPortAsync(new AnyCheckSimulator(), -1);

        await start.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task Start_NoFrozenAt_ClockFrozenAtTheWallClockTime()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await using var sim = await SimulatorHarness.StartAnyCheckAsync();
        var after = DateTimeOffset.UtcNow;

        var now = await sim.Control.GetNowAsync();

        now.Should().BeOnOrAfter(before).And.BeOnOrBefore(after);
        now.Millisecond.Should().Be(0, "the start is taken to the second");
        (await sim.Control.GetNowAsync()).Should().Be(now, "the clock is frozen");
    }

    [Fact]
    public async Task Start_FrozenAtSet_ClockStartsThere()
    {
        var at = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
        await using var sim = await SimulatorHarness.StartAnyCheckAsync(o => o.FrozenAt = at);

        (await sim.Control.GetNowAsync()).Should().Be(at);
    }

    [Fact]
    public async Task QueueOutcome_SuiteLoggedInWithItsOwnEmail_QueuesForThatTenant()
    {
        await using var sim = await SimulatorHarness.StartAnyCheckAsync();
        using var login = await sim.Client.PostAsJsonAsync("/auth/login", new { email = "suite@my-app.example", password = "sandbox" });
        login.StatusCode.Should().Be(HttpStatusCode.OK);

        var queued = await sim.QueueOutcomeAsync("FRAUD_DETECTED", count: 2);

        queued.Tenant.Should().Be("suite@my-app.example");
        queued.Queued.Should().Equal("FRAUD_DETECTED", "FRAUD_DETECTED");
        var sandbox = await sim.Control.GetAsync("outcomes?tenant=sandbox");
        sandbox.GetProperty("queued").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task QueueOutcome_NoCallYet_TakesTheDefaultTenantAndSaysSo()
    {
        await using var sim = await SimulatorHarness.StartAnyCheckAsync();

        var queued = await sim.QueueOutcomeAsync("FRAUD_DETECTED");

        sim.LastTenant.Should().BeNull();
        queued.Tenant.Should().Be("sandbox");
    }

    [Fact]
    public async Task QueueOutcome_CredentialNamed_ResolvesToItsTenant()
    {
        await using var sim = await SimulatorHarness.StartAnyCheckAsync();
        using var client = sim.CreateClient(("X-API-Key", ApiKey));
        using var services = await client.GetAsync(new Uri("/services", UriKind.Relative));

        var queued = await sim.Control.QueueOutcomeAsync("FRAUD_DETECTED", 3, ApiKey);

        queued.Tenant.Should().Be(sim.LastTenant);
        queued.Queued.Should().HaveCount(3);
    }

    [Fact]
    public async Task OnWebhook_DelegateThrows_AttemptFailsAndIsRetried()
    {
        await using var sim = await SimulatorHarness.StartAnyCheckAsync();
        var calls = 0;
        sim.Webhooks.OnWebhook(_ => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("receiver down") : Task.FromResult(200));
        var client = new AnyCheckClient(sim.CreateClient(("X-API-Key", ApiKey)));

        await client.StartKtpCheckAsync(Fixtures.Image("ktp-ok-male.jpg"), Fixtures.Image("selfie-match.jpg"), "https://my-app.example/hooks");
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(1));
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(10));

        var attempts = (await sim.Control.GetWebhooksAsync(ApiKey))[0].GetProperty("attempts").EnumerateArray().ToList();
        attempts.Should().HaveCount(2);
        attempts[0].GetProperty("error").GetString().Should().Contain("receiver down");
        attempts[1].GetProperty("statusCode").GetInt32().Should().Be(200);
    }

    [Fact]
    public async Task ForwardTo_WebApplicationFactoryAnswers503ThenNoContent_RetriedWithTheAppsStatus()
    {
        await using var receiver = new ReceiverFactory();
        await using var sim = await SimulatorHarness.StartAnyCheckAsync();
        sim.Webhooks.ForwardTo(receiver.CreateClient());
        var client = new AnyCheckClient(sim.CreateClient(("X-API-Key", ApiKey)));

        await client.StartKtpCheckAsync(Fixtures.Image("ktp-ok-male.jpg"), Fixtures.Image("selfie-match.jpg"), "https://my-app.example/hooks/anycheck?shop=7");
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(1));   // IN_PROGRESS: the app answers 503
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(10));  // the retry: 204

        var attempts = (await sim.Control.GetWebhooksAsync(ApiKey))[0].GetProperty("attempts").EnumerateArray();
        attempts.Select(a => a.GetProperty("statusCode").GetInt32()).Should().Equal(503, 204);
        receiver.Seen.Should().HaveCount(3, "IN_PROGRESS, COMPLETED, then the retry of IN_PROGRESS");
        receiver.Seen.Should().AllSatisfy(seen =>
        {
            seen.PathAndQuery.Should().Be("/hooks/anycheck?shop=7");
            seen.ContentType.Should().StartWith("application/json");
        });
        receiver.Seen.Last().Body.Should().Be(receiver.Seen.First().Body).And.Contain("IN_PROGRESS");
    }

    /// <summary>The user's own application, receiving webhooks: it fails the first one.</summary>
    private sealed class ReceiverFactory : WebApplicationFactory<ReceiverFactory>
    {
        public ConcurrentQueue<(string PathAndQuery, string Body, string? ContentType)> Seen { get; } = new();

        protected override IHostBuilder CreateHostBuilder() =>
            Host.CreateDefaultBuilder().ConfigureWebHostDefaults(web => web
                .Configure(app => app.Run(async http =>
                {
                    using var reader = new StreamReader(http.Request.Body);
                    Seen.Enqueue((http.Request.Path + http.Request.QueryString, await reader.ReadToEndAsync(), http.Request.ContentType));
                    http.Response.StatusCode = Seen.Count == 1 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status204NoContent;
                })));

        // The factory guesses a content root beside the solution; this app has no files of its own.
        protected override IHost CreateHost(IHostBuilder builder) => base.CreateHost(builder.UseContentRoot(AppContext.BaseDirectory));
    }
}
