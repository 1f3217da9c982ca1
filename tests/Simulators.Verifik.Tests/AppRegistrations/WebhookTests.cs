using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Simulators.Testing;
using Simulators.Verifik.Tests.Face;

namespace Simulators.Verifik.Tests.AppRegistrations;

public class WebhookTests(VerifikFixture fixture) : IClassFixture<VerifikFixture>
{
    [Fact]
    public async Task Create_AnswersTheDocumentedObjectWithItsDefaults()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        var created = await enroll.OkAsync(HttpMethod.Post, "/v2/webhooks",
            new { url = Enrollment.Receiver, name = "KYC events", isActive = true, description = "to the back office", link = new[] { Enrollment.Flow } });
        Faces.KeyList(created).Should().Be("data");
        var webhook = created.GetProperty("data");
        Faces.KeyList(webhook).Should().Be("_id,client,projectFlow,statistics,isActive,name,url,description,notification,createdAt,updatedAt,__v");
        webhook.GetProperty("client").GetString().Should().Be(enroll.ClientId);
        webhook.GetProperty("projectFlow").EnumerateArray().Select(f => f.GetString()).Should().Equal(Enrollment.Flow);
        webhook.GetProperty("statistics").EnumerateObject().Should().BeEmpty();
        var notification = webhook.GetProperty("notification");
        Faces.KeyList(notification).Should().Be("success,fail,_id");
        notification.GetProperty("success").GetBoolean().Should().BeFalse();
        notification.GetProperty("fail").GetBoolean().Should().BeTrue();
        webhook.GetProperty("__v").GetInt32().Should().Be(0);
    }

    public static TheoryData<string, string> CreateErrors => new()
    {
        { "{}", "{\"code\":\"MissingParameter\",\"message\":\"missing url\\n. missing name\\n. missing isActive\\n\"}" },
        { """{"name":"n","isActive":true}""", "{\"code\":\"MissingParameter\",\"message\":\"missing url\\n\"}" },
        { """{"url":"ftp://client.example/h","name":"n","isActive":true}""", "{\"code\":\"MissingParameter\",\"message\":\"invalid url\\n\"}" },
        { """{"url":"https://client.example/h","name":"n","isActive":"yes"}""", "{\"code\":\"MissingParameter\",\"message\":\"invalid isActive\\n\"}" },
        { """{"url":"https://client.example/h","name":"n","isActive":true,"link":["x"]}""", "{\"code\":\"MissingParameter\",\"message\":\"invalid link\\n\"}" },
        { """{"url":"https://client.example/h","name":"n","isActive":true,"notification":{"email":"nope"}}""", "{\"code\":\"MissingParameter\",\"message\":\"invalid notification.email\\n\"}" },
    };

    [Theory]
    [MemberData(nameof(CreateErrors))]
    public async Task Create_BadInput_Answers409NamingTheField(string json, string expected)
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        var (status, text) = await enroll.SendRawAsync(HttpMethod.Post, "/v2/webhooks", json, enroll.Token);
        ((int)status).Should().Be(409, text);
        text.Should().Be(expected);
    }

    [Fact]
    public async Task Crud_ListUpdateDelete_AsDocumented()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        var first = await enroll.WebhookAsync();
        await enroll.AdvanceAsync(1);
        var second = await enroll.WebhookAsync("https://client.example/other");

        var list = await enroll.OkAsync(HttpMethod.Get, "/v2/webhooks");
        Faces.KeyList(list).Should().Be("data,total,limit,page,pages");
        list.GetProperty("data").EnumerateArray().Select(w => w.GetProperty("_id").GetString()).Should().Equal(second, first);

        await enroll.AdvanceAsync(1);
        var updated = (await enroll.OkAsync(HttpMethod.Put, "/v2/webhooks/" + first, new { isActive = false, name = "renamed", notification = new { success = true } })).GetProperty("data");
        updated.GetProperty("isActive").GetBoolean().Should().BeFalse();
        updated.GetProperty("name").GetString().Should().Be("renamed");
        updated.GetProperty("url").GetString().Should().Be(Enrollment.Receiver);
        updated.GetProperty("notification").GetProperty("success").GetBoolean().Should().BeTrue();
        updated.GetProperty("notification").GetProperty("fail").GetBoolean().Should().BeTrue();
        updated.GetProperty("updatedAt").GetString().Should().NotBe(updated.GetProperty("createdAt").GetString());
        (await enroll.OkAsync(HttpMethod.Get, "/v2/webhooks/" + first)).GetProperty("data").GetProperty("name").GetString().Should().Be("renamed");

        var deleted = (await enroll.OkAsync(HttpMethod.Delete, "/v2/webhooks/" + first)).GetProperty("data");
        deleted.GetProperty("_id").GetString().Should().Be(first);
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete, HttpMethod.Put })
        {
            var (status, text) = await enroll.SendAsync(method, "/v2/webhooks/" + first, method == HttpMethod.Put ? new { name = "x" } : null);
            ((int)status).Should().Be(404, method.Method);
            text.Should().Be("""{"code":"NotFound","message":"Record not found."}""");
        }
        var (otherStatus, _) = await (await Enrollment.NewAsync(fixture.Sim)).SendAsync(HttpMethod.Get, "/v2/webhooks/" + second);
        ((int)otherStatus).Should().Be(404, "another client's webhook is as unknown as a made-up one");
    }

    [Fact]
    public async Task Deliveries_GoOnlyToActiveWebhooksLinkedToTheFlow()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        await enroll.WebhookAsync("https://client.example/linked");
        await enroll.WebhookAsync("https://client.example/inactive", isActive: false);
        await enroll.WebhookAsync("https://client.example/other-flow", link: ["6650aa00aa00aa00aa00aa09"]);
        var (id, _) = await enroll.CreateAsync();
        await enroll.AdvanceAsync(0);
        enroll.EventsFor(id).Select(e => e.Url.AbsolutePath).Should().Equal("/linked");
    }

    [Fact]
    public async Task Signing_HmacSha256_SignsTimestampDotBodyWithTheSecret_AtSendTime()
    {
        await using var sim = await SimulatorHarness.StartVerifikAsync(o =>
        {
            o.Configuration["Verifik:WebhookSigning"] = "hmac-sha256";
            o.Configuration["Verifik:WebhookSecret"] = "s3cret";
        });
        var enroll = await Enrollment.NewAsync(sim);
        await enroll.WebhookAsync();
        var (id, _) = await enroll.CreateAsync();
        await enroll.AdvanceAsync(0);
        var received = enroll.EventsFor(id).Should().ContainSingle().Subject;
        var timestamp = received.Headers["X-Verifik-Timestamp"];
        long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture).Should().BeCloseTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 120,
            "signed with the wall clock, so a receiver's replay window holds");
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret"), Encoding.UTF8.GetBytes(timestamp + ".").Concat(received.Body).ToArray()));
        received.Headers["X-Verifik-Signature"].Should().Be(expected);
        (await sim.Control.GetCredentialsAsync()).GetProperty("webhooks").GetProperty("secret").GetString().Should().Be("s3cret");
    }

    [Fact]
    public async Task Delivery_ReceiverFails_IsRetriedOnTheClock_ListedAndReplayable()
    {
        await using var sim = await SimulatorHarness.StartVerifikAsync();
        var enroll = await Enrollment.NewAsync(sim);
        await enroll.WebhookAsync();
        sim.Webhooks.Respond = _ => 500;
        var (id, _) = await enroll.CreateAsync();
        await enroll.AdvanceAsync(0);
        enroll.EventsFor(id).Should().HaveCount(1);
        await enroll.AdvanceAsync(10);
        enroll.EventsFor(id).Should().HaveCount(2, "the engine's retry after 10 s");

        sim.Webhooks.Respond = _ => 200;
        var deliveries = await sim.Control.GetWebhooksAsync(enroll.ClientId);
        var delivery = deliveries.Should().ContainSingle().Subject;
        delivery.GetProperty("event").GetString().Should().Be("onboarding_app_registration_created");
        await sim.Control.ReplayWebhookAsync(delivery.GetProperty("id").GetString()!);
        enroll.EventsFor(id).Should().HaveCount(3);
        enroll.EventsFor(id).Select(e => e.BodyText).Distinct().Should().ContainSingle("a retry or a replay sends the same body");
    }
}
