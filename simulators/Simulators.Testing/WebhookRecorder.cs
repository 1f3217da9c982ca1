using System.Collections.Concurrent;
using System.Text;
using Simulators.Core.Webhooks;

namespace Simulators.Testing;

/// <summary>A webhook as the receiver saw it.</summary>
/// <param name="Url">Where it was sent.</param>
/// <param name="Headers">The headers sent, signature included.</param>
/// <param name="Body">The raw body bytes (what a signature covers).</param>
public sealed record ReceivedWebhook(Uri Url, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>The body as text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>An in-memory webhook receiver: records every delivery and answers with the status you choose.</summary>
public sealed class WebhookRecorder : IWebhookTransport
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    /// <summary>Decides the HTTP status of each delivery (default 200). Return 500, say, to exercise retries.</summary>
    public Func<ReceivedWebhook, int> Respond { get; set; } = _ => 200;

    /// <summary>Every delivery attempt, in order.</summary>
    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>Forgets what was received.</summary>
    public void Clear() => _received.Clear();

    /// <inheritdoc />
    public Task<WebhookResponse> SendAsync(Uri url, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var webhook = new ReceivedWebhook(url, headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase), body);
        _received.Enqueue(webhook);
        return Task.FromResult(new WebhookResponse(Respond(webhook), null, "", 0));
    }
}
