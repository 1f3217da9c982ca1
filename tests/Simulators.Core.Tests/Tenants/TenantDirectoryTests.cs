using Simulators.Core.Clock;
using Simulators.Core.State;
using Simulators.Core.Tenants;

namespace Simulators.Core.Tests.Tenants;

public sealed class TenantDirectoryTests : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly ManualSystemTime _system = new(T0);
    private readonly SimulatorClock _simulator;
    private readonly IStateStore _store = new MemoryStateStore();
    private readonly TenantDirectory _tenants;

    public TenantDirectoryTests()
    {
        _simulator = new SimulatorClock(_system);
        _tenants = new TenantDirectory(_store, _simulator);
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    private async Task<DateTimeOffset> NowOf(string tenant) => (await _tenants.FindAsync(tenant)).Now;

    [Fact]
    public async Task FindAsync_UnknownTenant_NeverCreatesIt()
    {
        var tenant = await _tenants.FindAsync("t1");

        tenant.Exists.Should().BeFalse();
        tenant.Record.Should().BeNull();
        (tenant.Now, tenant.Offset, tenant.IsFrozen).Should().Be((T0, TimeSpan.Zero, false));
        (await _tenants.FindAsync("t1")).Exists.Should().BeFalse();
        (await _tenants.ListAsync()).Should().BeEmpty();
        (await _store.CountAsync(TenantDirectory.Collection, tenant: null)).Should().Be(0);
    }

    [Fact]
    public async Task EnsureAsync_FirstCall_CreatesTheTenantWithTheSimulatorTimeAndNothingQueued()
    {
        _system.Advance(TimeSpan.FromMinutes(1));

        var tenant = await _tenants.EnsureAsync("t1");

        tenant.Exists.Should().BeTrue();
        tenant.Record!.Id.Should().Be("t1");
        tenant.Record.CreatedAt.Should().Be(T0.AddMinutes(1));
        tenant.Record.Clock.Should().Be(TenantClock.Default);
        tenant.Record.QueuedOutcomes.Should().BeEmpty();
        (await _tenants.FindAsync("t1")).Exists.Should().BeTrue();
    }

    [Fact]
    public async Task EnsureAsync_ConcurrentFirstCalls_CreateTheTenantOnce()
    {
        var calls = Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            _system.Advance(TimeSpan.FromTicks(1));
            return await _tenants.EnsureAsync("t1");
        }));

        var tenants = await Task.WhenAll(calls);

        tenants.Select(t => t.Record!.CreatedAt).Distinct().Should().ContainSingle("every call sees the one record that was created");
        (await _store.GetAsync(TenantDirectory.Collection, "t1", "t1"))!.Version.Should().Be(1);
        (await _tenants.ListAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task EnsureAsync_Existing_ReturnsItUnchanged()
    {
        var first = await _tenants.EnsureAsync("t1");
        _system.Advance(TimeSpan.FromHours(1));

        var again = await _tenants.EnsureAsync("t1");

        again.Record.Should().Be(first.Record);
        (await _store.GetAsync(TenantDirectory.Collection, "t1", "t1"))!.Version.Should().Be(1);
    }

    [Fact]
    public async Task EnsureAsync_EmptyId_Throws()
    {
        var ensure = () => _tenants.EnsureAsync("").AsTask();

        await ensure.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task Now_ByDefault_FollowsTheSimulatorClock()
    {
        await _tenants.EnsureAsync("t1");

        _system.Advance(TimeSpan.FromSeconds(3));
        _simulator.Advance(TimeSpan.FromMinutes(2));

        (await NowOf("t1")).Should().Be(T0 + TimeSpan.FromSeconds(3) + TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task AdvanceAsync_OneTenant_MovesNeitherTheSimulatorNorAnotherTenant()
    {
        await _tenants.EnsureAsync("t2");

        var t1 = await _tenants.AdvanceAsync("t1", TimeSpan.FromHours(1));

        (t1.Now, t1.Offset).Should().Be((T0.AddHours(1), TimeSpan.FromHours(1)));
        (await NowOf("t1")).Should().Be(T0.AddHours(1));
        (await NowOf("t2")).Should().Be(T0);
        (await NowOf("never-seen")).Should().Be(T0);
        _simulator.GetUtcNow().Should().Be(T0);
    }

    [Fact]
    public async Task FreezeAsync_OneTenant_StopsOnlyThatTenant()
    {
        await _tenants.EnsureAsync("t2");

        var t1 = await _tenants.FreezeAsync("t1");
        _system.Advance(TimeSpan.FromMinutes(1));
        _simulator.Advance(TimeSpan.FromMinutes(2));

        t1.IsFrozen.Should().BeTrue();
        (await NowOf("t1")).Should().Be(T0);
        (await _tenants.FindAsync("t2")).IsFrozen.Should().BeFalse();
        (await NowOf("t2")).Should().Be(T0.AddMinutes(3));
        _simulator.IsFrozen.Should().BeFalse();
    }

    [Fact]
    public async Task AdvanceAsync_FrozenTenant_MovesItsFrozenInstant()
    {
        await _tenants.FreezeAsync("t1");

        await _tenants.AdvanceAsync("t1", TimeSpan.FromSeconds(45));
        _system.Advance(TimeSpan.FromHours(1));

        (await NowOf("t1")).Should().Be(T0.AddSeconds(45));
    }

    [Fact]
    public async Task ResumeAsync_AfterFreeze_ContinuesFromTheFrozenInstant()
    {
        await _tenants.EnsureAsync("t2");
        await _tenants.FreezeAsync("t1");
        await _tenants.AdvanceAsync("t1", TimeSpan.FromMinutes(5));
        _system.Advance(TimeSpan.FromHours(1));

        var t1 = await _tenants.ResumeAsync("t1");

        t1.IsFrozen.Should().BeFalse();
        t1.Now.Should().Be(T0.AddMinutes(5));
        _system.Advance(TimeSpan.FromSeconds(2));
        _simulator.Advance(TimeSpan.FromSeconds(3));
        (await NowOf("t1")).Should().Be(T0.AddMinutes(5).AddSeconds(5));
        (await NowOf("t2")).Should().Be(T0.AddHours(1).AddSeconds(5));
    }

    [Fact]
    public async Task ResumeAsync_NotFrozen_KeepsTheOffset()
    {
        await _tenants.AdvanceAsync("t1", TimeSpan.FromMinutes(7));

        var t1 = await _tenants.ResumeAsync("t1");

        (t1.Offset, t1.Now).Should().Be((TimeSpan.FromMinutes(7), T0.AddMinutes(7)));
    }

    [Fact]
    public async Task IsFrozen_SimulatorFrozen_IsTrueForEveryTenant()
    {
        await _tenants.EnsureAsync("t1");

        _simulator.Freeze();

        (await _tenants.FindAsync("t1")).IsFrozen.Should().BeTrue();
        (await _tenants.FindAsync("never-seen")).IsFrozen.Should().BeTrue();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AdvanceAsync_Negative_ThrowsAndLeavesTheClock(bool frozen)
    {
        if (frozen)
        {
            await _tenants.FreezeAsync("t1");
        }

        var advance = () => _tenants.AdvanceAsync("t1", TimeSpan.FromSeconds(-1)).AsTask();

        await advance.Should().ThrowAsync<ArgumentOutOfRangeException>();
        (await NowOf("t1")).Should().Be(T0);
    }

    [Fact]
    public async Task StoreReset_OfOneTenant_GivesItAFreshClockAndQueue()
    {
        await _tenants.AdvanceAsync("t1", TimeSpan.FromDays(1));
        await _tenants.QueueOutcomesAsync("t1", ["A"]);
        await _tenants.AdvanceAsync("t2", TimeSpan.FromDays(2));

        await _store.ResetAsync("t1");

        (await _tenants.FindAsync("t1")).Exists.Should().BeFalse();
        (await NowOf("t1")).Should().Be(T0);
        (await _tenants.EnsureAsync("t1")).Record!.QueuedOutcomes.Should().BeEmpty();
        (await NowOf("t2")).Should().Be(T0.AddDays(2));
    }

    [Fact]
    public async Task QueueOutcomesAsync_Several_KeepsThemInOrderUntilCleared()
    {
        await _tenants.QueueOutcomesAsync("t1", ["A", "B"]);
        var queued = await _tenants.QueueOutcomesAsync("t1", ["C"]);

        queued.Record!.QueuedOutcomes.Should().Equal("A", "B", "C");

        var cleared = await _tenants.ClearOutcomesAsync("t1");

        cleared.Record!.QueuedOutcomes.Should().BeEmpty();
    }

    [Fact]
    public async Task TakeOutcomeAsync_HeadFits_TakesOnlyTheHead()
    {
        await _tenants.QueueOutcomesAsync("t1", ["A", "B"]);

        (await _tenants.TakeOutcomeAsync("t1", _ => true)).Should().Be("A");

        (await _tenants.FindAsync("t1")).Record!.QueuedOutcomes.Should().Equal("B");
    }

    [Fact]
    public async Task TakeOutcomeAsync_HeadDoesNotFit_TakesNothingEvenIfALaterOneWould()
    {
        await _tenants.QueueOutcomesAsync("t1", ["A", "B"]);
        var offered = new List<string>();

        var taken = await _tenants.TakeOutcomeAsync("t1", name =>
        {
            offered.Add(name);
            return name == "B";
        });

        taken.Should().BeNull();
        offered.Should().Equal("A");
        (await _tenants.FindAsync("t1")).Record!.QueuedOutcomes.Should().Equal("A", "B");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TakeOutcomeAsync_NothingQueuedOrUnknownTenant_ReturnsNullAndCreatesNothing(bool exists)
    {
        if (exists)
        {
            await _tenants.EnsureAsync("t1");
        }

        (await _tenants.TakeOutcomeAsync("t1", _ => true)).Should().BeNull();

        (await _tenants.FindAsync("t1")).Exists.Should().Be(exists);
    }

    [Fact]
    public async Task TakeOutcomeAsync_ConcurrentTakers_TakeEachQueuedOutcomeOnce()
    {
        var queued = Enumerable.Range(0, 40).Select(i => $"O{i}").ToList();
        await _tenants.QueueOutcomesAsync("t1", queued);

        var taken = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => Task.Run(async () => await _tenants.TakeOutcomeAsync("t1", _ => true))));

        taken.Where(t => t is not null).Should().HaveCount(40).And.OnlyHaveUniqueItems().And.BeEquivalentTo(queued);
        taken.Count(t => t is null).Should().Be(20);
        (await _tenants.FindAsync("t1")).Record!.QueuedOutcomes.Should().BeEmpty();
    }
}

public sealed class TenantClockTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Now_Default_IsTheSimulatorTime()
    {
        TenantClock.Default.Now(T0).Should().Be(T0);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(36_000_000_000L)]
    public void Advance_NotFrozen_AddsToTheOffset(long ticks)
    {
        var clock = TenantClock.Default.Advance(TimeSpan.FromTicks(ticks));

        clock.Offset.Should().Be(TimeSpan.FromTicks(ticks));
        clock.Now(T0).Should().Be(T0.AddTicks(ticks));
        clock.FrozenAtTicks.Should().BeNull();
    }

    [Fact]
    public void Freeze_ThenResume_ContinuesFromTheFrozenInstant()
    {
        var frozen = TenantClock.Default.Advance(TimeSpan.FromMinutes(1)).Freeze(T0);

        frozen.Now(T0.AddHours(5)).Should().Be(T0.AddMinutes(1));

        var resumed = frozen.Resume(T0.AddHours(5));

        resumed.FrozenAtTicks.Should().BeNull();
        resumed.Now(T0.AddHours(5)).Should().Be(T0.AddMinutes(1));
        resumed.Now(T0.AddHours(5).AddSeconds(1)).Should().Be(T0.AddMinutes(1).AddSeconds(1));
    }

    [Fact]
    public void Resume_NotFrozen_IsTheSameClock()
    {
        var clock = TenantClock.Default.Advance(TimeSpan.FromSeconds(5));

        clock.Resume(T0).Should().BeSameAs(clock);
    }

    [Fact]
    public void Advance_Negative_Throws()
    {
        var advance = () => TenantClock.Default.Advance(TimeSpan.FromTicks(-1));

        advance.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void SimulatorClockSnapshot_RestoredElsewhere_ShowsTheSameTime()
    {
        var system = new ManualSystemTime(T0);
        var clock = new SimulatorClock(system);
        clock.Advance(TimeSpan.FromHours(3));
        var restored = new SimulatorClock(system);

        restored.Restore(clock.Snapshot());

        restored.GetUtcNow().Should().Be(T0.AddHours(3));
        clock.Freeze();
        restored.Restore(clock.Snapshot());
        system.Advance(TimeSpan.FromMinutes(1));
        (restored.IsFrozen, restored.GetUtcNow()).Should().Be((true, T0.AddHours(3)));
    }
}
