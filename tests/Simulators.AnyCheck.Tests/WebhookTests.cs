using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.AnyCheck.Tests;

public sealed class WebhookTests : AnyCheckTest
{
    private const string Secret = "s3cr3t-at-least-32-characters-long!!";
    /// <summary>What a receiver does: recompute HMAC-SHA256(secret, "{timestamp}.{raw body}") and compare.</summary>
    public static string ExpectedSignature(string secret, string timestamp, byte[] body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray();
        return "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed)).ToLowerInvariant();
    }

    [Fact]
    public async Task Webhooks_StatusChanges_SentForInProgressAndCompletedOnly()
    {
        var id = await CreateWithWebhookAsync(Secret);
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));

        var received = Sim.Webhooks.Received;
        received.Select(w => Json(w).GetProperty("status").GetString()).Should().Equal("IN_PROGRESS", "COMPLETED");
        received.Should().AllSatisfy(w => w.Url.Should().Be(new Uri("https://client.example/hooks/anycheck")));
        var completed = Json(received[1]);
        completed.GetProperty("event").GetString().Should().Be("verification.status_changed");
        completed.GetProperty("verification_id").GetString().Should().Be(id);
        completed.GetProperty("timestamp").GetString().Should().Be("2025-11-03T08:00:03Z");
        completed.GetProperty("data").GetProperty("status").GetString().Should().Be("COMPLETED");
        completed.GetProperty("data").GetProperty("output").GetProperty("is_match_face").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Webhooks_WithSecret_AreSignedOverTimestampAndRawBody()
    {
        await CreateWithWebhookAsync(Secret);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        Sim.Webhooks.Received.Should().HaveCount(2);
        foreach (var webhook in Sim.Webhooks.Received)
        {
            webhook.Headers["Content-Type"].Should().Be("application/json");
            var timestamp = webhook.Headers["X-AnyCheck-Timestamp"];
            // The signature's timestamp is the wall clock at send time (receivers check it against theirs), not the frozen simulator clock.
            long.Parse(timestamp, CultureInfo.InvariantCulture).Should().BeInRange(before, after);
            webhook.Headers["X-AnyCheck-Signature"].Should().Be(ExpectedSignature(Secret, timestamp, webhook.Body));
            webhook.Headers["X-AnyCheck-Signature"].Should().NotBe(ExpectedSignature("another-secret", timestamp, webhook.Body));
        }
    }

    [Fact]
    public async Task Webhooks_WithSecret_NeverEchoTheSecret()
    {
        var created = await Api.CreateVerificationAsync(extra: $$""","webhook_url":"https://client.example/hooks/anycheck","webhook_metadata":{"webhook_secret":"{{Secret}}","order_ref":"A-17"}""");
        created.GetProperty("webhook_metadata").GetProperty("order_ref").GetString().Should().Be("A-17");
        created.GetProperty("webhook_metadata").TryGetProperty("webhook_secret", out _).Should().BeFalse();
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        Sim.Webhooks.Received.Should().NotBeEmpty().And.AllSatisfy(w => w.BodyText.Should().NotContain(Secret));
    }

    [Fact]
    public async Task Webhooks_WithoutSecret_AreUnsigned()
    {
        await CreateWithWebhookAsync(secret: null);
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        Sim.Webhooks.Received.Should().HaveCount(2).And.AllSatisfy(w =>
        {
            w.Headers.Should().NotContainKey("X-AnyCheck-Signature");
            w.Headers.Should().NotContainKey("X-AnyCheck-Timestamp");
        });
    }

    [Fact]
    public async Task Webhooks_NoUrl_NothingSent()
    {
        await Api.CreateVerificationAsync();
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        Sim.Webhooks.Received.Should().BeEmpty();
        (await Sim.Control.GetWebhooksAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Webhooks_Failed_AndCancelled_AreAnnounced()
    {
        await CreateWithWebhookAsync(Secret, "KTP_UNREADABLE");
        var cancelled = await CreateWithWebhookAsync(Secret);
        using (var cancel = await Api.Http.PostAsync(new Uri($"/verifications/{cancelled}/cancel", UriKind.Relative), null))
        {
            cancel.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        Sim.Webhooks.Received.Select(w => Json(w).GetProperty("status").GetString())
            .Should().BeEquivalentTo(["CANCELLED", "IN_PROGRESS", "FAILED"]);
    }

    [Fact]
    public async Task Webhooks_ReceiverFails_RetriedWithBackoffOnTheSimulatorClock()
    {
        var failures = 0;
        Sim.Webhooks.Respond = _ => Interlocked.Increment(ref failures) <= 3 ? 500 : 200;
        await CreateWithWebhookAsync(Secret);
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(1)); // 1 s: IN_PROGRESS, attempt 1 fails
        Sim.Webhooks.Received.Should().HaveCount(1);
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(2)); // 3 s: COMPLETED, attempt 1 fails
        Sim.Webhooks.Received.Should().HaveCount(2);

        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(7));
        Sim.Webhooks.Received.Should().HaveCount(2, "the first retry is 10 s after the first attempt");
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(1)); // 11 s: IN_PROGRESS, attempt 2 fails
        Sim.Webhooks.Received.Should().HaveCount(3);
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(2)); // 13 s: COMPLETED, attempt 2 succeeds
        Sim.Webhooks.Received.Should().HaveCount(4);

        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(27));
        Sim.Webhooks.Received.Should().HaveCount(4, "the second retry is 30 s after the second attempt");
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(1)); // 41 s: IN_PROGRESS, attempt 3 succeeds
        Sim.Webhooks.Received.Should().HaveCount(5);

        var deliveries = await Sim.Control.GetWebhooksAsync();
        var inProgress = deliveries.Single(d => d.GetProperty("body").GetProperty("status").GetString() == "IN_PROGRESS");
        inProgress.GetProperty("state").GetString().Should().Be("delivered");
        inProgress.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()).Should().Equal(500, 500, 200);
        inProgress.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("at").GetDateTimeOffset().Second).Should().Equal(1, 11, 41);
        // Every retry is signed afresh with its own timestamp.
        var retried = Sim.Webhooks.Received[^1];
        retried.Headers["X-AnyCheck-Signature"].Should().Be(ExpectedSignature(Secret, retried.Headers["X-AnyCheck-Timestamp"], retried.Body));
    }

    [Fact]
    public async Task Webhooks_ReceiverAlwaysFails_GivesUpAfterFiveRetries()
    {
        Sim.Webhooks.Respond = _ => 503;
        var id = await CreateWithWebhookAsync(Secret, "KTP_UNREADABLE");
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(1));
        foreach (var wait in new[] { 10, 30, 120, 600, 1800, 3600 })
        {
            await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(wait));
        }
        var deliveries = await Sim.Control.GetWebhooksAsync();
        deliveries.Should().HaveCount(2).And.AllSatisfy(d =>
        {
            d.GetProperty("subject").GetString().Should().Be(id);
            d.GetProperty("state").GetString().Should().Be("failed");
            d.GetProperty("attempts").GetArrayLength().Should().Be(6);
        });
    }

    [Fact]
    public async Task Webhooks_Replay_SendsTheSameBodyAgain()
    {
        await CreateWithWebhookAsync(Secret);
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var completed = (await Sim.Control.GetWebhooksAsync())[^1];

        var replay = await Sim.Control.ReplayWebhookAsync(completed.GetProperty("id").GetString()!);
        replay.GetProperty("attempt").GetProperty("replay").GetBoolean().Should().BeTrue();
        replay.GetProperty("attempt").GetProperty("statusCode").GetInt32().Should().Be(200);
        Sim.Webhooks.Received.Should().HaveCount(3);
        Sim.Webhooks.Received[2].Body.Should().Equal(Sim.Webhooks.Received[1].Body);
    }

    [Fact]
    public async Task Webhooks_ControlLog_HasRawBodyThatTheSignatureCovers()
    {
        await CreateWithWebhookAsync(Secret);
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var delivery = (await Sim.Control.GetWebhooksAsync())[0];
        var attempt = delivery.GetProperty("attempts")[0];
        var headers = attempt.GetProperty("headers");
        var raw = Encoding.UTF8.GetBytes(delivery.GetProperty("rawBody").GetString()!);
        headers.GetProperty("X-AnyCheck-Signature").GetString()
            .Should().Be(ExpectedSignature(Secret, headers.GetProperty("X-AnyCheck-Timestamp").GetString()!, raw));
    }

    [Fact]
    public async Task Webhooks_Review_AnnouncesTheNewStatus()
    {
        var id = await CreateWithWebhookAsync(Secret);
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        using var response = await Api.Http.PutAsync(new Uri($"/verifications/{id}", UriKind.Relative), AnyCheckApi.JsonBody("""{"verification_status":"NEED_REVIEW"}"""));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        await Sim.Control.AdvanceAsync(TimeSpan.Zero);
        Json(Sim.Webhooks.Received[^1]).GetProperty("status").GetString().Should().Be("NEED_REVIEW");
    }

    private async Task<string> CreateWithWebhookAsync(string? secret, string? scenario = null)
    {
        var metadata = secret is null ? "" : $$""","webhook_metadata":{"webhook_secret":"{{secret}}"}""";
        var created = await Api.CreateVerificationAsync(scenario: scenario, extra: $$""","webhook_url":"https://client.example/hooks/anycheck"{{metadata}}""");
        return created.GetProperty("id").GetString()!;
    }

    private static JsonElement Json(ReceivedWebhook webhook) => JsonDocument.Parse(webhook.Body).RootElement;
}
