using System.Net;
using System.Text;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.Verihubs.Tests;

public sealed class AsyncLifecycleTests(VerihubsFixture fixture) : IClassFixture<VerihubsFixture>
{
    private readonly VerihubsApi _api = new(fixture.Sim);

    private string CallbackUrl => $"https://client.example/{_api.AppId}/callback";

    private IReadOnlyList<ReceivedWebhook> Callbacks => [.. fixture.Sim.Webhooks.Received.Where(w => w.Url.AbsoluteUri == CallbackUrl)];

    [Fact]
    public async Task Result_BeforeProcessingEnds_IsProcessingThenTheExtraction()
    {
        await _api.SubmitAsync(new { image = VerihubsApi.Image(), reference_id = "job-1" });
        using (var pending = await _api.ResultAsync("job-1"))
        {
            var body = await VerihubsApi.ReadAsync(pending, HttpStatusCode.OK);
            body.GetRawText().Should().Be("""{"message":"processing"}""");
        }
        await _api.AdvanceAsync(1.9);
        using (var stillPending = await _api.ResultAsync("job-1"))
        {
            (await VerihubsApi.ReadAsync(stillPending, HttpStatusCode.OK)).TryGetProperty("data", out _).Should().BeFalse();
        }
        await _api.AdvanceAsync(0.1);
        using var done = await _api.ResultAsync("job-1");
        var result = await VerihubsApi.ReadAsync(done, HttpStatusCode.OK);
        result.GetProperty("message").GetString().Should().Be("success extract ktp data");
        result.EnumerateObject().Select(p => p.Name).Should().Equal("message", "data");
        result.GetProperty("data").EnumerateObject().Select(p => p.Name).Should().Equal(KtpTests.ResultFields);
    }

    [Fact]
    public async Task Result_SlowProcessingScenario_FinishesAfterSixtySeconds()
    {
        await _api.SubmitAsync(new { image = "KTP", reference_id = "slow-1" }, "SLOW_PROCESSING");
        await _api.AdvanceAsync(59);
        using (var pending = await _api.ResultAsync("slow-1"))
        {
            (await VerihubsApi.ReadAsync(pending, HttpStatusCode.OK)).GetProperty("message").GetString().Should().Be("processing");
        }
        await _api.AdvanceAsync(1);
        using var done = await _api.ResultAsync("slow-1");
        (await VerihubsApi.ReadAsync(done, HttpStatusCode.OK)).GetProperty("data").GetProperty("nik").GetString().Should().MatchRegex(@"^\d{16}$");
    }

