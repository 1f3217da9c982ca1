using System.Text.Json.Serialization;
using Simulators.Core.State;

namespace Simulators.Verifik;

/// <summary>
/// A Verifik client (the account a token's <c>clientId</c> names), its own tenant. <see cref="TokenGeneration"/> is
/// raised by renew-and-revoke: tokens of an earlier generation are refused.
/// </summary>
internal sealed record ClientRecord(string ClientId, string? Email, string? CountryCode, string? Phone, DateTimeOffset CreatedAt, int TokenGeneration = 0);

/// <summary>The key tokens are signed with: made once and stored, so tokens survive a restart of a persistent sandbox.</summary>
internal sealed record VerifikSigningKey(byte[] Key);

/// <summary>Everything Verifik stores simulator-wide (clients by id, the signing key); providers' records go per tenant (client).</summary>
internal sealed class VerifikStore(IStateStore store)
{
    public static readonly RecordSet<ClientRecord> ClientSet = new("verifik.client", VerifikStoreJson.Default.ClientRecord);
    public static readonly RecordSet<VerifikSigningKey> KeySet = new("verifik.key", VerifikStoreJson.Default.VerifikSigningKey);

    public const string Global = StateStore.Global;

    public IStateStore Raw { get; } = store;

    /// <summary>By clientId, in the global partition.</summary>
    public Records<ClientRecord> Clients => new(Raw, ClientSet);

    public Records<VerifikSigningKey> Keys => new(Raw, KeySet);

    public async ValueTask<ClientRecord?> ClientAsync(string clientId, CancellationToken cancellationToken = default) =>
        (await Clients.GetAsync(Global, clientId, cancellationToken))?.Value;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ClientRecord))]
[JsonSerializable(typeof(VerifikSigningKey))]
internal sealed partial class VerifikStoreJson : JsonSerializerContext;
