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
    private readonly ConcurrentQueue<WebhookDelivery> _order = new();
    private readonly SemaphoreSlim _single = new(1, 1);
    private long _sequence;

    public int Capacity { get; } = capacity;

    public WebhookRetryPolicy Policy { get; } = policy;

    public WebhookDelivery Enqueue(Tenant tenant, string eventName, string subject, Uri url, byte[] body, WebhookHeaders headers)
    {
        var delivery = new WebhookDelivery(Interlocked.Increment(ref _sequence), Guid.NewGuid().ToString(), tenant, eventName, subject, url, body, headers, tenant.Clock.GetUtcNow());
        _byId[delivery.Id] = delivery;
        _order.Enqueue(delivery);
        Trim();
        return delivery;
    }

    public WebhookDelivery? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Oldest first.</summary>
    public IEnumerable<WebhookDelivery> List(string? tenantId = null) =>
        _order.OrderBy(d => d.Sequence).Where(d => _byId.ContainsKey(d.Id) && (tenantId is null || d.Tenant.Id == tenantId));

    public void Forget(string tenantId)
    {
        foreach (var delivery in _byId.Values.Where(d => d.Tenant.Id == tenantId))
        {
            _byId.TryRemove(delivery.Id, out _);
        }
    }

    public void Clear()
    {
        _byId.Clear();
        _order.Clear();
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

    private void Trim()
    {
        while (_order.Count > Capacity && _order.TryPeek(out var oldest))
        {
            // Pending deliveries are kept while there is room; past twice the capacity even they go.
            if (oldest.State == DeliveryState.Pending && _order.Count <= Capacity * 2 && _byId.ContainsKey(oldest.Id))
            {
                break;
            }
            if (_order.TryDequeue(out var dropped))
            {
                _byId.TryRemove(dropped.Id, out _);
            }
        }
    }

    public void Dispose() => _single.Dispose();
}
