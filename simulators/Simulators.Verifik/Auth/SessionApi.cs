using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Hosting;
using Simulators.Core.Json;

namespace Simulators.Verifik.Auth;

/// <summary>
/// The token's lifecycle (providers/verifik.md §1): <c>/v2/auth/session</c> renews a still-valid token for
/// <c>expiresIn</c> months, <c>/v2/auth/renew-and-revoke</c> issues a new one and refuses every earlier one,
/// <c>/v2/auth/project-login</c> (called by Verifik's own api-client) exchanges a valid token for a session token.
/// The token comes in <c>Authorization</c>, with or without <c>Bearer</c>.
/// </summary>
internal static class SessionApi
{
    public const int MaxExpiresInMonths = 12;

    public static void MapSessions(this IEndpointRouteBuilder app)
    {
        // The current docs use GET; an older page (and the api-client's POST variant) uses POST.
        app.MapMethods("/v2/auth/session", [HttpMethods.Get, HttpMethods.Post], Session);
        app.MapPost("/v2/auth/renew-and-revoke", RenewAndRevoke);
        app.MapPost("/v2/auth/project-login", ProjectLogin);
    }

    private static async Task<IResult> Session(HttpContext http, VerifikAuth auth, VerifikTokens tokens, VerifikStore store)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.Session);
        var body = HttpMethods.IsPost(http.Request.Method) ? await JsonRequest.ReadOptionalObjectAsync(http, AuthRequestErrors.Instance) : null;
        var origin = http.Request.Query["origin"].ToString() is { Length: > 0 } o ? o : AuthRequestErrors.Text(body, "origin");
        var token = caller.Token;
        // origin=refresh renews; any other origin (the api-client's "app") hydrates the session: the same token and its client as `user`.
        var refresh = string.Equals(origin, "refresh", StringComparison.Ordinal);
        ClientProfile? profile = null;
        if (refresh)
        {
            var months = ExpiresIn(http.Request.Query["expiresIn"].ToString() is { Length: > 0 } q ? q : AuthRequestErrors.Text(body, "expiresIn"));
            token = await tokens.IssueAsync(caller.Client, caller.Now, http.RequestAborted, caller.Now.AddMonths(months) - caller.Now);
        }
        else
        {
            profile = await ClientsApi.ProfileAsync(store, caller.ClientId, http.RequestAborted);
        }
        return new JsonBytes(VerifikJson.Object(w =>
        {
            w.WriteString("accessToken", token);
            w.WriteString("tokenType", "bearer");
            if (!refresh)
            {
                w.WritePropertyName("user");
                w.WriteClient(caller.Client, profile);
            }
        }));
    }

    private static async Task<IResult> RenewAndRevoke(HttpContext http, VerifikAuth auth, VerifikTokens tokens, VerifikStore store)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.Session);
        var client = await store.Clients.UpdateAsync(VerifikStore.Global, caller.ClientId,
            c => c is null ? null : c with { TokenGeneration = Math.Max(c.TokenGeneration, caller.Claims.Generation) + 1 }, http.RequestAborted)
            ?? throw VerifikErrors.InvalidOrExpiredToken.Raise();
        var token = await tokens.IssueAsync(client, caller.Now, http.RequestAborted);
        return new JsonBytes(VerifikJson.Object(w => w.WriteString("token", token)));
    }

    private static async Task<IResult> ProjectLogin(HttpContext http, VerifikAuth auth, VerifikTokens tokens)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.Session);
        _ = await JsonRequest.ReadOptionalObjectAsync(http, AuthRequestErrors.Instance);
        return LoginApi.AccessToken(await tokens.IssueAsync(caller.Client, caller.Now, http.RequestAborted));
    }

    /// <summary>Whole months, 1 to <see cref="MaxExpiresInMonths"/>; 1 when absent.</summary>
    private static int ExpiresIn(string? text) =>
        text is null ? 1
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var months) && months is >= 1 and <= MaxExpiresInMonths ? months
        : throw AuthErrors.InvalidExpiresIn.Raise();
}
