using System.Text;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// Verihubs' part of a schema coverage run: its table, the failures it answers with a 200, and
/// callbacks with the App-ID's Basic credentials, the polled result (plus data.reference_id) as body, and 1 + 3 attempts
/// where the receiver fails.
/// </summary>
internal sealed class VerihubsCoverageProfile(VerihubsTour tour)
    : SchemaCoverageProfile(VerihubsSchemaMap.Table, tour.ScenarioCatalogue, tour.ScenarioRuns)
{
    /// <summary>The FAIL_ON bits each (alone) must have been seen at least once, and every KTP result failure.</summary>
    private static readonly string[] ExpectedFailures =
        ["FAIL_ON_1", "FAIL_ON_2", "FAIL_ON_4", "FAIL_ON_8", "FAIL_ON_16", "KTP_NOT_DETECTED", "INTERNAL_SERVER_ERROR"];

    private static readonly string DefaultAuthorization =
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{VerihubsTour.CallbackUser}:{VerihubsTour.CallbackPassword}"));

    private readonly HashSet<string> _failuresAt200 = new(StringComparer.Ordinal);
    private int _delivered;

    public override IReadOnlySet<int> BodyFaultStatuses { get; } = new HashSet<int>([400, 404]);

    public override string RejectedBodiesNote => "answered 4xx, as they may be";

    public override string WebhookNoun => "callback";

    public override string WebhookSummary => $"({_delivered} to succeeding receivers, {FailingJobs.Count} jobs with a failing receiver)";

    /// <summary>Callback URLs of jobs that finished with a receiver that fails every attempt.</summary>
    private List<string> FailingJobs => [.. tour.FailingCallbackUrls.Where(tour.ResultsByCallbackUrl.ContainsKey)];

    public override string RouteOf(string path) => VerihubsSchemaMap.RouteOf(path);

    public override string ShapeOf(string route, RecordedCall call) => VerihubsSchemaMap.VariantOf(route, call.Status, call.Body);

    public override void Observe(RecordedCall call, IResponseRow row, JsonElement body)
    {
        if (call.Status == 200 && SchemaCoverage.Text(body, "error_code") is { } code)
        {
            _failuresAt200.Add(code);
        }
    }

    public override IEnumerable<string> JournalProblems() =>
        ExpectedFailures.Except(_failuresAt200).Select(c => $"no 200 ever carried error_code {c}");

    public override IEnumerable<string> JournalSummary(IReadOnlySet<string> errorCodesSeen) =>
        [$"error codes seen: {errorCodesSeen.Count}; 200 failures seen: {string.Join(", ", _failuresAt200.Order(StringComparer.Ordinal))}"];

    public override void CheckWebhook(ReceivedWebhook webhook, string label, JsonElement? payload, ProblemLog log)
    {
        var url = webhook.Url.AbsoluteUri;
        var expectedAuthorization = tour.CallbackAuthorization.GetValueOrDefault(url) ?? DefaultAuthorization;
        if (webhook.Headers.GetValueOrDefault("Authorization") != expectedAuthorization)
        {
            log.Add($"{label}: Authorization '{webhook.Headers.GetValueOrDefault("Authorization")}', expected '{expectedAuthorization}'");
        }
        if (webhook.Headers.GetValueOrDefault("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            log.Add($"{label}: Content-Type '{webhook.Headers.GetValueOrDefault("Content-Type")}', expected application/json");
        }
        // A callback is the polled body with the job's reference_id first in data.
        var referenceId = webhook.Url.AbsolutePath.Split('/')[^1];
        var unnamed = webhook.BodyText.Replace($"\"reference_id\":\"{referenceId}\",", "", StringComparison.Ordinal).Replace($"\"reference_id\":\"{referenceId}\"", "", StringComparison.Ordinal);
        if (tour.CallbackAuthorization.ContainsKey(url) && unnamed == webhook.BodyText)
        {
            log.Add($"{label}: the callback does not name its reference_id {referenceId} in data");
        }
        if (tour.ResultsByCallbackUrl.TryGetValue(url, out var polled) && polled != unnamed)
        {
            log.Add($"{label}: the callback body differs from the polled result\n  callback: {SchemaCoverage.Clip(webhook.BodyText)}\n  polled:   {SchemaCoverage.Clip(polled)}");
        }
        if (!tour.FailingCallbackUrls.Contains(url))
        {
            _delivered++;
        }
    }

    public override void CheckAllWebhooks(IReadOnlyList<ReceivedWebhook> webhooks, ProblemLog log)
    {
        var attempts = webhooks.GroupBy(c => c.Url.AbsoluteUri).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var failingJobs = FailingJobs;
        log.AddRange(failingJobs.Where(u => attempts.GetValueOrDefault(u) != 4).Select(u => $"callback to failing receiver {u}: {attempts.GetValueOrDefault(u)} attempt(s), expected 1 + 3 retries"));
        log.AddRange(tour.ResultsByCallbackUrl.Keys.Except(tour.MutedCallbackUrls).Where(u => !attempts.ContainsKey(u)).Select(u => $"no callback arrived at {u}"));
        log.AddRange(tour.MutedCallbackUrls.Where(attempts.ContainsKey).Select(u => $"a callback arrived at {u} although its App-ID has callbacks disabled"));
        if (_delivered == 0 || failingJobs.Count == 0)
        {
            log.Add($"callbacks: {_delivered} delivered and {failingJobs.Count} failing job(s); both were expected");
        }
    }
}
