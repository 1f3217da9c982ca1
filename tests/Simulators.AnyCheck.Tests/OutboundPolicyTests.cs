using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Simulators.Testing;

namespace Simulators.AnyCheck.Tests;

/// <summary>webhook_url against the outbound policy: checked at creation, whatever transport delivers it.</summary>
public sealed class OutboundPolicyTests
{
    private const string Metadata = "http://169.254.169.254/latest/meta-data";

    private static Task<SimulatorHarness> StartAsync(params (string Key, string Value)[] settings) => AnyCheckTest.StartWithAsync(settings);

    private static async Task<HttpResponseMessage> CreateAsync(SimulatorHarness sim, string webhookUrl)
    {
        var api = new AnyCheckApi(sim);
        var json = await api.VerificationRequestAsync(extra: $$""","webhook_url":"{{webhookUrl}}" """);
        return await api.Http.PostAsync(new Uri("/verifications", UriKind.Relative), AnyCheckApi.JsonBody(json));
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public static TheoryData<string, string> Modes => new()
    {
        { "Sandbox:Exposed", "false" },
        { "Sandbox:Exposed", "true" },
        { "Sandbox:AllowOutbound", "169.254.0.0/16,localhost" },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task CreateVerification_MetadataWebhookUrl_Returns400InAnyMode(string key, string value)
    {
        await using var sim = await StartAsync((key, value));

        using var response = await CreateAsync(sim, Metadata);

        var error = await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        error.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("webhook_url");
        error.GetProperty("errors")[0].GetProperty("message").GetString().Should().Be("points at a cloud-metadata address, which the simulator never calls");
    }

    [Fact]
    public async Task CreateVerification_RefusedWebhookUrl_IsNotedInTheJournal()
    {
        await using var sim = await StartAsync();

        using var response = await CreateAsync(sim, Metadata);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var entry = (await sim.Control.GetRequestsAsync("sandbox")).First(e => e.GetProperty("path").GetString() == "/verifications");
        entry.GetProperty("note").GetString().Should().Be("webhook_url refused by the outbound policy (cloud-metadata address)");
        (await sim.Control.GetRequestsAsync("sandbox")).Where(e => e.GetProperty("path").GetString() != "/verifications")
            .Should().AllSatisfy(e => e.GetProperty("note").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null));
    }

    [Fact]
    public async Task CreateVerification_LoopbackWebhookUrl_AcceptedLocally()
    {
        await using var sim = await StartAsync();

        using var response = await CreateAsync(sim, $"http://127.0.0.1:{FreePort()}/");

        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}/")]
    [InlineData("http://localhost:{0}/hook")]
    [InlineData("http://[::1]:{0}/")]
    [InlineData("http://10.0.0.5:{0}/")]
    public async Task CreateVerification_LoopbackOrPrivateWebhookUrlWhenExposed_Returns400(string url)
    {
        await using var sim = await StartAsync(("Sandbox:Exposed", "true"));

        using var response = await CreateAsync(sim, string.Format(System.Globalization.CultureInfo.InvariantCulture, url, FreePort()));

        var error = await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        error.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("webhook_url");
        error.GetProperty("errors")[0].GetProperty("message").GetString().Should().Contain("Sandbox:AllowOutbound");
    }

    [Theory]
    [InlineData("127.0.0.1/32", "127.0.0.1")]
    [InlineData("localhost", "localhost")]
    public async Task CreateVerification_LoopbackWebhookUrlWhenExposedButAllowed_IsAccepted(string allow, string host)
    {
        await using var sim = await StartAsync(("Sandbox:Exposed", "true"), ("Sandbox:AllowOutbound", allow));

        using var response = await CreateAsync(sim, $"http://{host}:{FreePort()}/");

        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Start_BadAllowOutboundEntry_Fails()
    {
        var start = () => StartAsync(("Sandbox:AllowOutbound", "qa-app,10.0.0.0/33"));

        (await start.Should().ThrowAsync<OptionsValidationException>()).WithMessage("*'10.0.0.0/33'*");
    }

    [Fact]
    public async Task Webhook_ReceiverAnswersAHugeBody_KeepsAtMost4Kb()
    {
        await using var receiver = await HugeReceiver.StartAsync();
        await using var sim = await SimulatorHarness.StartAnyCheckAsync(o => o.CaptureWebhooks = false);

        using var response = await CreateAsync(sim, receiver.Url + "/hook");
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));

        var attempts = (await sim.Control.GetWebhooksAsync()).SelectMany(d => d.GetProperty("attempts").EnumerateArray()).ToList();
        attempts.Should().HaveCount(2).And.AllSatisfy(a =>
        {
            a.GetProperty("statusCode").GetInt32().Should().Be(200);
            a.GetProperty("error").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
            a.GetProperty("responseBody").GetString()!.Length.Should().BeInRange(1, 4096);
        });
    }

    /// <summary>A receiver on 127.0.0.1 that answers every webhook with 300 MB, written for as long as the caller reads.</summary>
    private sealed class HugeReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private HugeReceiver(WebApplication app) => _app = app;

        public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        public static async Task<HugeReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.Urls.Add("http://127.0.0.1:0");
            app.MapPost("/hook", async (HttpContext http) =>
            {
                const long size = 300L * 1024 * 1024;
                http.Response.ContentType = "text/plain";
                http.Response.ContentLength = size;
                var chunk = new byte[64 * 1024];
                Array.Fill(chunk, (byte)'x');
                try
                {
                    for (long sent = 0; sent < size; sent += chunk.Length)
                    {
                        await http.Response.Body.WriteAsync(chunk, http.RequestAborted);
                    }
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException)
                {
                    // The simulator read what it keeps and went away.
                }
            });
            await app.StartAsync();
            return new HugeReceiver(app);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
