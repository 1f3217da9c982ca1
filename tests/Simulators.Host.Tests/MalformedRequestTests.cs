using System.Net;
using System.Text.Json;

namespace Simulators.Host.Tests;

/// <summary>One running host (both simulators on free loopback ports) for the requests below.</summary>
public sealed class RunningHost : IAsyncLifetime
{
    private HostProcess? _host;

    public int AnyCheck { get; private set; }

    public int Verihubs { get; private set; }

    public async Task InitializeAsync()
    {
        var (anycheck, verihubs, urls) = HostProcess.FreeUrls();
        (AnyCheck, Verihubs) = (anycheck, verihubs);
        _host = await HostProcess.StartRunningAsync(urls);
    }

    public Task DisposeAsync()
    {
        _host?.Dispose();
        return Task.CompletedTask;
    }

    public string Describe() => _host?.Describe() ?? "";
}

/// <summary>
/// Requests only a real server can be sent (the in-process server has no framing to break): a body
/// shorter than its Content-Length, broken chunks, an oversized request line or headers, a NUL in the
/// path. What reaches the app is answered in the provider's own shape; what Kestrel refuses before the
/// app runs has an empty body (README, LIMITATIONS); either way the host keeps answering.
/// </summary>
public sealed class MalformedRequestTests(RunningHost host) : IClassFixture<RunningHost>
{
    private const string Json = "Content-Type: application/json";
    private static readonly string[] VerihubsCredentials = ["App-ID: raw-socket-app", "API-Key: sandbox-api-key"];

    public enum Side
    {
        AnyCheck,
        Verihubs,
        Control,
    }

    /// <summary>
    /// Kestrel waits for the rest of the body until it arrives too slowly (its minimum data rate, after
    /// a 5 s grace period), then the read fails inside the app: AnyCheck's 408, Verihubs' 400 (it has no
    /// 408), the control API's 408. The three wait side by side. A client that instead closes its side
    /// gets no answer at all: Kestrel takes that for the end of the connection (README, LIMITATIONS).
    /// </summary>
    [Fact]
    public async Task BodyShorterThanContentLength_ClientWaits_TimesOutInTheShapeOfItsApi()
    {
        static byte[] Short(string requestLine, params string[] headers) => RawHttp.Request(requestLine, [Json, "Content-Length: 100", .. headers], """{"email":"a""");

        var answers = await Task.WhenAll(
            RawHttp.SendAsync(host.AnyCheck, Short("POST /auth/login HTTP/1.1")),
            RawHttp.SendAsync(host.Verihubs, Short("POST /v2/ktp/extract HTTP/1.1", VerihubsCredentials)),
            RawHttp.SendAsync(host.AnyCheck, Short("POST /__simulator/clock/advance HTTP/1.1")));

        AssertShape(Side.AnyCheck, answers[0], HttpStatusCode.RequestTimeout, "REQUEST_TIMEOUT");
        AssertShape(Side.Verihubs, answers[1], HttpStatusCode.BadRequest, "INVALID_PAYLOAD");
        AssertShape(Side.Control, answers[2], HttpStatusCode.RequestTimeout, "request_timeout");
        await AssertStillAnswersAsync();
    }

    [Theory]
    [InlineData(Side.AnyCheck, "POST /folders HTTP/1.1", "zz\r\n{}\r\n0\r\n\r\n")]
    [InlineData(Side.Verihubs, "POST /v1/face/liveness HTTP/1.1", "5\r\n{\"ima\r\n99999999999999999999\r\n")]
    [InlineData(Side.Control, "POST /__simulator/reset HTTP/1.1", "2\r\n{}XX\r\n0\r\n\r\n")]
    public async Task BrokenChunkedBody_Answers400InTheShapeOfItsApi(Side side, string requestLine, string chunks)
    {
        var request = RawHttp.Request(requestLine, [Json, "Transfer-Encoding: chunked", .. Credentials(side), .. AnyCheckKey(side)], chunks);

        var response = await RawHttp.SendAsync(Port(side), request);

        AssertShape(side, response, HttpStatusCode.BadRequest, side == Side.Control ? "invalid_body" : side == Side.AnyCheck ? "INVALID_REQUEST" : "INVALID_PAYLOAD");
        await AssertStillAnswersAsync();
    }

