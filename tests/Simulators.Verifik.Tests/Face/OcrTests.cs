using System.Globalization;
using System.Net;

namespace Simulators.Verifik.Tests.Face;

/// <summary>scan-prompt and scan-studio (providers/verifik.md §2.6): the documented keys, a deterministic person, every error body.</summary>
public class OcrTests(VerifikFixture fixture) : IClassFixture<VerifikFixture>
{
    private const string StudioTypes = "documentType must be one of: [CC,RUT,PA,ENSAPA,DNI,CCVE,RIFVE,TLCC]";

    [Fact]
    public async Task ScanPrompt_Image_DocumentedKeysAndAPersonPerImage()
    {
        using var client = await fixture.AuthorizedAsync();
        var image = Faces.Base64();

        var answer = await Faces.OkAsync(client, Faces.ScanPromptPath, new { image, cropFace = true, documentType = "CC" });
        var again = await Faces.OkAsync(client, Faces.ScanPromptPath, new { image = "data:image/png;base64," + image });

        Faces.KeyList(answer).Should().Be("id,data,signature");
        var data = answer.GetProperty("data");
        Faces.KeyList(data).Should().Be("__v,_id,url,type,client,status,deleted,createdAt,updatedAt,requires2FA,documentType,OCRExtraction,documentNumber,imageValidated,validationMethod");
        data.GetProperty("_id").GetString().Should().MatchRegex("^[0-9a-f]{24}$");
        var clientId = data.GetProperty("client").GetString()!;
        data.GetProperty("url").GetString().Should().MatchRegex($"^https://cdn\\.verifik\\.co/ocr/{clientId}/[0-9]+-image\\.jpeg$");
        data.GetProperty("type").GetString().Should().Be("ocr");
        data.GetProperty("status").GetString().Should().Be("ACTIVE_BUT_UNVERIFIED");
        data.GetProperty("validationMethod").GetString().Should().Be("SCAN_GPT");
        data.GetProperty("__v").GetInt32().Should().Be(0);
        var ocr = data.GetProperty("OCRExtraction");
        Faces.KeyList(ocr).Should().Be("fullName,lastName,firstName,documentNumber");
        ocr.GetProperty("fullName").GetString().Should().Be(ocr.GetProperty("firstName").GetString() + " " + ocr.GetProperty("lastName").GetString());
        ocr.GetProperty("documentNumber").GetString().Should().Be(data.GetProperty("documentNumber").GetString()).And.MatchRegex("^[0-9]{10}$");
        again.GetProperty("data").GetProperty("OCRExtraction").GetRawText().Should().Be(ocr.GetRawText(), "the same image reads as the same person");
        again.GetProperty("data").GetProperty("documentType").GetString().Should().Be("CC");
    }

