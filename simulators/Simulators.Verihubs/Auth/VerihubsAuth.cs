using Microsoft.AspNetCore.Http;
using Simulators.Core.Journal;
using Simulators.Core.Tenants;

namespace Simulators.Verihubs.Auth;

/// <summary>The caller of one request: its App-ID's tenant.</summary>
internal sealed record Caller(Tenant<VerihubsState> Tenant)
{
    public VerihubsState State => Tenant.State;

    public string AppId => Tenant.Id;

    public DateTimeOffset Now => Tenant.Clock.GetUtcNow();

    public bool VendorSandbox => State.Settings.Mode == AppModes.VendorSandbox;
}

/// <summary>Which 401 body an endpoint documents.</summary>
internal enum AuthFamily
{
    /// <summary>KTP and face: <c>{"message":"Authorization failed"}</c>.</summary>
    KtpFace,

    /// <summary>ID Verification: <c>{"message":"Authorization Failed","error_code":"UNAUTHORIZED"}</c>.</summary>
    IdVerification,
}

/// <summary>
/// <c>App-ID</c> + <c>API-Key</c> headers (names case-insensitive, as HTTP headers are). Any App-ID
/// with the sandbox API-Key is accepted and is its own tenant; any other key is a 401.
/// </summary>
internal sealed class VerihubsAuth(TenantRegistry<VerihubsState> tenants, VerihubsOptions options)
{
    public const string AppIdHeader = "App-ID";
    public const string ApiKeyHeader = "API-Key";

    public Caller Authenticate(HttpContext http, AuthFamily family, bool billable = true)
    {
        var appId = http.Request.Headers[AppIdHeader].ToString().Trim();
        var apiKey = http.Request.Headers[ApiKeyHeader].ToString().Trim();
        if (appId.Length == 0 || apiKey != options.DefaultApiKey)
        {
            throw (family == AuthFamily.IdVerification ? VerihubsErrors.Unauthorized : VerihubsErrors.AuthorizationFailed).Raise();
        }
        var caller = new Caller(tenants[appId]);
        http.SetTenant(appId);
        if (billable && caller.State.QuotaExhausted)
        {
            throw VerihubsErrors.InsufficientQuota.Raise("Testing quota of this App-ID is used up");
        }
        return caller;
    }
}
