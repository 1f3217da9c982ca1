using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Simulators.Core.State;

namespace Simulators.Core.Faults;

/// <summary>
/// The fault rules of one simulator: kept in memory for the request path and written through to
/// the store, so they survive a restart with the rest of the sandbox.
/// </summary>
public sealed class FaultRegistry(IStateStore store)
{
    public static readonly RecordSet<FaultRule> Collection = new("$fault", EngineJson.Default.FaultRule);

    private readonly Lock _gate = new();
    private ImmutableArray<(FaultRule Rule, Regex Path)> _rules = [];

    public bool IsEmpty => _rules.IsEmpty;

    public IReadOnlyList<FaultRule> Rules => [.. _rules.Select(r => r.Rule)];

    public async ValueTask LoadAsync(CancellationToken cancellationToken = default)
    {
        var stored = await store.QueryAsync(Collection, StateStore.Global, cancellationToken: cancellationToken);
        lock (_gate)
        {
            _rules = [.. stored.Select(s => (s.Value, Pattern(s.Value.Path)))];
        }
    }

    public async ValueTask<FaultRule> AddAsync(FaultRule rule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var path = Pattern(rule.Path);
        await store.PutAsync(Collection, StateStore.Global, rule.Id, rule, cancellationToken: cancellationToken);
        lock (_gate)
        {
            _rules = _rules.Add((rule, path));
        }
        return rule;
    }

    public async ValueTask<bool> RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        bool removed;
        lock (_gate)
        {
            var before = _rules.Length;
            _rules = _rules.RemoveAll(r => r.Rule.Id == id);
            removed = _rules.Length != before;
        }
        if (removed)
        {
            await store.DeleteAsync(Collection, StateStore.Global, id, cancellationToken: cancellationToken);
        }
        return removed;
    }

    /// <summary>Drops every rule, or one tenant's.</summary>
    public async ValueTask ClearAsync(string? tenant = null, CancellationToken cancellationToken = default)
    {
        ImmutableArray<(FaultRule Rule, Regex Path)> dropped;
        lock (_gate)
        {
            dropped = [.. _rules.Where(r => tenant is null || r.Rule.Tenant == tenant)];
            _rules = _rules.RemoveAll(r => tenant is null || r.Rule.Tenant == tenant);
        }
        if (dropped.Length > 0)
        {
            await store.CommitAsync([.. dropped.Select(r => StoreWrite.Delete(Collection, StateStore.Global, r.Rule.Id))], cancellationToken);
        }
    }

    /// <summary>
    /// The first rule that applies to a call and takes effect now (its count and probability
    /// allowing), counted as fired. <paramref name="tenant"/> null asks about rules for every call,
    /// otherwise about that tenant's rules only.
    /// </summary>
    public FaultRule? Fire(string method, string path, string? tenant)
    {
        foreach (var (rule, pattern) in _rules)
        {
            if (rule.Tenant != tenant || (rule.Method is { } m && !m.Equals(method, StringComparison.OrdinalIgnoreCase)) || !pattern.IsMatch(path))
            {
                continue;
            }
            lock (_gate)
            {
                var index = _rules.IndexOf(_rules.FirstOrDefault(r => r.Rule.Id == rule.Id));
                if (index < 0)
                {
                    continue;
                }
                var current = _rules[index].Rule;
                if (current.Count is <= 0 || (current.Probability is { } p && Random.Shared.NextDouble() >= p))
                {
                    continue;
                }
                var fired = current with { Fired = current.Fired + 1, Count = current.Count - 1 };
                _rules = _rules.SetItem(index, (fired, _rules[index].Path));
                return fired;
            }
        }
        return null;
    }

    /// <summary>Stores a fired rule's counters (best kept, never in the way of the call).</summary>
    public async ValueTask SaveAsync(FaultRule rule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var current = Rules.FirstOrDefault(r => r.Id == rule.Id);
        if (current is not null)
        {
            await store.PutAsync(Collection, StateStore.Global, current.Id, current, cancellationToken: cancellationToken);
        }
    }

    /// <summary>A path pattern as a regular expression; throws <see cref="ArgumentException"/> for one that is not a path.</summary>
    public static Regex Pattern(string path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/')
        {
            throw new ArgumentException("A path pattern starts with '/', e.g. /verifications/* or /**.", nameof(path));
        }
        // \A and \z, not ^ and $: "$" also matches before a final newline, so /x would match "/x\n" too.
        var regex = new StringBuilder(@"\A");
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '*' && i + 1 < path.Length && path[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
            }
            else if (path[i] == '*')
            {
                regex.Append("[^/]*");
            }
            else
            {
                regex.Append(Regex.Escape(path[i].ToString()));
            }
        }
        return new Regex(regex.Append(@"\z").ToString(), RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(50));
    }
}
