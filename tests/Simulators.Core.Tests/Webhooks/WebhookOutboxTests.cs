using System.Globalization;
using Simulators.Core.Hosting;
using Simulators.Core.Security;
using Simulators.Core.State;
using Simulators.Core.Tests.Security;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Tests.Webhooks;

public sealed class WebhookOutboxTests
{
    private static readonly DateTimeOffset T0 = TestEngine.T0;
    private static readonly DateTimeOffset W0 = TestEngine.W0;

    private readonly TestEngine _engine = new();

    private FakeWebhookTransport Transport => _engine.Transport;

    private WebhookOutbox Outbox => _engine.Outbox;

    private static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

    private Task DeliverAsync(string tenant = "t1") => _engine.Scheduler.RunTenantAsync(tenant);

    [Fact]
    public async Task Enqueue_NewDelivery_IsPendingAndDueAtOnce()
    {
        var id = await _engine.EnqueueAsync("t1", "job-1", """{"event":"DONE"}""");

        var stored = (await _engine.Store.GetAsync(WebhookOutbox.Collection, "t1", id))!;
        stored.Due.Should().Be(T0.UtcTicks);
        var delivery = stored.Value;
        delivery.State.Should().Be(DeliveryState.Pending);
        (delivery.CreatedAt, delivery.NextAttemptAt, delivery.FinishedAt).Should().Be((T0, T0, null));
        (delivery.Event, delivery.Subject, delivery.Url).Should().Be(("test.event", "job-1", "https://receiver.test/t1"));
        delivery.Attempts.Should().BeEmpty();
        Transport.Calls.Should().BeEmpty();
    }

    [Fact]
    public void Enqueue_UnknownSigner_Throws()
    {
        var enqueue = () => Outbox.Enqueue("t1", new NewDelivery("e", "s", new Uri("https://receiver.test/"), [], "nobody"), T0);

        enqueue.Should().Throw<InvalidOperationException>().WithMessage("*nobody*");
    }

    [Fact]
    public async Task DeliverDueAsync_DueDelivery_SendsItOnceAndMarksItDelivered()
    {
        var id = await _engine.EnqueueAsync("t1", "job-1", """{"event":"DONE"}""");

        await DeliverAsync();
        _engine.Clock.Advance(TimeSpan.FromHours(1));
        await DeliverAsync();

        var call = Transport.Calls.Should().ContainSingle().Subject;
        call.Url.Should().Be(TestJobKind.Receiver("t1"));
        call.Text.Should().Be("""{"event":"DONE"}""");
        call.Timeout.Should().Be(_engine.Policy.Timeout);
        call.Headers.Should().Contain(new KeyValuePair<string, string>("Content-Type", "application/json"));
        var delivery = await _engine.DeliveryAsync("t1", id);
        delivery.State.Should().Be(DeliveryState.Delivered);
        (delivery.NextAttemptAt, delivery.FinishedAt).Should().Be((null, T0));
        var attempt = delivery.Attempts.Should().ContainSingle().Subject;
        (attempt.Number, attempt.At, attempt.StatusCode, attempt.Replay).Should().Be((1, T0, 200, false));
        (await _engine.Store.GetAsync(WebhookOutbox.Collection, "t1", id))!.Due.Should().BeNull();
    }

    [Theory]
    [InlineData(500)]
    [InlineData(404)]
    [InlineData(302)]
    [InlineData(null)]
    public async Task DeliverDueAsync_Non2xxOrNoAnswer_SchedulesTheFirstRetry(int? status)
    {
        var id = await _engine.EnqueueAsync("t1", "job-1");
        Transport.Answer(status);

        await DeliverAsync();

        var delivery = await _engine.DeliveryAsync("t1", id);
        delivery.State.Should().Be(DeliveryState.Pending);
        delivery.NextAttemptAt.Should().Be(At(10));
        delivery.ScheduledAttempts.Should().Be(1);
        delivery.Attempts.Single().StatusCode.Should().Be(status);
    }

    [Fact]
    public async Task DeliverDueAsync_TransportThrows_RecordsTheErrorAndRetries()
    {
        var id = await _engine.EnqueueAsync("t1", "job-1");
        Transport.Handler = _ => throw new HttpRequestException("the receiver reset the connection");

        await DeliverAsync();

        var delivery = await _engine.DeliveryAsync("t1", id);
        var attempt = delivery.Attempts.Should().ContainSingle().Subject;
        attempt.StatusCode.Should().BeNull();
        attempt.Error.Should().Contain("reset the connection");
        delivery.NextAttemptAt.Should().Be(At(10));
    }

