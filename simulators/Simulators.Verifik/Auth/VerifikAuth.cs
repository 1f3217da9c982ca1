using Microsoft.AspNetCore.Http;
using Simulators.Core.Journal;
using Simulators.Core.Tenants;

namespace Simulators.Verifik.Auth;

/// <summary>
/// The page families of Verifik's docs, each documenting its own answer to a missing or a bad token
/// (providers/verifik.md §1).
/// </summary>
internal enum AuthPages
{
    /// <summary>Document liveness, OCR: the koa-jwt text, then <c>Unauthorized</c> "Invalid or expired token.".</summary>
    DocumentLiveness,

    /// <summary>Face recognition: <c>UNAUTHORIZED</c> "Authentication required", then 403 <c>FORBIDDEN</c> "token_expired".</summary>
    Biometrics,

    /// <summary>App registrations and webhooks: <c>Forbidden</c> "Access forbidden".</summary>
    AppRegistration,

    /// <summary>The session calls: 409 "missing Authorization header", then 401 "Invalid or expired token."; the token with or without <c>Bearer</c>.</summary>
    Session,
}

/// <summary>The caller of one request: the client its token names (its tenant), the token and its claims.</summary>
internal sealed record Caller(TenantContext Tenant, ClientRecord Client, TokenClaims Claims, string Token)
{
    public string ClientId => Client.ClientId;

    public DateTimeOffset Now => Tenant.Now;
}

/// <summary><c>Authorization: Bearer &lt;JWT&gt;</c>: the token must be this simulator's, unexpired on the client's clock and of the client's current generation.</summary>
internal sealed class VerifikAuth(TenantDirectory tenants, VerifikTokens tokens, VerifikStore store)
{
    /// <summary>A client's token (a registrant's is refused as an invalid one, unless <paramref name="registrants"/>).</summary>
    public async ValueTask<Caller> AuthenticateAsync(HttpContext http, AuthPages pages, bool registrants = false)
    {
        ArgumentNullException.ThrowIfNull(http);
        var token = TokenOf(http, pages) ?? throw Missing(pages).Raise();
        var (claims, client, tenant) = await ValidAsync(token, http.RequestAborted);
        if (claims is null || client is null || tenant is null || (claims.AppRegistration is not null && !registrants))
        {
            throw Invalid(pages).Raise();
        }
        await http.EnterTenantAsync(client.ClientId);
        http.Items[VerifikErrors.NowItem] = tenant.Now;
        return new Caller(tenant, client, claims, token);
    }

    /// <summary>The client of a control call carrying a valid token (with or without <c>Bearer</c>), or null.</summary>
    public async ValueTask<string?> ControlTenantAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return TokenOf(http, AuthPages.Session) is { } token && (await ValidAsync(token, http.RequestAborted)).Client is { } client ? client.ClientId : null;
    }

    private async ValueTask<(TokenClaims? Claims, ClientRecord? Client, TenantContext? Tenant)> ValidAsync(string token, CancellationToken cancellationToken)
    {
        if (await tokens.ReadAsync(token, cancellationToken) is not { } claims || await store.ClientAsync(claims.ClientId, cancellationToken) is not { } client
            || claims.Generation < client.TokenGeneration)
        {
            return (null, null, null);
        }
        var tenant = await tenants.EnsureAsync(client.ClientId, cancellationToken);
        return tenant.Now.ToUnixTimeSeconds() < claims.Expires ? (claims, client, tenant) : (null, null, null);
    }

    private static string? TokenOf(HttpContext http, AuthPages pages)
    {
        var header = http.Request.Headers.Authorization.ToString().Trim();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header[7..].Trim() is { Length: > 0 } bearer ? bearer : null;
        }
        // The session pages show the bare token; elsewhere koa-jwt wants the Bearer scheme.
        return pages == AuthPages.Session && header.Length > 0 && !header.Contains(' ', StringComparison.Ordinal) ? header : null;
    }

    private static VerifikError Missing(AuthPages pages) => pages switch
    {
        AuthPages.DocumentLiveness => VerifikErrors.ProtectedResource,
        AuthPages.Biometrics => VerifikErrors.AuthenticationRequired,
        AuthPages.AppRegistration => VerifikErrors.AccessForbidden with { Status = 401 },
        _ => VerifikErrors.MissingAuthorization,
    };

    private static VerifikError Invalid(AuthPages pages) => pages switch
    {
        AuthPages.Biometrics => VerifikErrors.TokenExpired,
        AuthPages.AppRegistration => VerifikErrors.AccessForbidden,
        _ => VerifikErrors.InvalidOrExpiredToken,
    };
}
