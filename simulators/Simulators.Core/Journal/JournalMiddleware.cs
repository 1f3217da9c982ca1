using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Simulators.Core.Journal;

/// <summary>Lets a provider's auth say which tenant a request belongs to, for the journal.</summary>
public sealed class SimulatorCallFeature
{
    public string? Tenant { get; set; }

    /// <summary>
    /// Set by a result that writes a byte array nobody will change (a cached view): the journal keeps a
    /// reference to it instead of copying the body on every request.
    /// </summary>
    public byte[]? ImmutableResponseBody { get; set; }
}

public static class SimulatorCallExtensions
{
    public static void SetTenant(this HttpContext context, string tenant)
    {
        if (context.Features.Get<SimulatorCallFeature>() is { } call)
        {
            call.Tenant = tenant;
        }
    }
}

/// <summary>Records every provider request and response in the <see cref="RequestJournal"/>, secrets masked.</summary>
public sealed class JournalMiddleware(RequestDelegate next, RequestJournal journal, Clock.SimulatorClock clock, JournalOptions options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(Control.ControlApi.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var call = new SimulatorCallFeature();
        context.Features.Set(call);
        var request = context.Request;
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (hasBody)
        {
            // No limit here: the server and the error middleware refuse oversize bodies in the provider's own shape.
            request.EnableBuffering(bufferThreshold: 64 * 1024);
        }

        var originalBody = context.Response.Body;
        using var capture = new CaptureStream(originalBody, journal.BodyLimit, call);
        context.Response.Body = capture;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = originalBody;
            var requestBody = hasBody ? await ReadStartAsync(request, journal.BodyLimit) : CapturedBody.Empty;
            journal.Add(new JournalEntry(
                journal.NextId(),
                clock.GetUtcNow(),
                call.Tenant,
                request.Method,
                request.Path.Value ?? "/",
                request.QueryString.Value ?? "",
                MaskedHeaders(request.Headers, options.SecretHeaders),
                requestBody,
                context.Response.StatusCode,
                context.Response.ContentType,
                capture.Captured,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }
    }

    private static async Task<CapturedBody> ReadStartAsync(HttpRequest request, int limit)
    {
        try
        {
            if (!request.Body.CanSeek)
            {
                return CapturedBody.Empty;
            }
            request.Body.Position = 0;
            var buffer = new byte[(int)Math.Min(limit, request.ContentLength ?? limit)];
            var read = await request.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false);
            var length = request.ContentLength ?? request.Body.Length;
            return new CapturedBody(read == buffer.Length ? buffer : buffer[..read], length);
        }
        catch (Exception ex) when (ex is IOException or BadHttpRequestException or ObjectDisposedException or NotSupportedException)
        {
            // The client sent less than it announced, or too much: the response already says so.
            return CapturedBody.Empty;
        }
    }

    private static KeyValuePair<string, string>[] MaskedHeaders(IHeaderDictionary headers, IReadOnlySet<string> secret)
    {
        var result = new KeyValuePair<string, string>[headers.Count];
        var i = 0;
        foreach (var (name, values) in headers)
        {
            var value = values.ToString();
            result[i++] = new(name, secret.Contains(name) ? Mask(value) : value);
        }
        return result;
    }

    /// <summary>
    /// Keeps an auth scheme (<c>Bearer</c>, <c>Basic</c>…) and a few characters, so a reader can tell
    /// two credentials apart without learning either. A value with no scheme (a cookie, a key) is masked whole after its prefix.
    /// </summary>
    public static string Mask(string value)
    {
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space > 0 && value[..space].All(char.IsAsciiLetter) ? value[..(space + 1)] : "";
        var secret = value[scheme.Length..];
        return secret.Length <= 8 ? scheme + "****" : scheme + secret[..6] + "****";
    }
}

public sealed class JournalOptions
{
    public IReadOnlySet<string> SecretHeaders { get; init; } =
        new HashSet<string>(["Authorization", "X-API-Key", "API-Key", "Cookie", "X-ACCESS-TOKEN", "Proxy-Authorization"], StringComparer.OrdinalIgnoreCase);
}
