using System.Collections.Concurrent;
using Simulators.Core.Clock;

namespace Simulators.Core.Tenants;

/// <summary>
/// One isolated partition of a simulator's state, keyed by the credential that made the call
/// (an API key, an account). Parallel test suites each get their own.
/// </summary>
public class Tenant(string id, SimulatorClock clock)
{
    private readonly ConcurrentQueue<string> _queuedOutcomes = new();

    public string Id { get; } = id;

    public TenantClock Clock { get; } = new(clock);

    /// <summary>Set when the tenant is reset: background work holding it must drop it.</summary>
    public bool Retired { get; private set; }

    public IReadOnlyCollection<string> QueuedOutcomes => _queuedOutcomes.ToArray();

    public void QueueOutcome(string scenario) => _queuedOutcomes.Enqueue(scenario);

    public bool TryPeekOutcome(out string scenario) => _queuedOutcomes.TryPeek(out scenario!);

    public bool TryTakeOutcome(out string scenario) => _queuedOutcomes.TryDequeue(out scenario!);

    public void ClearOutcomes() => _queuedOutcomes.Clear();

    internal void Retire() => Retired = true;
}

/// <summary>A tenant with the provider's own state object.</summary>
public sealed class Tenant<TState>(string id, SimulatorClock clock, Func<Tenant, TState> createState) : Tenant(id, clock)
    where TState : class
{
    private TState? _state;

    public TState State => LazyInitializer.EnsureInitialized(ref _state, () => createState(this));
}
