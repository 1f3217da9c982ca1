using System.Net;
using System.Text;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.Verifik.Tests;

public class DocumentLivenessErrorTests(VerifikFixture fixture) : IClassFixture<VerifikFixture>
{
    private const string MissingImage = "{\"code\":\"MissingParameter\",\"message\":\"missing image\\n\"}";
    private const string InvalidFormat = "{\"error\":\"Invalid image format\",\"message\":\"INVALID_IMAGE_FORMAT\"}";
    private const string TooLarge = "{\"error\":\"Image too large\",\"message\":\"IMAGE_TOO_LARGE\"}";
    private const string NotFound = "{\"error\":\"Document liveness not found\",\"message\":\"DOCUMENT_LIVENESS_NOT_FOUND\"}";
    private const string BadQuery = "{\"success\":false,\"error\":\"Invalid query parameters\",\"code\":\"INVALID_PARAMETERS\"}";

    private static string Image() => Convert.ToBase64String(Liveness.Png());

    public static TheoryData<string, string, int, string> BadCreates() => new()
    {
        {
            "no check enabled", $"{{\"image\":\"{Image()}\",\"validateScreenReplay\":false}}", 409,
            "{\"message\":\"At least one validation must be selected. Please enable one of: validateScreenReplay, validatePrintedCopy, validatePortraitSubstitution, or validateDigitalManipulation\",\"code\":\"MissingParameter\"}"
        },
        { "no image", "{\"validateScreenReplay\":true}", 409, MissingImage },
        { "empty image", "{\"image\":\"\",\"validateScreenReplay\":true}", 409, MissingImage },
        { "null image", "{\"image\":null,\"validateScreenReplay\":true}", 409, MissingImage },
        { "empty body", "", 409, MissingImage },
        { "no image and no check", "{}", 409, MissingImage },
        { "not base64", "{\"image\":\"%%% not base64 %%%\",\"validatePrintedCopy\":true}", 400, InvalidFormat },
        { "a GIF", $"{{\"image\":\"{Convert.ToBase64String("GIF89a0000000000"u8.ToArray())}\",\"validatePrintedCopy\":true}}", 400, InvalidFormat },
        { "a URL", "{\"image\":\"https://example.com/id.png\",\"validatePrintedCopy\":true}", 400, InvalidFormat },
        { "a data URL without base64", "{\"image\":\"data:image/png,abc\",\"validatePrintedCopy\":true}", 400, InvalidFormat },
        {
            "unknown calibration", $"{{\"image\":\"{Image()}\",\"validateScreenReplay\":true,\"screenReplayCalibration\":\"MEDIUM\"}}", 409,
            "{\"code\":\"MissingParameter\",\"message\":\"\\\"screenReplayCalibration\\\" must be one of [SOFT, REGULAR, HARD]\"}"
        },
        {
            "lower-case calibration", $"{{\"image\":\"{Image()}\",\"validateScreenReplay\":true,\"printedCopyCalibration\":\"soft\"}}", 409,
            "{\"code\":\"MissingParameter\",\"message\":\"\\\"printedCopyCalibration\\\" must be one of [SOFT, REGULAR, HARD]\"}"
        },
        {
            "calibration not a string", $"{{\"image\":\"{Image()}\",\"validateScreenReplay\":true,\"digitalManipulationCalibration\":1}}", 409,
            "{\"code\":\"MissingParameter\",\"message\":\"\\\"digitalManipulationCalibration\\\" must be a string\"}"
        },
        {
            "flag as a string", $"{{\"image\":\"{Image()}\",\"validateScreenReplay\":\"true\"}}", 409,
            "{\"code\":\"MissingParameter\",\"message\":\"\\\"validateScreenReplay\\\" must be a boolean\"}"
        },
        {
            "saveImage as a number", $"{{\"image\":\"{Image()}\",\"validateScreenReplay\":true,\"saveImage\":1}}", 409,
            "{\"code\":\"MissingParameter\",\"message\":\"\\\"saveImage\\\" must be a boolean\"}"
        },
        { "image as a number", "{\"image\":42,\"validateScreenReplay\":true}", 409, "{\"code\":\"MissingParameter\",\"message\":\"\\\"image\\\" must be a string\"}" },
        { "not JSON", "{\"image\":", 400, "{\"error\":\"Invalid request\"}" },
        { "an array", "[1,2]", 400, "{\"error\":\"Invalid request\"}" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task Create_BadRequest_AnswersThePagesOwnStatusAndBody(string why, string body, int status, string expected)
    {
        using var client = await fixture.AuthorizedAsync();

        var (code, text) = await Liveness.SendAsync(client, HttpMethod.Post, Liveness.Path, body);

        ((int)code).Should().Be(status, why);
        text.Should().Be(expected, why);
    }

    [Theory]
    [InlineData("?page=0")]
    [InlineData("?page=abc")]
    [InlineData("?page=-1")]
    [InlineData("?page=1&page=2")]
    [InlineData("?limit=0")]
    [InlineData("?limit=101")]
    [InlineData("?limit=1.5")]
    [InlineData("?status=done")]
    [InlineData("?status=COMPLETED")]
    [InlineData("?populates[]=project")]
    [InlineData("?populates[]=client&populates[]=nothing")]
    public async Task List_BadQuery_Answers400InvalidParameters(string query)
    {
        using var client = await fixture.AuthorizedAsync();

        var (status, text) = await Liveness.SendAsync(client, HttpMethod.Get, Liveness.Path + query);

        status.Should().Be(HttpStatusCode.BadRequest);
        text.Should().Be(BadQuery);
    }

    [Theory]
    [InlineData("665f1c2e9b1d4a0012345678")]
    [InlineData("document_liveness_123456789")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Retrieve_UnknownId_AnswersTheSeeds404ByteForByte(string id)
    {
        using var client = await fixture.AuthorizedAsync();

        var (status, text) = await Liveness.SendAsync(client, HttpMethod.Get, Liveness.Path + "/" + id);

        status.Should().Be(HttpStatusCode.NotFound);
        text.Should().Be(NotFound);
    }

    [Theory]
    [InlineData("POST", Liveness.Path)]
    [InlineData("GET", Liveness.Path)]
    [InlineData("GET", Liveness.Path + "/665f1c2e9b1d4a0012345678")]
    public async Task AnyCall_NoToken_Answers401ThePagesKoaJwtText(string method, string path)
    {
        using var client = fixture.Sim.CreateClient();

        var (status, text) = await Liveness.SendAsync(client, new HttpMethod(method), path, method == "POST" ? Liveness.Body(Liveness.Png()) : null);

        status.Should().Be(HttpStatusCode.Unauthorized);
        text.Should().Be("{\"error\":\"Protected resource, use Authorization header to get access\"}");
    }

    [Fact]
    public async Task Create_ForeignToken_Answers401InvalidOrExpired()
    {
        using var client = fixture.Sim.CreateClient(("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJjbGllbnRJZCI6IngifQ.c2lnbmF0dXJl"));

        var (status, text) = await Liveness.SendAsync(client, HttpMethod.Post, Liveness.Path, Liveness.Body(Liveness.Png()));

        status.Should().Be(HttpStatusCode.Unauthorized);
        text.Should().StartWith("{\"code\":\"Unauthorized\",\"message\":\"Invalid or expired token.\",\"signature\":");
    }

    [Theory]
    [InlineData("data:image/png;base64,")]
    [InlineData("data:image/jpeg;base64,")]
    [InlineData("")]
    public async Task Create_Base64WithOrWithoutDataUrlPrefix_IsAccepted(string prefix)
    {
        using var client = await fixture.AuthorizedAsync();
        var image = prefix.Contains("jpeg", StringComparison.Ordinal) ? Liveness.Jpeg() : Liveness.Png();

        var data = (await Liveness.CreateAsync(client, new { image = prefix + Convert.ToBase64String(image), validateScreenReplay = true })).GetProperty("data");

        data.GetProperty("chargesCount").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Create_ImageOverMaxImageBytes_Answers413ImageTooLarge()
    {
        await using var sim = await SimulatorHarness.StartVerifikAsync(o => o.Configuration["Verifik:MaxImageBytes"] = "2048");
        using var client = await AuthorizedAsync(sim);
        byte[] under = [.. Liveness.Png(), .. new byte[2048 - 56]];
        byte[] over = [.. under, 0];

        var (okStatus, okText) = await Liveness.SendAsync(client, HttpMethod.Post, Liveness.Path, new { image = Convert.ToBase64String(under), validatePrintedCopy = true });
        var (status, text) = await Liveness.SendAsync(client, HttpMethod.Post, Liveness.Path, new { image = Convert.ToBase64String(over), validatePrintedCopy = true });

        okStatus.Should().Be(HttpStatusCode.OK, okText);
        status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        text.Should().Be(TooLarge);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Create_BodyOverTheEnginesLimit_Answers413ImageTooLargeToo(bool chunkedOnKestrel)
    {
        await using var sim = await SimulatorHarness.StartVerifikAsync(o =>
        {
            o.Configuration["Limits:RequestBodyBytes"] = "4096";
            o.Configuration["Limits:ControlBodyBytes"] = "4096";
            o.ListenOnLoopback = chunkedOnKestrel;
        });
        using var client = await AuthorizedAsync(sim);
        byte[] image = [.. Liveness.Png(), .. new byte[8192]];
        var body = JsonSerializer.Serialize(new { image = Convert.ToBase64String(image), validatePrintedCopy = true });

        var (status, text) = await PostAsync(client, Liveness.Path, body, chunkedOnKestrel);
        // Elsewhere the platform's own 413 (a chunked body nothing reads is just an unknown route there).
        var (otherStatus, otherText) = await PostAsync(client, "/v2/elsewhere", body, chunked: false);

        status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        text.Should().Be(TooLarge);
        otherStatus.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        otherText.Should().Be("{\"code\":\"PayloadTooLarge\",\"message\":\"Request body too large.\"}");
    }

    /// <summary>With a Content-Length (the engine refuses it before reading), or chunked (Kestrel stops the read).</summary>
    private static async Task<(HttpStatusCode, string)> PostAsync(HttpClient client, string path, string body, bool chunked)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        if (chunked)
        {
            content.Headers.ContentLength = null;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpClient> AuthorizedAsync(SimulatorHarness sim)
    {
        var token = (await sim.Control.GetCredentialsAsync()).GetProperty("defaults").GetProperty("token").GetString()!;
        return sim.CreateClient(("Authorization", "Bearer " + token));
    }
}
