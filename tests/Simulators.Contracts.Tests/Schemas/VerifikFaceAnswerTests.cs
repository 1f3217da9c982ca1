using System.Net.Http.Json;
using System.Security.Cryptography;
using Simulators.Testing;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// The face comparisons' default answers (the documented keys and the <c>result</c> objects Verifik's own api-client
/// reads) against their schemas, liveness run and skipped, asserted to carry those objects (the coverage run only validates).
/// </summary>
public sealed class VerifikFaceAnswerTests : IAsyncLifetime
{
    private SimulatorHarness _sim = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatorHarness.StartVerifikAsync();
        var token = (await _sim.Control.GetCredentialsAsync()).GetProperty("defaults").GetProperty("token").GetString()!;
        _client = _sim.CreateClient(("Authorization", "Bearer " + token));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _sim.DisposeAsync();
    }

    private static string Image() => Convert.ToBase64String([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. RandomNumberGenerator.GetBytes(160)]);

    private async Task<string> PostAsync(string path, object body, string? scenario = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (scenario is not null)
        {
            request.Headers.Add("X-Simulator-Scenario", scenario);
        }
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, text);
        return text;
    }

    [Fact]
    public async Task Compare_DefaultAnswer_MatchesItsSchema()
    {
        var image = Image();
        var text = await PostAsync("/v2/face-recognition/compare", new { probe = new[] { image }, gallery = new[] { image }, search_mode = "FAST" });

        text.Should().Contain("\"result\":{");
        (await SchemaRepository.ValidateAsync(SchemaRepository.Verifik, "face-compare.response.schema.json", text)).Should().BeEmpty(text);
    }

    [Theory]
    [InlineData(null, "\"liveness\":{")]
    [InlineData("FACE_NO_MATCH", "\"liveness\":null")]
    public async Task CompareWithLiveness_DefaultAnswer_MatchesItsSchemaWithLivenessRunOrSkipped(string? scenario, string liveness)
    {
        var image = Image();
        var text = await PostAsync("/v2/face-recognition/compare-with-liveness", new { probe = image, gallery = new[] { image }, search_mode = "FAST", compare_min_score = 0.9 }, scenario);

        text.Should().Contain(liveness).And.Contain("\"compare_min_score\":0.9");
        (await SchemaRepository.ValidateAsync(SchemaRepository.Verifik, "face-compare-with-liveness.response.schema.json", text)).Should().BeEmpty(text);
    }
}
