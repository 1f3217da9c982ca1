using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Simulators.Verifik.Tests;

public partial class DocumentLivenessShapeTests(VerifikFixture fixture) : IClassFixture<VerifikFixture>, IAsyncLifetime
{
    private const string ClientId = "665f1c2e9b1d4a0012345678";

    /// <summary>The GitBook captures' flat keys, in their order.</summary>
    private static readonly string[] Captured =
    [
        "client", "imageSaved", "imageUrl",
        "validateScreenReplay", "validatePrintedCopy", "validatePortraitSubstitution", "validateDigitalManipulation",
        "sreenReplayScore", "printedCopyScore", "portraitSubstitutionScore", "digitalManipulationScore",
        "screenReplayProbability", "printedCopyProbability", "portraitSubstitutionProbability", "digitalManipulationProbability",
        "sreenReplayCalibration", "printedCopyCalibration", "portraitSubstitutionCalibration", "digitalManipulationCalibration",
        "ignoreDocumentCroppedValidation", "ignoreColourLessValidation",
        "screenReplayWarnings", "printedCopyWarnings", "portraitSubstitutionWarnings", "digitalManipulationWarnings",
        "screenReplayErrors", "printedCopyErrors", "portraitSubstitutionErrors", "digitalManipulationErrors",
        "aggregatedScore", "isLive", "aggregateWarnings",
        "_id", "updatedAt", "createdAt", "__v", "chargesCount", "rawResponse",
    ];

    /// <summary>The seed page's nested keys, in its order.</summary>
    private static readonly string[] Documented =
    [
        "_id", "client", "appRegistration", "imageSaved", "imageUrl", "status", "validationResults", "calibrationSettings", "validationFlags",
        "riskScore", "confidence", "createdAt", "updatedAt", "completedAt",
    ];

    /// <summary>Both in one: the seed's keys in the seed's order, the captured ones in the captures' order among them.</summary>
    private static readonly string[] Both =
    [
        "_id", "client", "appRegistration", "imageSaved", "imageUrl", "status",
        .. Captured[3..32],
        "validationResults", "calibrationSettings", "validationFlags", "riskScore", "confidence", "createdAt", "updatedAt", "completedAt",
        "__v", "chargesCount", "rawResponse",
    ];

    public async Task InitializeAsync() => await fixture.Sim.Control.ResetAsync(ClientId);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Create_DefaultShape_AnswersBothGenerationsInOneData()
    {
        using var client = await fixture.AuthorizedAsync();

        var answer = await Liveness.CreateAsync(client, Liveness.Body(Liveness.Png()));

        Liveness.Keys(answer).Should().Equal("success", "data", "signature", "id");
        var data = answer.GetProperty("data");
        Liveness.Keys(data).Should().Equal(Both);
        Liveness.Keys(data).Should().BeEquivalentTo(Captured.Union(Documented));
        answer.GetProperty("success").GetBoolean().Should().BeTrue();
        IdPattern().IsMatch(answer.GetProperty("id").GetString()!).Should().BeTrue();
        answer.GetProperty("signature").GetRawText().Should().Be("{\"dateTime\":\"November 3, 2025 8:00 AM\",\"message\":\"Certified by Verifik.co\"}");
        ObjectIdPattern().IsMatch(data.GetProperty("_id").GetString()!).Should().BeTrue();
        data.GetProperty("client").GetString().Should().Be(ClientId);
        data.GetProperty("appRegistration").ValueKind.Should().Be(JsonValueKind.Null);
        data.GetProperty("status").GetString().Should().Be("completed");
        data.GetProperty("__v").GetRawText().Should().Be("0");
        data.GetProperty("createdAt").GetString().Should().Be("2025-11-03T08:00:00.000Z");
        data.GetProperty("updatedAt").GetString().Should().Be("2025-11-03T08:00:00.000Z");
        data.GetProperty("completedAt").GetString().Should().Be("2025-11-03T08:00:00.000Z");
        data.GetProperty("imageSaved").GetBoolean().Should().BeFalse();
        data.GetProperty("imageUrl").GetString().Should().BeEmpty();
        Liveness.Keys(data.GetProperty("validationResults")).Should().Equal(Liveness.Nested);
        Liveness.Keys(data.GetProperty("validationResults").GetProperty("printedCopy")).Should().Equal("passed", "score", "details");
        Liveness.Keys(data.GetProperty("calibrationSettings")).Should().Equal("screenReplayCalibration", "printedCopyCalibration", "portraitSubstitutionCalibration");
        data.GetProperty("validationFlags").GetRawText().Should().Be("{\"ignoreDocumentCroppedValidation\":false,\"ignoreColourLessValidation\":false}");
        Liveness.Keys(data.GetProperty("rawResponse")).Should().Equal("pipeline_results", "charges_count", "aggregate_liveness_probability", "aggregate_is_live", "aggregate_image_quality_warnings");
        Liveness.Keys(data.GetProperty("rawResponse").GetProperty("pipeline_results")[0])
            .Should().Equal("pipeline_name", "liveness_score", "liveness_probability", "is_live", "image_quality_warnings", "status");
        data.GetProperty("rawResponse").GetProperty("pipeline_results")[0].GetProperty("liveness_probability").ValueKind.Should().Be(JsonValueKind.String);
        data.GetProperty("screenReplayProbability").ValueKind.Should().Be(JsonValueKind.Number);
    }

