using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Simulators.Core.State;

namespace Simulators.Core.Webhooks;

/// <summary>When to try again after a failed attempt, and how long one attempt may take.</summary>
public sealed class WebhookRetryPolicy
{
    /// <summary>Delays before the 2nd, 3rd, … attempt, on the simulator clock, each from the instant the previous attempt was due.</summary>
    public IList<TimeSpan> Backoff { get; } =
        [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)];

    /// <summary>Wall-time limit of one attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A policy with exactly these delays (a provider's documented schedule) and this attempt limit.</summary>
    public static WebhookRetryPolicy Of(IEnumerable<TimeSpan> backoff, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(backoff);
        var policy = new WebhookRetryPolicy { Timeout = timeout };
        policy.Backoff.Clear();
        foreach (var delay in backoff)
        {
            policy.Backoff.Add(delay);
        }
        return policy;
    }

    /// <summary>A schedule as provider options write it: seconds separated by commas (<c>5,10,20</c>); false when it is not one.</summary>
    public static bool TryParseSeconds(string? text, out IReadOnlyList<TimeSpan> delays)
    {
        var list = new List<TimeSpan>();
        delays = list;
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                || seconds < 0 || double.IsInfinity(seconds) || double.IsNaN(seconds) || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            {
                return false;
            }
            list.Add(TimeSpan.FromSeconds(seconds));
        }
        return true;
    }

    /// <summary>The schedule of <see cref="TryParseSeconds"/>; a <see cref="FormatException"/> when it is not one.</summary>
    public static IReadOnlyList<TimeSpan> ParseSeconds(string? text) =>
        TryParseSeconds(text, out var delays) ? delays : throw new FormatException($"'{text}' is not seconds separated by commas.");
}

/// <summary>The outbox's bounds (<c>Webhooks:*</c> configuration).</summary>
public sealed class WebhookOutboxOptions
{
    /// <summary>Unfinished deliveries the simulator holds at most; beyond it, calls that would add more are refused with the provider's 429/503. None is ever dropped.</summary>
    public int MaxPending { get; set; } = 100_000;

    /// <summary>Finished (delivered or failed) deliveries kept per tenant for the control API; the oldest go first.</summary>
    public int FinishedPerTenant { get; set; } = 5_000;

    /// <summary>Deliveries of one tenant in flight at once (deliveries about the same job stay in order).</summary>
    public int ConcurrencyPerTenant { get; set; } = 8;

    /// <summary>Attempts kept per delivery (the oldest replays go first); retries are bounded by the policy anyway.</summary>
    public int MaxAttemptsKept { get; set; } = 50;
}

/// <summary>Raised when the outbox is full: the provider answers its own 429/503, and nothing already accepted is lost.</summary>
public sealed class OutboxFullException(int pending, int limit)
    : Exception($"{pending} webhook deliveries are waiting (the limit is {limit}); try again once they are delivered.");

