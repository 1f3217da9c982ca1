using System.Text.Json.Serialization;
using Simulators.Core.State;

namespace Simulators.Verifik.DocumentLiveness;

/// <summary>Per client (tenant): its document-liveness records by <c>_id</c>, and its settings.</summary>
internal sealed class DocumentLivenessStore(IStateStore store, VerifikOptions options)
{
    public static readonly RecordSet<DocumentLivenessRecord> RecordSet = new("verifik.document-liveness", DocumentLivenessJson.Default.DocumentLivenessRecord);
    public static readonly RecordSet<ClientSettings> SettingsSet = new("verifik.client-settings", DocumentLivenessJson.Default.ClientSettings);

    private const string SettingsId = "settings";

    public Records<DocumentLivenessRecord> Records => new(store, RecordSet);

    private Records<ClientSettings> Settings => new(store, SettingsSet);

    /// <summary>The shape a client's answers take: its own setting, else the <c>ResponseShape</c> option.</summary>
    public async ValueTask<string> ShapeAsync(string client, CancellationToken cancellationToken) =>
        (await Settings.GetAsync(client, SettingsId, cancellationToken))?.Value.ResponseShape ?? options.ResponseShape;

    public async ValueTask<ClientSettings> SettingsAsync(string client, CancellationToken cancellationToken) =>
        (await Settings.GetAsync(client, SettingsId, cancellationToken))?.Value ?? new ClientSettings(null);

    public async ValueTask<ClientSettings> ChangeAsync(string client, Func<ClientSettings, ClientSettings> change, CancellationToken cancellationToken) =>
        (await Settings.UpdateAsync(client, SettingsId, current => change(current ?? new ClientSettings(null)), cancellationToken))!;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DocumentLivenessRecord))]
[JsonSerializable(typeof(ClientSettings))]
internal sealed partial class DocumentLivenessJson : JsonSerializerContext;
