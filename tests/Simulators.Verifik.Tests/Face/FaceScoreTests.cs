using System.Globalization;
using System.Text.Json;
using Simulators.Core.Personas;

namespace Simulators.Verifik.Tests.Face;

/// <summary>Face scores: thresholds and defaults, determinism per image, and every way of choosing a scenario.</summary>
public class FaceScoreTests(VerifikFixture fixture) : IClassFixture<VerifikFixture>
{
    // scenario, liveness_min_score (null: the default 0.6), expected passed. Live faces score in [0.91, 0.99], spoofs in [0.05, 0.45].
    public static TheoryData<string, double?, bool> LivenessThresholds() => new()
    {
        { "FACE_LIVE", null, true },
        { "FACE_LIVE", 0.9, true },
        { "FACE_LIVE", 0.99, false },
        { "FACE_LIVE", 1, false },
        { "FACE_SPOOF", null, false },
        { "FACE_SPOOF", 0.5, false },
        { "FACE_SPOOF", 0.01, true },
        { "FACE_SPOOF", 0, true },
    };

    [Theory]
    [MemberData(nameof(LivenessThresholds))]
    public async Task Liveness_Threshold_PassedIsScoreAboveMinScore(string scenario, double? minScore, bool passed)
    {
        using var client = await fixture.AuthorizedAsync();
        var body = new Dictionary<string, object?> { ["os"] = "ANDROID", ["image"] = Faces.Base64(), ["collection_id"] = "abc" };
        if (minScore is not null)
        {
            body["liveness_min_score"] = minScore;
        }

        var answer = await Faces.OkAsync(client, Faces.LivenessPath, body, scenario);

        Faces.KeyList(answer).Should().Be("id,data,signature");
        answer.GetProperty("id").GetString().Should().MatchRegex("^[A-Z0-9]{5}$");
        var data = answer.GetProperty("data");
        Faces.KeyList(data).Should().Be("passed,min_score,liveness_score");
        data.GetProperty("min_score").GetDouble().Should().Be(minScore ?? 0.6);
        var score = data.GetProperty("liveness_score").GetDouble();
        data.GetProperty("passed").GetBoolean().Should().Be(passed).And.Be(score > (minScore ?? 0.6));
        answer.GetProperty("signature").GetProperty("message").GetString().Should().Be("Certified by Verifik.co");
    }

    [Fact]
    public async Task Liveness_SameImage_SameScoreDataUriOrNot()
    {
        using var client = await fixture.AuthorizedAsync();
        var image = Faces.Base64();

        var plain = await Faces.OkAsync(client, Faces.LivenessPath, new { os = "IOS", image });
        var dataUri = await Faces.OkAsync(client, Faces.LivenessPath, new { os = "IOS", image = "data:image/png;base64," + image });
        var other = await Faces.OkAsync(client, Faces.LivenessPath, new { os = "IOS", image = Faces.Base64() });

        var score = plain.GetProperty("data").GetProperty("liveness_score").GetDouble();
        dataUri.GetProperty("data").GetProperty("liveness_score").GetDouble().Should().Be(score);
        score.Should().BeInRange(0.91, 0.99);
        other.GetProperty("data").GetProperty("liveness_score").GetDouble().Should().BeInRange(0.91, 0.99);
    }

    [Fact]
    public async Task Liveness_Marker_Spoof()
    {
        using var client = await fixture.AuthorizedAsync();

        var data = (await Faces.OkAsync(client, Faces.LivenessPath, new { os = "IOS", image = Faces.Base64("FACE_SPOOF") })).GetProperty("data");

        data.GetProperty("passed").GetBoolean().Should().BeFalse();
        data.GetProperty("liveness_score").GetDouble().Should().BeInRange(0.05, 0.45);
    }

    [Fact]
    public async Task Liveness_QueuedOutcome_UsedOnceThenLive()
    {
        using var client = await fixture.AuthorizedAsync();
        await fixture.Sim.Control.QueueOutcomeAsync("FACE_SPOOF");

        var first = (await Faces.OkAsync(client, Faces.LivenessPath, new { os = "IOS", image = Faces.Base64() })).GetProperty("data");
        var second = (await Faces.OkAsync(client, Faces.LivenessPath, new { os = "IOS", image = Faces.Base64() })).GetProperty("data");

        first.GetProperty("passed").GetBoolean().Should().BeFalse();
        second.GetProperty("passed").GetBoolean().Should().BeTrue();
    }

