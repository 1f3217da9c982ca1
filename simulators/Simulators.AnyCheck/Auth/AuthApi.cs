using System.Net.Mail;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Journal;
using Simulators.Core.Tenants;

namespace Simulators.AnyCheck.Auth;

internal sealed record LoginResponse(string AccessToken, string RefreshToken, int ExpiresIn);

internal sealed record RefreshResponse(string AccessToken, string RefreshToken);

/// <summary><c>GET /auth/methods</c>: keys in the docs' upper case.</summary>
internal sealed record AuthMethods(
    [property: System.Text.Json.Serialization.JsonPropertyName("ENTRA")] AuthMethodDetails Entra,
    [property: System.Text.Json.Serialization.JsonPropertyName("LDAP")] AuthMethodDetails Ldap,
    [property: System.Text.Json.Serialization.JsonPropertyName("PASSWORD")] PasswordMethod Password);

internal sealed record AuthMethodDetails(string Details, bool Enabled, bool Healthy);

internal sealed record PasswordMethod(bool Enabled);

internal sealed record NamedRef(Guid Id, string Name);

/// <summary><c>GET /profile</c>: the docs name the endpoint but not its body; this shape is the simulator's.</summary>
internal sealed record Profile(Guid Id, string Email, string Name, string Role, NamedRef Organization, NamedRef Group);

internal static class AuthApi
{
    public static void MapAuth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/auth/methods", () => TypedResults.Json(
            new AuthMethods(
                new AuthMethodDetails("Microsoft Entra ID single sign-on is not configured in the simulator.", false, true),
                new AuthMethodDetails("LDAP is not configured in the simulator.", false, true),
                new PasswordMethod(true)),
            AnyCheckJson.Wire.AuthMethods));

        app.MapPost("/auth/login", Login);
        app.MapPost("/auth/refresh", Refresh);
        app.MapGet("/profile", Profile);
    }

    private static async Task<IResult> Login(HttpContext http, AnyCheckCredentials credentials, AnyCheckTokens tokens, TenantRegistry<AnyCheckState> tenants, AnyCheckOptions options)
    {
        var body = await AnyCheckRequest.ReadObjectAsync(http);
        var email = AnyCheckRequest.OptionalString(body, "email");
        var password = AnyCheckRequest.OptionalString(body, "password");
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(email))
        {
            errors.Add(new("email", "is required"));
        }
        else if (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            errors.Add(new("email", "must be a valid email address"));
        }
        if (string.IsNullOrEmpty(password))
        {
            errors.Add(new("password", "is required"));
        }
        if (errors.Count > 0)
        {
            throw AnyCheckErrors.InvalidRequest.Raise("Validation failed.", [.. errors]);
        }

        var account = credentials.Login(email!, password!) ?? throw AnyCheckErrors.InvalidCredentials.Raise();
        http.SetTenant(account.TenantId);
        var now = tenants[account.TenantId].Clock.GetUtcNow();
        return TypedResults.Json(
            new LoginResponse(
                tokens.Issue(account, TokenKind.Access, now, TimeSpan.FromSeconds(options.AccessTokenSeconds)),
                tokens.Issue(account, TokenKind.Refresh, now, TimeSpan.FromDays(options.RefreshTokenDays)),
                options.AccessTokenSeconds),
            AnyCheckJson.Wire.LoginResponse);
    }

    private static async Task<IResult> Refresh(HttpContext http, AnyCheckCredentials credentials, AnyCheckTokens tokens, TenantRegistry<AnyCheckState> tenants, AnyCheckOptions options)
    {
        var body = await AnyCheckRequest.ReadObjectAsync(http);
        var token = AnyCheckRequest.RequiredString(body, "refresh_token");
        var claims = tokens.Read(token);
        if (claims is null || claims.Kind != TokenKind.Refresh)
        {
            throw AnyCheckErrors.InvalidToken.Raise("The refresh token is malformed or its signature is invalid.");
        }
        var now = tenants[claims.TenantId].Clock.GetUtcNow();
        http.SetTenant(claims.TenantId);
        if (now.ToUnixTimeSeconds() >= claims.ExpiresAt)
        {
            throw AnyCheckErrors.TokenExpired.Raise("The refresh token has expired. Log in again.");
        }
        var account = credentials.FindAccount(claims.Email);
        if (account is null || !tokens.Consume(claims))
        {
            throw AnyCheckErrors.InvalidToken.Raise("The refresh token has already been used or revoked.");
        }
        return TypedResults.Json(
            new RefreshResponse(
                tokens.Issue(account, TokenKind.Access, now, TimeSpan.FromSeconds(options.AccessTokenSeconds)),
                tokens.Issue(account, TokenKind.Refresh, now, TimeSpan.FromDays(options.RefreshTokenDays))),
            AnyCheckJson.Wire.RefreshResponse);
    }

    private static IResult Profile(HttpContext http, AnyCheckAuth auth)
    {
        var caller = auth.Authenticate(http);
        var state = caller.State;
        var profile = caller.Account is { } account
            ? new Profile(account.UserId, account.Email, account.Name, "GROUP_USER", new(state.OrganizationId, "Sandbox Organization"), new(state.GroupId, state.GroupName))
            : new Profile(caller.UserId, "api@" + caller.Tenant.Id, "API key " + caller.ApiKeyLabel, "GROUP_USER", new(state.OrganizationId, "Sandbox Organization"), new(state.GroupId, state.GroupName));
        return TypedResults.Json(profile, AnyCheckJson.Wire.Profile);
    }
}
