using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Simulators.Core.Journal;
using Simulators.Core.Tenants;

namespace Simulators.Verihubs.Auth;

/// <summary>Which 401 body an endpoint documents.</summary>
internal enum AuthFamily
{
    /// <summary>KTP and face: <c>{"message":"Authorization failed"}</c>.</summary>
    KtpFace,

    /// <summary>ID Verification: <c>{"message":"Authorization Failed","error_code":"UNAUTHORIZED"}</c>.</summary>
    IdVerification,
}

/// <summary>How an endpoint authenticates: its 401 family, and whether it is billable (testing quota applies).</summary>
internal sealed record VerihubsEndpoint(AuthFamily Family, bool Billable = true);

/// <summary>The caller of one request: its App-ID's tenant and settings. Bound as a handler parameter, authenticated before the handler runs.</summary>
internal sealed class Caller(TenantContext tenant, AppSettings settings)
{
    public TenantContext Tenant { get; } = tenant;

    public string AppId => Tenant.Id;

    public AppSettings Settings { get; } = settings;

    public DateTimeOffset Now => Tenant.Now;

    public bool VendorSandbox => Settings.Mode == AppModes.VendorSandbox;

    public static async ValueTask<Caller> BindAsync(HttpContext http, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(http);
        var endpoint = http.GetEndpoint()?.Metadata.GetMetadata<VerihubsEndpoint>() ?? new VerihubsEndpoint(AuthFamily.KtpFace);
        return await http.RequestServices.GetRequiredService<VerihubsAuth>().AuthenticateAsync(http, endpoint.Family, endpoint.Billable);
    }
}

/// <summary>
/// <c>App-ID</c> + <c>API-Key</c> headers (names case-insensitive, as HTTP headers are). Any App-ID
/// with the sandbox API-Key is accepted and is its own tenant; any other key is a 401.
/// </summary>
internal sealed class VerihubsAuth(TenantDirectory tenants, VerihubsStore store, VerihubsOptions options)
{
    public const string AppIdHeader = "App-ID";
    public const string ApiKeyHeader = "API-Key";

    /// <summary>The App-ID of a control call that carries a valid App-ID and API-Key pair, or null.</summary>
    public string? ControlTenant(HttpContext http)
    {
        var appId = http.Request.Headers[AppIdHeader].ToString().Trim();
        var apiKey = http.Request.Headers[ApiKeyHeader].ToString().Trim();
        return appId.Length > 0 && appId.Length <= 512 && apiKey == options.DefaultApiKey ? appId : null;
    }

    public async ValueTask<Caller> AuthenticateAsync(HttpContext http, AuthFamily family, bool billable = true)
    {
        var appId = http.Request.Headers[AppIdHeader].ToString().Trim();
        var apiKey = http.Request.Headers[ApiKeyHeader].ToString().Trim();
        if (appId.Length == 0 || apiKey != options.DefaultApiKey)
        {
            throw (family == AuthFamily.IdVerification ? VerihubsErrors.Unauthorized : VerihubsErrors.AuthorizationFailed).Raise();
        }
        var tenant = await tenants.EnsureAsync(appId, http.RequestAborted);
        await http.EnterTenantAsync(appId);
        var caller = new Caller(tenant, await store.SettingsAsync(appId, http.RequestAborted));
        if (billable && caller.Settings.QuotaExhausted)
        {
            throw VerihubsErrors.InsufficientQuota.Raise("Testing quota of this App-ID is used up");
        }
        return caller;
    }
}
