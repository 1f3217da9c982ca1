using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Simulators.Testing;

namespace Simulators.AnyCheck.Tests;

public sealed class UploadsFoldersServicesTests : AnyCheckTest
{
    protected override void Configure(SimulatorHarnessOptions options) => options.Configuration["AnyCheck:MaxUploadBytes"] = "4096";

    [Fact]
    public async Task Upload_TwoImages_Returns201WithPathsUrlsAndPageCounts()
    {
        using var form = Form("VERIFICATION_INPUT_FILE", ("ktp.jpg", AnyCheckApi.Jpeg), ("selfie.png", Png));
        using var response = await Api.Http.PostAsync(new Uri("/uploads", UriKind.Relative), form);
        var body = await AnyCheckApi.ReadAsync(response, HttpStatusCode.Created);
        Guid.TryParse(body.GetProperty("object_id").GetString(), out _).Should().BeTrue();
        body.GetProperty("file_category").GetString().Should().Be("VERIFICATION_INPUT_FILE");
        var files = body.GetProperty("files").EnumerateArray().ToList();
        files.Should().HaveCount(2);
        files[0].GetProperty("path").GetString().Should().StartWith("uploads/").And.EndWith("_ktp.jpg");
        files[1].GetProperty("path").GetString().Should().EndWith("_selfie.png");
        files.Should().AllSatisfy(f => f.GetProperty("page_count").GetInt32().Should().Be(1));

        using var download = await Api.Http.GetAsync(new Uri(files[1].GetProperty("url").GetString()!));
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(Png);
    }

    [Fact]
    public async Task Upload_Pdf_CountsPages()
    {
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Pages /Count 3 >>\n2 0 obj << /Type /Page >>\n3 0 obj << /Type /Page >>\n4 0 obj << /Type /Page >>\n%%EOF");
        using var form = Form("VERIFICATION_INPUT_FILE", ("statement.pdf", pdf));
        using var response = await Api.Http.PostAsync(new Uri("/uploads", UriKind.Relative), form);
        (await AnyCheckApi.ReadAsync(response, HttpStatusCode.Created)).GetProperty("files")[0].GetProperty("page_count").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task Upload_EncryptedPdfWithoutPassword_Returns400_WithPasswordAccepted()
    {
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Page >>\ntrailer << /Encrypt 5 0 R >>\n%%EOF");
        using (var form = Form("VERIFICATION_INPUT_FILE", ("locked.pdf", pdf)))
        using (var refused = await Api.Http.PostAsync(new Uri("/uploads", UriKind.Relative), form))
        {
            var error = await AnyCheckApi.ReadErrorAsync(refused, HttpStatusCode.BadRequest, "INVALID_REQUEST");
            error.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("file_passwords[0]");
        }
        using var withPassword = Form("VERIFICATION_INPUT_FILE", ("locked.pdf", pdf));
        withPassword.Add(new StringContent("hunter2"), "file_passwords[0]");
        using var accepted = await Api.Http.PostAsync(new Uri("/uploads", UriKind.Relative), withPassword);
        accepted.StatusCode.Should().Be(HttpStatusCode.Created);

        // The password is masked in the journal, as a JSON body's secrets are.
        var journal = (await Sim.Control.GetAsync("requests?path=/uploads")).GetRawText();
        journal.Should().NotContain("hunter2").And.Contain("****");
    }

    [Theory]
    [InlineData("file_passwords[")]
    [InlineData("file_passwords[]")]
    [InlineData("file_passwords[x]")]
    [InlineData("file_passwords[-1]")]
    [InlineData("file_passwords[99999999999]")]
    public async Task Upload_MalformedPasswordFieldName_IsIgnoredNotAServerError(string field)
    {
        using var form = Form("VERIFICATION_INPUT_FILE", ("ktp.jpg", AnyCheckApi.Jpeg));
        form.Add(new StringContent("hunter2"), field);
        using var response = await Api.Http.PostAsync(new Uri("/uploads", UriKind.Relative), form);
        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.jpg\"\r\n\r\nunterminated")]
    [InlineData("no boundary at all")]
    [InlineData("--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n")]
    public async Task Upload_MalformedMultipart_Returns400InvalidRequest(string raw)
    {
        using var content = new StringContent(raw, Encoding.ASCII);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        using var response = await Api.Http.PostAsync(new Uri("/uploads", UriKind.Relative), content);
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
    }

