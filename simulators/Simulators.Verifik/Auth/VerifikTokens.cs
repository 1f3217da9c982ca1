using System.Security.Cryptography;
using Simulators.Core.Security;

namespace Simulators.Verifik.Auth;

/// <summary>
/// What a token this simulator signed says. <see cref="AppRegistration"/> is set on a registrant's token (an app
/// registration's <c>token</c>): the registration it is for; null on a client's token.
/// </summary>
internal sealed record TokenClaims(string ClientId, long IssuedAt, long Expires, int Generation, string? AppRegistration = null);

/// <summary>
/// Verifik's bearer tokens: HS256 JWTs whose payload starts with <c>clientId</c> (the docs' sample decodes so), then
/// <c>iat</c>, <c>exp</c> (30 days, on the client's clock) and the simulator's <c>gen</c> (the client's token
/// generation: renew-and-revoke raises it). Nothing is stored per token.
/// </summary>
internal sealed class VerifikTokens(VerifikStore store, VerifikOptions options)
{
    private const string KeyId = "jwt";

    /// <summary>The sandbox client's token issued at start-up (printed, and in <c>GET /__simulator/credentials</c>).</summary>
    public string SandboxToken { get; set; } = "";

    public async ValueTask SeedAsync(CancellationToken cancellationToken) =>
        await store.Keys.AddAsync(VerifikStore.Global, KeyId, new VerifikSigningKey(RandomNumberGenerator.GetBytes(32)), cancellationToken);

    /// <summary>
    /// The signing key. A reset clears it before it seeds a new one, so a call (or a second reset's seed) between
    /// the two finds none: the first to look seeds it then, and everyone reads the one that was stored.
    /// </summary>
    private async ValueTask<byte[]> KeyAsync(CancellationToken cancellationToken) =>
        (await store.Keys.GetAsync(VerifikStore.Global, KeyId, cancellationToken))?.Value.Key
        ?? (await store.Keys.UpdateAsync(VerifikStore.Global, KeyId, key => key ?? new VerifikSigningKey(RandomNumberGenerator.GetBytes(32)), cancellationToken))!.Key;

    /// <summary>A token of <paramref name="client"/>'s current generation, valid <paramref name="lifetime"/> (default: TokenDays) from <paramref name="now"/>.</summary>
    public async ValueTask<string> IssueAsync(ClientRecord client, DateTimeOffset now, CancellationToken cancellationToken, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var issuedAt = now.ToUnixTimeSeconds();
        var expires = now + (lifetime ?? TimeSpan.FromDays(options.TokenDays));
        return Jwt.Issue(new Dictionary<string, object>
        {
            ["clientId"] = client.ClientId,
            ["iat"] = issuedAt,
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["gen"] = client.TokenGeneration,
        }, await KeyAsync(cancellationToken));
    }

    /// <summary>
    /// A registrant's token for the app registration <paramref name="appRegistration"/> of <paramref name="client"/>, valid until
    /// <paramref name="expires"/>: the client's claims plus <c>appRegistration</c>. Only the registration sub-endpoints take it.
    /// </summary>
    public async ValueTask<string> IssueRegistrantAsync(ClientRecord client, string appRegistration, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Jwt.Issue(new Dictionary<string, object>
        {
            ["clientId"] = client.ClientId,
            ["appRegistration"] = appRegistration,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["gen"] = client.TokenGeneration,
        }, await KeyAsync(cancellationToken));
    }

    /// <summary>The claims of a token this simulator signed (expired or not); null for anything else.</summary>
    public async ValueTask<TokenClaims?> ReadAsync(string token, CancellationToken cancellationToken = default)
    {
        if (token.Length > 4096 || Jwt.TryRead(token, await KeyAsync(cancellationToken), JwtAlgorithm.HS256, out var claims) != JwtProblem.None)
        {
            return null;
        }
        try
        {
            return new TokenClaims(claims.GetProperty("clientId").GetString()!, claims.GetProperty("iat").GetInt64(), claims.GetProperty("exp").GetInt64(),
                claims.TryGetProperty("gen", out var gen) ? gen.GetInt32() : 0,
                claims.TryGetProperty("appRegistration", out var registration) ? registration.GetString() : null);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentNullException)
        {
            return null;
        }
    }
}
