using Simulators.Core.Webhooks;

namespace Simulators.Core.Tests;

/// <summary>A stand-in for the system clock that moves only when told to.</summary>
internal sealed class ManualSystemTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>One call the outbox made to the transport.</summary>
internal sealed record SentWebhook(Uri Url, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, TimeSpan Timeout);

/// <summary>An in-memory receiver: records every call and answers with scripted statuses.</summary>
internal sealed class FakeWebhookTransport : IWebhookTransport
{
    private readonly Lock _gate = new();
    private readonly Queue<WebhookResponse> _script = new();
    private readonly List<SentWebhook> _calls = [];

    /// <summary>The answer once the script is used up.</summary>
    public WebhookResponse Default { get; set; } = new(200, null, "ok", 1);

    public IReadOnlyList<SentWebhook> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public FakeWebhookTransport Answer(params int?[] statuses)
    {
        lock (_gate)
        {
            foreach (var status in statuses)
            {
                _script.Enqueue(status is null
                    ? new WebhookResponse(null, "connection refused", null, 1)
                    : new WebhookResponse(status, null, $"status {status}", 1));
            }
        }
        return this;
    }

    public FakeWebhookTransport AlwaysAnswer(int status)
    {
        Default = new WebhookResponse(status, null, $"status {status}", 1);
        return this;
    }

    public Task<WebhookResponse> SendAsync(Uri url, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _calls.Add(new SentWebhook(url, headers, body, timeout));
            return Task.FromResult(_script.Count > 0 ? _script.Dequeue() : Default);
        }
    }
}
