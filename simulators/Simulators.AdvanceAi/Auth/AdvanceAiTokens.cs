using System.Security.Cryptography;
using System.Text.Json;
using Simulators.Core.Security;

namespace Simulators.AdvanceAi.Auth;

/// <summary>
/// Access tokens shaped as the vendor's example decodes: an HS512 JWT (header <c>{"alg":"HS512"}</c>, no <c>typ</c>) with <c>iss: h5_liveness</c>, <c>sub</c>
/// a JSON string naming the account, <c>aud: WEB</c>, <c>iat</c> and <c>exp</c> in seconds. Nothing is stored per
/// token; expiry is checked on the account's (tenant's) clock.
/// </summary>
internal sealed class AdvanceAiTokens(AdvanceAiStore store)
{
    private const string KeyId = "jwt";

    public async ValueTask SeedAsync(CancellationToken cancellationToken) =>
        await store.Keys.AddAsync(AdvanceAiStore.Global, KeyId, new SigningKey(RandomNumberGenerator.GetBytes(64)), cancellationToken);

    public async ValueTask<byte[]> KeyAsync(CancellationToken cancellationToken = default) =>
        (await store.Keys.GetAsync(AdvanceAiStore.Global, KeyId, cancellationToken))?.Value.Key ?? throw new InvalidOperationException("The ADVANCE.AI signing key was not seeded.");

    /// <summary>A token for <paramref name="accessKey"/> valid for <paramref name="periodSeconds"/> from <paramref name="now"/>, and its <c>expiredTime</c> (epoch ms).</summary>
    public async ValueTask<(string Token, long ExpiredTime)> IssueAsync(string accessKey, string realIp, DateTimeOffset now, int periodSeconds, CancellationToken cancellationToken)
    {
        var issuedAt = now.ToUnixTimeSeconds();
        var subject = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["customerId"] = CustomerId(accessKey),
            ["accountId"] = accessKey,
            ["realIp"] = realIp,
        }, TokenJson.Default.DictionaryStringString);
        var token = Jwt.Issue(new Dictionary<string, object>
        {
            ["iss"] = "h5_liveness",
            ["sub"] = subject,
            ["aud"] = "WEB",
            ["iat"] = issuedAt,
            ["exp"] = issuedAt + periodSeconds,
        }, await KeyAsync(cancellationToken), JwtAlgorithm.HS512, withType: false);
        return (token, (issuedAt + periodSeconds) * 1000 + now.Millisecond);
    }

    /// <summary>The access key and expiry (epoch seconds) of a token this simulator signed; null for anything else.</summary>
    public async ValueTask<(string AccessKey, long Expires)?> ReadAsync(string token, CancellationToken cancellationToken = default)
    {
        if (Jwt.TryRead(token, await KeyAsync(cancellationToken), JwtAlgorithm.HS512, out var claims) != JwtProblem.None)
        {
            return null;
        }
        try
        {
            using var subject = JsonDocument.Parse(claims.GetProperty("sub").GetString()!);
            return (subject.RootElement.GetProperty("accountId").GetString()!, claims.GetProperty("exp").GetInt64());
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or JsonException or ArgumentNullException)
        {
            return null;
        }
    }

    /// <summary>A stable numeric customer id per access key (the example carries one).</summary>
    private static string CustomerId(string accessKey) =>
        (BitConverter.ToUInt32(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(accessKey)), 0) % 900000 + 100000).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class TokenJson : System.Text.Json.Serialization.JsonSerializerContext;
