using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.AnyCheck.Auth;
using Simulators.Core.Control;

namespace Simulators.AnyCheck.Control;

/// <summary>AnyCheck's own control endpoints: accounts, API keys, credit balances.</summary>
internal static class AnyCheckControl
{
    public static async ValueTask<object> DescribeCredentialsAsync(AnyCheckCredentials credentials, AnyCheckOptions options, CancellationToken cancellationToken) => new
    {
        provider = "AnyCheck",
        mode = options.OpenTenants ? "open" : "strict",
        defaults = new { email = options.DefaultEmail, password = options.DefaultPassword, apiKey = options.DefaultApiKey, tenant = AnyCheckCredentials.SandboxTenant },
        rules = new[]
        {
            "X-API-Key (or Authorization: Bearer <key>) with any ak_test_* key is accepted in open mode; the key is its own tenant.",
            "Keys starting ak_expired_ answer 401 API_KEY_EXPIRED; any other unregistered key answers 401 INVALID_API_KEY.",
            "POST /auth/login with a new e-mail and the default password registers it as its own tenant in open mode; a known e-mail with a wrong password answers 401 INVALID_CREDENTIALS.",
        },
        accounts = (await credentials.AccountsAsync(cancellationToken)).Select(a => new { email = a.Email, tenant = a.TenantId, userId = a.UserId }),
        apiKeys = (await credentials.KeysAsync(cancellationToken)).Select(k => new { key = k.Key, tenant = k.TenantId, expired = k.Expired }),
    };

    public static void MapAnyCheckControl(this RouteGroupBuilder control)
    {
        control.MapPost("/accounts", async (HttpContext http, AnyCheckCredentials credentials) =>
        {
            var body = await ControlRequest.ReadBodyAsync(http);
            var email = ControlRequest.Text(body, "email") is { Length: > 0 } e ? e : throw ControlApiException.InvalidBody("Send {\"email\", \"password\", \"tenant\"?, \"name\"?}.");
            var password = ControlRequest.Text(body, "password") is { Length: > 0 } p ? p : throw ControlApiException.InvalidBody("'password' is required.");
            // TenantOf refuses an empty tenant, which no call could ever enter.
            var account = await credentials.RegisterAsync(email, password, ControlRequest.TenantOf(http, body), ControlRequest.Text(body, "name"), http.RequestAborted);
            return ControlRequest.Json(new { email = account.Email, tenant = account.TenantId, userId = account.UserId }, StatusCodes.Status201Created);
        });

        control.MapPost("/api-keys", async (HttpContext http, AnyCheckCredentials credentials) =>
        {
            var body = await ControlRequest.ReadBodyAsync(http);
            var key = ControlRequest.Text(body, "key") is { Length: > 0 } k ? k : throw ControlApiException.InvalidBody("Send {\"key\", \"tenant\"?, \"expired\"?}.");
            var expired = body is { } b && b.TryGetProperty("expired", out var flag) && flag.ValueKind == System.Text.Json.JsonValueKind.True;
            var record = await credentials.RegisterKeyAsync(key, ControlRequest.TenantOf(http, body), expired, http.RequestAborted);
            return ControlRequest.Json(new { key = record.Key, tenant = record.TenantId, expired = record.Expired }, StatusCodes.Status201Created);
        });

        control.MapPost("/api-keys/{key}/expire", async (string key, HttpContext http, AnyCheckCredentials credentials) =>
            await credentials.ExpireKeyAsync(key, http.RequestAborted)
                ? ControlRequest.Json(new { key, expired = true })
                : throw ControlApiException.NotFound($"No registered API key {key}. Register it first with POST /__simulator/api-keys."));

        control.MapGet("/balance", async (HttpContext http, AnyCheckStore store, AnyCheckOptions options) =>
        {
            var tenant = ControlRequest.TenantOf(http, null) ?? AnyCheckCredentials.SandboxTenant;
            var group = await store.Groups.GetAsync(tenant, AnyCheckStore.GroupId, http.RequestAborted);
            return ControlRequest.Json(new { tenant, credits = group?.Value.Credits ?? options.InitialCredits });
        });

        control.MapPost("/balance", async (HttpContext http, AnyCheckStore store) =>
        {
            var body = await ControlRequest.ReadBodyAsync(http);
            var tenant = ControlRequest.TenantOf(http, body) ?? AnyCheckCredentials.SandboxTenant;
            int? credits;
            try
            {
                credits = ControlRequest.Whole(body, "credits");
            }
            catch (ControlApiException)
            {
                credits = null;
            }
            if (credits is not >= 0)
            {
                throw ControlApiException.InvalidBody("Send {\"credits\": <whole number, 0 or more>, \"tenant\"?}.");
            }
            await store.Groups.PutAsync(tenant, AnyCheckStore.GroupId, new GroupAccount(credits.Value), cancellationToken: http.RequestAborted);
            return ControlRequest.Json(new { tenant, credits });
        });
    }
}
