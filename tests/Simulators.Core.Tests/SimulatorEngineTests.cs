using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Simulators.Core.Clock;
using Simulators.Core.Hosting;
using Simulators.Core.Journal;
using Simulators.Core.Lifecycle;
using Simulators.Core.Tenants;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Tests;

public sealed class SimulatorEngineTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Uri Receiver = new("https://receiver.test/hooks");

    private readonly SimulatorClock _clock = new();
    private readonly TenantRegistry<object> _tenants;
    private readonly LifecyclePump _pump = new(NullLogger<LifecyclePump>.Instance);
    private readonly FakeWebhookTransport _transport = new();
    private readonly WebhookOutbox _outbox;
    private readonly RequestJournal _journal = new(capacity: 10);
    private readonly SimulatorEngine _engine;

    public SimulatorEngineTests()
    {
        _tenants = new TenantRegistry<object>(_clock, _ => new object());
        _outbox = new WebhookOutbox(_transport, new WebhookRetryPolicy());
        _engine = new SimulatorEngine(_clock, _tenants, _pump, _outbox, _journal, new ClockStart { FrozenAt = T0 });
    }

    public void Dispose()
    {
        _pump.Dispose();
        _outbox.Dispose();
    }

    private static IReadOnlyList<KeyValuePair<string, string>> NoHeaders(DateTimeOffset at, ReadOnlySpan<byte> body) => [];

    private Timeline TrackJobWithWebhooks(Tenant tenant)
    {
        var timeline = _pump.Create(
            tenant,
            LifecyclePlan.Of((TimeSpan.Zero, "IN_QUEUE"), (TimeSpan.FromSeconds(5), "COMPLETED")).From(tenant.Clock.GetUtcNow()),
            step =>
            {
                _outbox.Enqueue(tenant, step.State, "job-1", Receiver, Encoding.UTF8.GetBytes(step.State), NoHeaders);
                return ValueTask.CompletedTask;
            });
        _pump.Track(timeline);
        return timeline;
    }

    private void Journal(string tenant)
    {
        _journal.Add(new JournalEntry(_journal.NextId(), _clock.GetUtcNow(), tenant, "GET", "/", "", [], CapturedBody.Empty, 200, null, CapturedBody.Empty, 1));
    }

    [Fact]
    public void Constructor_WithClockStart_FreezesTheClockThere()
    {
        _clock.IsFrozen.Should().BeTrue();
        _clock.GetUtcNow().Should().Be(T0);
    }

    [Fact]
    public async Task RunDueAsync_StepReached_SendsItsWebhookInTheSameRun()
    {
        TrackJobWithWebhooks(_tenants["t1"]);

        await _engine.RunDueAsync();
        _transport.Calls.Select(c => Encoding.UTF8.GetString(c.Body)).Should().Equal("IN_QUEUE");

        _clock.Advance(TimeSpan.FromSeconds(5));
        await _engine.RunDueAsync();
        _transport.Calls.Select(c => Encoding.UTF8.GetString(c.Body)).Should().Equal("IN_QUEUE", "COMPLETED");
        _outbox.List().Should().OnlyContain(d => d.State == DeliveryState.Delivered);
    }

    [Fact]
    public async Task TenantReset_ForgetsItsJobsDeliveriesAndRequests()
    {
        _transport.AlwaysAnswer(500);
        TrackJobWithWebhooks(_tenants["t1"]);
        TrackJobWithWebhooks(_tenants["t2"]);
        Journal("t1");
        Journal("t2");
        await _engine.RunDueAsync();

        _tenants.Reset("t1");
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _engine.RunDueAsync();

        _pump.PendingJobs.Should().Be(0, "t2's job is complete and t1's is forgotten");
        _outbox.List("t1").Should().BeEmpty();
        _outbox.List("t2").Should().HaveCount(2);
        _journal.Latest("t1").Should().BeEmpty();
        _journal.Latest("t2").Should().ContainSingle();
        _transport.Calls.Select(c => Encoding.UTF8.GetString(c.Body)).Should().BeEquivalentTo("IN_QUEUE", "IN_QUEUE", "IN_QUEUE", "COMPLETED");
    }

    [Fact]
    public async Task ResetAll_ClearsEverythingAndRestartsTheClock()
    {
        var tenant = _tenants["t1"];
        TrackJobWithWebhooks(tenant);
        Journal("t1");
        await _engine.RunDueAsync();
        _clock.Advance(TimeSpan.FromHours(3));

        _engine.ResetAll();

        tenant.Retired.Should().BeTrue();
        _tenants.All.Should().BeEmpty();
        _pump.PendingJobs.Should().Be(0);
        _outbox.List().Should().BeEmpty();
        _journal.Latest().Should().BeEmpty();
        _clock.IsFrozen.Should().BeTrue();
        _clock.GetUtcNow().Should().Be(T0);
    }

    [Fact]
    public void ResetAll_WithoutClockStart_ReturnsToRealTime()
    {
        using var pump = new LifecyclePump(NullLogger<LifecyclePump>.Instance);
        using var outbox = new WebhookOutbox(_transport, new WebhookRetryPolicy());
        var clock = new SimulatorClock();
        var engine = new SimulatorEngine(clock, new TenantRegistry<object>(clock, _ => new object()), pump, outbox, new RequestJournal(), new ClockStart());
        clock.Freeze();
        clock.Advance(TimeSpan.FromDays(2));

        engine.ResetAll();

        clock.IsFrozen.Should().BeFalse();
        clock.GetUtcNow().Should().BeCloseTo(TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(5));
    }
}
