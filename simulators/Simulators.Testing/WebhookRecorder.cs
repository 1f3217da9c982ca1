using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
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

/// <summary>
/// An in-memory webhook receiver: records every delivery attempt and answers it with the status you choose,
/// the status your own delegate returns (<see cref="OnWebhook"/>), or the status your own application answers
/// (<see cref="ForwardTo"/>). That status is the attempt's result: a non-2xx one is retried on the simulator
/// clock as with a real receiver.
/// </summary>
public sealed class WebhookRecorder : IWebhookTransport
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private Func<ReceivedWebhook, CancellationToken, Task<(int Status, string Body)>>? _receiver;

    /// <summary>Decides the HTTP status of each delivery (default 200). Return 500, say, to exercise retries.</summary>
    public Func<ReceivedWebhook, int> Respond { get; set; } = _ => 200;

    /// <summary>Every delivery attempt, in order.</summary>
    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>Forgets what was received.</summary>
    public void Clear() => _received.Clear();

    /// <summary>
    /// Hands every delivery attempt to <paramref name="receiver"/> and records the status it returns as the attempt's
    /// result (in place of <see cref="Respond"/>). It runs within the simulator call that made the webhook due (an
    /// <c>AdvanceAsync</c>), and counts as a timeout when it takes longer than the provider's webhook timeout.
    /// </summary>
    /// <param name="receiver">Your handler: the webhook in, an HTTP status out.</param>
    public void OnWebhook(Func<ReceivedWebhook, Task<int>> receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        _receiver = async (webhook, _) => (await receiver(webhook), "");
    }

    /// <summary>
    /// Posts every delivery attempt to your own application through <paramref name="client"/> (e.g.
    /// <c>WebApplicationFactory&lt;Program&gt;.CreateClient()</c>): the webhook URL's path and query against the
    /// client's base address, with the simulator's headers and body bytes. The status your application answers is
    /// the attempt's result.
    /// </summary>
    /// <param name="client">A client of the receiving application, with its base address set.</param>
    public void ForwardTo(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _receiver = (webhook, cancellationToken) => PostAsync(client, webhook, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<WebhookResponse> SendAsync(Uri url, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var webhook = new ReceivedWebhook(url, headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase), body);
        _received.Enqueue(webhook);
        if (_receiver is not { } receiver)
        {
            return new WebhookResponse(Respond(webhook), null, "", 0);
        }
        var started = Stopwatch.GetTimestamp();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            var (status, text) = await receiver(webhook, cts.Token).WaitAsync(cts.Token);
            return new WebhookResponse(status, null, text, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookResponse(null, $"timed out after {timeout.TotalSeconds:0.###} s", null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A receiver that throws is a failed attempt (retried), as a crashing endpoint would be; its message says why.
            return new WebhookResponse(null, $"the receiver threw {ex.GetType().Name}: {ex.Message}", null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private static async Task<(int Status, string Body)> PostAsync(HttpClient client, ReceivedWebhook webhook, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(webhook.Url.PathAndQuery, UriKind.Relative))
        {
            Content = new ByteArrayContent(webhook.Body),
        };
        foreach (var (name, value) in webhook.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return ((int)response.StatusCode, text.Length > HttpWebhookTransport.MaxResponseBytes ? text[..HttpWebhookTransport.MaxResponseBytes] : text);
    }
}
