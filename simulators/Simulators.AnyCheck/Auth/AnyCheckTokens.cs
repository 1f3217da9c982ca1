using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Simulators.AnyCheck.Auth;

internal enum TokenKind
{
    Access,
    Refresh,
}

internal sealed record TokenClaims(string Subject, string Email, string TenantId, TokenKind Kind, long IssuedAt, long ExpiresAt, string Id);

/// <summary>
/// HS256 JWTs: 1 h access tokens and 30 d rotating refresh tokens, expiring on the tenant's clock.
/// The signing key is per simulator process, so tokens do not survive a restart (re-login).
/// </summary>
internal sealed class AnyCheckTokens
{
    private static readonly string Header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, byte> _liveRefreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _expiredLiterals = new(StringComparer.Ordinal);

    public string Issue(Account account, TokenKind kind, DateTimeOffset now, TimeSpan lifetime)
    {
        var id = Guid.NewGuid().ToString("N");
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = account.UserId.ToString(),
            ["email"] = account.Email,
            ["tid"] = account.TenantId,
            ["typ"] = kind == TokenKind.Access ? "access" : "refresh",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["jti"] = id,
        });
        var unsigned = Header + "." + Base64Url.EncodeToString(payload);
        if (kind == TokenKind.Refresh)
        {
            _liveRefreshTokens[id] = 0;
        }
        return unsigned + "." + Sign(unsigned);
    }

    /// <summary>Reads a token whose signature is ours; null when it is malformed or forged.</summary>
    public TokenClaims? Read(string token)
    {
        var firstDot = token.IndexOf('.', StringComparison.Ordinal);
        var lastDot = token.LastIndexOf('.');
        if (firstDot <= 0 || lastDot == firstDot || token.IndexOf('.', firstDot + 1) != lastDot)
        {
            return null;
        }
        var unsigned = token[..lastDot];
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(unsigned)), Encoding.ASCII.GetBytes(token[(lastDot + 1)..])))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(Base64Url.DecodeFromChars(token.AsSpan(firstDot + 1, lastDot - firstDot - 1)));
            var root = doc.RootElement;
            return new TokenClaims(
                root.GetProperty("sub").GetString()!,
                root.GetProperty("email").GetString()!,
                root.GetProperty("tid").GetString()!,
                root.GetProperty("typ").GetString() == "refresh" ? TokenKind.Refresh : TokenKind.Access,
                root.GetProperty("iat").GetInt64(),
                root.GetProperty("exp").GetInt64(),
                root.GetProperty("jti").GetString()!);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Refresh tokens rotate: each one works once.</summary>
    public bool Consume(TokenClaims refresh) => _liveRefreshTokens.TryRemove(refresh.Id, out _);

    /// <summary>A literal token that answers <c>TOKEN_EXPIRED</c> (a Pact provider state: the contract carries a token this process never signed).</summary>
    public void MarkExpired(string token) => _expiredLiterals[token] = 0;

    public bool IsMarkedExpired(string token) => !_expiredLiterals.IsEmpty && _expiredLiterals.ContainsKey(token);

    public void Reset()
    {
        _liveRefreshTokens.Clear();
        _expiredLiterals.Clear();
    }

    private string Sign(string unsigned) => Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(unsigned)));
}
