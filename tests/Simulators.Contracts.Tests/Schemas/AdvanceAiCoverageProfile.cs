using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Newtonsoft.Json.Linq;
using Simulators.Testing;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// ADVANCE.AI's part of a schema coverage run: its table, its business errors at HTTP 200, and two kinds of
/// deliveries: the unsigned callbackUrl notice (callback.schema.json, no aai-* headers) and the account's signed
/// webhook (webhook.schema.json, aai-timestamp, aai-nonce and an aai-signature checked here with the account's
/// secret), each transaction's notices in order, and 1 + 3 attempts of each notice where the receiver fails.
/// </summary>
internal sealed class AdvanceAiCoverageProfile(AdvanceAiTour tour)
    : SchemaCoverageProfile(AdvanceAiSchemaMap.Table, tour.ScenarioCatalogue, tour.ScenarioRuns)
{
    private readonly HashSet<string> _errorsAt200 = new(StringComparer.Ordinal);
    private int _callbacks;
    private int _webhooks;

    public override IReadOnlySet<int> BodyFaultStatuses { get; } = new HashSet<int>([400, 413]);

    public override string RejectedBodiesNote => "answered with a business error at HTTP 200 or CLIENT_ERROR 400/413, as they may be";

    /// <summary>Business errors are HTTP 200: a body the schema rejects may be answered with any code but SUCCESS.</summary>
    public override bool BodyMayBeAtFault(RecordedCall call) =>
        BodyFaultStatuses.Contains(call.Status) || (call.Status == 200 && call.Body is { } body && !body.StartsWith("{\"code\":\"SUCCESS\"", StringComparison.Ordinal));

    public override IReadOnlyCollection<string> BinaryMediaTypes { get; } = ["image/jpeg", "text/html; charset=utf-8", "text/html"];

    public override string WebhookNoun => "notice";

    public override string WebhookSummary => $"({_callbacks} to callbackUrls, {_webhooks} signed account webhooks, {tour.ExpectedNotices.Count} transactions checked)";

    public override string RouteOf(string path) => AdvanceAiSchemaMap.RouteOf(path);

    public override string ShapeOf(string route, RecordedCall call) => AdvanceAiSchemaMap.KindOf(route, call.Status, call.Body, call.RequestBody);

    public override string WebhookSchemaOf(ReceivedWebhook webhook) =>
        tour.WebhookKeys.ContainsKey(webhook.Url.AbsoluteUri) ? AdvanceAiSchemaMap.Webhook : AdvanceAiSchemaMap.Callback;

    public override IEnumerable<string> WebhookSchemas => [AdvanceAiSchemaMap.Callback, AdvanceAiSchemaMap.Webhook];

    /// <summary>
    /// Not the keys inside ocrInfo's sides (the document's own fields, per docType: reference §12 #9) nor inside an
    /// address result's addressDetail (a documented object whose fields were not readable): their names are
    /// undocumented, so the schemas leave them open.
    /// </summary>
    public override bool Owns(JProperty property) =>
        property.Parent?.Parent is not (JProperty { Name: "addressDetail" } or JProperty { Parent.Parent: JProperty { Name: "ocrInfo" } });

    public override void Observe(RecordedCall call, IResponseRow row, JsonElement body)
    {
        if (call.Status == 200 && SchemaCoverage.Text(body, "code") is { } code && code != "SUCCESS")
        {
            _errorsAt200.Add(code);
        }
    }

    public override IEnumerable<string> JournalSummary(IReadOnlySet<string> errorCodesSeen) =>
        [$"error codes seen: {string.Join(", ", errorCodesSeen.Order(StringComparer.Ordinal))}; at HTTP 200: {string.Join(", ", _errorsAt200.Order(StringComparer.Ordinal))}"];

    public override void CheckWebhook(ReceivedWebhook webhook, string label, JsonElement? payload, ProblemLog log)
    {
        if (webhook.Headers.GetValueOrDefault("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            log.Add($"{label}: Content-Type '{webhook.Headers.GetValueOrDefault("Content-Type")}', expected application/json");
        }
        if (!tour.WebhookKeys.TryGetValue(webhook.Url.AbsoluteUri, out var key))
        {
            _callbacks++;
            log.AddRange(webhook.Headers.Keys.Where(h => h.StartsWith("aai-", StringComparison.OrdinalIgnoreCase)).Select(h => $"{label}: a callbackUrl notice is unsigned, yet it carries {h}"));
            return;
        }
        _webhooks++;
        var timestamp = webhook.Headers.GetValueOrDefault("aai-timestamp");
        var nonce = webhook.Headers.GetValueOrDefault("aai-nonce");
        var signature = webhook.Headers.GetValueOrDefault("aai-signature");
        if (timestamp is null || nonce is null || signature is null)
        {
            log.Add($"{label}: a signed webhook needs aai-timestamp, aai-nonce and aai-signature; it has {string.Join(", ", webhook.Headers.Keys)}");
            return;
        }
        // The default signed string: timestamp \n nonce \n body, keyed with the Base64-decoded secret.
        var signed = Encoding.UTF8.GetBytes(timestamp + "\n" + nonce + "\n").Concat(webhook.Body).ToArray();
        var secret = Convert.FromBase64String(key.Secret);
        var expected = Convert.ToBase64String(key.Algorithm == "HmacSHA512" ? HMACSHA512.HashData(secret, signed) : HMACSHA256.HashData(secret, signed));
        if (signature != expected)
        {
            log.Add($"{label}: aai-signature '{signature}', expected the {key.Algorithm} '{expected}'");
        }
        if (!long.TryParse(timestamp, System.Globalization.CultureInfo.InvariantCulture, out var seconds) || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 600)
        {
            log.Add($"{label}: aai-timestamp '{timestamp}' is not the wall clock's epoch seconds at send time");
        }
    }

    public override void CheckAllWebhooks(IReadOnlyList<ReceivedWebhook> webhooks, ProblemLog log)
    {
        var bySignature = webhooks.GroupBy(w => SignatureIdOf(w) ?? "").ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var (signatureId, (url, types)) in tour.ExpectedNotices)
        {
            var received = bySignature.GetValueOrDefault(signatureId) ?? [];
            // Each notice type once, in order, each attempted 1 + 3 times where the receiver fails (retries of one may come between the other's).
            var attempts = tour.FailingUrls.Contains(url) ? 4 : 1;
            var actual = received.Select(TypeOf).ToList();
            var counts = actual.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            if (!actual.Distinct(StringComparer.Ordinal).SequenceEqual(types, StringComparer.Ordinal) || counts.Values.Any(c => c != attempts))
            {
                log.Add($"notices of {signatureId} to {url}: [{string.Join(", ", actual)}], expected [{string.Join(", ", types)}] each {attempts} time(s)" + (attempts > 1 ? " (its receiver fails: 1 + 3 attempts)" : ""));
            }
            log.AddRange(received.Where(w => w.Url.AbsoluteUri != url).Select(w => $"a notice of {signatureId} went to {w.Url.AbsoluteUri}, not to {url}"));
        }
        if (_callbacks == 0 || _webhooks == 0 || !webhooks.Any(w => tour.FailingUrls.Contains(w.Url.AbsoluteUri)))
        {
            log.Add($"notices: {_callbacks} callbacks and {_webhooks} signed webhooks, some to failing receivers, were all expected");
        }
    }

    private static string? SignatureIdOf(ReceivedWebhook webhook)
    {
        try
        {
            return SchemaCoverage.Text(SchemaCoverage.Json(webhook.BodyText), "signatureId");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string TypeOf(ReceivedWebhook webhook)
    {
        try
        {
            return SchemaCoverage.Text(SchemaCoverage.Json(webhook.BodyText), "type") ?? "?";
        }
        catch (JsonException)
        {
            return "?";
        }
    }
}