    [Theory]
    [InlineData("INTERNAL_SERVER_ERROR", "INTERNAL_SERVER_ERROR")]
    [InlineData("KTP_NOT_DETECTED", "KTP_NOT_DETECTED")]
    public async Task Result_FailingScenario_Is200WithErrorCode(string scenario, string code)
    {
        await _api.SubmitAsync(new { image = VerihubsApi.Image(), reference_id = "fail-1" }, scenario);
        await _api.AdvanceAsync(3);
        using var response = await _api.ResultAsync("fail-1");
        await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.OK, code);
    }

    [Fact]
    public async Task ForceOutcome_RunningJob_ChangesItsResult()
    {
        var submitted = await _api.SubmitAsync(new { image = "KTP", reference_id = "forced-1" });
        await _api.Sim.Control.ForceOutcomeAsync(submitted.GetProperty("data").GetProperty("id").GetString()!, "KTP_NOT_DETECTED");
        await _api.AdvanceAsync(3);
        using var response = await _api.ResultAsync("forced-1");
        await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.OK, "KTP_NOT_DETECTED");
    }

    [Fact]
    public async Task ForceOutcome_FinishedJobByReferenceId_ChangesItsResultNow()
    {
        await _api.SubmitAsync(new { image = "KTP", reference_id = "forced-2" });
        await _api.AdvanceAsync(5);
        await _api.Sim.Control.ForceOutcomeAsync("forced-2", "INTERNAL_SERVER_ERROR");
        using var response = await _api.ResultAsync("forced-2");
        await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.OK, "INTERNAL_SERVER_ERROR");
    }

    [Fact]
    public async Task ForceOutcome_FaceScenario_IsRejectedAsNotApplicable()
    {
        var submitted = await _api.SubmitAsync(new { image = "KTP" });
        var act = () => _api.Sim.Control.ForceOutcomeAsync(submitted.GetProperty("data").GetProperty("id").GetString()!, "FACE_MISMATCH");
        (await act.Should().ThrowAsync<HttpRequestException>()).Which.Message.Should().Contain("400");
    }

    [Fact]
    public async Task Callback_JobFinishes_PostsTheResultWithBasicAuth()
    {
        await _api.SubmitAsync(new { image = "KTP_B", reference_id = "cb-1", callback_url = CallbackUrl });
        await _api.AdvanceAsync(1);
        Callbacks.Should().BeEmpty();
        await _api.AdvanceAsync(1);

        var callback = Callbacks.Should().ContainSingle().Subject;
        callback.Headers["Content-Type"].Should().Be("application/json");
        callback.Headers["Authorization"].Should().Be("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("sandbox-callback-user:sandbox-callback-password")));
        using var polled = await _api.ResultAsync("cb-1");
        var data = JsonDocument.Parse(callback.Body).RootElement.GetProperty("data");
        data.GetProperty("reference_id").GetString().Should().Be("cb-1", "a callback names the job it reports");
        data.GetProperty("image_quality").GetProperty("blur").GetBoolean().Should().BeTrue();
        callback.BodyText.Replace("\"reference_id\":\"cb-1\",", "", StringComparison.Ordinal).Should().Be(await polled.Content.ReadAsStringAsync(), "otherwise the callback body is the result body");
    }

    [Fact]
    public async Task Callback_PerAppIdCredentials_AreUsed()
    {
        await _api.SettingsAsync(new { callbackUsername = "acme", callbackPassword = "s3cret" });
        await _api.SubmitAsync(new { image = "KTP", callback_url = CallbackUrl });
        await _api.AdvanceAsync(3);
        Callbacks.Should().ContainSingle().Which.Headers["Authorization"].Should().Be("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("acme:s3cret")));
    }

    [Fact]
    public async Task Callback_BasicAuth_IsMaskedInTheWebhookLogAndTheAppsView()
    {
        await _api.SettingsAsync(new { callbackUsername = "acme", callbackPassword = "s3cret-password-1" });
        await _api.SubmitAsync(new { image = "KTP", callback_url = CallbackUrl });
        await _api.AdvanceAsync(3);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("acme:s3cret-password-1"));

        var log = (await fixture.Sim.Control.GetAsync($"webhooks?tenant={_api.AppId}")).GetRawText();
        log.Should().NotContain(basic[..8]).And.Contain("Basic ****");
        var apps = (await fixture.Sim.Control.GetAsync($"apps/{_api.AppId}")).GetRawText();
        apps.Should().NotContain("s3cret-password-1");
    }

    [Fact]
    public async Task Callback_Disabled_NothingIsSent()
    {
        await _api.SettingsAsync(new { callbacksEnabled = false });
        await _api.SubmitAsync(new { image = "KTP", callback_url = CallbackUrl });
        await _api.AdvanceAsync(3);
        Callbacks.Should().BeEmpty();
    }

    [Fact]
    public async Task Callback_NoCallbackUrl_NothingIsSent()
    {
        await _api.SubmitAsync(new { image = "KTP" });
        await _api.AdvanceAsync(3);
        (await _api.Sim.Control.GetWebhooksAsync(_api.AppId)).Should().BeEmpty();
    }

    [Fact]
    public async Task Callback_HttpLoopbackUrl_IsAccepted()
    {
        var submitted = await _api.SubmitAsync(new { image = "KTP", callback_url = "http://127.0.0.1:9/cb" });
        submitted.GetProperty("message").GetString().Should().Be("Request Success");
    }

    [Fact]
    public async Task Callback_ReceiverFails_RetriedThreeTimesWithBackoffThenGivesUp()
    {
        await using var sim = await SimulatorHarness.StartVerihubsAsync();
        var api = new VerihubsApi(sim);
        sim.Webhooks.Respond = _ => 500;
        await api.SettingsAsync(new { callbackPassword = "first" });
        await api.SubmitAsync(new { image = "KTP", callback_url = "https://client.example/cb" });
        await api.AdvanceAsync(2);
        sim.Webhooks.Received.Should().HaveCount(1);
        await api.SettingsAsync(new { callbackPassword = "rotated" });
        await api.AdvanceAsync(9);
        sim.Webhooks.Received.Should().HaveCount(1, "the first retry is 10 s later");
        await api.AdvanceAsync(1);
        sim.Webhooks.Received.Should().HaveCount(2);
        sim.Webhooks.Received[1].Headers["Authorization"].Should().Be("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("sandbox-callback-user:rotated")), "Basic auth is computed per attempt");
        await api.AdvanceAsync(60);
        await api.AdvanceAsync(300);
        await api.AdvanceAsync(3600);
        sim.Webhooks.Received.Should().HaveCount(4, "one attempt and three retries");
        var delivery = (await sim.Control.GetWebhooksAsync(api.AppId)).Should().ContainSingle().Subject;
        delivery.GetProperty("state").GetString().Should().Be("failed");
    }

    [Fact]
    public async Task Callback_ReceiverRecovers_DeliveredOnRetry()
    {
        await using var sim = await SimulatorHarness.StartVerihubsAsync();
        var api = new VerihubsApi(sim);
        var calls = 0;
        sim.Webhooks.Respond = _ => Interlocked.Increment(ref calls) == 1 ? 503 : 200;
        await api.SubmitAsync(new { image = "KTP", callback_url = "https://client.example/cb" });
        await api.AdvanceAsync(3);
        await api.AdvanceAsync(10);
        sim.Webhooks.Received.Should().HaveCount(2);
        (await sim.Control.GetWebhooksAsync(api.AppId)).Single().GetProperty("state").GetString().Should().Be("delivered");
    }

    [Fact]
    public async Task Result_PendingResultNotFoundOption_Answers404UntilFinished()
    {
        await using var sim = await SimulatorHarness.StartVerihubsAsync(o => o.Configuration["Verihubs:PendingResult"] = "not-found");
        var api = new VerihubsApi(sim);
        await api.SubmitAsync(new { image = "KTP", reference_id = "nf-1" });
        using (var pending = await api.ResultAsync("nf-1"))
        {
            await VerihubsApi.ReadErrorAsync(pending, HttpStatusCode.NotFound, "INVALID_PAYLOAD_REFERENCE_ID_NOT_FOUND");
        }
        await api.AdvanceAsync(3);
        using var done = await api.ResultAsync("nf-1");
        done.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
