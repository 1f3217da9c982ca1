using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Simulators.Core.Journal;

namespace Simulators.Core.Hosting;

/// <summary>One line per request on standard output (<c>--log-requests</c>): when, which simulator, what, the answer, how long, whose.</summary>
internal sealed class RequestLogMiddleware(RequestDelegate next, ModuleDefinition module)
{
    private static readonly Lock Gate = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var tenant = context.Features.Get<SimulatorCallFeature>()?.Tenant;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {module.Module.Id} {context.Request.Method} {context.Request.Path}{context.Request.QueryString} -> {context.Response.StatusCode} {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.0} ms{(tenant is null ? "" : " tenant=" + tenant)}");
            lock (Gate)
            {
                Console.Out.WriteLine(line);
            }
        }
    }
}
