using Newtonsoft.Json.Linq;
using Simulators.Testing;
using Xunit.Abstractions;
using static Simulators.Contracts.Tests.Schemas.SchemaCoverage;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// <c>schemas/verihubs/</c> against the Verihubs simulator: the coverage run over <see cref="VerihubsTour"/>
/// (every error code, sandbox magic code family, scenario and callback), field renames in real
/// answers of each kind, and the 400 for a body over 64 MB.
/// </summary>
public sealed class VerihubsSchemaCoverageTests(ITestOutputHelper output)
{
    private const string Provider = SchemaRepository.Verihubs;

    [Fact]
    public async Task VerihubsJournal_EveryEndpointErrorMagicCodeAndScenarioExercised_EveryBodyMatchesItsSchema()
    {
        await using var sim = await SimulatorHarness.StartVerihubsAsync(o => o.Configuration["Verihubs:ImageFetchTimeoutSeconds"] = VerihubsTour.ImageFetchTimeoutSeconds);
        using var tour = new VerihubsTour(sim);
        await tour.RunAsync();

        await new SchemaCoverageRunner(new VerihubsCoverageProfile(tour), output).RunAsync(sim);
    }

    [Theory]
    [InlineData("/v2/ktp/extract", """{"image":"KTP"}""", VerihubsSchemaMap.Extraction, "data.full_name", "fullName", "PropertyRequired at #/data.full_name")]
    [InlineData("/v2/ktp/extract", """{"image":"KTP"}""", VerihubsSchemaMap.Extraction, "data.image_quality.grayscale", "greyscale", "NoAdditionalPropertiesAllowed at #/data.image_quality.greyscale")]
    [InlineData("/v1/face/compare", """{"image_1":"LIVE_PERSON_A_1","image_2":"LIVE_PERSON_A_1"}""", "face-compare.response.schema.json", "similarity_status", "similarityStatus", "PropertyRequired at #/similarity_status")]
    [InlineData("/v1/face/compare", """{"image_1":"LIVE_PERSON_A_1","image_2":"LIVE_PERSON_B_1"}""", "face-compare.failed.response.schema.json", "error_code", "errorCode", "PropertyRequired at #/error_code")]
    [InlineData("/data-verification/id-verification/verify", """{"nik":"123","name":"DEWI","birth_date":"05-09-1988"}""", VerihubsSchemaMap.IdvError, "error_fields", "errorFields", "PropertyRequired at #/error_fields")]
    [InlineData("/data-verification/id-verification/verify", """{"nik":"3174054509880002","name":"DEWI","birth_date":"05-09-1988"}""", "id-verification.response.schema.json", "data.birth_date", "birthDate", "PropertyRequired at #/data.birth_date")]
    public async Task VerihubsSchema_RealResponseWithFieldRenamed_ReportsError(string path, string request, string schema, string field, string renamed, string expected)
    {
        await using var sim = await SimulatorHarness.StartVerihubsAsync();
        using var client = sim.CreateClient(("App-ID", "schema-rename"), ("API-Key", VerihubsTour.ApiKey));
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(request, System.Text.Encoding.UTF8, "application/json"));
        var json = await response.Content.ReadAsStringAsync();
        (await SchemaRepository.ValidateAsync(Provider, schema, json)).Should().BeEmpty("the untouched response is valid: {0}", json);

        var tampered = (JObject)SchemaRepository.Parse(json);
        var names = field.Split('.');
        var parent = names[..^1].Aggregate(tampered, (node, name) => (JObject)node[name]!);
        var property = parent.Property(names[^1], StringComparison.Ordinal)!;
        property.Replace(new JProperty(renamed, property.Value));

        var errors = await SchemaRepository.ValidateAsync(Provider, schema, tampered);
        output.WriteLine(string.Join("\n", errors));
        errors.Should().Contain(e => e.Trim() == expected, "renaming {0} to {1} must break the contract", field, renamed);
    }

    /// <summary>
    /// README: "a body over 64 MB is 400 INVALID_PAYLOAD_IMAGE_SIZE". Kept out of the journal tour
    /// because it needs its own 65 MB request; the answer must match error.schema.json.
    /// </summary>
    [Fact]
    public async Task KtpExtract_BodyOver64Megabytes_Answers400ImageSizeErrorBody()
    {
        await using var sim = await SimulatorHarness.StartVerihubsAsync();
        using var client = sim.CreateClient(("App-ID", "schema-huge"), ("API-Key", VerihubsTour.ApiKey));
        var huge = new byte[65 * 1024 * 1024];
        Array.Fill(huge, (byte)'A');
        using var content = new ByteArrayContent([.. "{\"image\":\""u8, .. huge, .. "\"}"u8]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(new Uri(VerihubsSchemaMap.SyncKtp, UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be(400, "the body was {0}", body);
        (await SchemaRepository.ValidateAsync(Provider, VerihubsSchemaMap.Error, body)).Should().BeEmpty();
        Json(body).GetProperty("error_code").GetString().Should().Be("INVALID_PAYLOAD_IMAGE_SIZE");
    }
}
