using System.Text;
using System.Text.Json;
using Simulators.Core.Jobs;
using Simulators.Core.Journal;
using Simulators.Core.State;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Control;

// What the control API answers, camelCase on the wire.

public sealed record HealthView(string Status, string Provider, DateTimeOffset Time, string Store);

public sealed record ResetView(string Reset);

public sealed record ClockView(DateTimeOffset Now, bool Frozen);

public sealed record TenantClockView(string Tenant, DateTimeOffset Now, bool Frozen, double OffsetSeconds);

public sealed record ScenarioView(string Name, string Description, IReadOnlyList<string> AppliesTo);

public sealed record ScenariosView(string Header, string Marker, IReadOnlyList<string> ResolutionOrder, IReadOnlyList<ScenarioView> Items);

public sealed record OutcomesView(string Tenant, IReadOnlyList<string> Queued);

public sealed record ForcedView(string Job, string Scenario);

public sealed record JobSummaryView(string Id, string Tenant, string Kind, string Subject, string Scenario, string? Status, bool Settled, string? WaitingFor, DateTimeOffset CreatedAt);

public sealed record JobStepView(int Index, string State, DateTimeOffset? At, bool Reached, bool Announced, bool Notify, string? Awaits);

public sealed record JobView(
    string Id, string Tenant, string Kind, string Subject, string Scenario, string? Status, bool Settled, string? WaitingFor, DateTimeOffset CreatedAt, DateTimeOffset Now,
    IReadOnlyList<JobStepView> Steps, IReadOnlyList<DeliveryView> Deliveries);

public sealed record ListView<T>(int Total, IReadOnlyList<T> Items);

public sealed record JournalView(int Total, int Capacity, IReadOnlyList<JournalEntryView> Items);

public sealed record JournalEntryView(
    long Id, DateTimeOffset At, string? Tenant, string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers,
    string? RequestBody, long RequestBodyLength, bool RequestBodyTruncated, int Status, string? ResponseContentType, string? ResponseBody,
    bool ResponseBodyTruncated, double DurationMs, string? Fault, string? Note);

public sealed record AttemptView(int Number, DateTimeOffset At, DateTimeOffset SentAt, bool Replay, IReadOnlyDictionary<string, string> Headers, int? StatusCode, double LatencyMs, string? Error, string? ResponseBody);

public sealed record DeliveryView(
    string Id, string Tenant, string Event, string Subject, string? Job, string Url, string State, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt,
    object? Body, string? RawBody, IReadOnlyList<AttemptView> Attempts);

public sealed record ReplayView(AttemptView Attempt, DeliveryView Delivery);

internal static class ControlViews
{
    public static JobSummaryView Summary(Stored<JobRecord> job, DateTimeOffset now) => new(
        job.Id, job.Tenant, job.Value.Kind, job.Value.Subject, job.Value.Scenario, job.Value.StateAt(now), job.Value.IsSettled(now),
        job.Value.AwaitsAt(now), job.Value.CreatedAt);

    public static JobView Job(Stored<JobRecord> job, DateTimeOffset now, IEnumerable<Stored<DeliveryRecord>> deliveries) => new(
        job.Id, job.Tenant, job.Value.Kind, job.Value.Subject, job.Value.Scenario, job.Value.StateAt(now), job.Value.IsSettled(now),
        job.Value.AwaitsAt(now), job.Value.CreatedAt, now,
        [.. job.Value.Steps.Select((s, i) => new JobStepView(i, s.State, s.At, s.At is { } at && at <= now, i < job.Value.Announced, s.Notify, s.Awaits))],
        [.. deliveries.Select(Delivery)]);

    public static JournalEntryView Entry(JournalEntry e) => new(
        e.Id, e.At, e.Tenant, e.Method, e.Path, e.Query,
        e.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase),
        Text(e.RequestBody.Bytes), e.RequestBody.Length, e.RequestBody.Truncated, e.Status, e.ResponseContentType, Text(e.ResponseBody.Bytes),
        e.ResponseBody.Truncated, Math.Round(e.DurationMs, 3), e.Fault, e.Note);

    public static DeliveryView Delivery(Stored<DeliveryRecord> stored)
    {
        var d = stored.Value;
        return new DeliveryView(
            d.Id, stored.Tenant, d.Event, d.Subject, d.JobId, d.Url, d.State.ToString().ToLowerInvariant(), d.CreatedAt, d.NextAttemptAt,
            ParseOrText(d.Body), Text(d.Body), [.. d.Attempts.Select(Attempt)]);
    }

    public static AttemptView Attempt(DeliveryAttempt a) => new(
        a.Number, a.At, a.SentAt, a.Replay,
        a.Headers.ToDictionary().ToDictionary(h => h.Key, h => IsSecretHeader(h.Key) ? SecretMasker.Mask(h.Value) : h.Value, StringComparer.OrdinalIgnoreCase),
        a.StatusCode, a.LatencyMs, a.Error, a.ResponseBody);

    /// <summary>Headers of an outgoing webhook that carry a credential (a callback's Basic auth, a key): shown masked.</summary>
    internal static bool IsSecretHeader(string name) =>
        name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Cookie", StringComparison.OrdinalIgnoreCase)
        || name.Contains("key", StringComparison.OrdinalIgnoreCase)
        || name.Contains("token", StringComparison.OrdinalIgnoreCase)
        || name.Contains("secret", StringComparison.OrdinalIgnoreCase)
        || name.Contains("password", StringComparison.OrdinalIgnoreCase);

    public static string? Text(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return null;
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return "base64:" + Convert.ToBase64String(bytes);
        }
    }

    private static object? ParseOrText(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Text(body);
        }
    }
}