    [Fact]
    public async Task DeliverDueAsync_UrlRefusedAtConnect_FailsWithThePolicyTextRetriesAndNeverConnects()
    {
        using var receiver = new LoopbackListener();
        using var policy = new OutboundPolicy(new SandboxSettings { Exposed = true });
        using var http = new HttpWebhookTransport(policy);
        Transport.Handler = call => http.SendAsync(call.Url, call.Headers, call.Body, call.Timeout, CancellationToken.None);
        // Accepted earlier (the name resolved elsewhere then); by delivery time it points at loopback.
        var id = await _engine.EnqueueAsync("t1", "job-1", url: receiver.Url("/hook"));

        await DeliverAsync();
        _engine.Clock.Advance(TimeSpan.FromSeconds(10));
        await DeliverAsync();

        var delivery = await _engine.DeliveryAsync("t1", id);
        delivery.Attempts.Select(a => (a.StatusCode, a.Error, a.ResponseBody)).Should().Equal(
            Enumerable.Repeat(((int?)null, (string?)"refused by the outbound policy (loopback address)", (string?)null), 2));
        (delivery.State, delivery.NextAttemptAt).Should().Be((DeliveryState.Pending, At(40)));
        receiver.Accepted.Should().Be(0);
    }

    [Fact]
    public async Task DeliverDueAsync_RetryNotDueYetOnTheTenantsClock_WaitsForIt()
    {
        var id = await _engine.EnqueueAsync("t1", "job-1");
        Transport.Answer(500);
        await DeliverAsync();

        _engine.Clock.Advance(TimeSpan.FromSeconds(9));
        await _engine.Tenants.AdvanceAsync("t2", TimeSpan.FromMinutes(5));
        await DeliverAsync();
        await DeliverAsync("t2");
        Transport.Calls.Should().HaveCount(1, "the retry is due at T0 + 10 s on t1's clock");

        await _engine.Tenants.AdvanceAsync("t1", TimeSpan.FromSeconds(1));
        await DeliverAsync();

        var delivery = await _engine.DeliveryAsync("t1", id);
        delivery.Attempts.Select(a => (a.Number, a.At)).Should().Equal((1, T0), (2, At(10)));
        delivery.State.Should().Be(DeliveryState.Delivered);
    }

    [Fact]
    public async Task DeliverDueAsync_EveryRetryFailsOneBackoffAtATime_FailsAfterSixAttempts()
    {
        var id = await _engine.EnqueueAsync("t1", "job-1");
        Transport.AlwaysAnswer(500);

        await DeliverAsync();
        foreach (var wait in _engine.Policy.Backoff)
        {
            var pending = await _engine.DeliveryAsync("t1", id);
            pending.State.Should().Be(DeliveryState.Pending);
            pending.NextAttemptAt.Should().Be(_engine.Now + wait);
            _engine.Clock.Advance(wait);
            await DeliverAsync();
        }

        var delivery = await _engine.DeliveryAsync("t1", id);
        delivery.State.Should().Be(DeliveryState.Failed);
        delivery.Attempts.Select(a => a.At).Should().Equal(At(0), At(10), At(40), At(160), At(760), At(2560));
    }

    // Reproducer: a jump of the clock used to run one attempt per jump, however many fell due inside it.
    [Fact]
    public async Task DeliverDueAsync_OneLargeClockJump_RunsEveryRetryDueInsideItAtItsOwnInstant()
    {
        var id = await _engine.EnqueueAsync("t1", "job-1");
        Transport.AlwaysAnswer(500);

        _engine.Clock.Advance(TimeSpan.FromSeconds(7200));
        await DeliverAsync();

        var delivery = await _engine.DeliveryAsync("t1", id);
        delivery.Attempts.Select(a => a.Number).Should().Equal(1, 2, 3, 4, 5, 6);
        // The first attempt, then backoffs of 10 s, 30 s, 2 min, 10 min and 30 min, each from the instant the one before was due.
        delivery.Attempts.Select(a => a.At).Should().Equal(At(0), At(10), At(40), At(160), At(760), At(2560));
        delivery.Attempts.Should().OnlyContain(a => a.StatusCode == 500 && !a.Replay);
        delivery.State.Should().Be(DeliveryState.Failed);
        (delivery.NextAttemptAt, delivery.FinishedAt, delivery.ScheduledAttempts).Should().Be((null, At(2560), 6));
        Transport.Calls.Should().HaveCount(6);

        _engine.Clock.Advance(TimeSpan.FromDays(1));
        await DeliverAsync();
        Transport.Calls.Should().HaveCount(6, "a failed delivery is not retried on its own");
    }