/// <summary>
/// Every webhook the simulator sends, in the store: recorded, retried on the tenant's clock (a clock
/// jump runs every attempt that falls due inside it), listable and replayable. Deliveries of one
/// tenant run concurrently up to a limit, so a receiver that hangs slows only its own tenant.
/// </summary>
public sealed class WebhookOutbox(
    IStateStore store,
    IWebhookTransport transport,
    IEnumerable<IWebhookSigner> signers,
    WebhookRetryPolicy policy,
    WebhookOutboxOptions options,
    WallClock wallClock,
    ILogger<WebhookOutbox> logger)
{
    private const string Pending = "pending";

    public static readonly RecordSet<DeliveryRecord> Collection = new(
        "$delivery",
        EngineJson.Default.DeliveryRecord,
        ("subject", d => d.Subject),
        ("job", d => d.JobId),
        ("state", d => d.State == DeliveryState.Pending ? Pending : "finished"));

    private readonly Dictionary<string, IWebhookSigner> _signers = signers.ToDictionary(s => s.Name, StringComparer.Ordinal);
    private long _pendingCheckedAt;
    private bool _pendingChecked;
    private long _pendingSeen;

    public WebhookRetryPolicy Policy { get; } = policy;

    public WebhookOutboxOptions Options { get; } = options;

    /// <summary>The write that enqueues a delivery, due at once; commit it with whatever caused it.</summary>
    public StoreWrite Enqueue(string tenant, NewDelivery delivery, DateTimeOffset now, string? jobId = null)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (!_signers.ContainsKey(delivery.Signer))
        {
            throw new InvalidOperationException($"No webhook signer named '{delivery.Signer}' is registered.");
        }
        var record = new DeliveryRecord(
            Guid.NewGuid().ToString(), delivery.Event, delivery.Subject, jobId, delivery.Url.ToString(), delivery.Body, delivery.Signer,
            delivery.SignerArgs, now, DeliveryState.Pending, now, 0, [], null);
        // New work waits: the next admission check counts again instead of trusting its last count.
        Volatile.Write(ref _pendingChecked, false);
        return StoreWrite.Put(Collection, tenant, record.Id, record, expectedVersion: 0, due: now.UtcTicks);
    }

    /// <summary>
    /// Refuses new work while too many deliveries wait. The count is taken again after any delivery was
    /// enqueued or finished, else at most every 100 ms; the bound is approximate, and never a reason to drop anything.
    /// </summary>
    public async ValueTask EnsureRoomAsync(CancellationToken cancellationToken = default)
    {
        var now = Environment.TickCount64;
        if (!Volatile.Read(ref _pendingChecked) || now - Interlocked.Read(ref _pendingCheckedAt) > 100)
        {
            Interlocked.Exchange(ref _pendingSeen, await store.CountAsync(Collection, tenant: null, "state", Pending, cancellationToken));
            Interlocked.Exchange(ref _pendingCheckedAt, now);
            Volatile.Write(ref _pendingChecked, true);
        }
        var pending = Interlocked.Read(ref _pendingSeen);
        if (pending >= Options.MaxPending)
        {
            throw new OutboxFullException((int)Math.Min(pending, int.MaxValue), Options.MaxPending);
        }
    }

    /// <summary>Oldest first; one tenant's or everyone's; optionally only those about one subject.</summary>
    public async ValueTask<IReadOnlyList<Stored<DeliveryRecord>>> ListAsync(string? tenant, string? subject = null, CancellationToken cancellationToken = default) =>
        subject is null
            ? await store.QueryAsync(Collection, tenant, cancellationToken: cancellationToken)
            : await store.QueryAsync(Collection, tenant, "subject", subject, cancellationToken);

    public async ValueTask<IReadOnlyList<Stored<DeliveryRecord>>> ForJobAsync(string tenant, string jobId, CancellationToken cancellationToken = default) =>
        await store.QueryAsync(Collection, tenant, "job", jobId, cancellationToken);

    public async ValueTask<Stored<DeliveryRecord>?> FindAsync(string id, string? tenant = null, CancellationToken cancellationToken = default) =>
        tenant is not null
            ? await store.GetAsync(Collection, tenant, id, cancellationToken)
            : await store.FindAsync(Collection, id, cancellationToken) is { Count: > 0 } found ? found[0] : null;

    /// <summary>
    /// Sends every attempt due by <paramref name="now"/> for one tenant, retries that fall due before
    /// <paramref name="now"/> included. Deliveries about different subjects go out concurrently.
    /// </summary>
    public async Task<int> DeliverDueAsync(string tenant, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var sent = 0;
        using var slots = new SemaphoreSlim(Math.Max(1, Options.ConcurrencyPerTenant));
        while (true)
        {
            var due = await store.DueAsync(Collection, tenant, now.UtcTicks, 1000, cancellationToken);
            if (due.Count == 0)
            {
                break;
            }
            var bySubject = due.GroupBy(d => d.Value.Subject, StringComparer.Ordinal);
            var results = await Task.WhenAll(bySubject.Select(async group =>
            {
                await slots.WaitAsync(cancellationToken);
                try
                {
                    var count = 0;
                    foreach (var delivery in group)
                    {
                        if (await AttemptScheduledAsync(tenant, delivery, now, cancellationToken))
                        {
                            count++;
                        }
                    }
                    return count;
                }
                finally
                {
                    slots.Release();
                }
            }));
            var round = results.Sum();
            sent += round;
            if (round == 0)
            {
                // Everything due was changed under us (a reset): the next run sees what is left.
                break;
            }
        }
        return sent;
    }

    /// <summary>Sends the delivery again now, whatever its state, and records the attempt (outside the retry schedule).</summary>
    public async Task<(DeliveryAttempt Attempt, DeliveryRecord Delivery)?> ReplayAsync(string tenant, string id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var stored = await store.GetAsync(Collection, tenant, id, cancellationToken);
        if (stored is null)
        {
            return null;
        }
        var attempt = await SendAsync(tenant, stored.Value, now, replay: true, cancellationToken);
        var updated = await RecordAsync(tenant, id, stored, attempt, next: null, cancellationToken);
        return updated is null ? null : (attempt, updated);
    }

    /// <summary>
    /// Keeps a tenant's finished deliveries near <see cref="WebhookOutboxOptions.FinishedPerTenant"/>: once they exceed it by a
    /// tenth (at least 10), the oldest go, down to the limit; trimming in batches keeps it off every run.
    /// </summary>
    public async Task TrimAsync(string tenant, CancellationToken cancellationToken = default)
    {
        var limit = Options.FinishedPerTenant;
        var finished = await store.CountAsync(Collection, tenant, "state", "finished", cancellationToken);
        if (finished <= limit + Math.Max(10, limit / 10))
        {
            return;
        }
        var all = await store.QueryAsync(Collection, tenant, "state", "finished", cancellationToken);
        var drop = all.Take(all.Count - limit).Select(d => StoreWrite.Delete(Collection, tenant, d.Id, d.Version)).ToList();
        try
        {
            await store.CommitAsync(drop, cancellationToken);
        }
        catch (StoreConflictException)
        {
            // One was replayed meanwhile: trim again next time.
        }
    }

    private async Task<bool> AttemptScheduledAsync(string tenant, Stored<DeliveryRecord> stored, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var delivery = stored.Value;
        var dueAt = delivery.NextAttemptAt ?? now;
        var attempt = await SendAsync(tenant, delivery, dueAt, replay: false, cancellationToken);
        var used = delivery.ScheduledAttempts;
        DateTimeOffset? next = attempt.StatusCode is >= 200 and < 300 || used >= Policy.Backoff.Count ? null : dueAt + Policy.Backoff[used];
        return await RecordAsync(tenant, delivery.Id, stored, attempt, next, cancellationToken) is not null;
    }

    private async Task<DeliveryAttempt> SendAsync(string tenant, DeliveryRecord delivery, DateTimeOffset at, bool replay, CancellationToken cancellationToken)
    {
        var sentAt = wallClock.Now;
        IReadOnlyList<HeaderValue> headers;
        try
        {
            headers = await _signers[delivery.Signer].HeadersAsync(tenant, delivery, sentAt, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Signing webhook {Id} failed", delivery.Id);
            return new DeliveryAttempt(delivery.Attempts.Length + 1, at, sentAt, [], null, 0, "the simulator could not sign the webhook: " + ex.Message, null, replay);
        }
        WebhookResponse response;
        try
        {
            response = await transport.SendAsync(new Uri(delivery.Url), [.. headers.Select(h => KeyValuePair.Create(h.Name, h.Value))], delivery.Body, Policy.Timeout, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            response = new WebhookResponse(null, ex.Message, null, 0);
        }
        return new DeliveryAttempt(delivery.Attempts.Length + 1, at, sentAt, [.. headers], response.StatusCode, Math.Round(response.LatencyMs, 3), response.Error, response.Body, replay);
    }

    /// <summary>Stores an attempt; if the delivery changed meanwhile (a replay), the attempt is added to what is there now.</summary>
    private async Task<DeliveryRecord?> RecordAsync(string tenant, string id, Stored<DeliveryRecord> seen, DeliveryAttempt attempt, DateTimeOffset? next, CancellationToken cancellationToken)
    {
        var current = seen;
        for (var tries = 0; tries < 100; tries++)
        {
            var delivery = current.Value;
            var numbered = attempt with { Number = delivery.Attempts.Length + 1 };
            var attempts = delivery.Attempts.Add(numbered);
            if (attempts.Length > Options.MaxAttemptsKept)
            {
                var replay = attempts.IndexOf(attempts.FirstOrDefault(a => a.Replay) ?? attempts[0]);
                attempts = attempts.RemoveAt(replay);
            }
            var delivered = attempt.StatusCode is >= 200 and < 300;
            var updated = delivery with { Attempts = attempts };
            if (delivered)
            {
                updated = updated with { State = DeliveryState.Delivered, NextAttemptAt = null, FinishedAt = updated.FinishedAt ?? attempt.At };
            }
            if (!attempt.Replay)
            {
                updated = updated with { ScheduledAttempts = delivery.ScheduledAttempts + 1 };
                if (!delivered && delivery.State == DeliveryState.Pending)
                {
                    updated = next is null
                        ? updated with { State = DeliveryState.Failed, NextAttemptAt = null, FinishedAt = attempt.At }
                        : updated with { NextAttemptAt = next };
                }
            }
            var due = updated.State == DeliveryState.Pending ? updated.NextAttemptAt?.UtcTicks : null;
            try
            {
                await store.PutAsync(Collection, tenant, id, updated, current.Version, due, cancellationToken);
                if (updated.State != delivery.State)
                {
                    Volatile.Write(ref _pendingChecked, false);
                }
                return updated;
            }
            catch (StoreConflictException)
            {
                var fresh = await store.GetAsync(Collection, tenant, id, cancellationToken);
                if (fresh is null)
                {
                    return null;
                }
                current = fresh;
            }
        }
        return null;
    }
}

/// <summary>The wall clock, for what receivers check against their own clocks (signature timestamps). Tests replace it.</summary>
public sealed class WallClock(TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public DateTimeOffset Now => _time.GetUtcNow();
}

/// <summary>Header values of an attempt, for code that wants them as pairs.</summary>
public static class HeaderValues
{
    public static ImmutableDictionary<string, string> ToDictionary(this IEnumerable<HeaderValue> headers) =>
        headers.ToImmutableDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
}
