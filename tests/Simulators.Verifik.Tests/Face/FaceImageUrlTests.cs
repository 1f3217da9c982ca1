using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Simulators.Verifik.Tests.Face;

/// <summary>A loopback HTTP server with one face image: the outbound policy lets the simulator fetch loopback URLs.</summary>
public sealed class FaceImageServer : IAsyncLifetime
{
    private WebApplication _app = null!;

    public byte[] Image { get; } = Faces.Png();

    public string Url { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/face.png", () => Results.Bytes(Image, "image/png"));
        await _app.StartAsync();
        Url = _app.Urls.First() + "/face.png";
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();
}

public class FaceImageUrlTests(VerifikFixture fixture, FaceImageServer server) : IClassFixture<VerifikFixture>, IClassFixture<FaceImageServer>
{
    [Fact]
    public async Task Liveness_LoopbackUrl_FetchedAndScoredAsItsBytes()
    {
        using var client = await fixture.AuthorizedAsync();

        var byUrl = await Faces.OkAsync(client, Faces.LivenessPath, new { os = "DESKTOP", image = server.Url });
        var byBytes = await Faces.OkAsync(client, Faces.LivenessPath, new { os = "DESKTOP", image = Convert.ToBase64String(server.Image) });

        byUrl.GetProperty("data").GetProperty("liveness_score").GetDouble()
            .Should().Be(byBytes.GetProperty("data").GetProperty("liveness_score").GetDouble());
    }

    [Fact]
    public async Task CompareWithLiveness_LoopbackGalleryUrl_SameScoreAsItsBytes()
    {
        using var client = await fixture.AuthorizedAsync();
        var probe = Faces.Base64();

        var byUrl = await Faces.OkAsync(client, Faces.CompareWithLivenessPath, new { probe, gallery = new[] { server.Url } });
        var byBytes = await Faces.OkAsync(client, Faces.CompareWithLivenessPath, new { probe, gallery = new[] { Convert.ToBase64String(server.Image) } });

        byUrl.GetProperty("data").GetProperty("comparison").GetProperty("score").GetDouble()
            .Should().Be(byBytes.GetProperty("data").GetProperty("comparison").GetProperty("score").GetDouble());
    }
}