    [Theory]
    [InlineData("FACE_MATCH", 0.96, 0.99)]
    [InlineData("FACE_NO_MATCH", 0.10, 0.60)]
    public async Task Compare_Scenario_ScoreInItsBand(string scenario, double low, double high)
    {
        using var client = await fixture.AuthorizedAsync();
        var probe = new[] { Faces.Base64() };
        var gallery = new[] { Faces.Base64(), Faces.Base64() };

        var answer = await Faces.OkAsync(client, Faces.ComparePath, new { probe, gallery, search_mode = "ACCURATE", compare_min_score = 0.95 }, scenario);
        var again = await Faces.OkAsync(client, Faces.ComparePath, new { probe, gallery, search_mode = "FAST" }, scenario);

        Faces.KeyList(answer).Should().Be("id,data,signature");
        Faces.KeyList(answer.GetProperty("data")).Should().Be("score,result");
        var result = answer.GetProperty("data").GetProperty("result");
        Faces.KeyList(result).Should().Be("score,passed,compare_min_score");
        result.GetProperty("score").GetDouble().Should().Be(answer.GetProperty("data").GetProperty("score").GetDouble());
        result.GetProperty("compare_min_score").GetDouble().Should().Be(0.95);
        result.GetProperty("passed").GetBoolean().Should().Be(scenario == "FACE_MATCH");
        var score = answer.GetProperty("data").GetProperty("score").GetDouble();
        score.Should().BeInRange(low, high);
        again.GetProperty("data").GetProperty("score").GetDouble().Should().Be(score, "the score depends on the images only");
    }

    [Fact]
    public async Task Compare_ApiClientBody_DefaultsToMatch()
    {
        using var client = await fixture.AuthorizedAsync();

        // Verifik's api-client sends {gallery, probe, compare_min_score?}: no search_mode.
        var data = (await Faces.OkAsync(client, Faces.ComparePath, new { gallery = new[] { Faces.Base64() }, probe = new[] { Faces.Base64() } })).GetProperty("data");

        data.GetProperty("score").GetDouble().Should().BeGreaterThan(0.95);
    }

    [Fact]
    public async Task Compare_FixtureSelfies_MatchOrNot()
    {
        using var client = await fixture.AuthorizedAsync();
        var match = Convert.ToBase64String(FixtureCatalog.ReadImage("selfie-match.jpg"));
        var mismatch = Convert.ToBase64String(FixtureCatalog.ReadImage("selfie-mismatch.png"));

        var same = await Faces.OkAsync(client, Faces.ComparePath, new { probe = new[] { match }, gallery = new[] { Faces.Base64() }, search_mode = "FAST" });
        var different = await Faces.OkAsync(client, Faces.ComparePath, new { probe = new[] { mismatch }, gallery = new[] { Faces.Base64() }, search_mode = "FAST" });

        same.GetProperty("data").GetProperty("score").GetDouble().Should().BeGreaterThan(0.95);
        different.GetProperty("data").GetProperty("score").GetDouble().Should().BeLessThan(0.67);
    }

    // scenario, compare_min_score, liveness_min_score, liveness expected (null: not run), passed.
    public static TheoryData<string, double?, double?, bool, bool> CompareWithLivenessCases() => new()
    {
        { "FACE_MATCH", null, null, true, true },
        { "FACE_MATCH", 0.95, null, true, true },
        { "FACE_LIVE", 0.85, 0.9, true, true },
        { "FACE_SPOOF", 0.85, null, true, false },
        { "FACE_SPOOF", null, 0.01, true, true },
        { "FACE_NO_MATCH", null, null, true, true },
        { "FACE_NO_MATCH", 0.67, null, false, false },
    };