    // Reproducer: signatures used to carry the simulator's (possibly frozen) time, which receivers reject.
    [Fact]
    public async Task DeliverDueAsync_Signing_UsesTheWallClockAndRecordsWhenItWasSent()
    {
        var id = await _engine.EnqueueAsync("t1", "job-1");
        var calls = 0;
        Transport.Handler = _ =>
        {
            _engine.Wall.Advance(TimeSpan.FromSeconds(1));
            return Task.FromResult(FakeWebhookTransport.Status(Interlocked.Increment(ref calls) == 1 ? 500 : 200));
        };

        await DeliverAsync();
        _engine.Clock.Advance(TimeSpan.FromSeconds(10));
        await DeliverAsync();

        _engine.Clock.IsFrozen.Should().BeTrue();
        _engine.Signer.Signed.Select(s => s.WallNow).Should().Equal(W0, W0.AddSeconds(1));
        _engine.Signer.Signed.Should().OnlyContain(s => s.Tenant == "t1" && s.DeliveryId == id);
        var delivery = await _engine.DeliveryAsync("t1", id);
        delivery.Attempts.Select(a => a.SentAt).Should().Equal(W0, W0.AddSeconds(1));
        delivery.Attempts.Select(a => a.At).Should().Equal(T0, At(10));
        var signedAt = W0.ToString("O", CultureInfo.InvariantCulture);
        delivery.Attempts[0].Headers.Should().Contain(new HeaderValue(RecordingSigner.SignedAtHeader, signedAt));
        Transport.Calls[0].Headers.Should().Contain(new KeyValuePair<string, string>(RecordingSigner.SignedAtHeader, signedAt));
        delivery.Attempts.Select(a => a.Headers.ToDictionary()[RecordingSigner.SignedAtHeader])
            .Should().Equal(Transport.Calls.Select(c => c.Headers.Single(h => h.Key == RecordingSigner.SignedAtHeader).Value));
    }

    [Fact]
    public async Task ReplayAsync_FailingReplayOfAPendingDelivery_RecordsAReplayAndKeepsTheSchedule()
    {
        var id = await _engine.EnqueueAsync("t1", "job-1");
        Transport.AlwaysAnswer(500);
        await DeliverAsync();
        _engine.Clock.Advance(TimeSpan.FromSeconds(3));

        var replay = await Outbox.ReplayAsync("t1", id, _engine.Now);

        replay.Should().NotBeNull();
        var (attempt, afterReplay) = replay!.Value;
        (attempt.Replay, attempt.Number, attempt.At, attempt.StatusCode).Should().Be((true, 2, At(3), 500));
        afterReplay.State.Should().Be(DeliveryState.Pending);
        (afterReplay.NextAttemptAt, afterReplay.ScheduledAttempts).Should().Be((At(10), 1));
        (await _engine.Store.GetAsync(WebhookOutbox.Collection, "t1", id))!.Due.Should().Be(At(10).UtcTicks);

        _engine.Clock.Advance(TimeSpan.FromSeconds(7));
        await DeliverAsync();

        var delivery = await _engine.DeliveryAsync("t1", id);
        delivery.Attempts.Select(a => (a.Number, a.Replay)).Should().Equal((1, false), (2, true), (3, false));
        delivery.NextAttemptAt.Should().Be(At(40), "a replay does not use up a retry: the next one waits the second backoff");
    }

    [Fact]
    public async Task ReplayAsync_SucceedingReplayOfAPendingDelivery_MarksItDelivered()
    {
        var id = await _engine.EnqueueAsync("t1", "job-1");
        Transport.Answer(500);
        await DeliverAsync();
        _engine.Clock.Advance(TimeSpan.FromSeconds(3));

        var (attempt, delivery) = (await Outbox.ReplayAsync("t1", id, _engine.Now))!.Value;

        (attempt.Replay, attempt.StatusCode).Should().Be((true, 200));
        delivery.State.Should().Be(DeliveryState.Delivered);
        (delivery.NextAttemptAt, delivery.FinishedAt).Should().Be((null, At(3)));
        _engine.Clock.Advance(TimeSpan.FromHours(1));
        await DeliverAsync();
        Transport.Calls.Should().HaveCount(2, "a delivered webhook is not retried");
    }

