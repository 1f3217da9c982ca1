using System.Net;
using System.Text.Json;

namespace Simulators.Verihubs.Tests;

public sealed class IdVerificationTests(VerihubsFixture fixture) : IClassFixture<VerihubsFixture>
{
    private const string Path = "/data-verification/id-verification/verify";
    private readonly VerihubsApi _api = new(fixture.Sim);

    [Fact]
    public async Task Verify_ValidRequest_ReturnsAMatchBooleanPerField()
    {
        using var response = await _api.PostAsync(Path, new { nik = "3174054509880002", name = "DEWI LESTARI", birth_date = "05-09-1988", reference_id = "idv-000123" });
        var body = await VerihubsApi.ReadAsync(response, HttpStatusCode.OK);
        body.GetProperty("message").GetString().Should().Be("ID Check verification has been done");
        var data = body.GetProperty("data");
        data.EnumerateObject().Select(p => p.Name).Should().Equal("id", "nik", "name", "birth_date", "reference_id");
        (data.GetProperty("nik").GetBoolean(), data.GetProperty("name").GetBoolean(), data.GetProperty("birth_date").GetBoolean()).Should().Be((true, true, true));
        data.GetProperty("reference_id").GetString().Should().Be("idv-000123");
    }

    [Fact]
    public async Task Verify_NoReferenceId_GeneratesOne()
    {
        using var response = await _api.PostAsync(Path, new { nik = "3174054509880002", name = "DEWI", birth_date = "05-09-1988" });
        (await VerihubsApi.ReadAsync(response, HttpStatusCode.OK)).GetProperty("data").GetProperty("reference_id").GetString().Should().NotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("IDV_MATCH", true, true, true)]
    [InlineData("IDV_NAME_MISMATCH", true, false, true)]
    [InlineData("IDV_BIRTH_DATE_MISMATCH", true, true, false)]
    [InlineData("IDV_NOT_FOUND", false, false, false)]
    public async Task Verify_Scenario_DecidesTheMatches(string scenario, bool nik, bool name, bool birthDate)
    {
        using var response = await _api.PostAsync(Path, new { nik = "3174054509880002", name = "DEWI", birth_date = "05-09-1988" }, scenario);
        var data = (await VerihubsApi.ReadAsync(response, HttpStatusCode.OK)).GetProperty("data");
        (data.GetProperty("nik").GetBoolean(), data.GetProperty("name").GetBoolean(), data.GetProperty("birth_date").GetBoolean()).Should().Be((nik, name, birthDate));
    }

    [Theory]
    [InlineData("INTERNAL_SERVER_ERROR", HttpStatusCode.InternalServerError)]
    [InlineData("INSUFFICIENT_QUOTA", HttpStatusCode.Forbidden)]
    public async Task Verify_ErrorScenario_ReturnsItsError(string scenario, HttpStatusCode status)
    {
        using var response = await _api.PostAsync(Path, new { nik = "3174054509880002", name = "DEWI", birth_date = "05-09-1988" }, scenario);
        await VerihubsApi.ReadErrorAsync(response, status, scenario);
    }

    public static TheoryData<string, string[]> BadRequests => new()
    {
        { """{"nik":"317405450988","name":"DEWI","birth_date":"05-09-1988"}""", ["nik:nik length should consist of 16 digit(s)"] },
        { """{"nik":"31740545098800AB","name":"DEWI","birth_date":"05-09-1988"}""", ["nik:nik should only contain digits"] },
        { """{"nik":"3174054509880002","name":"DEWI 2","birth_date":"05-09-1988"}""", ["name:name should only contain alphabet"] },
        { """{"nik":"3174054509880002","name":"DEWI","birth_date":"1988-09-05"}""", ["birth_date:birth_date should be in DD-MM-YYYY format"] },
        { """{"nik":"3174054509880002","name":"DEWI","birth_date":"31-02-1988"}""", ["birth_date:birth_date should be in DD-MM-YYYY format"] },
        { """{"name":"DEWI"}""", ["nik:nik is required", "birth_date:birth_date is required"] },
        { """{"nik":"","name":"","birth_date":""}""", ["nik:nik is required", "name:name is required", "birth_date:birth_date is required"] },
        { """{"nik":3174054509880002,"name":"DEWI","birth_date":"05-09-1988"}""", ["nik:nik should be a string"] },
        { """{"nik":"3174054509880002","name":"DEWI","birth_date":"05-09-1988","reference_id":"REFERENCE"}""", [] },
        // Arabic-Indic (U+0660-U+0669) and fullwidth digits are digits to \d, not to Dukcapil.
        { """{"nik":"\u0663\u0661\u0667\u0664\u0660\u0665\u0664\u0665\u0660\u0669\u0668\u0668\u0660\u0660\u0660\u0662","name":"DEWI","birth_date":"05-09-1988"}""", ["nik:nik should only contain digits"] },
        { """{"nik":"\uff13\uff11\uff17\uff14054509880002","name":"DEWI","birth_date":"05-09-1988"}""", ["nik:nik should only contain digits"] },
        // A final newline slips past a regex's $.
        { """{"nik":"3174054509880002\n","name":"DEWI","birth_date":"05-09-1988"}""", ["nik:nik should only contain digits"] },
        { """{"nik":"3174054509880002","name":"DEWI\n","birth_date":"05-09-1988"}""", ["name:name should only contain alphabet"] },
        { """{"nik":"3174054509880002","name":"DEWI","birth_date":"05-09-1988\n"}""", ["birth_date:birth_date should be in DD-MM-YYYY format"] },
        { """{"nik":"3174054509880002","name":"DEWI","birth_date":"\u0660\u0665-09-1988"}""", ["birth_date:birth_date should be in DD-MM-YYYY format"] },
        { """{"nik":"3174054509880002","name":"DEWI","birth_date":"05-09-1988","reference_id":"abc\n"}""", ["reference_id:reference_id may contain only letters, digits, '_' and '-'"] },
        { """{"nik":"3174054509880002","name":"DEWI","birth_date":"05-09-1988","reference_id":"idv 1"}""", ["reference_id:reference_id may contain only letters, digits, '_' and '-'"] },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Verify_InvalidFields_Returns400WithErrorFields(string json, string[] expected)
    {
        using var response = await _api.PostAsync(Path, json);
        if (expected.Length == 0)
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            return;
        }
        var body = await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PAYLOAD");
        body.GetProperty("message").GetString().Should().Be("Invalid payload");
        body.GetProperty("error_fields").EnumerateArray()
            .Select(e => e.GetProperty("field").GetString() + ":" + e.GetProperty("message").GetString())
            .Should().Equal(expected);
    }

    [Fact]
    public async Task Verify_DuplicateReferenceId_Returns400WithErrorField()
    {
        var request = new { nik = "3174054509880002", name = "DEWI", birth_date = "05-09-1988", reference_id = "idv-dup" };
        using (var first = await _api.PostAsync(Path, request))
        {
            first.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        using var second = await _api.PostAsync(Path, request);
        var body = await VerihubsApi.ReadErrorAsync(second, HttpStatusCode.BadRequest, "INVALID_PAYLOAD");
        body.GetProperty("error_fields")[0].GetProperty("field").GetString().Should().Be("reference_id");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    public async Task Verify_NotAJsonObject_Returns400InvalidPayload(string json)
    {
        using var response = await _api.PostAsync(Path, json);
        await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PAYLOAD");
    }

    internal static JsonElement Data(JsonElement body) => body.GetProperty("data");
}
