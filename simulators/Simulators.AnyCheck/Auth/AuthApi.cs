using System.Net.Mail;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Errors;
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

    private static async Task<IResult> Login(HttpContext http, AnyCheckCredentials credentials, AnyCheckTokens tokens, TenantDirectory tenants, AnyCheckOptions options)
    {
        var body = await AnyCheckRequest.ReadObjectAsync(http);
        var email = AnyCheckRequest.OptionalString(body, "email");
        var password = AnyCheckRequest.OptionalString(body, "password");
        var errors = new List<FieldProblem>();
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

        var account = await credentials.LoginAsync(email!, password!, http.RequestAborted) ?? throw AnyCheckErrors.InvalidCredentials.Raise();
        var tenant = await tenants.EnsureAsync(account.TenantId, http.RequestAborted);
        await http.EnterTenantAsync(account.TenantId);
        var now = tenant.Now;
        return TypedResults.Json(
            new LoginResponse(
                await tokens.IssueAsync(account, TokenKind.Access, now, TimeSpan.FromSeconds(options.AccessTokenSeconds), http.RequestAborted),
                await tokens.IssueAsync(account, TokenKind.Refresh, now, TimeSpan.FromDays(options.RefreshTokenDays), http.RequestAborted),
                options.AccessTokenSeconds),
            AnyCheckJson.Wire.LoginResponse);
    }

    private static async Task<IResult> Refresh(HttpContext http, AnyCheckCredentials credentials, AnyCheckTokens tokens, TenantDirectory tenants, AnyCheckOptions options)
    {
        var body = await AnyCheckRequest.ReadObjectAsync(http);
        var token = AnyCheckRequest.RequiredString(body, "refresh_token");
        var claims = await tokens.ReadAsync(token, http.RequestAborted);
        if (claims is null || claims.Kind != TokenKind.Refresh)
        {
            throw AnyCheckErrors.InvalidToken.Raise("The refresh token is malformed or its signature is invalid.");
        }
        var now = (await tenants.EnsureAsync(claims.TenantId, http.RequestAborted)).Now;
        await http.EnterTenantAsync(claims.TenantId);
        if (now.ToUnixTimeSeconds() >= claims.ExpiresAt)
        {
            throw AnyCheckErrors.TokenExpired.Raise("The refresh token has expired. Log in again.");
        }
        var account = await credentials.FindAccountAsync(claims.Email, http.RequestAborted);
        if (account is null || !await tokens.ConsumeAsync(claims, http.RequestAborted))
        {
            throw AnyCheckErrors.InvalidToken.Raise("The refresh token has already been used or revoked.");
        }
        return TypedResults.Json(
            new RefreshResponse(
                await tokens.IssueAsync(account, TokenKind.Access, now, TimeSpan.FromSeconds(options.AccessTokenSeconds), http.RequestAborted),
                await tokens.IssueAsync(account, TokenKind.Refresh, now, TimeSpan.FromDays(options.RefreshTokenDays), http.RequestAborted)),
            AnyCheckJson.Wire.RefreshResponse);
    }

    private static IResult Profile(Caller caller)
    {
        var group = caller.Group;
        var profile = caller.Account is { } account
            ? new Profile(account.UserId, account.Email, account.Name, "GROUP_USER", new(group.OrganizationId, "Sandbox Organization"), new(group.GroupId, group.GroupName))
            : new Profile(caller.UserId, "api@" + caller.TenantId, "API key " + caller.ApiKeyLabel, "GROUP_USER", new(group.OrganizationId, "Sandbox Organization"), new(group.GroupId, group.GroupName));
        return TypedResults.Json(profile, AnyCheckJson.Wire.Profile);
    }
}
