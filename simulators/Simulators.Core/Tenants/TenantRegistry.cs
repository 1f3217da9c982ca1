using System.Collections.Concurrent;
using Simulators.Core.Clock;

namespace Simulators.Core.Tenants;

/// <summary>What the control API needs to know about tenants, without knowing the provider.</summary>
public interface ITenantDirectory
{
    /// <summary>Raised after a tenant was dropped, so the engine can forget its jobs, deliveries and requests.</summary>
    event Action<string>? TenantReset;

    IReadOnlyCollection<Tenant> All { get; }

    Tenant? Find(string id);

    Tenant GetOrCreate(string id);

    /// <summary>Drops one tenant's state; it starts afresh on its next call.</summary>
    bool Reset(string id);

    void ResetAll();
}

/// <summary>Tenants of one provider, each with its provider state created on first use.</summary>
public sealed class TenantRegistry<TState>(SimulatorClock clock, Func<Tenant, TState> createState) : ITenantDirectory
    where TState : class
{
    private readonly ConcurrentDictionary<string, Tenant<TState>> _tenants = new(StringComparer.Ordinal);

    public event Action<string>? TenantReset;

    public IReadOnlyCollection<Tenant> All => _tenants.Values.ToArray();

    public Tenant<TState> this[string id] => _tenants.GetOrAdd(id, static (key, self) => new Tenant<TState>(key, self.Clock, self.CreateState), this);

    private SimulatorClock Clock { get; } = clock;

    private Func<Tenant, TState> CreateState { get; } = createState;

    public Tenant? Find(string id) => _tenants.GetValueOrDefault(id);

    public Tenant GetOrCreate(string id) => this[id];

    public bool Reset(string id)
    {
        if (!_tenants.TryRemove(id, out var tenant))
        {
            return false;
        }
        tenant.Retire();
        TenantReset?.Invoke(id);
        return true;
    }

    public void ResetAll()
    {
        foreach (var id in _tenants.Keys)
        {
            Reset(id);
        }
    }
}
