using Newtonsoft.Json.Linq;
using Simulators.Testing;
using Xunit.Abstractions;
using static Simulators.Contracts.Tests.Schemas.SchemaCoverage;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// <c>schemas/anycheck/</c> against the AnyCheck simulator: the coverage run over <see cref="AnyCheckTour"/>
/// with an unmasked journal, field renames in a real verification, and the 413 for a body over 64 MB.
/// </summary>
public sealed class AnyCheckSchemaCoverageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AnyCheckJournal_EveryEndpointErrorAndScenarioExercised_EveryBodyMatchesItsSchema()
    {
        await using var sim = await SimulatorHarness.StartAnyCheckAsync(o =>
        {
            o.Configuration["AnyCheck:RateLimitPerMinute"] = AnyCheckTour.RateLimitPerMinute;
            // The journal masks passwords and tokens by default; validating their shapes needs them as sent.
            o.Configuration["Journal:MaskSecretFields"] = "false";
        });
        var tour = new AnyCheckTour(sim);
        await tour.RunAsync();

        await new SchemaCoverageRunner(new AnyCheckCoverageProfile(tour), output).RunAsync(sim);
    }

    [Theory]
    [InlineData("output_status", "outputStatus", "PropertyRequired at #/output_status")]
    [InlineData("output.face_match_confidence_level", "faceMatchConfidenceLevel", "NotAnyOf at #/output")]
    [InlineData("service.name", "service_name", "PropertyRequired at #/service.name")]
    [InlineData("external_job_id.ocr_job_id", "ocr_job_ids", "PropertyRequired at #/external_job_id.ocr_job_id")]
    [InlineData("updated_at", "modified_at", "NoAdditionalPropertiesAllowed at #/modified_at")]
    public async Task VerificationSchema_RealResponseWithFieldRenamed_ReportsError(string field, string renamed, string expected)
    {
        await using var sim = await SimulatorHarness.StartAnyCheckAsync();
        var json = await AnyCheckTour.CompletedVerificationJsonAsync(sim);
        (await SchemaRepository.ValidateAsync(AnyCheckSchemaMap.Verification, json)).Should().BeEmpty("the untouched response is valid");

        var tampered = (JObject)SchemaRepository.Parse(json);
        var names = field.Split('.');
        var parent = names[..^1].Aggregate(tampered, (node, name) => (JObject)node[name]!);
        var property = parent.Property(names[^1], StringComparison.Ordinal)!;
        property.Replace(new JProperty(renamed, property.Value));

        var errors = await SchemaRepository.ValidateAsync(AnyCheckSchemaMap.Verification, tampered);
        output.WriteLine(string.Join("\n", errors));
        errors.Should().Contain(e => e.Trim() == expected, "renaming {0} to {1} must break the contract", field, renamed);
    }

    /// <summary>
    /// README: "a body over 64 MB 413 in the same shape". Kept out of the journal tour because it needs
    /// its own 65 MB request; the answer must be a 413 that matches error.schema.json. Under Kestrel the
    /// host's MaxRequestBodySize produces it; the in-process harness (TestServer) has no such limit, so
    /// this checks what the journal's own 64 MB buffer limit turns into there.
    /// </summary>
    [Theory]
    [InlineData("/uploads", "multipart")]
    [InlineData("/folders", "json")]
    public async Task PostBodyOver64Megabytes_InProcessHarness_Answers413ErrorBody(string path, string kind)
    {
        await using var sim = await SimulatorHarness.StartAnyCheckAsync();
        using var client = sim.CreateClient(("X-API-Key", "ak_test_schema_huge"));
        var huge = new byte[65 * 1024 * 1024];
        HttpContent content;
        if (kind == "multipart")
        {
            huge[0] = 0xFF;
            huge[1] = 0xD8;
            huge[2] = 0xFF;
            content = new MultipartFormDataContent { { new StringContent("VERIFICATION_INPUT_FILE"), "file_category" }, { new ByteArrayContent(huge), "files", "huge.jpg" } };
        }
        else
        {
            Array.Fill(huge, (byte)'x');
            content = new ByteArrayContent([.. "{\"name\":\""u8, .. huge, .. "\"}"u8]);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }
        using (content)
        {
            using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
            var body = await response.Content.ReadAsStringAsync();
            ((int)response.StatusCode).Should().Be(413, "README promises 413 in AnyCheck's error shape for a body over 64 MB; the body was {0}", body);
            (await SchemaRepository.ValidateAsync(AnyCheckSchemaMap.Error, body)).Should().BeEmpty();
            Json(body).GetProperty("error_code").GetString().Should().Be("INVALID_REQUEST");
        }
    }
}
