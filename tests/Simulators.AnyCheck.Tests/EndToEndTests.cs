using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Simulators.Core.Hosting;

namespace Simulators.AnyCheck.Tests;

/// <summary>
/// The one place that waits on wall time: the real host on a loopback port, a real webhook receiver,
/// and the default real-time clock, exactly as a developer runs it.
/// </summary>
public sealed class EndToEndTests : IAsyncLifetime, IDisposable
{
    private const string Secret = "e2e-secret-at-least-32-characters-long";
    private readonly Channel<(Dictionary<string, string> Headers, byte[] Body)> _received = Channel.CreateUnbounded<(Dictionary<string, string>, byte[])>();
    private WebApplication _simulator = null!;
    private WebApplication _receiver = null!;
    private HttpClient _client = null!;
    private string _receiverUrl = null!;

    public async Task InitializeAsync()
    {
        _simulator = SimulatorApplication.Build(new AnyCheckSimulator(), new SimulatorAppSettings());
        _simulator.Urls.Add("http://127.0.0.1:0");
        await _simulator.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(Address(_simulator)) };

        var receiver = WebApplication.CreateSlimBuilder();
        receiver.Logging.ClearProviders();
        _receiver = receiver.Build();
        _receiver.Urls.Add("http://127.0.0.1:0");
        _receiver.MapPost("/hooks/anycheck", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            // Copied: the server reuses the header collection once the request ends.
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            await _received.Writer.WriteAsync((headers, buffer.ToArray()));
            return Results.Ok();
        });
        await _receiver.StartAsync();
        _receiverUrl = Address(_receiver) + "/hooks/anycheck";
    }

    public void Dispose() => _client?.Dispose();

    public async Task DisposeAsync()
    {
        await _simulator.StopAsync();
        await _receiver.StopAsync();
        await _simulator.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task KtpSelfie_OverRealLoopback_CompletesAndDeliversSignedWebhooks()
    {
        using var login = await _client.PostAsJsonAsync("/auth/login", new { email = "sandbox@example.com", password = "sandbox" });
        var token = (await AnyCheckApi.ReadAsync(login, HttpStatusCode.OK)).GetProperty("access_token").GetString();
        _client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        using var form = new MultipartFormDataContent
        {
            { new StringContent("VERIFICATION_INPUT_FILE"), "file_category" },
            { new ByteArrayContent(AnyCheckApi.JpegWith("ktp")), "files", "ktp.jpg" },
            { new ByteArrayContent(AnyCheckApi.JpegWith("selfie")), "files", "selfie.jpg" },
        };
        using var upload = await _client.PostAsync(new Uri("/uploads", UriKind.Relative), form);
        var paths = (await AnyCheckApi.ReadAsync(upload, HttpStatusCode.Created)).GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).ToList();
        using var folder = await _client.PostAsJsonAsync("/folders", new { name = "e2e" });
        var folderId = (await AnyCheckApi.ReadAsync(folder, HttpStatusCode.Created)).GetProperty("id").GetString();

        using var create = await _client.PostAsJsonAsync("/verifications", new
        {
            service_id = AnyCheckApi.KtpServiceId,
            folder_id = folderId,
            configuration = new { verification_type = "KTP_SELFIE", fraud_detection = false, files = new { ktp_file = new[] { paths[0] }, selfie_file = new[] { paths[1] } } },
            webhook_url = _receiverUrl,
            webhook_metadata = new { webhook_secret = Secret, order_ref = "A-17" },
        });
        var id = (await AnyCheckApi.ReadAsync(create, HttpStatusCode.Created)).GetProperty("id").GetString();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var statuses = new List<string>();
        while (!statuses.Contains("COMPLETED"))
        {
            var (headers, body) = await _received.Reader.ReadAsync(timeout.Token);
            var timestamp = headers["X-AnyCheck-Timestamp"];
            headers["X-AnyCheck-Signature"].Should().Be(WebhookTests.ExpectedSignature(Secret, timestamp, body));
            DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp, CultureInfo.InvariantCulture))
                .Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), "receivers reject signatures older than 5 minutes");
            using var payload = JsonDocument.Parse(body);
            payload.RootElement.GetProperty("verification_id").GetString().Should().Be(id);
            statuses.Add(payload.RootElement.GetProperty("status").GetString()!);
        }
        statuses.Should().Equal("IN_PROGRESS", "COMPLETED");

        using var get = await _client.GetAsync(new Uri($"/verifications/{id}", UriKind.Relative));
        var done = await AnyCheckApi.ReadAsync(get, HttpStatusCode.OK);
        done.GetProperty("status").GetString().Should().Be("COMPLETED");
        done.GetProperty("output_status").GetString().Should().Be("VERIFIED");
        done.GetProperty("input_file_url").GetProperty("ktp_file")[0].GetString().Should().StartWith(Address(_simulator) + "/files/");
    }

    private static string Address(WebApplication app) =>
        app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()!.Addresses.First()
            : throw new InvalidOperationException("No server");
}
