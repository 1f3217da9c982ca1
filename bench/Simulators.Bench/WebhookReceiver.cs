using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Simulators.Bench;

/// <summary>
/// The webhook receiver of the delivery runs: a minimal Kestrel app inside the orchestrator on
/// 127.0.0.1, answering 204 to every POST. It counts what arrives by status, notices duplicates
/// (the same verification and status twice) and when the last expected one came.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private static readonly byte[] StatusField = "\"status\":\""u8.ToArray();
    private static readonly byte[] IdField = "\"verification_id\":\""u8.ToArray();

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);
    private TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _expected = long.MaxValue;
    private long _count;
    private long _inProgress;
    private long _completed;
    private long _other;
    private long _duplicates;
    private long _lastArrival;

    private WebhookReceiver(WebApplication app)
    {
        _app = app;
    }

    public string Url { get; private set; } = "";

    public long Count => Interlocked.Read(ref _count);

    public long InProgress => Interlocked.Read(ref _inProgress);

    public long Completed => Interlocked.Read(ref _completed);

    public long Other => Interlocked.Read(ref _other);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Stopwatch timestamp of the latest arrival.</summary>
    public long LastArrival => Interlocked.Read(ref _lastArrival);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", (Delegate)receiver.ReceiveAsync);
        app.Urls.Clear();
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        receiver.Url = app.Urls.First();
        return receiver;
    }

    /// <summary>Starts counting afresh, expecting <paramref name="deliveries"/>.</summary>
    public void Expect(long deliveries)
    {
        lock (_gate)
        {
            _seen = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
            _all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Interlocked.Exchange(ref _count, 0);
            Interlocked.Exchange(ref _inProgress, 0);
            Interlocked.Exchange(ref _completed, 0);
            Interlocked.Exchange(ref _other, 0);
            Interlocked.Exchange(ref _duplicates, 0);
            Interlocked.Exchange(ref _lastArrival, 0);
            Interlocked.Exchange(ref _expected, deliveries);
        }
    }

    /// <summary>True when every expected delivery arrived within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitAllAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task all;
        lock (_gate)
        {
            all = _all.Task;
        }
        try
        {
            await all.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task<IResult> ReceiveAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var status = Field(body, StatusField);
        var id = Field(body, IdField);
        switch (status)
        {
            case "IN_PROGRESS":
                Interlocked.Increment(ref _inProgress);
                break;
            case "COMPLETED":
                Interlocked.Increment(ref _completed);
                break;
            default:
                Interlocked.Increment(ref _other);
                break;
        }
        if (!_seen.TryAdd(id + "/" + status, 0))
        {
            Interlocked.Increment(ref _duplicates);
        }
        Interlocked.Exchange(ref _lastArrival, Stopwatch.GetTimestamp());
        if (Interlocked.Increment(ref _count) == Interlocked.Read(ref _expected))
        {
            lock (_gate)
            {
                _all.TrySetResult();
            }
        }
        return Results.NoContent();
    }

    /// <summary>The string value after the first <paramref name="field"/> (the payload's own top-level one comes first).</summary>
    private static string Field(ReadOnlySpan<byte> body, ReadOnlySpan<byte> field)
    {
        var at = body.IndexOf(field);
        if (at < 0)
        {
            return "";
        }
        var rest = body[(at + field.Length)..];
        var end = rest.IndexOf((byte)'"');
        return end < 0 ? "" : Encoding.UTF8.GetString(rest[..end]);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