    [Fact]
    public async Task ReplayAsync_SucceedingReplayOfAFailedDelivery_MarksItDelivered()
    {
        var id = await _engine.EnqueueAsync("t1", "job-1");
        Transport.AlwaysAnswer(500);
        _engine.Clock.Advance(TimeSpan.FromHours(2));
        await DeliverAsync();
        (await _engine.DeliveryAsync("t1", id)).State.Should().Be(DeliveryState.Failed);

        Transport.AlwaysAnswer(200);
        var (attempt, delivery) = (await Outbox.ReplayAsync("t1", id, _engine.Now))!.Value;

        (attempt.Number, attempt.Replay).Should().Be((7, true));
        delivery.State.Should().Be(DeliveryState.Delivered);
        delivery.ScheduledAttempts.Should().Be(6);
    }

    [Fact]
    public async Task ReplayAsync_DeliveredDelivery_SendsAgainAndStaysDelivered()
    {
        var id = await _engine.EnqueueAsync("t1", "job-1");
        await DeliverAsync();

        var (attempt, delivery) = (await Outbox.ReplayAsync("t1", id, _engine.Now))!.Value;

        attempt.Replay.Should().BeTrue();
        delivery.State.Should().Be(DeliveryState.Delivered);
        delivery.Attempts.Select(a => a.Replay).Should().Equal(false, true);
        Transport.Calls.Should().HaveCount(2);
    }

