using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Simulators.Core.Hosting;

/// <summary>
/// Keeps a simulator's open connections within <see cref="LimitsSettings.MaxConnections"/> without
/// refusing newcomers: when one more arrives, the connection idle the longest (no request in flight)
/// is closed. Only when every connection is busy is the newcomer refused. Thousands of idle
/// keep-alive connections therefore cost a bounded amount of memory and never lock clients out.
/// </summary>
public sealed class ConnectionShedder(int maxConnections)
{
    private readonly ConcurrentDictionary<string, Tracked> _open = new(StringComparer.Ordinal);
    private readonly Lock _admitting = new();
    private long _clock;

    /// <summary>Kestrel connection middleware: admits the connection (shedding an idle one if full), then runs it.</summary>
    public ConnectionDelegate Middleware(ConnectionDelegate next) => async connection =>
    {
        var tracked = new Tracked(connection, Interlocked.Increment(ref _clock));
        if (!Admit(tracked))
        {
            connection.Abort(new ConnectionAbortedException("The simulator is at its connection limit and every connection is busy."));
            return;
        }
        try
        {
            await next(connection);
        }
        finally
        {
            _open.TryRemove(connection.ConnectionId, out _);
        }
    };

    /// <summary>Marks the request's connection busy while the request runs (HTTP middleware; no allocation when the request completes at once).</summary>
    public Task TrackAsync(HttpContext http, RequestDelegate next)
    {
        // In-process servers (TestServer) have no connection id and no connections to shed.
        if (_open.IsEmpty || http.Connection.Id is not { } id || !_open.TryGetValue(id, out var tracked))
        {
            return next(http);
        }
        Interlocked.Increment(ref tracked.Busy);
        Task running;
        try
        {
            running = next(http);
        }
        catch
        {
            Done(tracked);
            throw;
        }
        if (running.IsCompleted)
        {
            Done(tracked);
            return running;
        }
        return AwaitAsync(running, tracked);
    }

    private async Task AwaitAsync(Task running, Tracked tracked)
    {
        try
        {
            await running;
        }
        finally
        {
            Done(tracked);
        }
    }

    private void Done(Tracked tracked)
    {
        Volatile.Write(ref tracked.LastActive, Interlocked.Increment(ref _clock));
        Interlocked.Decrement(ref tracked.Busy);
    }

    private bool Admit(Tracked tracked)
    {
        lock (_admitting)
        {
            while (_open.Count >= maxConnections)
            {
                Tracked? oldest = null;
                foreach (var candidate in _open.Values)
                {
                    if (Volatile.Read(ref candidate.Busy) == 0 && (oldest is null || candidate.LastActive < oldest.LastActive))
                    {
                        oldest = candidate;
                    }
                }
                if (oldest is null)
                {
                    return false;
                }
                _open.TryRemove(oldest.Connection.ConnectionId, out _);
                oldest.Connection.Abort(new ConnectionAbortedException("Closed to admit a newer connection: the simulator is at its connection limit and this one was idle the longest."));
            }
            _open[tracked.Connection.ConnectionId] = tracked;
            return true;
        }
    }

    private sealed class Tracked(ConnectionContext connection, long opened)
    {
        public ConnectionContext Connection { get; } = connection;

        public long LastActive = opened;

        public int Busy;
    }
}

/// <summary>The largest body each route takes: the control API's own, smaller bound, or the provider's.</summary>
internal sealed class BodyLimitMiddleware(RequestDelegate next, LimitsSettings limits)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = Limit(context, limits);
        }
        return next(context);
    }

    /// <summary>The body limit of this request.</summary>
    public static long Of(HttpContext context) =>
        Limit(context, context.RequestServices.GetService(typeof(LimitsSettings)) as LimitsSettings ?? new LimitsSettings());

    private static long Limit(HttpContext context, LimitsSettings limits) =>
        context.Request.Path.StartsWithSegments(Control.ControlApi.Prefix, StringComparison.OrdinalIgnoreCase) ? limits.ControlBodyBytes : limits.RequestBodyBytes;
}