    [Theory]
    [InlineData("CC", "Colombia")]
    [InlineData("RUT", "Colombia")]
    [InlineData("PA", "Colombia")]
    [InlineData("ENSAPA", "Colombia")]
    [InlineData("TLCC", "Colombia")]
    [InlineData("DNI", "Peru")]
    [InlineData("CCVE", "Venezuela")]
    [InlineData("RIFVE", "Venezuela")]
    public async Task ScanStudio_EachDocumentType_DocumentedKeys(string documentType, string country)
    {
        using var client = await fixture.AuthorizedAsync();

        var answer = await Faces.OkAsync(client, Faces.ScanStudioPath, new { image = Faces.Base64(), documentType });

        Faces.KeyList(answer).Should().Be("data,signature,id");
        var data = answer.GetProperty("data");
        Faces.KeyList(data).Should().Be("age,client,country,documentCategory,documentNumber,documentType,firstNameMatchPercentage,fullNameMatchPercentage,gender,imageValidated,infoValidationSupported,inputMethod,lastNameMatchPercentage,namesMatch,nationality,OCRExtraction,requiresBackSide,scoreValidated,status,type,url,validationMethod,_id,updatedAt,createdAt,__v");
        data.GetProperty("documentType").GetString().Should().Be(documentType);
        data.GetProperty("country").GetString().Should().Be(country);
        data.GetProperty("documentCategory").GetString().Should().Be("ID");
        data.GetProperty("inputMethod").GetString().Should().Be("NOT_SET");
        data.GetProperty("validationMethod").GetString().Should().Be("SCAN_STUDIO");
        var ocr = data.GetProperty("OCRExtraction");
        Faces.KeyList(ocr).Should().Be("details,documentType,gender,dateOfBirth,age,documentNumber,firstName,fullName,lastName,nationality,country,category");
        ocr.GetProperty("country").GetString().Should().Be(country);
        var birth = DateTime.ParseExact(ocr.GetProperty("dateOfBirth").GetString()!, "dd/MM/yyyy", CultureInfo.InvariantCulture);
        var created = DateTime.Parse(data.GetProperty("createdAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        var age = created.Year - birth.Year - (created.DayOfYear < birth.DayOfYear ? 1 : 0);
        int.Parse(data.GetProperty("age").GetString()!, CultureInfo.InvariantCulture).Should().BeInRange(age - 1, age, "the age is on the simulator's clock").And.BeGreaterThanOrEqualTo(18);
        ocr.GetProperty("age").GetInt32().ToString(CultureInfo.InvariantCulture).Should().Be(data.GetProperty("age").GetString(), "a number inside, a string outside");
        var fields = ocr.GetProperty("details").GetProperty("fields").EnumerateArray().ToArray();
        fields.Select(f => f.GetProperty("type").GetString()).Should().Equal("dateOfBirth", "documentNumber", "firstName", "lastName", "nationality");
        fields.Select(f => f.GetProperty("id").GetString()).Should().Equal("0", "1", "2", "3", "4");
        fields.Single(f => f.GetProperty("type").GetString() == "firstName").GetProperty("mentionText").GetString().Should().Be(ocr.GetProperty("firstName").GetString());
        Faces.KeyList(fields[0]).Should().Be("textAnchor,type,mentionText,confidence,pageAnchor,id,normalizedValue");
        Faces.KeyList(fields[1]).Should().Be("textAnchor,type,mentionText,confidence,pageAnchor,id");
        fields[0].GetProperty("pageAnchor").GetProperty("pageRefs")[0].GetProperty("boundingPoly").GetProperty("normalizedVertices").GetArrayLength().Should().Be(4);
        var date = fields[0].GetProperty("normalizedValue");
        date.GetProperty("text").GetString().Should().Be(birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        date.GetProperty("dateValue").GetProperty("month").GetInt32().Should().Be(birth.Month);
    }

    public static TheoryData<string, string, int, string> Errors() => new()
    {
        { Faces.ScanStudioPath, """{"image":"{IMG}"}""", 409, $$"""{"code":"MissingParameter","message":"{{StudioTypes}}"}""" },
        { Faces.ScanStudioPath, """{"image":"{IMG}","documentType":"XX"}""", 409, $$"""{"code":"MissingParameter","message":"{{StudioTypes}}"}""" },
        { Faces.ScanStudioPath, """{"image":"{IMG}","documentType":"cc"}""", 409, $$"""{"code":"MissingParameter","message":"{{StudioTypes}}"}""" },
        { Faces.ScanStudioPath, """{"documentType":"CC"}""", 409, """{"code":"MissingParameter","message":"missing image\n"}""" },
        { Faces.ScanStudioPath, "{not json", 400, """{"error":"Invalid request"}""" },
        { Faces.ScanStudioPath, "\"text\"", 400, """{"error":"Invalid request"}""" },
        { Faces.ScanStudioPath, """{"image":"short","documentType":"CC"}""", 412, """{"message":"only_images_in_base64","code":"ERROR"}""" },
        { Faces.ScanPromptPath, "{}", 409, """{"code":"MissingParameter","message":"missing image\n"}""" },
        { Faces.ScanPromptPath, """{"image":"{IMG}","cropFace":"yes"}""", 409, """{"code":"MissingParameter","message":"invalid cropFace\n"}""" },
        { Faces.ScanPromptPath, "{not json", 400, """{"error":"Invalid request"}""" },
        { Faces.ScanPromptPath, """{"image":"https://images.example.com/id.jpg"}""", 412, """{"message":"only_images_in_base64","code":"ERROR"}""" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Ocr_BadInput_DocumentedErrorBody(string path, string body, int status, string expected)
    {
        using var client = await fixture.AuthorizedAsync();

        var (actual, text) = await Faces.PostAsync(client, path, body.Replace("{IMG}", Faces.Base64(), StringComparison.Ordinal));

        ((int)actual).Should().Be(status, text);
        text.Should().Be(expected);
    }

    [Theory]
    [InlineData(Faces.ScanPromptPath)]
    [InlineData(Faces.ScanStudioPath)]
    public async Task Ocr_DocumentNotFoundScenario_404(string path)
    {
        using var client = await fixture.AuthorizedAsync();
        var body = new { image = Faces.Base64(), documentType = "CC" };

        var (byHeader, text) = await Faces.PostAsync(client, path, body, "OCR_DOCUMENT_NOT_FOUND");
        var (byMarker, markerText) = await Faces.PostAsync(client, path, new { image = Faces.Base64("OCR_DOCUMENT_NOT_FOUND"), documentType = "CC" });
        var (plain, _) = await Faces.PostAsync(client, path, body);

        byHeader.Should().Be(HttpStatusCode.NotFound);
        text.Should().Be("""{"message":"Document not found","code":"DOCUMENT_NOT_FOUND"}""");
        byMarker.Should().Be(HttpStatusCode.NotFound);
        markerText.Should().Be(text);
        plain.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(Faces.ScanPromptPath)]
    [InlineData(Faces.ScanStudioPath)]
    public async Task Ocr_NoToken_ProtectedResource401(string path)
    {
        var (status, text) = await Faces.PostAsync(fixture.Sim.Client, path, new { image = Faces.Base64(), documentType = "CC" });

        status.Should().Be(HttpStatusCode.Unauthorized);
        text.Should().Be("""{"error":"Protected resource, use Authorization header to get access"}""");
    }
}
