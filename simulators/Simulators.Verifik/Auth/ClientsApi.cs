using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Hosting;
using Simulators.Core.Json;
using Simulators.Core.State;

namespace Simulators.Verifik.Auth;

/// <summary>What a client set on its profile with <c>PUT /v2/clients/:id</c>; null keeps the login's value (or none).</summary>
internal sealed record ClientProfile(string? Name, string? Company, string? Address, string? Email, string? CountryCode, string? Phone, string? Avatar);

/// <summary>
/// The client panel's profile, as Verifik's own api-client uses it (not in the docs found): <c>PUT /v2/clients/:id</c>
/// updates the caller's own profile and answers it in the envelope; <c>GET /v2/auth/session?origin=app</c> answers it as
/// <c>user</c>. The profile's e-mail and phone are contact fields: the client keeps logging in with the destination it
/// logged in with first.
/// </summary>
internal static class ClientsApi
{
    public static readonly RecordSet<ClientProfile> ProfileSet = new("verifik.client-profile", ClientProfileJson.Default.ClientProfile);

    private static readonly string[] Fields = ["name", "company", "address", "email", "countryCode", "phone", "avatar"];

    public static void MapClients(this IEndpointRouteBuilder app) => app.MapPut("/v2/clients/{id}", UpdateAsync);

    /// <summary>The client's profile, or null before its first update (in the global partition, by clientId, as the clients).</summary>
    public static async ValueTask<ClientProfile?> ProfileAsync(VerifikStore store, string clientId, CancellationToken cancellationToken) =>
        (await new Records<ClientProfile>(store.Raw, ProfileSet).GetAsync(VerifikStore.Global, clientId, cancellationToken))?.Value;

    /// <summary>The client as the panel shows it: <c>{_id, name, email, countryCode, phone, company, address, avatar}</c>.</summary>
    public static void WriteClient(this Utf8JsonWriter w, ClientRecord client, ClientProfile? profile)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(client);
        var email = profile?.Email ?? client.Email;
        var phone = profile?.Phone ?? client.Phone;
        w.WriteStartObject();
        w.WriteString("_id", client.ClientId);
        // A client that never set a name: its e-mail's local part (or phone), as a populated client's name.
        w.WriteString("name", profile?.Name ?? (email is { } e ? e.Split('@')[0] : phone ?? client.ClientId));
        w.StringOrNull("email", email);
        w.StringOrNull("countryCode", profile?.CountryCode ?? client.CountryCode);
        w.StringOrNull("phone", phone);
        w.StringOrNull("company", profile?.Company);
        w.StringOrNull("address", profile?.Address);
        w.StringOrNull("avatar", profile?.Avatar);
        w.WriteEndObject();
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string id, VerifikAuth auth, VerifikStore store)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.DocumentLiveness);
        var body = await VerifikJson.ReadBodyAsync(http, AuthRequestErrors.Instance);
        // Only the caller's own profile: another client's id reads as an unknown record.
        if (!string.Equals(id, caller.ClientId, StringComparison.Ordinal))
        {
            throw VerifikErrors.RecordNotFound.Raise();
        }
        var sent = Array.ConvertAll(Fields, name => Field(body, name));
        if (sent[3] is { } email && !LoginApi.IsEmail(email))
        {
            throw AuthRequestErrors.Instance.WrongType("email", "an e-mail");
        }
        var profile = await new Records<ClientProfile>(store.Raw, ProfileSet).UpdateAsync(VerifikStore.Global, caller.ClientId, old => new ClientProfile(
            sent[0] ?? old?.Name, sent[1] ?? old?.Company, sent[2] ?? old?.Address, sent[3] ?? old?.Email,
            sent[4] is { } cc ? "+" + cc.TrimStart('+') : old?.CountryCode, sent[5] ?? old?.Phone, sent[6] ?? old?.Avatar), http.RequestAborted);
        return new JsonBytes(VerifikJson.Envelope(caller.Now, w => w.WriteClient(caller.Client, profile)));
    }

    /// <summary>A text field (blank as absent); only <c>phone</c> may come as a number, as on the login pages.</summary>
    private static string? Field(JsonElement body, string name) =>
        name != "phone" && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? throw AuthRequestErrors.Instance.WrongType(name, "a string")
            : AuthRequestErrors.Text(body, name);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ClientProfile))]
internal sealed partial class ClientProfileJson : JsonSerializerContext;
