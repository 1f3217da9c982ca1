using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Tests;

/// <summary>A stand-in for the system clock that moves only when told to.</summary>
internal sealed class ManualSystemTime(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>One call the outbox made to the transport.</summary>
internal sealed record SentWebhook(Uri Url, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, TimeSpan Timeout)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>An in-memory receiver: records every call and answers with scripted statuses, or as <see cref="Handler"/> says.</summary>
internal sealed class FakeWebhookTransport : IWebhookTransport
{
    private readonly Lock _gate = new();
    private readonly Queue<WebhookResponse> _script = new();
    private readonly List<SentWebhook> _calls = [];

    /// <summary>The answer once the script is used up.</summary>
    public WebhookResponse Default { get; set; } = new(200, null, "ok", 1);

    /// <summary>When set, decides every answer (after the call is recorded); the script and <see cref="Default"/> are then unused.</summary>
    public Func<SentWebhook, Task<WebhookResponse>>? Handler { get; set; }

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

    public static WebhookResponse Status(int? status) => status is null
        ? new WebhookResponse(null, "connection refused", null, 1)
        : new WebhookResponse(status, null, $"status {status}", 1);

    public FakeWebhookTransport Answer(params int?[] statuses)
    {
        lock (_gate)
        {
            foreach (var status in statuses)
            {
                _script.Enqueue(Status(status));
            }
        }
        return this;
    }

    public FakeWebhookTransport AlwaysAnswer(int status)
    {
        Default = Status(status);
        return this;
    }

    public Task<WebhookResponse> SendAsync(Uri url, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var call = new SentWebhook(url, headers, body, timeout);
        Func<SentWebhook, Task<WebhookResponse>>? handler;
        lock (_gate)
        {
            _calls.Add(call);
            handler = Handler;
            if (handler is null)
            {
                return Task.FromResult(_script.Count > 0 ? _script.Dequeue() : Default);
            }
        }
        return handler(call);
    }
}

/// <summary>A webhook signer that records the wall-clock instant it was given and puts it in a header.</summary>
internal sealed class RecordingSigner : IWebhookSigner
{
    public const string SignerName = "test";
    public const string SignedAtHeader = "X-Signed-At";

    private readonly ConcurrentQueue<(string Tenant, string DeliveryId, DateTimeOffset WallNow)> _signed = new();

    public string Name => SignerName;

    public IReadOnlyList<(string Tenant, string DeliveryId, DateTimeOffset WallNow)> Signed => [.. _signed];

    public ValueTask<IReadOnlyList<HeaderValue>> HeadersAsync(string tenant, DeliveryRecord delivery, DateTimeOffset wallNow, CancellationToken cancellationToken)
    {
        _signed.Enqueue((tenant, delivery.Id, wallNow));
        return ValueTask.FromResult<IReadOnlyList<HeaderValue>>(
        [
            new("Content-Type", "application/json"),
            new(SignedAtHeader, wallNow.ToString("O", CultureInfo.InvariantCulture)),
        ]);
    }
}

/// <summary>One thing a <see cref="ListLogger{T}"/> was told.</summary>
internal sealed record LogEntry(LogLevel Level, string Message, Exception? Exception);

/// <summary>A logger that keeps what it is told, for tests that check something was logged.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _entries.Enqueue(new LogEntry(logLevel, formatter(state, exception), exception));
    }
}
