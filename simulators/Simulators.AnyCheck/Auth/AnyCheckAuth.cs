using System.Globalization;
using Microsoft.AspNetCore.Http;
using Simulators.Core.Journal;
using Simulators.Core.Tenants;

namespace Simulators.AnyCheck.Auth;

/// <summary>Who made a call: the tenant whose state it sees, the user recorded as creator, and the key label for <c>api_key</c>.</summary>
internal sealed record Caller(Tenant<AnyCheckState> Tenant, Guid UserId, string? ApiKeyLabel, Account? Account)
{
    public AnyCheckState State => Tenant.State;

    public DateTimeOffset Now => Tenant.Clock.GetUtcNow();
}

/// <summary>
/// AnyCheck's two credential types: a JWT from <c>/auth/login</c> as Bearer, or an API key in
/// <c>X-API-Key</c> (also accepted as Bearer, as one of the guides sends it).
/// </summary>
internal sealed class AnyCheckAuth(AnyCheckCredentials credentials, AnyCheckTokens tokens, TenantRegistry<AnyCheckState> tenants, AnyCheckOptions options)
{
    public Caller Authenticate(HttpContext http)
    {
        var caller = Identify(http);
        http.SetTenant(caller.Tenant.Id);
        ApplyRateLimit(http, caller);
        return caller;
    }

    private Caller Identify(HttpContext http)
    {
        var headers = http.Request.Headers;
        var apiKey = headers["X-API-Key"].ToString();
        if (apiKey.Length > 0)
        {
            return FromKey(apiKey.Trim());
        }
        var authorization = headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            throw AnyCheckErrors.Unauthorized.Raise();
        }
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw AnyCheckErrors.Unauthorized.Raise("Unsupported authorization scheme. Send Authorization: Bearer <token> or X-API-Key.");
        }
        var credential = authorization[7..].Trim();
        if (credential.Length == 0)
        {
            throw AnyCheckErrors.Unauthorized.Raise();
        }
        return credential.StartsWith("ak_", StringComparison.Ordinal) || credentials.IsRegisteredKey(credential)
            ? FromKey(credential)
            : FromJwt(credential);
    }

    private Caller FromKey(string key)
    {
        var record = credentials.ResolveKey(key);
        var tenant = tenants[record.TenantId];
        return new Caller(tenant, tenant.State.ApiUserId, Label(key), null);
    }

    private Caller FromJwt(string token)
    {
        if (tokens.IsMarkedExpired(token))
        {
            throw AnyCheckErrors.TokenExpired.Raise();
        }
        var claims = tokens.Read(token);
        if (claims is null || claims.Kind != TokenKind.Access)
        {
            throw AnyCheckErrors.InvalidToken.Raise();
        }
        var tenant = tenants[claims.TenantId];
        if (tenant.Clock.GetUtcNow().ToUnixTimeSeconds() >= claims.ExpiresAt)
        {
            throw AnyCheckErrors.TokenExpired.Raise();
        }
        var account = credentials.FindAccount(claims.Email);
        return new Caller(tenant, Guid.Parse(claims.Subject), null, account);
    }

    private void ApplyRateLimit(HttpContext http, Caller caller)
    {
        var (count, resetAt) = caller.State.Rate.Hit(caller.Now);
        var limit = options.RateLimitPerMinute > 0 ? options.RateLimitPerMinute : options.ReportedRateLimit;
        var headers = http.Response.Headers;
        headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = Math.Max(0, limit - count).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = resetAt.ToString(CultureInfo.InvariantCulture);
        if (options.RateLimitPerMinute > 0 && count > options.RateLimitPerMinute)
        {
            throw AnyCheckErrors.RateLimited.Raise();
        }
    }

    /// <summary>What <c>api_key</c> shows: enough to tell keys apart, never the secret.</summary>
    private static string Label(string key) => key.Length <= 8 ? "****" : key[..8] + "****";
}
