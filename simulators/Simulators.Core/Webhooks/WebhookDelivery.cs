namespace Simulators.Core.Webhooks;

public enum DeliveryState
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>One try at delivering a webhook: what was sent and what came back.</summary>
public sealed record WebhookAttempt(
    int Number,
    DateTimeOffset At,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    int? StatusCode,
    double LatencyMs,
    string? Error,
    string? ResponseBody,
    bool Replay);

/// <summary>Computes the headers of one attempt (signing happens here, with the attempt's own timestamp).</summary>
public delegate IReadOnlyList<KeyValuePair<string, string>> WebhookHeaders(DateTimeOffset at, ReadOnlySpan<byte> body);

/// <summary>A webhook the simulator owes a receiver: recorded, retried with backoff on the simulator clock, replayable.</summary>
public sealed class WebhookDelivery
{
    private readonly Lock _gate = new();
    private readonly List<WebhookAttempt> _attempts = [];

    internal WebhookDelivery(long sequence, string id, Tenants.Tenant tenant, string eventName, string subject, Uri url, byte[] body, WebhookHeaders headers, DateTimeOffset createdAt)
    {
        Sequence = sequence;
        Id = id;
        Tenant = tenant;
        Event = eventName;
        Subject = subject;
        Url = url;
        Body = body;
        Headers = headers;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
    }

    public string Id { get; }

    /// <summary>Enqueue order: deliveries due at the same instant go out in the order their events happened.</summary>
    public long Sequence { get; }

    public Tenants.Tenant Tenant { get; }

    /// <summary>The provider's event name (or the state reached).</summary>
    public string Event { get; }

    /// <summary>The job the delivery is about.</summary>
    public string Subject { get; }

    public Uri Url { get; }

    public byte[] Body { get; }

    public DateTimeOffset CreatedAt { get; }

    public DeliveryState State { get; private set; } = DeliveryState.Pending;

    public DateTimeOffset? NextAttemptAt { get; private set; }

    internal WebhookHeaders Headers { get; }

    public IReadOnlyList<WebhookAttempt> Attempts
    {
        get
        {
            lock (_gate)
            {
                return [.. _attempts];
            }
        }
    }

    internal int ScheduledAttempts
    {
        get
        {
            lock (_gate)
            {
                return _attempts.Count(a => !a.Replay);
            }
        }
    }

    internal void Record(WebhookAttempt attempt, DateTimeOffset? nextAttemptAt)
    {
        lock (_gate)
        {
            _attempts.Add(attempt);
            var delivered = attempt.StatusCode is >= 200 and < 300;
            if (delivered)
            {
                State = DeliveryState.Delivered;
                NextAttemptAt = null;
            }
            else if (!attempt.Replay)
            {
                State = nextAttemptAt is null ? DeliveryState.Failed : DeliveryState.Pending;
                NextAttemptAt = nextAttemptAt;
            }
        }
    }
}
