using System.Diagnostics;
using System.Net.Http.Headers;

namespace Simulators.Core.Webhooks;

public sealed record WebhookResponse(int? StatusCode, string? Error, string? Body, double LatencyMs);

/// <summary>Sends one webhook attempt. Replaced in tests by an in-memory receiver.</summary>
public interface IWebhookTransport
{
    Task<WebhookResponse> SendAsync(Uri url, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>Real HTTP delivery. The timeout is wall time: it bounds a receiver that hangs.</summary>
public sealed class HttpWebhookTransport : IWebhookTransport, IDisposable
{
    private const int MaxResponseChars = 4096;

    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        // No traceparent header: a provider's webhook carries only the provider's headers.
        ActivityHeadersPropagator = null,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<WebhookResponse> SendAsync(Uri url, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in headers)
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

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _client.SendAsync(request, cts.Token);
            var text = await response.Content.ReadAsStringAsync(cts.Token);
            return new((int)response.StatusCode, null, text.Length > MaxResponseChars ? text[..MaxResponseChars] : text, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(null, $"timed out after {timeout.TotalSeconds:0.###} s", null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (HttpRequestException ex)
        {
            return new(null, ex.Message, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    public void Dispose() => _client.Dispose();
}
