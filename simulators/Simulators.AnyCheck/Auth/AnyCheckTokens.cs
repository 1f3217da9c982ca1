using System.Security.Cryptography;
using System.Text.Json;
using Simulators.Core.Security;
using Simulators.Core.State;

namespace Simulators.AnyCheck.Auth;

internal enum TokenKind
{
    Access,
    Refresh,
}

internal sealed record TokenClaims(string Subject, string Email, string TenantId, TokenKind Kind, long IssuedAt, long ExpiresAt, string Id);

/// <summary>The key AnyCheck's tokens are signed with: made once and stored, so tokens survive a restart.</summary>
internal sealed record SigningKey(byte[] Key);

/// <summary>A refresh token not used yet (each works once).</summary>
internal sealed record RefreshToken(string Id, string TenantId, long ExpiresAt);

/// <summary>A literal token that answers <c>TOKEN_EXPIRED</c> (a Pact provider state: the contract carries a token this simulator never signed).</summary>
internal sealed record MarkedToken(string Token);

/// <summary>HS256 JWTs: 1 h access tokens and 30 d rotating refresh tokens, expiring on the tenant's clock.</summary>
internal sealed class AnyCheckTokens(AnyCheckStore store)
{
    private const string Global = StateStore.Global;
    private const string KeyId = "jwt";

    public async ValueTask SeedAsync(CancellationToken cancellationToken) =>
        await store.SigningKeys.AddAsync(Global, KeyId, new SigningKey(RandomNumberGenerator.GetBytes(32)), cancellationToken);

    public async ValueTask<string> IssueAsync(Account account, TokenKind kind, DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid().ToString("N");
        var expires = (now + lifetime).ToUnixTimeSeconds();
        var token = Jwt.Issue(new Dictionary<string, object>
        {
            ["sub"] = account.UserId.ToString(),
            ["email"] = account.Email,
            ["tid"] = account.TenantId,
            ["typ"] = kind == TokenKind.Access ? "access" : "refresh",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = expires,
            ["jti"] = id,
        }, await KeyAsync(cancellationToken));
        if (kind == TokenKind.Refresh)
        {
            await store.RefreshTokens.PutAsync(Global, id, new RefreshToken(id, account.TenantId, expires), cancellationToken: cancellationToken);
        }
        return token;
    }

    /// <summary>Reads a token whose signature is ours; null when it is malformed or forged.</summary>
    public async ValueTask<TokenClaims?> ReadAsync(string token, CancellationToken cancellationToken = default)
    {
        if (Jwt.TryRead(token, await KeyAsync(cancellationToken), JwtAlgorithm.HS256, out var root) != JwtProblem.None)
        {
            return null;
        }
        try
        {
            return new TokenClaims(
                root.GetProperty("sub").GetString()!,
                root.GetProperty("email").GetString()!,
                root.GetProperty("tid").GetString()!,
                root.GetProperty("typ").GetString() == "refresh" ? TokenKind.Refresh : TokenKind.Access,
                root.GetProperty("iat").GetInt64(),
                root.GetProperty("exp").GetInt64(),
                root.GetProperty("jti").GetString()!);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Refresh tokens rotate: each one works once.</summary>
    public async ValueTask<bool> ConsumeAsync(TokenClaims refresh, CancellationToken cancellationToken = default)
    {
        var live = await store.RefreshTokens.GetAsync(Global, refresh.Id, cancellationToken);
        if (live is null)
        {
            return false;
        }
        try
        {
            await store.RefreshTokens.DeleteAsync(Global, refresh.Id, live.Version, cancellationToken);
            return true;
        }
        catch (StoreConflictException)
        {
            return false;
        }
    }

    public async ValueTask MarkExpiredAsync(string token, CancellationToken cancellationToken = default) =>
        await store.ExpiredTokens.PutAsync(Global, Signatures.Sha256Hex(token), new MarkedToken(token), cancellationToken: cancellationToken);

    public async ValueTask<bool> IsMarkedExpiredAsync(string token, CancellationToken cancellationToken = default) =>
        await store.ExpiredTokens.CountAsync(Global, cancellationToken: cancellationToken) > 0
        && await store.ExpiredTokens.GetAsync(Global, Signatures.Sha256Hex(token), cancellationToken) is not null;

    private async ValueTask<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        if ((await store.SigningKeys.GetAsync(Global, KeyId, cancellationToken))?.Value is { } key)
        {
            return key.Key;
        }
        await SeedAsync(cancellationToken);
        return (await store.SigningKeys.GetAsync(Global, KeyId, cancellationToken))!.Value.Key;
    }
}
