using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Simulators.Core.Journal;
using Simulators.Core.Tenants;

namespace Simulators.AdvanceAi.Auth;

/// <summary>The caller of one IDVS request: the access key its token was issued to, which is its tenant. Bound as a handler parameter, authenticated before the handler runs.</summary>
internal sealed class Caller(TenantContext tenant)
{
    public TenantContext Tenant { get; } = tenant;

    public string AccessKey => Tenant.Id;

    public DateTimeOffset Now => Tenant.Now;

    public static async ValueTask<Caller> BindAsync(HttpContext http, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(http);
        return await http.RequestServices.GetRequiredService<AdvanceAiAuth>().AuthenticateAsync(http);
    }
}

/// <summary><c>X-ACCESS-TOKEN</c> on every IDVS call: missing, unknown or expired is <c>IAM_FAILED</c> with HTTP 200.</summary>
internal sealed class AdvanceAiAuth(TenantDirectory tenants, AdvanceAiTokens tokens, AdvanceAiStore store)
{
    public const string TokenHeader = "X-ACCESS-TOKEN";

    public async ValueTask<Caller> AuthenticateAsync(HttpContext http)
    {
        var accessKey = await ValidAccessKeyAsync(http) ?? throw AdvanceAiErrors.TokenNotFound.Raise();
        if ((await store.AccountAsync(accessKey, http.RequestAborted)) is not { } account)
        {
            throw AdvanceAiErrors.TokenNotFound.Raise();
        }
        if (account.Disabled)
        {
            throw AdvanceAiErrors.IamAccountDisabled.Raise();
        }
        var tenant = await tenants.EnsureAsync(accessKey, http.RequestAborted);
        await http.EnterTenantAsync(accessKey);
        return new Caller(tenant);
    }

    /// <summary>The access key of a control call carrying a valid, unexpired token, or null.</summary>
    public ValueTask<string?> ControlTenantAsync(HttpContext http) => ValidAccessKeyAsync(http);

    private async ValueTask<string?> ValidAccessKeyAsync(HttpContext http)
    {
        var token = http.Request.Headers[TokenHeader].ToString().Trim();
        if (token.Length == 0 || token.Length > 4096 || await tokens.ReadAsync(token, http.RequestAborted) is not { } claims)
        {
            return null;
        }
        var now = (await tenants.FindAsync(claims.AccessKey, http.RequestAborted)).Now;
        return now.ToUnixTimeSeconds() < claims.Expires ? claims.AccessKey : null;
    }
}