    [Theory]
    [InlineData("SELFIE", "INVALID_VALUE", "file_category")]
    [InlineData("", "INVALID_REQUEST", "file_category")]
    public async Task Upload_BadCategory_Returns400(string category, string code, string field)
    {
        using var form = Form(category, ("ktp.jpg", AnyCheckApi.Jpeg));
        using var response = await Api.Http.PostAsync(new Uri("/uploads", UriKind.Relative), form);
        var error = await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, code);
        error.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be(field);
    }

    [Fact]
    public async Task Upload_NoFiles_Returns400()
    {
        using var form = Form("VERIFICATION_INPUT_FILE");
        using var response = await Api.Http.PostAsync(new Uri("/uploads", UriKind.Relative), form);
        var error = await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        error.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("files");
    }

    [Theory]
    [InlineData("text")]
    [InlineData("empty")]
    [InlineData("oversize")]
    public async Task Upload_UnacceptableFile_Returns400NamingIt(string kind)
    {
        var bytes = kind switch
        {
            "text" => Encoding.ASCII.GetBytes("just text SIMULATOR:FACE_MATCH_LOW"),
            "empty" => [],
            _ => [.. AnyCheckApi.Jpeg, .. new byte[5000]],
        };
        using var form = Form("VERIFICATION_INPUT_FILE", ("ok.jpg", AnyCheckApi.Jpeg), ("bad.jpg", bytes));
        using var response = await Api.Http.PostAsync(new Uri("/uploads", UriKind.Relative), form);
        var error = await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        error.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("files[1]");
    }

    [Fact]
    public async Task Upload_JsonInsteadOfMultipart_Returns400()
    {
        using var response = await Api.Http.PostAsync(new Uri("/uploads", UriKind.Relative), AnyCheckApi.JsonBody("{}"));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
    }

    [Fact]
    public async Task CreateVerification_UploadPathWithLeadingSlash_IsAccepted()
    {
        var paths = await Api.UploadAsync(AnyCheckApi.Jpeg);
        var folder = await Api.CreateFolderAsync();
        var json = """{"service_id":"SERVICE","folder_id":"FOLDER","configuration":{"verification_type":"KTP_PEP","files":{"ktp_file":["/PATH"]}}}"""
            .Replace("SERVICE", AnyCheckApi.KtpServiceId, StringComparison.Ordinal).Replace("FOLDER", folder, StringComparison.Ordinal).Replace("PATH", paths[0], StringComparison.Ordinal);
        using var response = await Api.Http.PostAsync(new Uri("/verifications", UriKind.Relative), AnyCheckApi.JsonBody(json));
        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task DownloadFile_OtherTenantsOrUnknown_Returns404()
    {
        var url = await UploadUrlAsync();
        var stranger = new AnyCheckApi(Sim, "ak_test_stranger");
        using var theirs = await stranger.Http.GetAsync(new Uri(url));
        await AnyCheckApi.ReadErrorAsync(theirs, HttpStatusCode.NotFound, "NOT_FOUND");
        using var unknown = await Api.Http.GetAsync(new Uri($"/files/{Guid.NewGuid()}", UriKind.Relative));
        await AnyCheckApi.ReadErrorAsync(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
        using var malformed = await Api.Http.GetAsync(new Uri("/files/xyz", UriKind.Relative));
        await AnyCheckApi.ReadErrorAsync(malformed, HttpStatusCode.BadRequest, "INVALID_ID");
    }

    [Fact]
    public async Task DownloadOutputFile_CompletedVerification_ReturnsDetailedJson()
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var url = (await Api.GetVerificationAsync(id)).GetProperty("output_file_url").GetString()!;
        using var response = await Api.Http.GetAsync(new Uri(url));
        var body = await AnyCheckApi.ReadAsync(response, HttpStatusCode.OK);
        body.GetProperty("id").GetString().Should().Be(id);
        body.GetProperty("output").GetProperty("face_match_confidence_level").GetString().Should().Be("HIGH");
    }

    [Fact]
    public async Task DownloadOutputFile_AnotherGroupsOutput_Returns404()
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var url = (await Api.GetVerificationAsync(id)).GetProperty("output_file_url").GetString()!;

        using var response = await new AnyCheckApi(Sim, "ak_test_other_group").Http.GetAsync(new Uri(url));

        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task CreateFolder_Valid_Returns201InCallersGroup()
    {
        using var response = await Api.Http.PostAsJsonAsync("/folders", new { name = "Onboarding", description = "legacy field" });
        var folder = await AnyCheckApi.ReadAsync(response, HttpStatusCode.Created);
        folder.GetProperty("name").GetString().Should().Be("Onboarding");
        folder.GetProperty("is_starred").GetBoolean().Should().BeFalse();
        folder.GetProperty("total_service").GetInt64().Should().Be(0);
        var group = await GroupIdAsync();
        folder.GetProperty("group").GetProperty("id").GetString().Should().Be(group);

        using var get = await Api.Http.GetAsync(new Uri($"/folders/{folder.GetProperty("id").GetString()}", UriKind.Relative));
        (await AnyCheckApi.ReadAsync(get, HttpStatusCode.OK)).GetProperty("name").GetString().Should().Be("Onboarding");
    }

    [Theory]
    [InlineData("""{}""", "INVALID_REQUEST")]
    [InlineData("""{"name":""}""", "INVALID_REQUEST")]
    [InlineData("""{"name":7}""", "INVALID_REQUEST")]
    [InlineData("""{"name":"Onboarding\n"}""", "INVALID_REQUEST")]
    [InlineData("""{"name":"On\tboarding"}""", "INVALID_REQUEST")]
    [InlineData("""{"name":"Onboarding\u0000"}""", "INVALID_REQUEST")]
    [InlineData("""{"name":"   "}""", "INVALID_REQUEST")]
    public async Task CreateFolder_InvalidBody_Returns400(string json, string code)
    {
        using var response = await Api.Http.PostAsync(new Uri("/folders", UriKind.Relative), AnyCheckApi.JsonBody(json));
        (await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, code)).GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("name");
    }

    [Fact]
    public async Task CreateFolder_DuplicateName_Returns400AlreadyExists()
    {
        await Api.CreateFolderAsync("Twice");
        using var response = await Api.Http.PostAsJsonAsync("/folders", new { name = "twice" });
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "ALREADY_EXISTS");
    }

    [Fact]
    public async Task CreateFolder_NameWithSurroundingSpaces_IsTrimmed()
    {
        using var response = await Api.Http.PostAsJsonAsync("/folders", new { name = "  Onboarding  " });
        (await AnyCheckApi.ReadAsync(response, HttpStatusCode.Created)).GetProperty("name").GetString().Should().Be("Onboarding");
    }

    [Fact]
    public async Task ListGroupFolders_SearchAndPaging_Work()
    {
        foreach (var name in new[] { "Alpha batch", "Beta batch", "Gamma", "alpha retry" })
        {
            await Api.CreateFolderAsync(name);
        }
        var group = await GroupIdAsync();

        var all = await GetAsync($"/groups/{group}/folders");
        all.GetProperty("total").GetInt32().Should().Be(4);
        var alpha = await GetAsync($"/groups/{group}/folders?search=ALPHA");
        alpha.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("name").GetString()).Should().Equal("Alpha batch", "alpha retry");
        var page = await GetAsync($"/groups/{group}/folders?page_size=2&page_offset=2");
        page.GetProperty("total").GetInt32().Should().Be(4);
        page.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("name").GetString()).Should().Equal("Gamma", "alpha retry");
    }

    [Fact]
    public async Task ListGroupFolders_CountsServicesAndResults()
    {
        var created = await Api.CreateVerificationAsync();
        var folder = await GetAsync($"/folders/{created.GetProperty("folder_id").GetString()}");
        folder.GetProperty("total_service").GetInt64().Should().Be(1);
        folder.GetProperty("total_result").GetInt64().Should().Be(1);
    }

    [Theory]
    [InlineData("/groups/not-a-uuid/folders", HttpStatusCode.BadRequest, "INVALID_ID")]
    [InlineData("/groups/0b6f3c1e-2d7a-4c1b-9e55-7d1f2a9c8e01/folders", HttpStatusCode.NotFound, "NOT_FOUND")]
    [InlineData("/folders/0b6f3c1e-2d7a-4c1b-9e55-7d1f2a9c8e01", HttpStatusCode.NotFound, "NOT_FOUND")]
    [InlineData("/folders/nope", HttpStatusCode.BadRequest, "INVALID_ID")]
    [InlineData("/services/0b6f3c1e-2d7a-4c1b-9e55-7d1f2a9c8e01", HttpStatusCode.NotFound, "NOT_FOUND")]
    [InlineData("/services/nope", HttpStatusCode.BadRequest, "INVALID_ID")]
    [InlineData("/services/3fc8b757-57d3-4607-998c-9bfbc4efa6cf%0A", HttpStatusCode.BadRequest, "INVALID_ID")]
    [InlineData("/services/3fc8b757-57d3-4607-998c-9bfbc4efa6cf%20", HttpStatusCode.BadRequest, "INVALID_ID")]
    [InlineData("/files/%D9%A3fc8b757-57d3-4607-998c-9bfbc4efa6cf", HttpStatusCode.BadRequest, "INVALID_ID")]
    public async Task Lookup_UnknownOrMalformedId_ReturnsProviderError(string path, HttpStatusCode status, string code)
    {
        using var response = await Api.Http.GetAsync(new Uri(path, UriKind.Relative));
        await AnyCheckApi.ReadErrorAsync(response, status, code);
    }

    [Fact]
    public async Task ListGroupFolders_PageSizeTooLarge_Returns400()
    {
        using var response = await Api.Http.GetAsync(new Uri($"/groups/{await GroupIdAsync()}/folders?page_size=500", UriKind.Relative));
        (await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST")).GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("page_size");
    }

    [Fact]
    public async Task Services_ListAndGet_ReturnTheKtpService()
    {
        var list = await GetAsync("/services");
        list.GetProperty("total").GetInt32().Should().Be(1);
        var service = await GetAsync("/services/" + AnyCheckApi.KtpServiceId);
        service.GetProperty("code").GetString().Should().Be("KTP_VERIFICATION");
        service.GetProperty("name").GetString().Should().Be("KTP & PEP Verification");
        service.GetProperty("category").GetProperty("type").GetString().Should().Be("DOCUMENT_VERIFICATION");
        service.GetProperty("credit_cost_default").GetInt32().Should().Be(10);
        service.GetProperty("action_type").GetString().Should().Be("WEBVIEW");
        service.GetProperty("is_enabled").GetBoolean().Should().BeTrue();
        service.GetProperty("created_at").GetString().Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$");
    }

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    private static MultipartFormDataContent Form(string category, params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent(category), "file_category" } };
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "files", name);
        }
        return form;
    }

    private async Task<string> UploadUrlAsync()
    {
        using var form = Form("VERIFICATION_INPUT_FILE", ("ktp.jpg", AnyCheckApi.Jpeg));
        using var response = await Api.Http.PostAsync(new Uri("/uploads", UriKind.Relative), form);
        return (await AnyCheckApi.ReadAsync(response, HttpStatusCode.Created)).GetProperty("files")[0].GetProperty("url").GetString()!;
    }

    private async Task<string> GroupIdAsync() => (await GetAsync("/profile")).GetProperty("group").GetProperty("id").GetString()!;

    private async Task<System.Text.Json.JsonElement> GetAsync(string path)
    {
        using var response = await Api.Http.GetAsync(new Uri(path, UriKind.Relative));
        return await AnyCheckApi.ReadAsync(response, HttpStatusCode.OK);
    }
}
