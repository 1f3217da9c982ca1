using System.Collections.Concurrent;
using Simulators.Core.Tenants;

namespace Simulators.Core.Webhooks;

/// <summary>When to try again after a failed attempt, and how long one attempt may take.</summary>
public sealed class WebhookRetryPolicy
{
    /// <summary>Delays before the 2nd, 3rd, … attempt, on the simulator clock.</summary>
    public IList<TimeSpan> Backoff { get; } =
        [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)];

    /// <summary>Wall-time limit of one attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Every webhook the simulator sends: recorded, retried on the simulator clock, listable and
/// replayable. Bounded: beyond <see cref="Capacity"/> the oldest settled deliveries are dropped.
/// </summary>
public sealed class WebhookOutbox(IWebhookTransport transport, WebhookRetryPolicy policy, int capacity = 1000) : IDisposable
{
    private readonly ConcurrentDictionary<string, WebhookDelivery> _byId = new(StringComparer.Ordinal);
    private readonly Lock _orderGate = new();
    private readonly List<WebhookDelivery> _order = [];
    private readonly SemaphoreSlim _single = new(1, 1);
    private long _sequence;

    public int Capacity { get; } = capacity;

    public WebhookRetryPolicy Policy { get; } = policy;

    public WebhookDelivery Enqueue(Tenant tenant, string eventName, string subject, Uri url, byte[] body, WebhookHeaders headers)
    {
        var delivery = new WebhookDelivery(Interlocked.Increment(ref _sequence), Guid.NewGuid().ToString(), tenant, eventName, subject, url, body, headers, tenant.Clock.GetUtcNow());
        _byId[delivery.Id] = delivery;
        lock (_orderGate)
        {
            _order.Add(delivery);
            Trim();
        }
        return delivery;
    }

    public WebhookDelivery? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<WebhookDelivery> List(string? tenantId = null)
    {
        lock (_orderGate)
        {
            return [.. _order.Where(d => _byId.ContainsKey(d.Id) && (tenantId is null || d.Tenant.Id == tenantId))];
        }
    }

    public void Forget(string tenantId)
    {
        foreach (var delivery in _byId.Values.Where(d => d.Tenant.Id == tenantId))
        {
            _byId.TryRemove(delivery.Id, out _);
        }
    }

    public void Clear()
    {
        lock (_orderGate)
        {
            _byId.Clear();
            _order.Clear();
        }
    }

    /// <summary>Sends every attempt that is due on its tenant's clock; tenants in parallel, each tenant in order.</summary>
    public async Task DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        await _single.WaitAsync(cancellationToken);
        try
        {
            var due = _byId.Values
                .Where(d => d.State == DeliveryState.Pending && d.NextAttemptAt <= d.Tenant.Clock.GetUtcNow())
                .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Sequence)
                .GroupBy(d => d.Tenant.Id);
            await Task.WhenAll(due.Select(async group =>
            {
                foreach (var delivery in group)
                {
                    await AttemptAsync(delivery, replay: false, cancellationToken);
                }
            }));
        }
        finally
        {
            _single.Release();
        }
    }

    /// <summary>Sends the delivery again now, whatever its state, and records the attempt.</summary>
    public Task<WebhookAttempt> ReplayAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default) =>
        AttemptAsync(delivery, replay: true, cancellationToken);

    private async Task<WebhookAttempt> AttemptAsync(WebhookDelivery delivery, bool replay, CancellationToken cancellationToken)
    {
        var at = delivery.Tenant.Clock.GetUtcNow();
        var headers = delivery.Headers(at, delivery.Body);
        var response = await transport.SendAsync(delivery.Url, headers, delivery.Body, Policy.Timeout, cancellationToken);
        var attempt = new WebhookAttempt(delivery.Attempts.Count + 1, at, headers, response.StatusCode, Math.Round(response.LatencyMs, 3), response.Error, response.Body, replay);
        var retriesUsed = delivery.ScheduledAttempts;
        DateTimeOffset? next = !replay && retriesUsed < Policy.Backoff.Count ? at + Policy.Backoff[retriesUsed] : null;
        delivery.Record(attempt, next);
        return attempt;
    }

    /// <summary>Over capacity, forgotten and settled deliveries go first, oldest first; pending ones only past twice the capacity.</summary>
    private void Trim()
    {
        if (_order.Count <= Capacity)
        {
            return;
        }
        _order.RemoveAll(d => !_byId.ContainsKey(d.Id));
        for (var i = 0; i < _order.Count && _order.Count > Capacity;)
        {
            if (_order[i].State != DeliveryState.Pending)
            {
                _byId.TryRemove(_order[i].Id, out _);
                _order.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }
        while (_order.Count > Capacity * 2)
        {
            _byId.TryRemove(_order[0].Id, out _);
            _order.RemoveAt(0);
        }
    }

    public void Dispose() => _single.Dispose();
}
