using System.Text.Json;

namespace Simulators.SandboxConsole.Control;

// What the console reads of the control API (camelCase JSON); only the members it shows.

public sealed record ControlError(int Status, string Code, string Message)
{
    /// <summary>The simulator did not answer at all (refused, timed out).</summary>
    public bool Unreachable => Status == 0;

    public override string ToString() => Unreachable ? $"{Code}: {Message}" : $"{Status} {Code}: {Message}";
}

/// <summary>A control call's answer: its value, or the control API's <c>{error, message}</c>.</summary>
public sealed record ControlResult<T>(T? Value, ControlError? Error)
{
    public bool Ok => Error is null;
}

public sealed record HealthInfo(string Status, string Provider, DateTimeOffset Time, string Store);

public sealed record TenantInfo(string Tenant, DateTimeOffset Now, bool Frozen, double OffsetSeconds);

public sealed record ItemsOf<T>(int Total, IReadOnlyList<T> Items);

public sealed record ScenarioInfo(string Name, string Description, IReadOnlyList<string> AppliesTo);

public sealed record ScenariosInfo(string Header, IReadOnlyList<ScenarioInfo> Items);

public sealed record OutcomesInfo(string Tenant, IReadOnlyList<string> Queued);

public sealed record JobSummary(string Id, string Tenant, string Kind, string Subject, string Scenario, string? Status, bool Settled, string? WaitingFor, DateTimeOffset CreatedAt);

public sealed record JobStep(int Index, string State, DateTimeOffset? At, bool Reached, bool Announced, bool Notify, string? Awaits);

public sealed record JobDetail(
    string Id, string Tenant, string Kind, string Subject, string Scenario, string? Status, bool Settled, string? WaitingFor, DateTimeOffset CreatedAt, DateTimeOffset Now,
    IReadOnlyList<JobStep> Steps, IReadOnlyList<Delivery> Deliveries);

public sealed record Attempt(int Number, DateTimeOffset At, DateTimeOffset SentAt, bool Replay, IReadOnlyDictionary<string, string> Headers, int? StatusCode, double LatencyMs, string? Error);

public sealed record Delivery(string Id, string Event, string Subject, string? Job, string Url, string State, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, string? RawBody, IReadOnlyList<Attempt> Attempts);

public sealed record ReplayInfo(Attempt Attempt);

public sealed record JournalInfo(int Total, int Capacity, IReadOnlyList<JournalEntry> Items);

public sealed record JournalEntry(
    long Id, DateTimeOffset At, string? Tenant, string Method, string Path, string Query, string? RequestBody, int Status, string? ResponseBody, double DurationMs, string? Fault, string? Note)
{
    public bool Mentions(string text) =>
        text.Length > 0 && (Path.Contains(text, StringComparison.Ordinal) || Query.Contains(text, StringComparison.Ordinal)
            || (RequestBody?.Contains(text, StringComparison.Ordinal) ?? false) || (ResponseBody?.Contains(text, StringComparison.Ordinal) ?? false));
}

public sealed record FaultRule(string Id, string? Method, string Path, string? Tenant, int? Status, int? LatencyMs, bool Reset, bool Truncate, int? Count, double? Probability, long Fired)
{
    public string Effect => Status is { } s ? $"status {s}" : LatencyMs is { } l ? $"latency {l} ms" : Reset ? "connection reset" : Truncate ? "truncated body" : "";
}

public sealed record OtpInfo(string Channel, string To, string Otp, DateTimeOffset ExpiresAt);

public sealed record OtpList(IReadOnlyList<OtpInfo> Items);

public sealed record VerifikClient(string ClientId, string? Email, string? CountryCode, string? Phone);

public sealed record VerifikClients(IReadOnlyList<VerifikClient> Items);

internal static class ControlJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
