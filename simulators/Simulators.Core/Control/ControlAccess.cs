using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Simulators.Core.Hosting;

namespace Simulators.Core.Control;

/// <summary>
/// Marks a control endpoint a tenant may call with its own provider credential: it acts on that
/// tenant only. <see cref="RouteTenant"/> names a route value that must be the caller's tenant.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class TenantScopedAttribute(string? routeTenant = null) : Attribute
{
    public string? RouteTenant { get; } = routeTenant;
}

/// <summary>A control endpoint anyone may call: the built-in webhook receiver, which the simulator's own deliveries reach.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class OpenControlAttribute : Attribute;

public static class TenantScopedExtensions
{
    /// <summary>This control endpoint may be called with a tenant's own credential, for that tenant.</summary>
    public static TBuilder TenantScoped<TBuilder>(this TBuilder builder, string? routeTenant = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new TenantScopedAttribute(routeTenant));
}

/// <summary>
/// Who may call <c>/__simulator/*</c>. Open on loopback unless a control token is set; once the host
/// binds beyond loopback (or a token is set), a call needs the token
/// (<c>Authorization: Bearer</c> or <c>X-Simulator-Token</c>) or, for the tenant-scoped calls, the
/// tenant's own provider credential, which then reaches that tenant and no other.
/// <c>GET /health</c> is always open.
/// </summary>
internal static class ControlAccess
{
    public const string TokenHeader = "X-Simulator-Token";

    private const string TenantItem = "Simulators.Control.Tenant";

    /// <summary>The tenant a credential-bound call is confined to; null for the token holder (or an open control API).</summary>
    public static string? BoundTenant(HttpContext http) => http.Items.TryGetValue(TenantItem, out var t) ? t as string : null;

    public static async ValueTask<object?> CheckAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var sandbox = http.RequestServices.GetRequiredService<SandboxSettings>();
        if (!sandbox.TokenRequired || IsHealth(http) || http.GetEndpoint()?.Metadata.GetMetadata<OpenControlAttribute>() is not null)
        {
            return await next(context);
        }
        var token = sandbox.ControlToken ?? "";
        var given = http.Request.Headers[TokenHeader].ToString();
        if (given.Length > 0)
        {
            return Matches(given, token) ? await next(context) : Denied(StatusCodes.Status401Unauthorized, "invalid_control_token", "The X-Simulator-Token is not this sandbox's control token.");
        }
        var authorization = http.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(authorization[7..].Trim(), token))
        {
            return await next(context);
        }

        var definition = http.RequestServices.GetRequiredService<ModuleDefinition>();
        string? tenant = null;
        if (definition.ControlCredential is { } credential)
        {
            tenant = await credential(http);
        }
        if (tenant is null)
        {
            return Denied(StatusCodes.Status401Unauthorized, "unauthorized",
                $"The control API of this sandbox needs its control token (Authorization: Bearer <token> or {TokenHeader}), or for a tenant's own clock, outcomes, jobs, journal, webhooks and reset, that tenant's provider credential.");
        }
        var scope = http.GetEndpoint()?.Metadata.GetMetadata<TenantScopedAttribute>();
        if (scope is null)
        {
            return Denied(StatusCodes.Status403Forbidden, "forbidden", "A provider credential drives its own tenant only; this call needs the control token.");
        }
        if (scope.RouteTenant is { } name && !string.Equals(http.Request.RouteValues[name] as string, tenant, StringComparison.Ordinal))
        {
            return Denied(StatusCodes.Status403Forbidden, "forbidden", "This credential reaches its own tenant only.");
        }
        http.Items[TenantItem] = tenant;
        return await next(context);
    }

    private static bool IsHealth(HttpContext http) =>
        HttpMethods.IsGet(http.Request.Method) && http.Request.Path.Equals(ControlApi.Prefix + "/health", StringComparison.OrdinalIgnoreCase);

    private static bool Matches(string given, string token) =>
        token.Length > 0 && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static IResult Denied(int status, string code, string message)
    {
        var headers = status == StatusCodes.Status401Unauthorized ? "Bearer realm=\"simulator control\"" : null;
        return new DeniedResult(status, code, message, headers);
    }

    private sealed class DeniedResult(int status, string code, string message, string? challenge) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (challenge is not null)
            {
                httpContext.Response.Headers.WWWAuthenticate = challenge;
            }
            return Results.Json(new { error = code, message }, ControlJson.Options, statusCode: status).ExecuteAsync(httpContext);
        }
    }
}