    [Fact]
    public async Task Create_SaveImageAndFlags_AreEchoedOnTheClientsClock()
    {
        using var client = await fixture.AuthorizedAsync();
        await fixture.Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(90.5), ClientId);
        var body = Liveness.Body(Liveness.Png());
        body["saveImage"] = true;
        body["ignoreColourLessValidation"] = true;

        var answer = await Liveness.CreateAsync(client, body);

        var data = answer.GetProperty("data");
        data.GetProperty("imageSaved").GetBoolean().Should().BeTrue();
        data.GetProperty("imageUrl").GetString().Should().Be("https://cdn.verifik.co/document-liveness/document-liveness-1762156890500");
        data.GetProperty("createdAt").GetString().Should().Be("2025-11-03T08:01:30.500Z");
        data.GetProperty("ignoreColourLessValidation").GetBoolean().Should().BeTrue();
        data.GetProperty("validationFlags").GetProperty("ignoreColourLessValidation").GetBoolean().Should().BeTrue();
        answer.GetProperty("signature").GetProperty("dateTime").GetString().Should().Be("November 3, 2025 8:01 AM");
        ((long)Convert.ToUInt32(data.GetProperty("_id").GetString()![..8], 16)).Should().Be(1762156890);
    }

    [Fact]
    public async Task Retrieve_DefaultShape_AnswersTheStoredRecordAsCreated()
    {
        using var client = await fixture.AuthorizedAsync();
        var created = await Liveness.CreateAsync(client, Liveness.Body(Liveness.Png(), "HARD"), "PRINTED_COPY");
        var id = created.GetProperty("data").GetProperty("_id").GetString();

        var retrieved = await Liveness.GetAsync(client, Liveness.Path + "/" + id);

        Liveness.Keys(retrieved).Should().Equal("success", "data", "signature", "id");
        retrieved.GetProperty("data").GetRawText().Should().Be(created.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task AllCalls_CapturedShape_OnlyTheCapturedGeneration()
    {
        using var client = await fixture.AuthorizedAsync();
        await Liveness.SetShapeAsync(fixture, "captured");

        var created = await Liveness.CreateAsync(client, Liveness.Body(Liveness.Png()));
        var id = created.GetProperty("data").GetProperty("_id").GetString();
        var retrieved = await Liveness.GetAsync(client, Liveness.Path + "/" + id);
        var list = await Liveness.GetAsync(client, Liveness.Path);

        Liveness.Keys(created).Should().Equal("data", "signature", "id");
        Liveness.Keys(created.GetProperty("data")).Should().Equal(Captured);
        Liveness.Keys(retrieved).Should().Equal("data");
        Liveness.Keys(retrieved.GetProperty("data")).Should().Equal(Captured);
        Liveness.Keys(list).Should().Equal("data", "total", "limit", "page", "pages");
        Liveness.Keys(list.GetProperty("data")[0]).Should().Equal(Captured);
    }

    [Fact]
    public async Task AllCalls_DocumentedShape_OnlyTheSeedsGeneration()
    {
        using var client = await fixture.AuthorizedAsync();
        await Liveness.SetShapeAsync(fixture, "documented");

        var created = await Liveness.CreateAsync(client, Liveness.Body(Liveness.Png()));
        var id = created.GetProperty("data").GetProperty("_id").GetString();
        var retrieved = await Liveness.GetAsync(client, Liveness.Path + "/" + id);
        var list = await Liveness.GetAsync(client, Liveness.Path);

        Liveness.Keys(created).Should().Equal("success", "data", "signature");
        Liveness.Keys(created.GetProperty("data")).Should().Equal(Documented);
        Liveness.Keys(retrieved).Should().Equal("success", "data", "signature");
        Liveness.Keys(retrieved.GetProperty("data")).Should().Equal(Documented);
        Liveness.Keys(list).Should().Equal("success", "data", "pagination", "signature");
        Liveness.Keys(list.GetProperty("pagination")).Should().Equal("page", "limit", "total", "pages");
        Liveness.Keys(list.GetProperty("data")[0]).Should().Equal(Documented);
    }

    [Fact]
    public async Task Settings_ShapeBackToBoth_AndBadValuesRefused()
    {
        await Liveness.SetShapeAsync(fixture, "documented");

        var changed = await fixture.Sim.Control.PostAsync("settings", new { responseShape = "both" });
        using var bad = await fixture.Sim.Control.Http.PostAsJsonAsync("/__simulator/settings", new { responseShape = "legacy" });

        changed.GetProperty("tenant").GetString().Should().Be(ClientId);
        changed.GetProperty("responseShape").GetString().Should().Be("both");
        (await fixture.Sim.Control.GetAsync("settings")).GetProperty("responseShape").GetString().Should().Be("both");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Settings_OtherTenant_LeavesTheSandboxClientAlone()
    {
        await fixture.Sim.Control.PostAsync("settings", new { tenant = "6650a1c2e4b0a1b2c3d4e5f6", responseShape = "captured" });

        (await fixture.Sim.Control.GetAsync("settings?tenant=6650a1c2e4b0a1b2c3d4e5f6")).GetProperty("responseShape").GetString().Should().Be("captured");
        (await fixture.Sim.Control.GetAsync("settings")).GetProperty("responseShape").GetString().Should().Be("both");
    }

    [Fact]
    public async Task List_TwelveRecords_PagesNewestFirstInBothPagingForms()
    {
        using var client = await fixture.AuthorizedAsync();
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add((await Liveness.CreateAsync(client, Liveness.Body(Liveness.Png()))).GetProperty("data").GetProperty("_id").GetString()!);
            await fixture.Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(1), ClientId);
        }
        ids.Reverse();

        var first = await Liveness.GetAsync(client, Liveness.Path);
        var second = await Liveness.GetAsync(client, Liveness.Path + "?page=2");
        var small = await Liveness.GetAsync(client, Liveness.Path + "?limit=5&page=3");
        var beyond = await Liveness.GetAsync(client, Liveness.Path + "?page=9");

        Liveness.Keys(first).Should().Equal("success", "data", "total", "limit", "page", "pages", "pagination", "signature");
        Ids(first).Should().Equal(ids.Take(10));
        Paging(first).Should().Be((12, 10, 1, 2));
        first.GetProperty("pagination").GetRawText().Should().Be("{\"page\":1,\"limit\":10,\"total\":12,\"pages\":2}");
        Ids(second).Should().Equal(ids.Skip(10));
        Paging(second).Should().Be((12, 10, 2, 2));
        Ids(small).Should().Equal(ids.Skip(10));
        Paging(small).Should().Be((12, 5, 3, 3));
        Ids(beyond).Should().BeEmpty();
        Paging(beyond).Should().Be((12, 10, 9, 2));
    }

    [Fact]
    public async Task List_StatusFilterAndPopulates_FilterAndExpand()
    {
        using var client = await fixture.AuthorizedAsync();
        await Liveness.CreateAsync(client, Liveness.Body(Liveness.Png()));

        var completed = await Liveness.GetAsync(client, Liveness.Path + "?status=completed");
        var failed = await Liveness.GetAsync(client, Liveness.Path + "?status=failed");
        var populated = await Liveness.GetAsync(client, Liveness.Path + "?populates[]=client&populates[]=appRegistration");
        var plain = await Liveness.GetAsync(client, Liveness.Path);

        Paging(completed).Total.Should().Be(1);
        Paging(failed).Total.Should().Be(0);
        failed.GetProperty("data").GetArrayLength().Should().Be(0);
        populated.GetProperty("data")[0].GetProperty("client").GetRawText()
            .Should().Be($"{{\"_id\":\"{ClientId}\",\"name\":\"sandbox\",\"email\":\"sandbox@verifik.example\"}}");
        populated.GetProperty("data")[0].GetProperty("appRegistration").ValueKind.Should().Be(JsonValueKind.Null);
        plain.GetProperty("data")[0].GetProperty("client").GetString().Should().Be(ClientId);
    }

    private static string[] Ids(JsonElement list) => [.. list.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("_id").GetString()!)];

    private static (int Total, int Limit, int Page, int Pages) Paging(JsonElement list) =>
        (list.GetProperty("total").GetInt32(), list.GetProperty("limit").GetInt32(), list.GetProperty("page").GetInt32(), list.GetProperty("pages").GetInt32());

    [GeneratedRegex("^[A-Z0-9]{5}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[0-9a-f]{24}$")]
    private static partial Regex ObjectIdPattern();
}
