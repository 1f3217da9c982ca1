using System.Text.Json;
using Newtonsoft.Json.Linq;
using Simulators.Testing;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// What one provider brings to a <see cref="SchemaCoverageRunner"/> run after its tour: its table and
/// the scenarios the tour listed and ran, how it names routes and body shapes, which fields the rename
/// probe may touch, what it watches for in the journal beyond the table, and how its webhooks are
/// checked. One instance serves one run.
/// </summary>
internal abstract class SchemaCoverageProfile(
    SchemaTable table,
    IReadOnlyCollection<(string Scenario, string On)> scenarioCatalogue,
    IReadOnlyDictionary<(string Scenario, string On), string> scenarioRuns)
{
    public SchemaTable Table { get; } = table;

    /// <summary>Every (scenario, what it applies to) the scenario catalogue listed.</summary>
    public IReadOnlyCollection<(string Scenario, string On)> ScenarioCatalogue { get; } = scenarioCatalogue;

    /// <summary>What happened to each (scenario, what it applies to) the tour ran.</summary>
    public IReadOnlyDictionary<(string Scenario, string On), string> ScenarioRuns { get; } = scenarioRuns;

    /// <summary>Statuses the request body may be the cause of: there a body its schema rejects is counted, not reported.</summary>
    public abstract IReadOnlySet<int> BodyFaultStatuses { get; }

    /// <summary>Whether the request body may be why the call failed: by default, its status is one of <see cref="BodyFaultStatuses"/>.</summary>
    public virtual bool BodyMayBeAtFault(RecordedCall call) => BodyFaultStatuses.Contains(call.Status);

    /// <summary>How the summary says what became of the bodies counted at <see cref="BodyFaultStatuses"/>.</summary>
    public abstract string RejectedBodiesNote { get; }

    /// <summary>Content types a row without a schema (a file download) may have.</summary>
    public virtual IReadOnlyCollection<string> BinaryMediaTypes => [];

    /// <summary>What the provider calls a webhook ("webhook", "callback"), for labels and the summary.</summary>
    public abstract string WebhookNoun { get; }

    /// <summary>What the summary line adds after the number of deliveries.</summary>
    public abstract string WebhookSummary { get; }

    /// <summary>The route template a path matches, or the table's unmatched route.</summary>
    public abstract string RouteOf(string path);

    /// <summary>Which of the shapes of <paramref name="route"/> at its status the call's body is, as <see cref="IResponseRow.Shape"/> names them.</summary>
    public abstract string ShapeOf(string route, RecordedCall call);

    /// <summary>Whether the rename probe may rename <paramref name="property"/>: the simulator wrote it, it is not echoed client data.</summary>
    public virtual bool Owns(JProperty property) => true;

    /// <summary>Schemas of endpoints the simulator does not serve yet: left out of the run (no row, no "not mapped" problem), named in its summary.</summary>
    public virtual IReadOnlyCollection<string> NotYetServed => [];

    /// <summary>Schemas no row names because rows' schemas include them whole (by <c>$ref</c>), as common.schema.json is.</summary>
    public virtual IReadOnlyCollection<string> Referenced => [];

    /// <summary>More (schema, JSON) a call must match besides its row's body schema, such as its query string described as an object.</summary>
    public virtual IEnumerable<(string Schema, string Json)> AlsoValidate(RecordedCall call) => [];

    /// <summary>Every schema <see cref="AlsoValidate"/> can name: each must have been validated at least once.</summary>
    public virtual IReadOnlyCollection<string> AlsoValidated => [];

    /// <summary>Sees every response body that matched its schema, for the provider's own coverage checks.</summary>
    public virtual void Observe(RecordedCall call, IResponseRow row, JsonElement body)
    {
    }

    /// <summary>What <see cref="Observe"/> should have seen and did not.</summary>
    public virtual IEnumerable<string> JournalProblems() => [];

    /// <summary>Summary lines of the provider's own journal observations.</summary>
    public virtual IEnumerable<string> JournalSummary(IReadOnlySet<string> errorCodesSeen) => [];

    /// <summary>The schema a delivery's body must match: the table's webhook schema unless the provider sends more than one kind.</summary>
    public virtual string WebhookSchemaOf(ReceivedWebhook webhook) => Table.WebhookSchema;

    /// <summary>Every schema <see cref="WebhookSchemaOf"/> can name.</summary>
    public virtual IEnumerable<string> WebhookSchemas => [Table.WebhookSchema];

    /// <summary>Checks one delivery; <paramref name="payload"/> is null when its body does not match its schema (<see cref="WebhookSchemaOf"/>).</summary>
    public abstract void CheckWebhook(ReceivedWebhook webhook, string label, JsonElement? payload, ProblemLog log);

    /// <summary>Checks the deliveries taken together (retries, deliveries that never came), after each was checked.</summary>
    public abstract void CheckAllWebhooks(IReadOnlyList<ReceivedWebhook> webhooks, ProblemLog log);
}
