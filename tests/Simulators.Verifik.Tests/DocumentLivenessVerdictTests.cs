using System.Globalization;
using System.Net;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.Verifik.Tests;

public class DocumentLivenessVerdictTests(VerifikFixture fixture) : IClassFixture<VerifikFixture>
{
    public static TheoryData<string, string, int> CalibrationsByVerdicts()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var calibration in new[] { "SOFT", "REGULAR", "HARD" })
        {
            data.Add(calibration, "GENUINE", -1);
            for (var i = 0; i < Liveness.Checks.Length; i++)
            {
                data.Add(calibration, new[] { "SCREEN_REPLAY", "PRINTED_COPY", "PORTRAIT_SUBSTITUTION", "DIGITAL_MANIPULATION" }[i], i);
            }
        }
        return data;
    }

    private static double Threshold(string calibration) => calibration switch { "SOFT" => 0.3, "HARD" => 0.7, _ => 0.5 };

    [Theory]
    [MemberData(nameof(CalibrationsByVerdicts))]
    public async Task Create_CalibrationAndVerdict_ExactlyTheScenariosCheckFailsAgainstTheCalibrationsThreshold(string calibration, string scenario, int failing)
    {
        using var client = await fixture.AuthorizedAsync();

        var answer = await Liveness.CreateAsync(client, Liveness.Body(Liveness.Png(), calibration), scenario);

        var data = answer.GetProperty("data");
        var probabilities = new List<double>();
        for (var i = 0; i < Liveness.Checks.Length; i++)
        {
            var live = i != failing;
            var probability = data.GetProperty(Liveness.Nested[i] + "Probability").GetDouble();
            probabilities.Add(probability);
            (probability >= Threshold(calibration)).Should().Be(live, $"{Liveness.Nested[i]} at {probability} under {calibration}");
            if (live)
            {
                probability.Should().BeInRange(0.75, 0.99);
            }
            else
            {
                probability.Should().BeInRange(0.0001, 0.2);
            }
            var nested = data.GetProperty("validationResults").GetProperty(Liveness.Nested[i]);
            nested.GetProperty("passed").GetBoolean().Should().Be(live);
            nested.GetProperty("score").GetDouble().Should().Be(probability);
            nested.GetProperty("details").GetString().Should().Be(live ? $"No {Label(i)} detected" : $"{char.ToUpperInvariant(Label(i)[0])}{Label(i)[1..]} detected");
            var pipeline = data.GetProperty("rawResponse").GetProperty("pipeline_results")[i];
            pipeline.GetProperty("pipeline_name").GetString().Should().Be(Liveness.Pipelines[i]);
            pipeline.GetProperty("is_live").GetBoolean().Should().Be(live);
            pipeline.GetProperty("liveness_probability").GetString().Should().Be(probability.ToString("R", CultureInfo.InvariantCulture));
            pipeline.GetProperty("liveness_score").GetDouble().Should().Be(data.GetProperty(i == 0 ? "sreenReplayScore" : Liveness.Nested[i] + "Score").GetDouble());
        }
        data.GetProperty("sreenReplayCalibration").GetString().Should().Be(calibration);
        data.GetProperty("digitalManipulationCalibration").GetString().Should().Be(calibration);
        data.GetProperty("calibrationSettings").GetProperty("screenReplayCalibration").GetString().Should().Be(calibration);
        data.GetProperty("aggregatedScore").GetDouble().Should().Be(probabilities.Min());
        data.GetProperty("isLive").GetBoolean().Should().Be(failing < 0);
        data.GetProperty("rawResponse").GetProperty("aggregate_is_live").GetBoolean().Should().Be(failing < 0);
        data.GetProperty("rawResponse").GetProperty("aggregate_liveness_probability").GetString().Should().Be(probabilities.Min().ToString("R", CultureInfo.InvariantCulture));
        data.GetProperty("riskScore").GetDouble().Should().BeApproximately(1 - probabilities.Min(), 0.00011);
        data.GetProperty("confidence").GetDouble().Should().BeApproximately(probabilities.Average(), 0.00011);
        data.GetProperty("chargesCount").GetInt32().Should().Be(4);
    }

    private static string Label(int check) => new[] { "screen replay", "printed copy", "portrait substitution", "digital manipulation" }[check];

    [Theory]
    [InlineData("SCREEN_REPLAY", "PrintedCopy")]
    [InlineData("PORTRAIT_SUBSTITUTION", "ScreenReplay")]
    [InlineData("DIGITAL_MANIPULATION", "PrintedCopy")]
    public async Task Create_FailingCheckNotEnabled_EverythingRunPasses(string scenario, string enabled)
    {
        using var client = await fixture.AuthorizedAsync();

        var data = (await Liveness.CreateAsync(client, Liveness.Body(Liveness.Png(), null, enabled), scenario)).GetProperty("data");

        data.GetProperty("isLive").GetBoolean().Should().BeTrue();
        data.GetProperty("chargesCount").GetInt32().Should().Be(1);
    }

    [Theory]
    [InlineData("GLARE_ON_IMAGE")]
    [InlineData("IMAGE_IS_TOO_COMPRESSED")]
    [InlineData("IMAGE_TOO_BLURRY")]
    [InlineData("LOW_RESOLUTION")]
    public async Task Create_WarningScenario_EveryEnabledCheckAndTheAggregateCarryIt(string warning)
    {
        using var client = await fixture.AuthorizedAsync();

        var data = (await Liveness.CreateAsync(client, Liveness.Body(Liveness.Png(), null, "ScreenReplay", "PortraitSubstitution"), warning)).GetProperty("data");

        Liveness.Strings(data.GetProperty("screenReplayWarnings")).Should().Equal(warning);
        Liveness.Strings(data.GetProperty("portraitSubstitutionWarnings")).Should().Equal(warning);
        Liveness.Strings(data.GetProperty("printedCopyWarnings")).Should().BeEmpty();
        Liveness.Strings(data.GetProperty("digitalManipulationWarnings")).Should().BeEmpty();
        Liveness.Strings(data.GetProperty("aggregateWarnings")).Should().Equal(warning);
        var raw = data.GetProperty("rawResponse");
        Liveness.Strings(raw.GetProperty("aggregate_image_quality_warnings")).Should().Equal(warning);
        raw.GetProperty("pipeline_results").EnumerateArray().Select(p => Liveness.Strings(p.GetProperty("image_quality_warnings")).Single()).Should().AllBe(warning);
        data.GetProperty("isLive").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Create_DisabledChecks_ReportZerosEmptyListsAndNoPipeline()
    {
        using var client = await fixture.AuthorizedAsync();

        var data = (await Liveness.CreateAsync(client, Liveness.Body(Liveness.Png(), null, "PrintedCopy"), "GLARE_ON_IMAGE")).GetProperty("data");

        foreach (var (score, check) in new[] { ("sreenReplayScore", "screenReplay"), ("portraitSubstitutionScore", "portraitSubstitution"), ("digitalManipulationScore", "digitalManipulation") })
        {
            data.GetProperty(score).GetRawText().Should().Be("0");
            data.GetProperty(check + "Probability").GetRawText().Should().Be("0");
            data.GetProperty(check + "Warnings").GetArrayLength().Should().Be(0);
            data.GetProperty(check + "Errors").GetArrayLength().Should().Be(0);
            data.GetProperty("validationResults").GetProperty(check).GetProperty("passed").GetBoolean().Should().BeFalse();
            data.GetProperty("validationResults").GetProperty(check).GetProperty("score").GetRawText().Should().Be("0");
        }
        data.GetProperty("validateScreenReplay").GetBoolean().Should().BeFalse();
        data.GetProperty("validatePrintedCopy").GetBoolean().Should().BeTrue();
        data.GetProperty("chargesCount").GetInt32().Should().Be(1);
        data.GetProperty("rawResponse").GetProperty("charges_count").GetInt32().Should().Be(1);
        data.GetProperty("rawResponse").GetProperty("pipeline_results").EnumerateArray().Select(p => p.GetProperty("pipeline_name").GetString())
            .Should().Equal("printed-copy_2024-09");
        data.GetProperty("aggregatedScore").GetDouble().Should().Be(data.GetProperty("printedCopyProbability").GetDouble());
        data.GetProperty("sreenReplayCalibration").GetString().Should().Be("REGULAR");
    }

    [Fact]
    public async Task Create_SameImageTwice_SameScoresDifferentRecords()
    {
        using var client = await fixture.AuthorizedAsync();
        var image = Liveness.Png();

        var first = (await Liveness.CreateAsync(client, Liveness.Body(image))).GetProperty("data");
        var second = (await Liveness.CreateAsync(client, Liveness.Body(image))).GetProperty("data");
        var other = (await Liveness.CreateAsync(client, Liveness.Body(Liveness.Png()))).GetProperty("data");

        second.GetProperty("rawResponse").GetRawText().Should().Be(first.GetProperty("rawResponse").GetRawText());
        second.GetProperty("_id").GetString().Should().NotBe(first.GetProperty("_id").GetString());
        other.GetProperty("rawResponse").GetRawText().Should().NotBe(first.GetProperty("rawResponse").GetRawText());
    }

    [Theory]
    [InlineData("SCREEN_REPLAY", "screenReplay")]
    [InlineData("DIGITAL_MANIPULATION", "digitalManipulation")]
    public async Task Create_ImageMarker_PicksTheScenario(string marker, string failing)
    {
        using var client = await fixture.AuthorizedAsync();

        var data = (await Liveness.CreateAsync(client, Liveness.Body(Liveness.Png(marker)))).GetProperty("data");

        data.GetProperty("validationResults").GetProperty(failing).GetProperty("passed").GetBoolean().Should().BeFalse();
        data.GetProperty("isLive").GetBoolean().Should().BeFalse();
    }

    [Theory]
    [InlineData("ktp-blur.jpg", "IMAGE_TOO_BLURRY", null)]
    [InlineData("ktp-face-low.jpg", null, "portraitSubstitution")]
    [InlineData("ktp-ok-male.jpg", null, null)]
    public async Task Create_ShippedFixture_RecognisedByHash(string name, string? warning, string? failing)
    {
        using var client = await fixture.AuthorizedAsync();

        var data = (await Liveness.CreateAsync(client, Liveness.Body(Fixtures.Image(name)))).GetProperty("data");

        Liveness.Strings(data.GetProperty("aggregateWarnings")).Should().Equal(warning is null ? [] : [warning]);
        data.GetProperty("isLive").GetBoolean().Should().Be(failing is null);
        if (failing is not null)
        {
            data.GetProperty("validationResults").GetProperty(failing).GetProperty("passed").GetBoolean().Should().BeFalse();
        }
    }

    [Fact]
    public async Task Create_QueuedOutcome_UsedOnceThenGenuine()
    {
        using var client = await fixture.AuthorizedAsync();
        await fixture.Sim.Control.QueueOutcomeAsync("PRINTED_COPY");

        var first = (await Liveness.CreateAsync(client, Liveness.Body(Liveness.Png()))).GetProperty("data");
        var second = (await Liveness.CreateAsync(client, Liveness.Body(Liveness.Png()))).GetProperty("data");

        first.GetProperty("validationResults").GetProperty("printedCopy").GetProperty("passed").GetBoolean().Should().BeFalse();
        second.GetProperty("isLive").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Create_HeaderBeatsMarker()
    {
        using var client = await fixture.AuthorizedAsync();

        var data = (await Liveness.CreateAsync(client, Liveness.Body(Liveness.Png("SCREEN_REPLAY")), "GENUINE")).GetProperty("data");

        data.GetProperty("isLive").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Create_UnknownScenarioHeader_Answers400NamingIt()
    {
        using var client = await fixture.AuthorizedAsync();

        var (status, text) = await Liveness.SendAsync(client, HttpMethod.Post, Liveness.Path, Liveness.Body(Liveness.Png()), "NOT_A_THING");

        status.Should().Be(HttpStatusCode.BadRequest);
        var body = JsonDocument.Parse(text).RootElement;
        Liveness.Keys(body).Should().Equal("error", "message");
        body.GetProperty("error").GetString().Should().Contain("NOT_A_THING");
        body.GetProperty("message").GetString().Should().Be("UNKNOWN_SCENARIO");
    }

    [Fact]
    public async Task Scenarios_Catalog_ListsEveryDocumentLivenessScenario()
    {
        var scenarios = await fixture.Sim.Control.GetScenariosAsync();

        scenarios.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("name").GetString()).Should().Contain(
        [
            "GENUINE", "SCREEN_REPLAY", "PRINTED_COPY", "PORTRAIT_SUBSTITUTION", "DIGITAL_MANIPULATION",
            "GLARE_ON_IMAGE", "IMAGE_IS_TOO_COMPRESSED", "IMAGE_TOO_BLURRY", "LOW_RESOLUTION",
        ]);
    }
}