    public static TheoryData<string, byte[], HttpStatusCode> RefusedBeforeTheApp => new()
    {
        { "a 10 KB request line", RawHttp.Request($"GET /verifications/{new string('a', 10 * 1024)} HTTP/1.1", ["X-API-Key: ak_test_raw"]), HttpStatusCode.RequestUriTooLong },
        { "40 KB of headers", RawHttp.Request("GET /services HTTP/1.1", ["X-API-Key: ak_test_raw", .. Enumerable.Range(0, 40).Select(i => $"X-Filler-{i}: {new string('f', 1000)}")]), HttpStatusCode.RequestHeaderFieldsTooLarge },
        { "a NUL in the path", RawHttp.Request("GET /verifications/%00 HTTP/1.1", ["X-API-Key: ak_test_raw"]), HttpStatusCode.BadRequest },
        { "a request line that is not HTTP", "GARBAGE\r\n\r\n"u8.ToArray(), HttpStatusCode.BadRequest },
        { "a header without a colon", RawHttp.Request("GET /services HTTP/1.1", ["X-API-Key ak_test_raw"]), HttpStatusCode.BadRequest },
        { "two different Content-Lengths", RawHttp.Request("POST /folders HTTP/1.1", [Json, "Content-Length: 2", "Content-Length: 3", "X-API-Key: ak_test_raw"], "{}"), HttpStatusCode.BadRequest },
        { "no Host header", "GET /services HTTP/1.1\r\nConnection: close\r\nX-API-Key: ak_test_raw\r\n\r\n"u8.ToArray(), HttpStatusCode.BadRequest },
        { "an HTTP version that does not exist", RawHttp.Request("GET /services HTTP/9.9", ["X-API-Key: ak_test_raw"]), HttpStatusCode.HttpVersionNotSupported },
    };

    [Theory]
    [MemberData(nameof(RefusedBeforeTheApp))]
    public async Task FramingKestrelRefuses_AnswersItsStatusWithAnEmptyBody_AndTheHostKeepsAnswering(string what, byte[] request, HttpStatusCode status)
    {
        var response = await RawHttp.SendAsync(host.AnyCheck, request);

        response.Status.Should().Be((int)status, what);
        // Kestrel writes these itself, before any middleware runs: no provider shape is possible (README, LIMITATIONS).
        response.Body.Should().BeEmpty(what);
        await AssertStillAnswersAsync();
    }

    private int Port(Side side) => side == Side.Verihubs ? host.Verihubs : host.AnyCheck;

    private static string[] Credentials(Side side) => side == Side.Verihubs ? VerihubsCredentials : [];

    private static string[] AnyCheckKey(Side side) => side == Side.AnyCheck ? ["X-API-Key: ak_test_raw_socket"] : [];

    private void AssertShape(Side side, RawResponse response, HttpStatusCode status, string code)
    {
        response.Status.Should().Be((int)status, response.Text + host.Describe());
        var body = JsonDocument.Parse(response.Body).RootElement;
        body.GetProperty(side == Side.Control ? "error" : "error_code").GetString().Should().Be(code, response.Text);
        body.GetProperty("message").GetString().Should().NotBeNullOrWhiteSpace();
    }

    /// <summary>Both simulators still answer a normal request.</summary>
    private async Task AssertStillAnswersAsync()
    {
        using var http = new HttpClient { Timeout = RawHttp.Timeout };
        using var services = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{host.AnyCheck}/services"));
        services.Headers.Add("X-API-Key", "ak_test_still_alive");
        (await http.SendAsync(services)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync(new Uri($"http://127.0.0.1:{host.Verihubs}/__simulator/health"))).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
