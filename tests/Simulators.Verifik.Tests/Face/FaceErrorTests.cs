using System.Net;
using Simulators.Testing;

namespace Simulators.Verifik.Tests.Face;

/// <summary>Every face-recognition error body, byte for byte (providers/verifik.md §2.4, §2.5, §4).</summary>
public class FaceErrorTests(VerifikFixture fixture) : IClassFixture<VerifikFixture>
{
    private const string Img = "{IMG}";

    public static TheoryData<string, string, int, string> Errors() => new()
    {
        // Liveness: Joi's messages in schema order, as 409 MissingParameter, message first.
        { Faces.LivenessPath, $$"""{"image":"{{Img}}"}""", 409, """{"message":"\"os\" is required","code":"MissingParameter"}""" },
        { Faces.LivenessPath, $$"""{"os":"WINDOWS","image":"{{Img}}"}""", 409, """{"message":"\"os\" must be one of [DESKTOP, IOS, ANDROID]","code":"MissingParameter"}""" },
        { Faces.LivenessPath, $$"""{"os":7,"image":"{{Img}}"}""", 409, """{"message":"\"os\" must be a string","code":"MissingParameter"}""" },
        { Faces.LivenessPath, """{"os":"IOS"}""", 409, """{"message":"\"image\" is required","code":"MissingParameter"}""" },
        { Faces.LivenessPath, $$"""{"os":"IOS","image":"{{Img}}","liveness_min_score":1.5}""", 409, """{"message":"\"liveness_min_score\" must be less than or equal to 1","code":"MissingParameter"}""" },
        { Faces.LivenessPath, $$"""{"os":"IOS","image":"{{Img}}","liveness_min_score":-0.1}""", 409, """{"message":"\"liveness_min_score\" must be greater than or equal to 0","code":"MissingParameter"}""" },
        { Faces.LivenessPath, $$"""{"os":"IOS","image":"{{Img}}","liveness_min_score":"high"}""", 409, """{"message":"\"liveness_min_score\" must be a number","code":"MissingParameter"}""" },
        { Faces.LivenessPath, """{"os":"IOS","image":"aGVsbG8="}""", 412, """{"message":"only_images_in_base64","code":"ERROR"}""" },
        { Faces.LivenessPath, $$"""{"os":"IOS","image":"{{new string('!', 120)}}"}""", 412, """{"message":"only_images_in_base64","code":"ERROR"}""" },
        { Faces.LivenessPath, """{"os":"IOS","image":"https://images.example.com/selfie.jpg"}""", 412, """{"message":"only_images_in_base64","code":"ERROR"}""" },
        { Faces.LivenessPath, """{"os":"IOS","image":""" + "\"" + "TWFu" + new string('A', 120) + "\"}", 412, """{"message":"only_images_in_base64","code":"ERROR"}""" },
        { Faces.LivenessPath, "{not json", 400, """{"error":"Invalid request"}""" },
        { Faces.LivenessPath, "[1]", 400, """{"error":"Invalid request"}""" },
        // Compare.
        { Faces.ComparePath, $$"""{"gallery":["{{Img}}"],"search_mode":"FAST"}""", 409, """{"message":"\"probe\" is required","code":"MissingParameter"}""" },
        { Faces.ComparePath, $$"""{"probe":[],"gallery":["{{Img}}"],"search_mode":"FAST"}""", 409, """{"message":"\"probe\" must contain at least 1 items","code":"MissingParameter"}""" },
        { Faces.ComparePath, $$"""{"probe":"{{Img}}","gallery":["{{Img}}"],"search_mode":"FAST"}""", 409, """{"message":"\"probe\" must be an array","code":"MissingParameter"}""" },
        { Faces.ComparePath, $$"""{"probe":[1],"gallery":["{{Img}}"],"search_mode":"FAST"}""", 409, """{"message":"\"probe[0]\" must be a string","code":"MissingParameter"}""" },
        { Faces.ComparePath, $$"""{"probe":["{{Img}}"],"search_mode":"FAST"}""", 409, """{"message":"\"gallery\" is required","code":"MissingParameter"}""" },
        { Faces.ComparePath, $$"""{"probe":["{{Img}}"],"gallery":["{{Img}}"],"search_mode":"SLOW"}""", 409, """{"message":"\"search_mode\" must be one of [FAST, ACCURATE]","code":"MissingParameter"}""" },
        { Faces.ComparePath, $$"""{"probe":["{{Img}}"],"gallery":["{{Img}}"],"search_mode":"FAST","compare_min_score":0.5}""", 409, """{"message":"\"compare_min_score\" must be greater than or equal to 0.67","code":"MissingParameter"}""" },
        { Faces.ComparePath, $$"""{"probe":["{{Img}}"],"gallery":["{{Img}}"],"search_mode":"FAST","compare_min_score":0.96}""", 409, """{"message":"\"compare_min_score\" must be less than or equal to 0.95","code":"MissingParameter"}""" },
        { Faces.ComparePath, $$"""{"probe":["aGVsbG8="],"gallery":["{{Img}}"],"search_mode":"FAST"}""", 412, """{"message":"only_images_in_base64","code":"ERROR"}""" },
        { Faces.ComparePath, $$"""{"probe":["{{Img}}"],"gallery":["short"],"search_mode":"FAST"}""", 412, """{"message":"only_images_in_base64","code":"ERROR"}""" },
        // Compare with liveness.
        { Faces.CompareWithLivenessPath, $$"""{"probe":["{{Img}}"],"gallery":["{{Img}}"]}""", 409, """{"message":"\"probe\" must be a string","code":"MissingParameter"}""" },
        { Faces.CompareWithLivenessPath, $$"""{"gallery":["{{Img}}"]}""", 409, """{"message":"\"probe\" is required","code":"MissingParameter"}""" },
        { Faces.CompareWithLivenessPath, $$"""{"probe":"{{Img}}","gallery":["{{Img}}"],"liveness_min_score":2}""", 409, """{"message":"\"liveness_min_score\" must be less than or equal to 1","code":"MissingParameter"}""" },
        { Faces.CompareWithLivenessPath, $$"""{"probe":"{{Img}}","gallery":["{{Img}}"],"compare_min_score":0.1}""", 409, """{"message":"\"compare_min_score\" must be greater than or equal to 0.67","code":"MissingParameter"}""" },
        { Faces.CompareWithLivenessPath, $$"""{"probe":"{{Img}}","gallery":["https://cdn.example.com/face.jpg"]}""", 412, """{"message":"only_images_in_base64","code":"ERROR"}""" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Face_BadInput_DocumentedErrorBody(string path, string body, int status, string expected)
    {
        using var client = await fixture.AuthorizedAsync();

        var (actual, text) = await Faces.PostAsync(client, path, body.Replace(Img, Faces.Base64(), StringComparison.Ordinal));

        ((int)actual).Should().Be(status, text);
        text.Should().Be(expected);
    }

    [Theory]
    [InlineData(Faces.LivenessPath)]
    [InlineData(Faces.ComparePath)]
    [InlineData(Faces.CompareWithLivenessPath)]
    public async Task Face_ErrorScenario_Internal500(string path)
    {
        using var client = await fixture.AuthorizedAsync();

        var (status, text) = await Faces.PostAsync(client, path, Valid(path), "FACE_ERROR");

        status.Should().Be(HttpStatusCode.InternalServerError);
        text.Should().Be("""{"message":"internal_error","code":"ERROR"}""");
    }

    [Theory]
    [InlineData(Faces.LivenessPath)]
    [InlineData(Faces.ComparePath)]
    [InlineData(Faces.CompareWithLivenessPath)]
    public async Task Face_NoToken_AuthenticationRequired401(string path)
    {
        var (status, text) = await Faces.PostAsync(fixture.Sim.Client, path, Valid(path));

        status.Should().Be(HttpStatusCode.Unauthorized);
        text.Should().Be("""{"message":"Authentication required","code":"UNAUTHORIZED"}""");
    }

    [Theory]
    [InlineData(Faces.LivenessPath)]
    [InlineData(Faces.ComparePath)]
    [InlineData(Faces.CompareWithLivenessPath)]
    public async Task Face_ForeignToken_TokenExpired403(string path)
    {
        using var client = fixture.Sim.CreateClient(("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJjbGllbnRJZCI6IngifQ.c2lnbmF0dXJl"));

        var (status, text) = await Faces.PostAsync(client, path, Valid(path));

        status.Should().Be(HttpStatusCode.Forbidden);
        text.Should().Be("""{"message":"token_expired","code":"FORBIDDEN"}""");
    }

    [Fact]
    public async Task Face_TokenPastThirtyDays_TokenExpired403()
    {
        await using var sim = await SimulatorHarness.StartVerifikAsync();
        var token = (await sim.Control.GetAsync("credentials")).GetProperty("defaults").GetProperty("token").GetString()!;
        using var client = sim.CreateClient(("Authorization", "Bearer " + token));
        (await Faces.PostAsync(client, Faces.LivenessPath, Valid(Faces.LivenessPath))).Status.Should().Be(HttpStatusCode.OK);

        await sim.Control.AdvanceAsync(TimeSpan.FromDays(31));
        var (status, text) = await Faces.PostAsync(client, Faces.LivenessPath, Valid(Faces.LivenessPath));

        status.Should().Be(HttpStatusCode.Forbidden);
        text.Should().Be("""{"message":"token_expired","code":"FORBIDDEN"}""");
    }

    [Theory]
    [InlineData(Faces.ComparePath, false)]
    [InlineData(Faces.CompareWithLivenessPath, true)]
    public async Task Compare_SearchModeRequiredOption_MissingSearchMode409(string path, bool probeIsString)
    {
        await using var sim = await SimulatorHarness.StartVerifikAsync(o => o.Configuration["Verifik:RequireSearchMode"] = "true");
        var token = (await sim.Control.GetAsync("credentials")).GetProperty("defaults").GetProperty("token").GetString()!;
        using var client = sim.CreateClient(("Authorization", "Bearer " + token));
        object probe = probeIsString ? Faces.Base64() : new[] { Faces.Base64() };

        var (status, text) = await Faces.PostAsync(client, path, new { probe, gallery = new[] { Faces.Base64() } });
        var (withMode, _) = await Faces.PostAsync(client, path, new { probe, gallery = new[] { Faces.Base64() }, search_mode = "ACCURATE" });

        status.Should().Be(HttpStatusCode.Conflict);
        text.Should().Be("""{"message":"\"search_mode\" is required","code":"MissingParameter"}""");
        withMode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Face_UnknownScenario_400NamingIt()
    {
        using var client = await fixture.AuthorizedAsync();

        var (status, text) = await Faces.PostAsync(client, Faces.LivenessPath, Valid(Faces.LivenessPath), "FACE_SMILING");
        var (misfit, misfitText) = await Faces.PostAsync(client, Faces.LivenessPath, Valid(Faces.LivenessPath), "FACE_NO_MATCH");

        status.Should().Be(HttpStatusCode.BadRequest);
        text.Should().Contain("FACE_SMILING").And.EndWith(""","code":"UNKNOWN_SCENARIO"}""");
        misfit.Should().Be(HttpStatusCode.BadRequest);
        misfitText.Should().Contain("does not apply to FACE_LIVENESS");
    }

    internal static object Valid(string path) => path switch
    {
        Faces.LivenessPath => new { os = "DESKTOP", image = Faces.Base64() },
        Faces.ComparePath => new { probe = new[] { Faces.Base64() }, gallery = new[] { Faces.Base64() }, search_mode = "FAST" },
        _ => new { probe = Faces.Base64(), gallery = new[] { Faces.Base64() }, search_mode = "ACCURATE" },
    };
}
