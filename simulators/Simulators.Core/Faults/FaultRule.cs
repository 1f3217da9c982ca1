namespace Simulators.Core.Faults;

/// <summary>
/// A chaos rule, as LocalStack's chaos API has them: which calls it hits (method, path pattern,
/// tenant) and one effect, applied a number of times or with a probability.
/// </summary>
/// <param name="Id">Assigned when added.</param>
/// <param name="Method">An HTTP method, or null for any.</param>
/// <param name="Path">A path pattern: <c>*</c> matches within one segment, <c>**</c> across segments (<c>/verifications/*</c>, <c>/**</c>).</param>
/// <param name="Tenant">Only this tenant's calls (known once the provider has authenticated the call); null for every call.</param>
/// <param name="Status">Effect: answer this status with the provider's own error body for it.</param>
/// <param name="LatencyMs">Effect: answer this many milliseconds (of wall time) later.</param>
/// <param name="Reset">Effect: drop the connection without an answer.</param>
/// <param name="Truncate">Effect: send the headers and half of the body, then drop the connection.</param>
/// <param name="Count">Times it still applies; null for every matching call.</param>
/// <param name="Probability">Chance (0 to 1) that it applies to a matching call; null for always.</param>
/// <param name="Fired">Times it applied.</param>
/// <param name="CreatedAt">When it was added, on the simulator clock.</param>
public sealed record FaultRule(
    string Id,
    string? Method,
    string Path,
    string? Tenant,
    int? Status,
    int? LatencyMs,
    bool Reset,
    bool Truncate,
    int? Count,
    double? Probability,
    long Fired,
    DateTimeOffset CreatedAt)
{
    public string Effect => Status is { } s ? $"status {s}" : LatencyMs is { } l ? $"latency {l} ms" : Reset ? "reset" : "truncate";
}
