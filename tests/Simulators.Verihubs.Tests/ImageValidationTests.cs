using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Simulators.Testing;

namespace Simulators.Verihubs.Tests;

/// <summary>A real HTTP server on a loopback port serving test images (the simulator fetches image URLs).</summary>
public sealed class ImageServer : IAsyncLifetime
{
    private WebApplication _app = null!;

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/ktp.jpg", () => Results.Bytes(VerihubsApi.JpegWith("served ktp"), "image/jpeg"));
        _app.MapGet("/small.png", () => Results.Bytes(VerihubsApi.Png(640, 480), "image/png"));
        _app.MapGet("/big.jpg", () => Results.Bytes([.. VerihubsApi.Jpeg, .. new byte[(5 * 1024 * 1024) + 1]], "image/jpeg"));
        _app.MapGet("/slow.jpg", async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            return Results.Bytes(VerihubsApi.Jpeg, "image/jpeg");
        });
        await _app.StartAsync();
        BaseUrl = _app.Urls.First();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();
}

public sealed class ImageValidationTests(VerihubsFixture fixture, ImageServer server) : IClassFixture<VerihubsFixture>, IClassFixture<ImageServer>
{
    private readonly VerihubsApi _api = new(fixture.Sim);

    [Theory]
    [InlineData("")]
    [InlineData("data:image/jpeg;base64,")]
    [InlineData("data:image/png;base64,")]
    public async Task Extract_Base64WithOrWithoutDataPrefix_IsAccepted(string prefix)
    {
        using var response = await _api.PostAsync("/v2/ktp/extract", new { image = prefix + VerihubsApi.Image() });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Extract_Png_IsAccepted()
    {
        using var response = await _api.PostAsync("/v2/ktp/extract", new { image = VerihubsApi.B64(VerihubsApi.Png(1280, 800)) });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Extract_ImageUrlOnLoopback_IsFetchedAndGivesTheBytesPersona()
    {
        using var byUrl = await _api.PostAsync("/v2/ktp/extract", new { image = server.BaseUrl + "/ktp.jpg" });
        using var byBase64 = await _api.PostAsync("/v2/ktp/extract", new { image = VerihubsApi.B64(VerihubsApi.JpegWith("served ktp")) });
        var nik = (await VerihubsApi.ReadAsync(byUrl, HttpStatusCode.OK)).GetProperty("data").GetProperty("nik").GetString();
        (await VerihubsApi.ReadAsync(byBase64, HttpStatusCode.OK)).GetProperty("data").GetProperty("nik").GetString().Should().Be(nik);
    }

    [Theory]
    [InlineData("/v2/ktp/extract", "image", "/small.png", "INVALID_PAYLOAD_IMAGE_SIZE")]
    [InlineData("/v2/ktp/extract", "image", "/big.jpg", "INVALID_PAYLOAD_IMAGE_SIZE")]
    [InlineData("/v2/ktp/extract", "image", "/missing.jpg", "INVALID_PAYLOAD_IMAGE_FORMAT")]
    [InlineData("/v1/face/liveness", "image", "/missing.jpg", "INVALID_PAYLOAD_IMAGE_FORMAT")]
    [InlineData("/v1/face/liveness", "image", "/big.jpg", "INVALID_PAYLOAD_IMAGE_SIZE")]
    public async Task Extract_BadImageUrl_ReturnsTheDocumentedCode(string path, string field, string file, string code)
    {
        using var response = await _api.PostAsync(path, new Dictionary<string, string> { [field] = server.BaseUrl + file });
        await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Theory]
    [InlineData("https://images.example.com/ktp.jpg")]
    [InlineData("http://10.0.0.5/ktp.jpg")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    public async Task Extract_ImageUrlOnAnotherHost_IsNeverFetched(string url)
    {
        using var response = await _api.PostAsync("/v2/ktp/extract", new { image = url });
        var body = await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PAYLOAD_IMAGE_FORMAT");
        body.GetProperty("message").GetString().Should().Contain("loopback");
    }

    [Theory]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 })] // GIF
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46 })] // PDF
    [InlineData(new byte[] { 0xFF, 0xD8 })]
    public async Task Extract_NotJpegOrPng_Returns400Format(byte[] bytes)
    {
        using var response = await _api.PostAsync("/v2/ktp/extract", new { image = VerihubsApi.B64(bytes) });
        await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PAYLOAD_IMAGE_FORMAT");
    }

    [Theory]
    [InlineData("/v2/ktp/extract", "image", "INVALID_PAYLOAD_IMAGE_SIZE")]
    [InlineData("/v1/face/compare", "image_1", "INVALID_PAYLOAD_IMAGE_1_SIZE")]
    public async Task Extract_Over5MB_Returns400Size(string path, string field, string code)
    {
        var big = VerihubsApi.B64([.. VerihubsApi.Jpeg, .. new byte[5 * 1024 * 1024]]);
        using var response = await _api.PostAsync(path, new Dictionary<string, string> { [field] = big, ["image_2"] = "LIVE_PERSON_A_1" });
        await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Extract_Exactly5MB_IsAccepted()
    {
        var image = VerihubsApi.B64([.. VerihubsApi.Jpeg, .. new byte[(5 * 1024 * 1024) - VerihubsApi.Jpeg.Length]]);
        using var response = await _api.PostAsync("/v2/ktp/extract", new { image });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Face_SlowImageUrl_Returns400Timeout()
    {
        await using var sim = await SimulatorHarness.StartVerihubsAsync(o => o.Configuration["Verihubs:ImageFetchTimeoutSeconds"] = "0.3");
        var api = new VerihubsApi(sim);
        using var face = await api.PostAsync("/v1/face/compare", new { image_1 = "LIVE_PERSON_A_1", image_2 = server.BaseUrl + "/slow.jpg" });
        await VerihubsApi.ReadErrorAsync(face, HttpStatusCode.BadRequest, "INVALID_PAYLOAD_IMAGE_2_TIMEOUT");
        using var ktp = await api.PostAsync("/v2/ktp/extract", new { image = server.BaseUrl + "/slow.jpg" });
        await VerihubsApi.ReadErrorAsync(ktp, HttpStatusCode.BadRequest, "INVALID_PAYLOAD_IMAGE_FORMAT");
    }
}
