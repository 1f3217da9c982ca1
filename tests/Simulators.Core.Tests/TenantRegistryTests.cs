using Simulators.Core.Clock;
using Simulators.Core.Tenants;

namespace Simulators.Core.Tests;

public sealed class TenantRegistryTests
{
    private sealed class State(Tenant owner)
    {
        public Tenant Owner { get; } = owner;
    }

    private readonly List<string> _reset = [];
    private int _created;
    private readonly TenantRegistry<State> _tenants;

    public TenantRegistryTests()
    {
        _tenants = new TenantRegistry<State>(new SimulatorClock(), t =>
        {
            _created++;
            return new State(t);
        });
        _tenants.TenantReset += _reset.Add;
    }

    [Fact]
    public void Indexer_SameId_ReturnsSameTenant()
    {
        var first = _tenants["t1"];

        _tenants["t1"].Should().BeSameAs(first);
        _tenants.GetOrCreate("t1").Should().BeSameAs(first);
        _tenants.Find("t1").Should().BeSameAs(first);
        _tenants["T1"].Should().NotBeSameAs(first, "tenant ids are case-sensitive");
    }

    [Fact]
    public void State_IsCreatedOnceOnFirstUse()
    {
        var tenant = _tenants["t1"];
        _created.Should().Be(0);

        var state = tenant.State;

        tenant.State.Should().BeSameAs(state);
        state.Owner.Should().BeSameAs(tenant);
        _created.Should().Be(1);
    }

    [Fact]
    public void Reset_KnownTenant_RetiresItAndStartsAfresh()
    {
        var old = _tenants["t1"];
        old.QueueOutcome("TIMEOUT");
        var oldState = old.State;

        _tenants.Reset("t1").Should().BeTrue();

        old.Retired.Should().BeTrue();
        _tenants.Find("t1").Should().BeNull();
        _reset.Should().Equal("t1");
        var fresh = _tenants["t1"];
        fresh.Should().NotBeSameAs(old);
        fresh.Retired.Should().BeFalse();
        fresh.QueuedOutcomes.Should().BeEmpty();
        fresh.State.Should().NotBeSameAs(oldState);
    }

    [Fact]
    public void Reset_UnknownTenant_ReturnsFalseWithoutEvent()
    {
        _tenants.Reset("nobody").Should().BeFalse();

        _reset.Should().BeEmpty();
    }

    [Fact]
    public void ResetAll_RetiresEveryTenant()
    {
        var tenants = new[] { _tenants["a"], _tenants["b"], _tenants["c"] };

        _tenants.ResetAll();

        tenants.Should().OnlyContain(t => t.Retired);
        _tenants.All.Should().BeEmpty();
        _reset.Should().BeEquivalentTo("a", "b", "c");
    }

    [Fact]
    public void Outcomes_AreQueuedPeekedAndTakenInOrder()
    {
        var tenant = _tenants["t1"];
        tenant.QueueOutcome("A");
        tenant.QueueOutcome("B");

        tenant.TryPeekOutcome(out var peeked).Should().BeTrue();
        peeked.Should().Be("A");
        tenant.TryTakeOutcome(out var taken).Should().BeTrue();
        taken.Should().Be("A");
        tenant.QueuedOutcomes.Should().Equal("B");

        tenant.ClearOutcomes();
        tenant.TryPeekOutcome(out _).Should().BeFalse();
        tenant.TryTakeOutcome(out _).Should().BeFalse();
    }
}
