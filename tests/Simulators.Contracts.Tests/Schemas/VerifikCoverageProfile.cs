using System.Text.Json;
using Simulators.Testing;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// Verifik's part of a schema coverage run: its table, the document-liveness answers told apart by the client's
/// responseShape, the query strings described by schemas, the error bodies in each documented shape, and the
/// app-registration events, each validated by its entity's delivery schema and each seen at least once.
/// </summary>
internal sealed class VerifikCoverageProfile(VerifikTour tour)
    : SchemaCoverageProfile(VerifikSchemaMap.Table, tour.ScenarioCatalogue, tour.ScenarioRuns)
{
    /// <summary>The document-liveness pages' own codes (in <c>message</c>) and the list's (in <c>code</c>), each to be seen.</summary>
    private static readonly string[] LivenessCodes = ["INVALID_IMAGE_FORMAT", "IMAGE_TOO_LARGE", "DOCUMENT_LIVENESS_NOT_FOUND", "UNKNOWN_SCENARIO", "INVALID_PARAMETERS"];

    private readonly HashSet<string> _livenessCodes = new(StringComparer.Ordinal);

    /// <summary>Every event the simulator sends (after the flow type); each must be delivered in the run.</summary>
    private static readonly string[] Events =
    [
        "app_registration_created", "document_validation_created", "biometric_validation_validated", "biometric_validation_created_person",
        "biometric_validation_liveness_failed", "document_validation_manual_verification_required", "app_registration_completed",
        "app_registration_failed", "app_registration_needs_manual_verification", "app_registration_completed_without_kyc", "app_registration_expired",
    ];

    private readonly HashSet<string> _events = new(StringComparer.Ordinal);

    public override IReadOnlySet<int> BodyFaultStatuses { get; } = new HashSet<int>([400, 409, 412, 413, 422]);

    /// <summary>Also the 404 of a login to an address that is not an e-mail (invalid_email).</summary>
    public override bool BodyMayBeAtFault(RecordedCall call) =>
        BodyFaultStatuses.Contains(call.Status) || (call.Status == 404 && RouteOf(call.Path) is VerifikSchemaMap.EmailValidations);

    public override string RejectedBodiesNote => "answered 400, 409, 412, 413 or 422, or invalid_email 404, as they may be";

    public override string WebhookNoun => "webhook";

    public override string WebhookSummary => "(the app-registration events of the Smart Enroll part of the tour)";

    public override IReadOnlyCollection<string> NotYetServed => VerifikSchemaMap.NotYetServed;

    public override IReadOnlyCollection<string> Referenced => VerifikSchemaMap.Referenced;

    public override IReadOnlyCollection<string> AlsoValidated { get; } = [VerifikSchemaMap.EmailLoginQuery, VerifikSchemaMap.SessionQuery];

    private static readonly string[] DeliverySchemas =
        ["webhook-delivery.app-registration.schema.json", "webhook-delivery.document-validation.schema.json", "webhook-delivery.biometric-validation.schema.json"];

    public override IEnumerable<string> WebhookSchemas => DeliverySchemas;

    /// <summary>The schema of the event's family: its object is the simulator's full record (the documented delivery schema is their base).</summary>
    public override string WebhookSchemaOf(ReceivedWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var text = webhook.BodyText;
        return text.Contains("_document_validation_", StringComparison.Ordinal) ? DeliverySchemas[1]
            : text.Contains("_biometric_validation_", StringComparison.Ordinal) ? DeliverySchemas[2]
            : DeliverySchemas[0];
    }

    public override string RouteOf(string path) => VerifikSchemaMap.RouteOf(path);

    public override string ShapeOf(string route, RecordedCall call) =>
        VerifikSchemaMap.ShapeOf(route, call.Status, call.Body, call.Tenant is { } tenant ? tour.ShapeOfTenant.GetValueOrDefault(tenant, VerifikSchemaMap.Both) : VerifikSchemaMap.Both);

    /// <summary>The query string of a successful e-mail login and of a session call, as the object of its parameters.</summary>
    public override IEnumerable<(string Schema, string Json)> AlsoValidate(RecordedCall call)
    {
        if (call.Status != 200 || call.Method != "GET" && call.Method != "POST")
        {
            yield break;
        }
        var route = RouteOf(call.Path);
        if (route == VerifikSchemaMap.EmailLogin)
        {
            yield return (VerifikSchemaMap.EmailLoginQuery, QueryObject(call.Query));
        }
        else if (route == VerifikSchemaMap.Session && call.Method == "GET")
        {
            yield return (VerifikSchemaMap.SessionQuery, QueryObject(call.Query));
        }
    }

    public override void Observe(RecordedCall call, IResponseRow row, JsonElement body)
    {
        if (row.Shape == VerifikSchemaMap.LivenessError && SchemaCoverage.Text(body, "message") is { } code)
        {
            _livenessCodes.Add(code);
        }
        else if (row.Shape == VerifikSchemaMap.ListError && SchemaCoverage.Text(body, "code") is { } listCode)
        {
            _livenessCodes.Add(listCode);
        }
    }

    public override IEnumerable<string> JournalProblems() =>
        LivenessCodes.Except(_livenessCodes).Select(c => $"document-liveness code {c} never seen");

    public override IEnumerable<string> JournalSummary(IReadOnlySet<string> errorCodesSeen) =>
        [$"error codes seen: {string.Join(", ", errorCodesSeen.Order(StringComparer.Ordinal))}; document-liveness codes: {string.Join(", ", _livenessCodes.Order(StringComparer.Ordinal))}"];

    public override void CheckWebhook(ReceivedWebhook webhook, string label, JsonElement? payload, ProblemLog log)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(log);
        if (!webhook.Headers.TryGetValue("Content-Type", out var type) || !type.StartsWith("application/json", StringComparison.Ordinal))
        {
            log.Add($"{label}: Content-Type is not JSON");
        }
        if (payload is { } body && body.GetProperty("type").GetString() is { } name)
        {
            _events.Add(name.StartsWith("onboarding_", StringComparison.Ordinal) ? name["onboarding_".Length..] : name);
        }
    }

    public override void CheckAllWebhooks(IReadOnlyList<ReceivedWebhook> webhooks, ProblemLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        foreach (var missing in Events.Except(_events))
        {
            log.Add($"the event {missing} was never delivered");
        }
    }

    /// <summary>The parameters of <c>?a=1&amp;b=2</c> as a JSON object of strings (the last value of a repeated one).</summary>
    private static string QueryObject(string? query)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (query ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(at < 0 ? pair : pair[..at]);
            parameters[name] = at < 0 ? "" : Uri.UnescapeDataString(pair[(at + 1)..].Replace('+', ' '));
        }
        return JsonSerializer.Serialize(parameters);
    }
}
