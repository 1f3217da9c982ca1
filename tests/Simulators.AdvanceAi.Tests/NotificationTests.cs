using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.AdvanceAi.Tests;

public class NotificationTests(AdvanceAiFixture fixture) : IClassFixture<AdvanceAiFixture>
{
    private const string Receiver = "https://merchant.example/advance-ai/webhook";
    private static readonly string Secret = Convert.ToBase64String(Encoding.UTF8.GetBytes("a webhook secret of the ACMP portal"));

    [Fact]
    public async Task Callback_Body_IsExactlySignatureIdAndTypeUnsigned()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync(body: AdvanceAiApi.JourneyBody("https://merchant.example/cb?auth=abc"));
        await api.SubmitAsync(signatureId);

        var notice = api.NoticesFor(signatureId).Should().ContainSingle().Subject;
        notice.Url.ToString().Should().Be("https://merchant.example/cb?auth=abc");
        notice.BodyText.Should().Be($$"""{"signatureId":"{{signatureId}}","type":"SUBMIT_COMPLETED"}""");
        notice.Headers["Content-Type"].Should().StartWith("application/json");
        notice.Headers.Keys.Should().NotContain(k => k.StartsWith("aai-", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("HmacSHA256")]
    [InlineData("HmacSHA512")]
    public async Task Webhook_NoCallbackUrl_IsSignedWithTheDecodedSecretOverTimestampNonceBody(string algorithm)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        await fixture.Sim.Control.PostAsync($"accounts/{api.AccessKey}/webhook", new { url = Receiver, secretKey = Secret, algorithm });
        var signatureId = await api.GenerateAsync();
        await api.SubmitAsync(signatureId);
        await api.AdvanceAsync(5);

        var notices = api.NoticesFor(signatureId);
        notices.Select(n => JsonDocument.Parse(n.Body).RootElement.GetProperty("type").GetString()).Should().Equal("SUBMIT_COMPLETED", "COMPLETED");
        foreach (var notice in notices)
        {
            notice.Url.ToString().Should().Be(Receiver);
            var timestamp = notice.Headers["aai-timestamp"];
            var nonce = notice.Headers["aai-nonce"];
            nonce.Should().NotBeNullOrEmpty();
            // Signed at send time with the wall clock, not the (frozen, 2025) simulator clock.
            long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture).Should().BeCloseTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 120);
            var signed = Encoding.UTF8.GetBytes(timestamp + "\n" + nonce + "\n").Concat(notice.Body).ToArray();
            var key = Convert.FromBase64String(Secret);
            var expected = Convert.ToBase64String(algorithm == "HmacSHA512" ? HMACSHA512.HashData(key, signed) : HMACSHA256.HashData(key, signed));
            notice.Headers["aai-signature"].Should().Be(expected);
        }
        notices[0].Headers["aai-nonce"].Should().NotBe(notices[1].Headers["aai-nonce"]);
    }

    [Fact]
    public async Task Webhook_SignedStringBodyOnly_IsConfigurable()
    {
        await using var sim = await SimulatorHarness.StartAdvanceAiAsync(o => o.Configuration["AdvanceAi:WebhookSignedString"] = "body");
        var api = await AdvanceAiApi.NewAsync(sim);
        await sim.Control.PostAsync($"accounts/{api.AccessKey}/webhook", new { url = Receiver, secretKey = Secret });
        var signatureId = await api.GenerateAsync();
        await api.SubmitAsync(signatureId);
        var notice = api.NoticesFor(signatureId).Should().ContainSingle().Subject;
        notice.Headers["aai-signature"].Should().Be(Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(Secret), notice.Body)));
    }

    [Fact]
    public async Task Webhook_WithCallbackUrl_GoesToTheCallbackOnlyUnsigned()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        await fixture.Sim.Control.PostAsync($"accounts/{api.AccessKey}/webhook", new { url = Receiver, secretKey = Secret });
        var signatureId = await api.GenerateAsync(body: AdvanceAiApi.JourneyBody("https://merchant.example/cb"));
        await api.SubmitAsync(signatureId);
        var notice = api.NoticesFor(signatureId).Should().ContainSingle().Subject;
        notice.Url.Host.Should().Be("merchant.example");
        notice.Url.AbsolutePath.Should().Be("/cb");
        notice.Headers.Should().NotContainKey("aai-signature");
    }

    [Fact]
    public async Task Webhook_ReceiverFails_IsRetriedAfter5Then10Then20SecondsOnTheSimulatorClock()
    {
        await using var sim = await SimulatorHarness.StartAdvanceAiAsync();
        var api = await AdvanceAiApi.NewAsync(sim);
        await sim.Control.PostAsync($"accounts/{api.AccessKey}/webhook", new { url = Receiver, secretKey = Secret });
        sim.Webhooks.Respond = _ => 500;
        var signatureId = await api.GenerateAsync();
        await api.SubmitAsync(signatureId);
        api.NoticesFor(signatureId).Should().HaveCount(1);

        await api.AdvanceAsync(4.9);
        api.NoticesFor(signatureId).Should().HaveCount(1);
        await api.AdvanceAsync(0.1);
        api.NoticesFor(signatureId).Should().HaveCount(3, "the retry after 5 s, and the COMPLETED notice's first attempt");
        await api.AdvanceAsync(10);
        var submitNotices = api.NoticesFor(signatureId).Where(n => n.BodyText.Contains("SUBMIT_COMPLETED", StringComparison.Ordinal)).ToList();
        submitNotices.Should().HaveCount(3);
        await api.AdvanceAsync(20);
        api.NoticesFor(signatureId).Count(n => n.BodyText.Contains("SUBMIT_COMPLETED", StringComparison.Ordinal)).Should().Be(4);
        await api.AdvanceAsync(600);
        api.NoticesFor(signatureId).Count(n => n.BodyText.Contains("SUBMIT_COMPLETED", StringComparison.Ordinal)).Should().Be(4, "three retries, then it gives up");
        // Each attempt is signed afresh.
        submitNotices.Select(n => n.Headers["aai-nonce"]).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [InlineData("""{"url":"https://merchant.example/h","secretKey":"not base64!"}""")]
    [InlineData("""{"url":"not a url","secretKey":"c2VjcmV0"}""")]
    [InlineData("""{"url":"https://merchant.example/h","secretKey":"c2VjcmV0","algorithm":"MD5"}""")]
    public async Task WebhookSettings_Invalid_Answer400(string body)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        using var response = await fixture.Sim.Control.Http.PostAsync(new Uri($"/__simulator/accounts/{api.AccessKey}/webhook", UriKind.Relative),
            new StringContent(body, Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Submit_OutboxFull_AnswersBusyAndKeepsTheJourneyPending()
    {
        await using var sim = await SimulatorHarness.StartAdvanceAiAsync(o => o.Configuration["Webhooks:MaxPending"] = "1");
        sim.Webhooks.Respond = _ => 503;
        var api = await AdvanceAiApi.NewAsync(sim);
        var first = await api.GenerateAsync(body: AdvanceAiApi.JourneyBody("https://merchant.example/cb"));
        var second = await api.GenerateAsync(body: AdvanceAiApi.JourneyBody("https://merchant.example/cb"));
        var third = await api.GenerateAsync();
        await api.SubmitAsync(first);

        using (var refused = await sim.Control.Http.PostAsJsonAsync($"/__simulator/journeys/{second}", new { action = "submit" }))
        {
            refused.StatusCode.Should().Be(System.Net.HttpStatusCode.TooManyRequests, await refused.Content.ReadAsStringAsync());
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("outbox_full");
        }
        (await sim.Control.GetAsync($"journeys/{second}")).GetProperty("stage").GetString().Should().Be("PENDING");
        using (var busy = await api.SendAsync(AdvanceAiApi.Prefix + "generate-ekyc-verification-url", AdvanceAiApi.JourneyBody("https://merchant.example/cb"), api.Token))
        {
            busy.StatusCode.Should().Be(System.Net.HttpStatusCode.TooManyRequests);
            JsonDocument.Parse(await busy.Content.ReadAsStringAsync()).RootElement.ShouldBeEnvelope("SERVICE_BUSY");
        }
        // A journey without a callback owes nothing: its submit goes through.
        (await api.SubmitAsync(third)).GetProperty("stage").GetString().Should().Be("SUBMITTED");
    }
}
