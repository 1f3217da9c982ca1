using System.Globalization;
using System.Text;
using Simulators.Core.Clock;
using Simulators.Core.Tenants;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Tests;

public sealed class WebhookOutboxTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Uri Receiver = new("https://receiver.test/hooks");
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"event":"COMPLETED"}""");

    private readonly SimulatorClock _clock = new();
    private readonly TenantRegistry<object> _tenants;
    private readonly FakeWebhookTransport _transport = new();
    private readonly WebhookOutbox _outbox;
    private readonly List<(DateTimeOffset At, byte[] Body)> _signed = [];

    public WebhookOutboxTests()
    {
        _clock.Freeze(T0);
        _tenants = new TenantRegistry<object>(_clock, _ => new object());
        _outbox = new WebhookOutbox(_transport, new WebhookRetryPolicy());
    }

    public void Dispose() => _outbox.Dispose();

    private Tenant T1 => _tenants["t1"];

    private IReadOnlyList<KeyValuePair<string, string>> Sign(DateTimeOffset at, ReadOnlySpan<byte> body)
    {
        _signed.Add((at, body.ToArray()));
        return
        [
            new("Content-Type", "application/json"),
            new("X-Timestamp", at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        ];
    }

    private WebhookDelivery Enqueue(Tenant? tenant = null, string subject = "job-1") =>
        _outbox.Enqueue(tenant ?? T1, "COMPLETED", subject, Receiver, Body, Sign);

    [Fact]
    public void Enqueue_NewDelivery_IsPendingAndDueNow()
    {
        var delivery = Enqueue();

        delivery.State.Should().Be(DeliveryState.Pending);
        delivery.CreatedAt.Should().Be(T0);
        delivery.NextAttemptAt.Should().Be(T0);
        delivery.Attempts.Should().BeEmpty();
        _outbox.Find(delivery.Id).Should().BeSameAs(delivery);
        _transport.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task DeliverDueAsync_DueDelivery_SendsIt()
    {
        var delivery = Enqueue();

        await _outbox.DeliverDueAsync();

        var call = _transport.Calls.Should().ContainSingle().Subject;
        call.Url.Should().Be(Receiver);
        call.Body.Should().Equal(Body);
        call.Timeout.Should().Be(_outbox.Policy.Timeout);
        call.Headers.Should().Contain(new KeyValuePair<string, string>("X-Timestamp", T0.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        delivery.Attempts.Should().ContainSingle();
    }

    [Fact]
    public async Task DeliverDueAsync_2xx_MarksDelivered()
    {
        var delivery = Enqueue();
        _transport.Answer(204);

        await _outbox.DeliverDueAsync();
        _clock.Advance(TimeSpan.FromHours(1));
        await _outbox.DeliverDueAsync();

        delivery.State.Should().Be(DeliveryState.Delivered);
        delivery.NextAttemptAt.Should().BeNull();
        var attempt = delivery.Attempts.Should().ContainSingle().Subject;
        attempt.Number.Should().Be(1);
        attempt.At.Should().Be(T0);
        attempt.StatusCode.Should().Be(204);
        attempt.Replay.Should().BeFalse();
        _transport.Calls.Should().HaveCount(1, "a delivered webhook is not sent again");
    }

    [Fact]
    public async Task DeliverDueAsync_500_RetriesTenSecondsLaterOnTenantClock()
    {
        var delivery = Enqueue();
        _transport.Answer(500);

        await _outbox.DeliverDueAsync();

        delivery.State.Should().Be(DeliveryState.Pending);
        delivery.NextAttemptAt.Should().Be(T0 + TimeSpan.FromSeconds(10));
        delivery.Attempts.Should().ContainSingle().Which.StatusCode.Should().Be(500);

        await _outbox.DeliverDueAsync();
        T1.Clock.Advance(TimeSpan.FromSeconds(9));
        await _outbox.DeliverDueAsync();
        _tenants["t2"].Clock.Advance(TimeSpan.FromMinutes(5));
        await _outbox.DeliverDueAsync();
        _transport.Calls.Should().HaveCount(1, "the retry is not due yet on t1's clock");

        T1.Clock.Advance(TimeSpan.FromSeconds(1));
        await _outbox.DeliverDueAsync();

        _transport.Calls.Should().HaveCount(2);
        delivery.Attempts.Select(a => a.At).Should().Equal(T0, T0 + TimeSpan.FromSeconds(10));
        delivery.Attempts[1].Number.Should().Be(2);
        delivery.State.Should().Be(DeliveryState.Delivered);
    }

    [Fact]
    public async Task DeliverDueAsync_SimulatorAdvance_MakesRetryDue()
    {
        var delivery = Enqueue();
        _transport.Answer(503);
        await _outbox.DeliverDueAsync();

        _clock.Advance(TimeSpan.FromSeconds(10));
        await _outbox.DeliverDueAsync();

        delivery.Attempts.Should().HaveCount(2);
        delivery.State.Should().Be(DeliveryState.Delivered);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(404)]
    [InlineData(302)]
    [InlineData(null)]
    public async Task DeliverDueAsync_Non2xxOrNoAnswer_SchedulesRetry(int? status)
    {
        var delivery = Enqueue();
        _transport.Answer(status);

        await _outbox.DeliverDueAsync();

        delivery.State.Should().Be(DeliveryState.Pending);
        delivery.NextAttemptAt.Should().Be(T0 + TimeSpan.FromSeconds(10));
        delivery.Attempts.Single().StatusCode.Should().Be(status);
    }

    [Fact]
    public async Task DeliverDueAsync_EveryRetryFails_FailsAfterSixAttemptsOnBackoff()
    {
        var delivery = Enqueue();
        _transport.AlwaysAnswer(500);

        await _outbox.DeliverDueAsync();
        foreach (var wait in _outbox.Policy.Backoff)
        {
            delivery.State.Should().Be(DeliveryState.Pending);
            delivery.NextAttemptAt.Should().Be(T1.Clock.GetUtcNow() + wait);
            T1.Clock.Advance(wait);
            await _outbox.DeliverDueAsync();
        }

        delivery.State.Should().Be(DeliveryState.Failed);
        delivery.NextAttemptAt.Should().BeNull();
        delivery.Attempts.Should().HaveCount(6);
        delivery.Attempts.Select(a => a.Number).Should().Equal(1, 2, 3, 4, 5, 6);
        delivery.Attempts.Select(a => a.At - T0).Should().Equal(
            TimeSpan.Zero,
            TimeSpan.FromSeconds(10),
            TimeSpan.FromSeconds(40),
            TimeSpan.FromSeconds(160),
            TimeSpan.FromSeconds(760),
            TimeSpan.FromSeconds(2560));

        T1.Clock.Advance(TimeSpan.FromDays(1));
        await _outbox.DeliverDueAsync();
        _transport.Calls.Should().HaveCount(6, "a failed delivery is not retried on its own");
    }

    [Fact]
    public async Task ReplayAsync_DeliveredDelivery_SendsAgainAndRecordsReplay()
    {
        var delivery = Enqueue();
        await _outbox.DeliverDueAsync();
        _clock.Advance(TimeSpan.FromMinutes(3));

        var replay = await _outbox.ReplayAsync(delivery);

        _transport.Calls.Should().HaveCount(2);
        replay.Replay.Should().BeTrue();
        replay.Number.Should().Be(2);
        replay.At.Should().Be(T0 + TimeSpan.FromMinutes(3));
        delivery.Attempts.Should().HaveCount(2).And.ContainInOrder(delivery.Attempts[0], replay);
        delivery.State.Should().Be(DeliveryState.Delivered);
    }

    [Fact]
    public async Task ReplayAsync_FailedDeliverySucceeds_MarksDelivered()
    {
        var delivery = Enqueue();
        _transport.AlwaysAnswer(500);
        await _outbox.DeliverDueAsync();
        foreach (var wait in _outbox.Policy.Backoff)
        {
            T1.Clock.Advance(wait);
            await _outbox.DeliverDueAsync();
        }
        delivery.State.Should().Be(DeliveryState.Failed);

        _transport.AlwaysAnswer(200);
        var replay = await _outbox.ReplayAsync(delivery);

        replay.Replay.Should().BeTrue();
        replay.Number.Should().Be(7);
        delivery.State.Should().Be(DeliveryState.Delivered);
        delivery.NextAttemptAt.Should().BeNull();
    }

    [Fact]
    public async Task ReplayAsync_FailingReplayOfPendingDelivery_KeepsItsSchedule()
    {
        var delivery = Enqueue();
        _transport.AlwaysAnswer(500);
        await _outbox.DeliverDueAsync();

        var replay = await _outbox.ReplayAsync(delivery);

        replay.StatusCode.Should().Be(500);
        delivery.State.Should().Be(DeliveryState.Pending);
        delivery.NextAttemptAt.Should().Be(T0 + TimeSpan.FromSeconds(10));

        _transport.AlwaysAnswer(200);
        T1.Clock.Advance(TimeSpan.FromSeconds(10));
        await _outbox.DeliverDueAsync();
        delivery.State.Should().Be(DeliveryState.Delivered);
        delivery.Attempts.Select(a => a.Replay).Should().Equal(false, true, false);
    }

    [Fact]
    public async Task ReplayAsync_ReplaysDoNotUseUpRetries()
    {
        var delivery = Enqueue();
        _transport.AlwaysAnswer(500);
        await _outbox.DeliverDueAsync();
        await _outbox.ReplayAsync(delivery);
        await _outbox.ReplayAsync(delivery);

        T1.Clock.Advance(TimeSpan.FromSeconds(10));
        await _outbox.DeliverDueAsync();

        delivery.State.Should().Be(DeliveryState.Pending);
        delivery.NextAttemptAt.Should().Be(T0 + TimeSpan.FromSeconds(40), "the second scheduled attempt waits the second backoff");
    }

    [Fact]
    public async Task DeliverDueAsync_HeaderFactory_IsCalledPerAttemptWithItsTime()
    {
        var delivery = Enqueue();
        _transport.Answer(500);

        await _outbox.DeliverDueAsync();
        T1.Clock.Advance(TimeSpan.FromSeconds(10));
        await _outbox.DeliverDueAsync();
        T1.Clock.Advance(TimeSpan.FromSeconds(5));
        await _outbox.ReplayAsync(delivery);

        _signed.Select(s => s.At).Should().Equal(T0, T0 + TimeSpan.FromSeconds(10), T0 + TimeSpan.FromSeconds(15));
        _signed.Should().OnlyContain(s => s.Body.SequenceEqual(Body));
        _transport.Calls.Select(c => c.Headers.Single(h => h.Key == "X-Timestamp").Value).Should().Equal(
            T0.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            (T0 + TimeSpan.FromSeconds(10)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            (T0 + TimeSpan.FromSeconds(15)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        delivery.Attempts.Select(a => a.Headers).Should().Equal(_transport.Calls.Select(c => c.Headers));
    }

    [Fact]
    public async Task DeliverDueAsync_SeveralDue_SendsEachTenantsInOrder()
    {
        byte[] Named(string name) => Encoding.UTF8.GetBytes(name);
        var first = _outbox.Enqueue(T1, "COMPLETED", "job-1", Receiver, Named("t1-first"), Sign);
        T1.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = _outbox.Enqueue(T1, "COMPLETED", "job-2", Receiver, Named("t1-second"), Sign);
        var other = _outbox.Enqueue(_tenants["t2"], "COMPLETED", "job-3", Receiver, Named("t2-only"), Sign);

        await _outbox.DeliverDueAsync();

        new[] { first, second, other }.Should().OnlyContain(d => d.State == DeliveryState.Delivered);
        var sent = _transport.Calls.Select(c => Encoding.UTF8.GetString(c.Body)).ToList();
        sent.Should().BeEquivalentTo("t1-first", "t1-second", "t2-only");
        sent.Where(b => b.StartsWith("t1-", StringComparison.Ordinal)).Should().Equal("t1-first", "t1-second");
    }

    [Fact]
    public async Task Enqueue_BeyondCapacity_DropsOldestSettledDeliveries()
    {
        using var outbox = new WebhookOutbox(_transport, new WebhookRetryPolicy(), capacity: 2);
        var d1 = outbox.Enqueue(T1, "COMPLETED", "job-1", Receiver, Body, Sign);
        var d2 = outbox.Enqueue(T1, "COMPLETED", "job-2", Receiver, Body, Sign);
        await outbox.DeliverDueAsync();

        var d3 = outbox.Enqueue(T1, "COMPLETED", "job-3", Receiver, Body, Sign);

        outbox.Find(d1.Id).Should().BeNull();
        outbox.List().Should().Equal(d2, d3);
    }

    [Fact]
    public void Enqueue_BeyondCapacity_KeepsPendingUntilTwiceCapacity()
    {
        using var outbox = new WebhookOutbox(_transport, new WebhookRetryPolicy(), capacity: 2);
        var deliveries = Enumerable.Range(1, 4).Select(i => outbox.Enqueue(T1, "COMPLETED", $"job-{i}", Receiver, Body, Sign)).ToList();

        outbox.List().Should().Equal(deliveries, "pending deliveries are kept while the outbox is under twice its capacity");

        var fifth = outbox.Enqueue(T1, "COMPLETED", "job-5", Receiver, Body, Sign);

        outbox.Find(deliveries[0].Id).Should().BeNull();
        outbox.List().Should().Equal(deliveries[1], deliveries[2], deliveries[3], fifth);
    }

    [Fact]
    public async Task Enqueue_BeyondCapacity_DropsSettledBehindAPendingOne()
    {
        using var outbox = new WebhookOutbox(_transport, new WebhookRetryPolicy(), capacity: 2);
        _transport.Answer(500);
        var pending = outbox.Enqueue(T1, "COMPLETED", "job-1", Receiver, Body, Sign);
        await outbox.DeliverDueAsync();
        var settled = new List<WebhookDelivery>();
        for (var i = 2; i <= 5; i++)
        {
            settled.Add(outbox.Enqueue(T1, "COMPLETED", $"job-{i}", Receiver, Body, Sign));
            await outbox.DeliverDueAsync();
        }

        pending.State.Should().Be(DeliveryState.Pending);
        settled.Should().OnlyContain(d => d.State == DeliveryState.Delivered);
        outbox.Find(pending.Id).Should().NotBeNull("a pending delivery must outlive settled ones");
        outbox.List().Should().Equal(pending, settled[^1]);
    }

    [Fact]
    public async Task Forget_Tenant_HidesItsDeliveriesAndStopsTheirRetries()
    {
        _transport.Answer(500, 500);
        var mine = Enqueue();
        var theirs = Enqueue(_tenants["t2"]);
        await _outbox.DeliverDueAsync();

        _outbox.Forget("t1");
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _outbox.DeliverDueAsync();

        _outbox.Find(mine.Id).Should().BeNull();
        _outbox.List("t1").Should().BeEmpty();
        _outbox.List().Should().Equal(theirs);
        mine.Attempts.Should().HaveCount(1, "a forgotten delivery is not retried");
        theirs.Attempts.Should().HaveCount(2);
    }

    [Fact]
    public void List_WithTenant_FiltersAndKeepsOldestFirst()
    {
        var a1 = Enqueue(subject: "a1");
        var b1 = Enqueue(_tenants["t2"], subject: "b1");
        var a2 = Enqueue(subject: "a2");

        _outbox.List("t1").Should().Equal(a1, a2);
        _outbox.List("t2").Should().Equal(b1);
        _outbox.List().Should().Equal(a1, b1, a2);
    }

    [Fact]
    public async Task Clear_RemovesEverything()
    {
        var delivery = Enqueue();

        _outbox.Clear();
        await _outbox.DeliverDueAsync();

        _outbox.List().Should().BeEmpty();
        _outbox.Find(delivery.Id).Should().BeNull();
        _transport.Calls.Should().BeEmpty();
    }
}