    [Theory]
    [MemberData(nameof(CompareWithLivenessCases))]
    public async Task CompareWithLiveness_Thresholds_LivenessOnlyWhenCompareMet(string scenario, double? compareMin, double? livenessMin, bool livenessRun, bool passed)
    {
        using var client = await fixture.AuthorizedAsync();
        var body = new Dictionary<string, object?> { ["probe"] = Faces.Base64(), ["gallery"] = new[] { Faces.Base64() }, ["search_mode"] = "FAST" };
        if (compareMin is not null)
        {
            body["compare_min_score"] = compareMin;
        }
        if (livenessMin is not null)
        {
            body["liveness_min_score"] = livenessMin;
        }

        var answer = await Faces.OkAsync(client, Faces.CompareWithLivenessPath, body, scenario);

        Faces.KeyList(answer).Should().Be("id,data,signature");
        var data = answer.GetProperty("data");
        Faces.KeyList(data).Should().Be("comparison,liveness");
        var score = data.GetProperty("comparison").GetProperty("score").GetDouble();
        (scenario == "FACE_NO_MATCH" ? score < 0.67 : score > 0.95).Should().BeTrue(score.ToString(CultureInfo.InvariantCulture));
        // Beside the documented keys, what Verifik's own api-client reads.
        Faces.KeyList(data.GetProperty("comparison")).Should().Be("score,compare_min_score,result");
        data.GetProperty("comparison").GetProperty("compare_min_score").GetDouble().Should().Be(compareMin ?? 0.85);
        data.GetProperty("comparison").GetProperty("result").GetProperty("score").GetDouble().Should().Be(score);
        data.GetProperty("comparison").GetProperty("result").GetProperty("passed").GetBoolean().Should().Be(score >= (compareMin ?? 0.85));
        var liveness = data.GetProperty("liveness");
        if (!livenessRun)
        {
            liveness.ValueKind.Should().Be(JsonValueKind.Null);
            return;
        }
        Faces.KeyList(liveness).Should().Be("liveness_score,min_score,passed,result");
        liveness.GetProperty("min_score").GetDouble().Should().Be(livenessMin ?? 0.6);
        liveness.GetProperty("passed").GetBoolean().Should().Be(passed)
            .And.Be(liveness.GetProperty("liveness_score").GetDouble() > (livenessMin ?? 0.6));
        var result = liveness.GetProperty("result");
        Faces.KeyList(result).Should().Be("liveness_score,min_score,passed");
        result.GetProperty("liveness_score").GetDouble().Should().Be(liveness.GetProperty("liveness_score").GetDouble());
        result.GetProperty("passed").GetBoolean().Should().Be(passed);
    }

    [Fact]
    public async Task Comparisons_FaceResultObjectsOff_AnswerTheDocumentedKeysOnly()
    {
        await using var sim = await Simulators.Testing.SimulatorHarness.StartVerifikAsync(o => o.Configuration["Verifik:FaceResultObjects"] = "false");
        var token = (await sim.Control.GetAsync("credentials")).GetProperty("defaults").GetProperty("token").GetString()!;
        using var client = sim.CreateClient(("Authorization", "Bearer " + token));
        var image = Faces.Base64();

        var compare = await Faces.OkAsync(client, Faces.ComparePath, new { probe = new[] { image }, gallery = new[] { image }, search_mode = "FAST" }, null);
        var withLiveness = await Faces.OkAsync(client, Faces.CompareWithLivenessPath, new { probe = image, gallery = new[] { image }, search_mode = "FAST" }, null);

        Faces.KeyList(compare.GetProperty("data")).Should().Be("score");
        Faces.KeyList(withLiveness.GetProperty("data").GetProperty("comparison")).Should().Be("score");
        Faces.KeyList(withLiveness.GetProperty("data").GetProperty("liveness")).Should().Be("liveness_score,min_score,passed");
    }

    [Fact]
    public async Task Scenarios_ListsFaceAndOcrNames()
    {
        var scenarios = await fixture.Sim.Control.GetScenariosAsync();

        var text = scenarios.GetRawText();
        foreach (var name in new[] { "FACE_LIVE", "FACE_SPOOF", "FACE_MATCH", "FACE_NO_MATCH", "FACE_ERROR", "OCR_EXTRACTED", "OCR_DOCUMENT_NOT_FOUND", "GENUINE", "SCREEN_REPLAY" })
        {
            text.Should().Contain($"\"{name}\"");
        }
    }
}
