using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.AdvanceAi.Tests;

/// <summary>The hosted journey page over plain HTTP, as a browser's form posts drive it (the browser tests click the same page).</summary>
public class JourneyPageTests(AdvanceAiFixture fixture) : IClassFixture<AdvanceAiFixture>
{
    private const string Callback = "https://merchant.example/advance-ai/page-callback";

    // An 8×8 PNG and a JPEG header: enough for the page's format check; served back byte for byte.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHbQSACj/P8Fu7N9hAAAAAElFTkSuQmCC");
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x02, 0x03, 0xFF, 0xD9];

    private static string Page(string signatureId) => "/h5/idvs/" + signatureId;

    private static async Task<(HttpStatusCode Status, string Html, Uri? Location)> GetAsync(AdvanceAiApi api, string path)
    {
        using var response = await api.Http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location);
    }

    private static async Task<(HttpStatusCode Status, string Html, Uri? Location)> PostFormAsync(AdvanceAiApi api, string signatureId, string action, string? scenario = null,
        string? docType = null, params (string Field, byte[] Bytes, string Type)[] files)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(action), "action" },
        };
        if (scenario is not null)
        {
            form.Add(new StringContent(scenario), "scenario");
        }
        if (docType is not null)
        {
            form.Add(new StringContent(docType), "docType");
        }
        foreach (var (field, bytes, type) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(type);
            form.Add(content, field, field + (type == "image/png" ? ".png" : ".jpg"));
        }
        using var response = await api.Http.PostAsync(new Uri(Page(signatureId), UriKind.Relative), form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location);
    }

    private static string[] Types(IEnumerable<ReceivedWebhook> notices) =>
        [.. notices.Select(n => JsonDocument.Parse(n.Body).RootElement.GetProperty("type").GetString()!)];

    [Fact]
    public async Task Page_Open_ShowsTheFormWithTheRegionsDocumentsAndThePlannedOutcome()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync(headers: ("X-Simulator-Scenario", "ID_FORGERY_DETECTED"));

        var (status, html, _) = await GetAsync(api, Page(signatureId));

        status.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("<h1>Verify your identity</h1>")
            .And.Contain("<meta name=\"viewport\"")
            .And.Contain("<label for=\"docType\">Document type</label>")
            .And.Contain("<option value=\"PH-ID-SSS\" selected>")
            .And.Contain("<option value=\"PH-PP-N\">")
            .And.Contain("<label for=\"docFront\">Front of the document</label>")
            .And.Contain("<label for=\"selfie\">Selfie</label>")
            .And.Contain("Submit will produce <strong>FAIL / ID_FORGERY_DETECTED</strong>")
            .And.Contain("<option value=\"ID_FORGERY_DETECTED\" selected>")
            .And.Contain("<option value=\"CARD_LOW_QUALITY_IMAGE\">INCOMPLETE / CARD_LOW_QUALITY_IMAGE</option>")
            .And.Contain(">Submit</button>").And.Contain(">Abandon</button>");
        (await api.JourneyAsync(signatureId, new { action = "open" })).GetProperty("opened").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Page_SubmitWithUploads_WaitsThenRedirectsToReturnUrlAndServesTheUploadedImages()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync(body: AdvanceAiApi.JourneyBody(Callback));
        await GetAsync(api, Page(signatureId));

        var posted = await PostFormAsync(api, signatureId, "submit", "PASS", "PH-PP-N", ("docFront", Png, "image/png"), ("selfie", Jpeg, "image/jpeg"));

        posted.Status.Should().Be(HttpStatusCode.SeeOther, posted.Html);
        posted.Location!.OriginalString.Should().Be(Page(signatureId) + "/continue");
        Types(api.NoticesFor(signatureId)).Should().Equal("SUBMIT_COMPLETED");
        var waiting = await GetAsync(api, Page(signatureId) + "/continue");
        waiting.Status.Should().Be(HttpStatusCode.OK);
        waiting.Html.Should().Contain("<h1>Checking your documents</h1>")
            .And.Contain($"<meta http-equiv=\"refresh\" content=\"1; url=/h5/idvs/{signatureId}/continue\">")
            .And.Contain("<td>SUBMIT_COMPLETED</td>");
        (await api.ResultDataAsync(signatureId)).GetProperty("submissionCompleted").GetBoolean().Should().BeTrue();

        await api.AdvanceAsync(5);

        var done = await GetAsync(api, Page(signatureId) + "/continue");
        done.Status.Should().Be(HttpStatusCode.SeeOther);
        done.Location.Should().Be(new Uri("https://merchant.example/ok"));
        Types(api.NoticesFor(signatureId)).Should().Equal("SUBMIT_COMPLETED", "COMPLETED");
        var data = await api.ResultDataAsync(signatureId);
        data.GetProperty("overallResult").GetString().Should().Be("PASS");
        data.GetProperty("docDetail").GetProperty("docType").GetProperty("front").GetString().Should().Be("PH-PP-N");
        using var front = await api.Http.GetAsync(new Uri(data.GetProperty("docDetail").GetProperty("docFrontImage").GetString()!));
        front.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        (await front.Content.ReadAsByteArrayAsync()).Should().Equal(Png);
        var base64 = await api.ResultDataAsync(signatureId, "BASE64");
        base64.GetProperty("faceDetail").GetProperty("faceImageNear").GetString().Should().Be(Convert.ToBase64String(Jpeg));

        // Reopening the link after the end shows the end; nothing changes.
        var again = await GetAsync(api, Page(signatureId));
        again.Status.Should().Be(HttpStatusCode.OK);
        again.Html.Should().Contain("<h1>Verification complete</h1>").And.Contain("<a id=\"return\" href=\"https://merchant.example/ok\">");
    }

    [Fact]
    public async Task Page_SubmitAFailureCode_RedirectsToFailReturnUrlUnlessIgnoreFailWhenJump()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var failing = await api.GenerateAsync();
        var body = AdvanceAiApi.JourneyBody();
        body["ignoreFailWhenJump"] = true;
        var ignoring = await api.GenerateAsync(body: body);

        foreach (var signatureId in new[] { failing, ignoring })
        {
            (await PostFormAsync(api, signatureId, "submit", "ID_FORGERY_DETECTED")).Status.Should().Be(HttpStatusCode.SeeOther);
        }
        await api.AdvanceAsync(5);

        (await GetAsync(api, Page(failing) + "/continue")).Location.Should().Be(new Uri("https://merchant.example/fail"));
        (await GetAsync(api, Page(ignoring) + "/continue")).Location.Should().Be(new Uri("https://merchant.example/ok"));
        (await api.ResultDataAsync(failing)).GetProperty("errorCode").GetString().Should().Be("ID_FORGERY_DETECTED");
    }

    [Fact]
    public async Task Page_Abandon_EndsIncompleteWithoutNoticeAndGoesToFailReturnUrl()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync(body: AdvanceAiApi.JourneyBody(Callback));

        var posted = await PostFormAsync(api, signatureId, "abandon");

        posted.Status.Should().Be(HttpStatusCode.SeeOther);
        (await GetAsync(api, posted.Location!.OriginalString)).Location.Should().Be(new Uri("https://merchant.example/fail"));
        var data = await api.ResultDataAsync(signatureId);
        data.GetProperty("overallResult").GetString().Should().Be("INCOMPLETE");
        data.GetProperty("errorCode").ValueKind.Should().Be(JsonValueKind.Null);
        data.GetProperty("submissionCompleted").GetBoolean().Should().BeFalse();
        api.NoticesFor(signatureId).Should().BeEmpty();
        (await GetAsync(api, Page(signatureId))).Html.Should().Contain("<h1>Verification cancelled</h1>");
        // A second post changes nothing.
        (await PostFormAsync(api, signatureId, "submit", "PASS")).Location!.OriginalString.Should().Be(Page(signatureId));
        (await api.ResultDataAsync(signatureId)).GetProperty("overallResult").GetString().Should().Be("INCOMPLETE");
    }

    [Fact]
    public async Task Page_AfterTheUserTimeout_ShowsExpiredAndTheJobIsSettled()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync();
        var jobs = await fixture.Sim.Control.GetAsync($"jobs?tenant={api.AccessKey}");
        var job = jobs.GetProperty("items").EnumerateArray().Single(j => j.GetProperty("subject").GetString() == signatureId);
        job.GetProperty("settled").GetBoolean().Should().BeFalse();
        job.GetProperty("waitingFor").GetString().Should().Be("submit");

        await api.AdvanceAsync(3600);

        var (status, html, _) = await GetAsync(api, Page(signatureId));
        status.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("<h1>This session has expired</h1>").And.Contain("<strong id=\"errorCode\">USER_TIMEOUT</strong>").And.NotContain("<form");
        jobs = await fixture.Sim.Control.GetAsync($"jobs?tenant={api.AccessKey}");
        job = jobs.GetProperty("items").EnumerateArray().Single(j => j.GetProperty("subject").GetString() == signatureId);
        job.GetProperty("settled").GetBoolean().Should().BeTrue();
        job.GetProperty("status").GetString().Should().Be("INCOMPLETE");
        job.GetProperty("waitingFor").ValueKind.Should().Be(JsonValueKind.Null);
        await api.AuthenticateAsync();
        (await api.ResultDataAsync(signatureId)).GetProperty("errorCode").GetString().Should().Be("USER_TIMEOUT");
    }

    [Fact]
    public async Task Page_AfterTheUrlsLifetime_AnswersExpiredAndKeepsTheResult()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync();
        await api.SubmitAsync(signatureId, "PASS");
        await api.AdvanceAsync(86399);
        (await GetAsync(api, Page(signatureId))).Html.Should().Contain("<h1>Verification complete</h1>");

        await api.AdvanceAsync(1);

        foreach (var path in new[] { Page(signatureId), Page(signatureId) + "/continue" })
        {
            var (status, html, _) = await GetAsync(api, path);
            status.Should().Be(HttpStatusCode.Gone);
            html.Should().Contain("<h1>This link has expired</h1>");
        }
        (await PostFormAsync(api, signatureId, "abandon")).Status.Should().Be(HttpStatusCode.Gone);
        await api.AuthenticateAsync();
        (await api.ResultDataAsync(signatureId)).GetProperty("overallResult").GetString().Should().Be("PASS");
    }

    [Fact]
    public async Task Page_BadUploadOrUnknownChoice_Answers400WithTheFormAndChangesNothing()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync();

        var text = await PostFormAsync(api, signatureId, "submit", files: ("docFront", "not an image"u8.ToArray(), "image/jpeg"));
        var docType = await PostFormAsync(api, signatureId, "submit", docType: "TH-ID-N");
        var scenario = await PostFormAsync(api, signatureId, "submit", scenario: "INSUFFICIENT_BALANCE");
        var action = await PostFormAsync(api, signatureId, "dance");

        text.Status.Should().Be(HttpStatusCode.BadRequest);
        text.Html.Should().Contain("<p role=\"alert\" class=\"error\">The front of the document is not a JPEG or PNG image.</p>").And.Contain("<form");
        docType.Status.Should().Be(HttpStatusCode.BadRequest);
        docType.Html.Should().Contain("Unknown document type &#39;TH-ID-N&#39; for region PHL.");
        scenario.Status.Should().Be(HttpStatusCode.BadRequest);
        scenario.Html.Should().Contain("Unknown outcome");
        action.Status.Should().Be(HttpStatusCode.BadRequest);
        (await api.ResultDataAsync(signatureId)).GetProperty("submissionCompleted").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Page_AppSchemeReturnUrl_EndsOnAPageWithTheLink()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var body = AdvanceAiApi.JourneyBody();
        body["returnUrl"] = "myapp://callback/success";
        var signatureId = await api.GenerateAsync("generate-liveness-detection-url", body);

        var (status, html, _) = await GetAsync(api, Page(signatureId));
        html.Should().Contain("<label for=\"selfie\">Selfie</label>").And.NotContain("docFront");
        (await PostFormAsync(api, signatureId, "submit", "PASS")).Status.Should().Be(HttpStatusCode.SeeOther);
        await api.AdvanceAsync(5);

        var end = await GetAsync(api, Page(signatureId) + "/continue");
        status.Should().Be(HttpStatusCode.OK);
        end.Status.Should().Be(HttpStatusCode.OK);
        end.Html.Should().Contain("<a id=\"return\" href=\"myapp://callback/success\">Return to the app</a>");
    }

    [Fact]
    public async Task Page_UnknownOrServerSideTransaction_Is404Page()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);

        var unknown = await GetAsync(api, Page("0123456789abcdef"));
        using var post = await api.Http.PostAsync(new Uri(Page("0123456789abcdef"), UriKind.Relative), new FormUrlEncodedContent([new("action", "submit")]));

        unknown.Status.Should().Be(HttpStatusCode.NotFound);
        unknown.Html.Should().Contain("This verification link is not valid");
        post.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
