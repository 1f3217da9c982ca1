using Simulators.Core.Hosting;
using Simulators.Core.Jobs;
using Simulators.Core.Journal;
using Simulators.Core.State;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Tenants;

/// <summary>
/// Keeps the number of tenants of an in-memory simulator within <see cref="LimitsSettings.MaxTenants"/>:
/// when a new tenant takes it past, the tenants created longest ago that have nothing unfinished (no
/// running job, no pending webhook) are dropped, each with a journal line saying so. A durable store
/// keeps every tenant. The default tenant is never dropped.
/// </summary>
public sealed class TenantEvictor : IDisposable
{
    private readonly IStateStore _store;
    private readonly TenantDirectory _tenants;
    private readonly JobRegistry _jobs;
    private readonly WebhookOutbox _outbox;
    private readonly RequestJournal _journal;
    private readonly LimitsSettings _limits;
    private readonly Func<SimulatorEngine> _engine;
    private readonly string? _keep;
    private readonly SemaphoreSlim _one = new(1, 1);

    public TenantEvictor(IStateStore store, TenantDirectory tenants, JobRegistry jobs, WebhookOutbox outbox, RequestJournal journal, LimitsSettings limits, Func<SimulatorEngine> engine, string? keep)
    {
        _store = store;
        _tenants = tenants;
        _jobs = jobs;
        _outbox = outbox;
        _journal = journal;
        _limits = limits;
        _engine = engine;
        _keep = keep;
        if (!store.Info.Durable)
        {
            tenants.Created = OnCreatedAsync;
        }
    }

    public void Dispose() => _one.Dispose();

    private async ValueTask OnCreatedAsync(string created, CancellationToken cancellationToken)
    {
        if (await _store.CountAsync(TenantDirectory.Collection, tenant: null, cancellationToken: cancellationToken) <= _limits.MaxTenants)
        {
            return;
        }
        await _one.WaitAsync(cancellationToken);
        try
        {
            var all = (await _tenants.ListAsync(cancellationToken)).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
            var excess = all.Count - _limits.MaxTenants;
            foreach (var tenant in all)
            {
                if (excess <= 0)
                {
                    break;
                }
                if (tenant.Id == created || tenant.Id == _keep || await HasUnfinishedWorkAsync(tenant, cancellationToken))
                {
                    continue;
                }
                await _engine().ResetTenantAsync(tenant.Id, cancellationToken);
                excess--;
                _journal.Add(new JournalEntry(
                    _journal.NextId(), _tenants.Clock.GetUtcNow(), tenant.Id, "-", "(tenant evicted)", "", [], CapturedBody.Empty, 0, null, CapturedBody.Empty, 0,
                    Note: $"Tenant dropped: the simulator holds more than {_limits.MaxTenants} tenants (Limits:MaxTenants) and this one, created {tenant.CreatedAt:O}, was the oldest with nothing unfinished."));
            }
        }
        finally
        {
            _one.Release();
        }
    }

    private async ValueTask<bool> HasUnfinishedWorkAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        var now = new TenantContext(tenant.Id, tenant, _tenants.Clock).Now;
        if ((await _jobs.ListAsync(tenant.Id, cancellationToken: cancellationToken)).Any(j => !j.Value.IsSettled(now)))
        {
            return true;
        }
        return (await _outbox.ListAsync(tenant.Id, cancellationToken: cancellationToken)).Any(d => d.Value.State == DeliveryState.Pending);
    }
}
