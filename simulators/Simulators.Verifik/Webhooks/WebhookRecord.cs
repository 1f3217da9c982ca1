using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Simulators.Core.State;

namespace Simulators.Verifik.Webhooks;

/// <summary>
/// A client's webhook (providers/verifik.md §5): where the events of the project flows it is linked to
/// (<see cref="ProjectFlow"/>, the create call's <c>link</c>) are POSTed while <see cref="IsActive"/>.
/// </summary>
internal sealed record WebhookRecord(
    string Id,
    string Client,
    ImmutableArray<string> ProjectFlow,
    bool IsActive,
    string Name,
    string Url,
    string? Description,
    WebhookNotification Notification,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>The webhook's e-mail notification settings (stored and answered; the simulator sends no e-mail).</summary>
internal sealed record WebhookNotification(string Id, string? Email, bool Success, bool Fail);

/// <summary>Per client (tenant): its webhooks by <c>_id</c>.</summary>
internal sealed class WebhookStore(IStateStore store)
{
    public static readonly RecordSet<WebhookRecord> Set = new("verifik.webhook", WebhookJson.Default.WebhookRecord);

    public IStateStore Raw { get; } = store;

    public Records<WebhookRecord> Webhooks => new(Raw, Set);

    /// <summary>The client's active webhooks linked to <paramref name="projectFlow"/>, oldest first.</summary>
    public async ValueTask<IReadOnlyList<WebhookRecord>> LinkedAsync(string client, string projectFlow, CancellationToken cancellationToken) =>
        [.. (await Webhooks.ListAsync(client, cancellationToken))
            .Select(w => w.Value)
            .Where(w => w.IsActive && w.ProjectFlow.Contains(projectFlow, StringComparer.Ordinal))
            .OrderBy(w => w.CreatedAt)];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WebhookRecord))]
internal sealed partial class WebhookJson : JsonSerializerContext;
