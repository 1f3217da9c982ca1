using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Simulators.Core.Journal;

namespace Simulators.Core.Hosting;

/// <summary>How <c>--log-requests</c> writes a request: a line for people, or one JSON object per line for a log collector.</summary>
public enum RequestLogFormat
{
    Text,
    Json,
}

public static class RequestLog
{
    /// <summary>The User-Agent of the host's own <c>--health-check</c>: its probes are not logged (a container runs one every few seconds).</summary>
    public const string ProbeUserAgent = "ekyc-simulators-healthcheck";

    /// <summary>Reads <c>text</c> or <c>json</c> (any case); null for anything else.</summary>
    public static RequestLogFormat? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "text" => RequestLogFormat.Text,
        "json" => RequestLogFormat.Json,
        _ => null,
    };

    /// <summary>One line per request on standard output, naming <paramref name="service"/> (<c>anycheck</c>, <c>console</c>).</summary>
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app, string service, RequestLogFormat format)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<RequestLogMiddleware>(service, format);
    }
}

/// <summary>
/// One line per request on standard output (<c>--log-requests</c>): when (wall clock, UTC), which
/// service, what, the answer, how long, whose. Written once the response has gone.
/// </summary>
internal sealed class RequestLogMiddleware(RequestDelegate next, string service, RequestLogFormat format)
{
    private static readonly Lock Gate = new();

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsProbe(context.Request))
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var tenant = context.Features.Get<SimulatorCallFeature>()?.Tenant;
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var line = format == RequestLogFormat.Json
                ? Json(DateTimeOffset.UtcNow, service, context, elapsed, tenant)
                : string.Create(CultureInfo.InvariantCulture,
                    $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {service} {context.Request.Method} {context.Request.Path}{context.Request.QueryString} -> {context.Response.StatusCode} {elapsed:0.0} ms{(tenant is null ? "" : " tenant=" + tenant)}");
            lock (Gate)
            {
                Console.Out.WriteLine(line);
            }
        }
    }

    private static bool IsProbe(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && request.Path.Equals("/__simulator/health", StringComparison.OrdinalIgnoreCase)
        && request.Headers.UserAgent.ToString() == RequestLog.ProbeUserAgent;

    private static string Json(DateTimeOffset at, string service, HttpContext context, double elapsedMs, string? tenant)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("service", service);
            json.WriteString("method", context.Request.Method);
            json.WriteString("path", context.Request.Path.Value ?? "");
            json.WriteString("query", context.Request.QueryString.Value ?? "");
            json.WriteNumber("status", context.Response.StatusCode);
            json.WriteNumber("durationMs", Math.Round(elapsedMs, 2));
            if (tenant is null)
            {
                json.WriteNull("tenant");
            }
            else
            {
                json.WriteString("tenant", tenant);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
