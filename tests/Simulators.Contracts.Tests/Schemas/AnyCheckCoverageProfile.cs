using System.Text.Json;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using Simulators.Testing;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// AnyCheck's part of a schema coverage run: its table, file downloads, the statuses a polled
/// verification must have shown, and webhooks, signed and unsigned, that agree with their data.
/// </summary>
internal sealed class AnyCheckCoverageProfile(AnyCheckTour tour)
    : SchemaCoverageProfile(AnyCheckSchemaMap.Table, tour.ScenarioCatalogue, tour.ScenarioRuns)
{
    private static readonly string[] PolledStatuses =
        ["DRAFT", "IN_QUEUE", "IN_PROGRESS", "COMPLETED", "FAILED", "CANCELLED", "NEED_REVIEW", "FRAUD_DETECTED", "PARTIALLY_COMPLETED", "PARTIALLY_FAILED"];
    private static readonly string[] AnnouncedStatuses =
        ["IN_PROGRESS", "NEED_REVIEW", "COMPLETED", "PARTIALLY_COMPLETED", "FAILED", "PARTIALLY_FAILED", "FRAUD_DETECTED", "CANCELLED"];

    /// <summary>Free-form objects (client data echoed, or open by design): renaming their keys is not a contract break.</summary>
    private static readonly HashSet<string> FreeFormObjects = new(["input_config", "webhook_metadata", "action_param", "input_file_url"], StringComparer.Ordinal);

    /// <summary>The keys the simulator itself writes into <c>output</c>; a review may add others.</summary>
    private static readonly HashSet<string> OutputKeys = new(
        ["face_match_confidence_level", "face_match_confidence_score", "is_match_face", "nik", "name", "birth_date", "is_pep"], StringComparer.Ordinal);

    private readonly HashSet<string> _polled = new(StringComparer.Ordinal);
    private readonly HashSet<string> _announced = new(StringComparer.Ordinal);
    private int _signed;

    public override IReadOnlySet<int> BodyFaultStatuses { get; } = new HashSet<int>([400, 413]);

    public override string RejectedBodiesNote => "answered 400, as they should be allowed to";

    public override IReadOnlyCollection<string> BinaryMediaTypes { get; } = ["image/jpeg", "image/png", "application/pdf"];

    public override string WebhookNoun => "webhook";

    public override string WebhookSummary => $"({_signed} signed), statuses {string.Join(", ", _announced.Order(StringComparer.Ordinal))}";

    public override string RouteOf(string path) => AnyCheckSchemaMap.RouteOf(path);

    public override string ShapeOf(string route, RecordedCall call) => AnyCheckSchemaMap.KindOf(call.ContentType).ToString();

    /// <summary>Everything but the keys of free-form objects and output keys the simulator did not write.</summary>
    public override bool Owns(JProperty property) =>
        !property.Ancestors().OfType<JProperty>().Any(a => FreeFormObjects.Contains(a.Name))
        && !(property.Ancestors().OfType<JProperty>().FirstOrDefault()?.Name == "output" && !OutputKeys.Contains(property.Name));

    public override void Observe(RecordedCall call, IResponseRow row, JsonElement body)
    {
        if (row is { Method: "GET", Route: "/verifications/{id}", Status: 200 })
        {
            _polled.Add(body.GetProperty("status").GetString()!);
        }
    }

    public override IEnumerable<string> JournalProblems() =>
        PolledStatuses.Except(_polled).Select(s => $"GET /verifications/{{id}} never answered status {s}");

    public override void CheckWebhook(ReceivedWebhook webhook, string label, JsonElement? payload, ProblemLog log)
    {
        if (payload is not { } body)
        {
            return;
        }
        var status = body.GetProperty("status").GetString()!;
        var data = body.GetProperty("data");
        _announced.Add(status);
        if (data.GetProperty("status").GetString() != status
            || data.GetProperty("id").GetString() != body.GetProperty("verification_id").GetString()
            || data.GetProperty("result_id").GetString() != body.GetProperty("result_id").GetString())
        {
            log.Add($"{label}: status/verification_id/result_id disagree with data: {SchemaCoverage.Clip(webhook.BodyText)}");
        }
        if (webhook.Headers.TryGetValue("X-AnyCheck-Signature", out var signature))
        {
            _signed++;
            if (!Regex.IsMatch(signature, "^sha256=[0-9a-f]{64}$") || !webhook.Headers.ContainsKey("X-AnyCheck-Timestamp"))
            {
                log.Add($"{label}: signature header '{signature}' is not sha256=<64 lowercase hex> with a timestamp header");
            }
        }
    }

    public override void CheckAllWebhooks(IReadOnlyList<ReceivedWebhook> webhooks, ProblemLog log)
    {
        if (_signed == 0 || _signed == webhooks.Count)
        {
            log.Add($"webhooks: {_signed} of {webhooks.Count} signed; both signed and unsigned deliveries were expected");
        }
        log.AddRange(AnnouncedStatuses.Except(_announced).Select(s => $"no webhook announced {s}"));
    }
}