    [Theory]
    [InlineData("t1", "no-such-delivery")]
    [InlineData("t2", null)]
    public async Task ReplayAsync_UnknownDeliveryOrOtherTenant_ReturnsNull(string tenant, string? id)
    {
        var existing = await _engine.EnqueueAsync("t1", "job-1");

        (await Outbox.ReplayAsync(tenant, id ?? existing, _engine.Now)).Should().BeNull();
        Transport.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task DeliverDueAsync_SameSubject_StaysInOrderWhileOtherSubjectsGoAhead()
    {
        for (var i = 0; i < 5; i++)
        {
            await _engine.EnqueueAsync("t1", "s1", $"s1-{i}");
            await _engine.EnqueueAsync("t1", "s2", $"s2-{i}");
        }
        var s2Done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var s2Sent = 0;
        Transport.Handler = async call =>
        {
            if (call.Text == "s1-0")
            {
                // Held until every s2 delivery went out: they must not queue behind s1.
                await s2Done.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }
            else if (call.Text.StartsWith("s2-", StringComparison.Ordinal) && Interlocked.Increment(ref s2Sent) == 5)
            {
                s2Done.SetResult();
            }
            return FakeWebhookTransport.Status(200);
        };

        await DeliverAsync();

        var sent = Transport.Calls.Select(c => c.Text).ToList();
        sent.Where(b => b.StartsWith("s1-", StringComparison.Ordinal)).Should().Equal("s1-0", "s1-1", "s1-2", "s1-3", "s1-4");
        sent.Where(b => b.StartsWith("s2-", StringComparison.Ordinal)).Should().Equal("s2-0", "s2-1", "s2-2", "s2-3", "s2-4");
        sent.IndexOf("s2-4").Should().BeLessThan(sent.IndexOf("s1-1"), "s2 went ahead while s1's first delivery was held");
        (await _engine.DeliveriesAsync("t1")).Should().OnlyContain(d => d.State == DeliveryState.Delivered);
    }

    [Fact]
    public async Task DeliverDueAsync_OneTenant_SendsNothingOfAnother()
    {
        await _engine.EnqueueAsync("t1", "job-1");
        var theirs = await _engine.EnqueueAsync("t2", "job-2");

        await Outbox.DeliverDueAsync("t1", _engine.Now);

        Transport.Calls.Should().ContainSingle().Which.Url.Should().Be(TestJobKind.Receiver("t1"));
        (await _engine.DeliveryAsync("t2", theirs)).State.Should().Be(DeliveryState.Pending);
    }

    [Fact]
    public async Task DeliverDueAsync_TenantReset_StopsItsRetries()
    {
        Transport.AlwaysAnswer(500);
        await _engine.EnqueueAsync("t1", "job-1");
        var theirs = await _engine.EnqueueAsync("t2", "job-2");
        await DeliverAsync();
        await DeliverAsync("t2");

        await _engine.Store.ResetAsync("t1");
        _engine.Clock.Advance(TimeSpan.FromSeconds(10));
        await DeliverAsync();
        await DeliverAsync("t2");

        (await _engine.DeliveriesAsync("t1")).Should().BeEmpty();
        Transport.Calls.Count(c => c.Url == TestJobKind.Receiver("t1")).Should().Be(1);
        (await _engine.DeliveryAsync("t2", theirs)).Attempts.Should().HaveCount(2);
    }

    [Fact]
    public async Task ListAsync_Subject_ReturnsThoseAboutItOldestFirst()
    {
        var a1 = await _engine.EnqueueAsync("t1", "a");
        await _engine.EnqueueAsync("t1", "b");
        var a2 = await _engine.EnqueueAsync("t1", "a");
        var a3 = await _engine.EnqueueAsync("t2", "a");

        (await Outbox.ListAsync("t1", "a")).Select(d => d.Id).Should().Equal(a1, a2);
        (await Outbox.ListAsync(null, "a")).Select(d => d.Id).Should().Equal(a1, a2, a3);
        (await Outbox.ListAsync("t1")).Should().HaveCount(3);
        (await Outbox.FindAsync(a3))!.Tenant.Should().Be("t2");
        (await Outbox.FindAsync(a3, "t1")).Should().BeNull();
    }

    // Reproducer: a full outbox used to drop the oldest waiting deliveries to make room.
    [Fact]
    public async Task EnsureRoomAsync_MaxPendingReached_RefusesNewWorkAndKeepsEveryDelivery()
    {
        var engine = new TestEngine(o => o.MaxPending = 3);
        await engine.EnqueueAsync("t1", "job-1");
        await engine.EnqueueAsync("t1", "job-2");
        await engine.EnqueueAsync("t2", "job-3");

        var ensure = () => engine.Outbox.EnsureRoomAsync().AsTask();

        (await ensure.Should().ThrowAsync<OutboxFullException>()).WithMessage("3 *limit is 3*");
        (await engine.DeliveriesAsync()).Should().HaveCount(3).And.OnlyContain(d => d.State == DeliveryState.Pending);
    }

    [Fact]
    public async Task EnsureRoomAsync_BelowMaxPending_AcceptsWork()
    {
        var engine = new TestEngine(o => o.MaxPending = 3);
        await engine.EnqueueAsync("t1", "job-1");
        await engine.EnqueueAsync("t2", "job-2");

        await engine.Outbox.EnsureRoomAsync();
    }

    // Reproducer: trimming the finished log used to drop deliveries that were still waiting.
    [Fact]
    public async Task TrimAsync_FinishedBeyondTheLimit_DropsTheOldestFinishedAndNeverAPendingOne()
    {
        var engine = new TestEngine(o => o.FinishedPerTenant = 5);
        var dead = new Uri("https://receiver.test/dead");
        engine.Transport.Handler = call => Task.FromResult(FakeWebhookTransport.Status(call.Url == dead ? 503 : 200));
        for (var i = 0; i < 3; i++)
        {
            await engine.EnqueueAsync("t1", $"p{i}", url: dead);
        }
        for (var i = 0; i < 30; i++)
        {
            await engine.EnqueueAsync("t1", $"f{i}");
        }
        await engine.EnqueueAsync("t2", "other");

        await engine.Scheduler.RunTenantAsync("t1");

        var kept = await engine.DeliveriesAsync("t1");
        kept.Select(d => d.Subject).Should().Equal("p0", "p1", "p2", "f25", "f26", "f27", "f28", "f29");
        kept.Take(3).Should().OnlyContain(d => d.State == DeliveryState.Pending);
        (await engine.DeliveriesAsync("t2")).Should().ContainSingle();
    }

    [Fact]
    public async Task TrimAsync_FinishedWithinTheLimit_KeepsThemAll()
    {
        var engine = new TestEngine(o => o.FinishedPerTenant = 5);
        for (var i = 0; i < 5; i++)
        {
            await engine.EnqueueAsync("t1", $"f{i}");
        }

        await engine.Scheduler.RunTenantAsync("t1");
        await engine.Outbox.TrimAsync("t1");

        (await engine.DeliveriesAsync("t1")).Should().HaveCount(5).And.OnlyContain(d => d.State == DeliveryState.Delivered);
    }
}
