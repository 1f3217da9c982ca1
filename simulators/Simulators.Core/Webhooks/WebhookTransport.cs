using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Simulators.Core.Security;

namespace Simulators.Core.Webhooks;

public sealed record WebhookResponse(int? StatusCode, string? Error, string? Body, double LatencyMs);

/// <summary>Sends one webhook attempt. Replaced in tests by an in-memory receiver.</summary>
public interface IWebhookTransport
{
    Task<WebhookResponse> SendAsync(Uri url, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>
/// Real HTTP delivery, through the outbound policy's handler (an address it refuses is never
/// connected to). The timeout is wall time: it bounds a receiver that hangs. Of the answer, the
/// status and the first 4 KB of the body are kept; errors are the policy's general texts, never the
/// remote end's own.
/// </summary>
public sealed class HttpWebhookTransport(OutboundPolicy policy) : IWebhookTransport, IDisposable
{
    public const int MaxResponseBytes = 4096;

    private readonly HttpClient _client = new(policy.Handler, disposeHandler: false)
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
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            var text = await ReadStartAsync(response.Content, cts.Token);
            return new((int)response.StatusCode, null, text, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(null, $"timed out after {timeout.TotalSeconds:0.###} s", null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return new(null, OutboundPolicy.Describe(ex), null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>The first <see cref="MaxResponseBytes"/> of a body as text, read from the stream (the rest is never read).</summary>
    private static async Task<string> ReadStartAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxResponseBytes];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    public void Dispose() => _client.Dispose();
}
