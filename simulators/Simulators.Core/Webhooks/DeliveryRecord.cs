using System.Collections.Immutable;

namespace Simulators.Core.Webhooks;

public enum DeliveryState
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>A header sent with an attempt.</summary>
public sealed record HeaderValue(string Name, string Value);

/// <summary>One try at delivering a webhook: what was sent and what came back.</summary>
/// <param name="Number">1 for the first attempt, replays included in the count.</param>
/// <param name="At">The instant it was due, on the tenant's clock (a retry that fell due inside a clock jump keeps its own instant).</param>
/// <param name="SentAt">The wall-clock instant it was sent, which the signature headers carry.</param>
/// <param name="Headers">Everything sent, signature headers included.</param>
/// <param name="StatusCode">The receiver's answer; null when there was none (refused, timed out).</param>
/// <param name="LatencyMs">Wall time the attempt took.</param>
/// <param name="Error">Why there was no answer.</param>
/// <param name="ResponseBody">The first 4 KB of the answer.</param>
/// <param name="Replay">Sent on request from the control API, outside the retry schedule.</param>
public sealed record DeliveryAttempt(
    int Number,
    DateTimeOffset At,
    DateTimeOffset SentAt,
    ImmutableArray<HeaderValue> Headers,
    int? StatusCode,
    double LatencyMs,
    string? Error,
    string? ResponseBody,
    bool Replay);

/// <summary>A webhook a job kind wants sent: the pump stores it with the step that caused it.</summary>
/// <param name="Event">The provider's event name.</param>
/// <param name="Subject">The id the receiver knows the job by.</param>
/// <param name="Url">The receiver.</param>
/// <param name="Body">Exactly the bytes to send (what a signature covers).</param>
/// <param name="Signer">The registered <see cref="IWebhookSigner"/> that makes the headers at send time.</param>
/// <param name="SignerArgs">What that signer needs (a secret), kept with the delivery.</param>
public sealed record NewDelivery(string Event, string Subject, Uri Url, byte[] Body, string Signer, ImmutableDictionary<string, string>? SignerArgs = null);

/// <summary>
/// A webhook the simulator owes a receiver: recorded, retried with backoff on the tenant's clock,
/// replayable. Never dropped while <see cref="DeliveryState.Pending"/>.
/// </summary>
public sealed record DeliveryRecord(
    string Id,
    string Event,
    string Subject,
    string? JobId,
    string Url,
    byte[] Body,
    string Signer,
    ImmutableDictionary<string, string>? SignerArgs,
    DateTimeOffset CreatedAt,
    DeliveryState State,
    DateTimeOffset? NextAttemptAt,
    int ScheduledAttempts,
    ImmutableArray<DeliveryAttempt> Attempts,
    DateTimeOffset? FinishedAt);
