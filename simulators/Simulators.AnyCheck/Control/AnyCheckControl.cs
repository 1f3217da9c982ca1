using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.AnyCheck.Auth;
using Simulators.Core.Control;
using Simulators.Core.Tenants;

namespace Simulators.AnyCheck.Control;

/// <summary>AnyCheck's own control endpoints: accounts, API keys, credit balances.</summary>
internal static class AnyCheckControl
{
    public static object DescribeCredentials(AnyCheckCredentials credentials, AnyCheckOptions options) => new
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
        accounts = credentials.Accounts.Select(a => new { email = a.Email, tenant = a.TenantId, userId = a.UserId }),
        apiKeys = credentials.Keys.Select(k => new { key = k.Key, tenant = k.TenantId, expired = k.Expired }),
    };

    public static void MapAnyCheckControl(this RouteGroupBuilder control)
    {
        control.MapPost("/accounts", async (HttpContext http, AnyCheckCredentials credentials) =>
        {
            var body = await ControlApi.ReadBodyAsync(http);
            var email = ControlApi.Text(body, "email") ?? throw new ControlApiException(400, "invalid_body", "Send {\"email\", \"password\", \"tenant\"?, \"name\"?}.");
            var password = ControlApi.Text(body, "password") ?? throw new ControlApiException(400, "invalid_body", "'password' is required.");
            var account = credentials.Register(email, password, ControlApi.Text(body, "tenant"), ControlApi.Text(body, "name"));
            return Results.Json(new { email = account.Email, tenant = account.TenantId, userId = account.UserId }, ControlJson.Options, statusCode: 201);
        });

        control.MapPost("/api-keys", async (HttpContext http, AnyCheckCredentials credentials) =>
        {
            var body = await ControlApi.ReadBodyAsync(http);
            var key = ControlApi.Text(body, "key") ?? throw new ControlApiException(400, "invalid_body", "Send {\"key\", \"tenant\"?, \"expired\"?}.");
            var expired = body?["expired"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
            var record = credentials.RegisterKey(key, ControlApi.Text(body, "tenant"), expired);
            return Results.Json(new { key = record.Key, tenant = record.TenantId, expired = record.Expired }, ControlJson.Options, statusCode: 201);
        });

        control.MapPost("/api-keys/{key}/expire", (string key, AnyCheckCredentials credentials) =>
            credentials.ExpireKey(key)
                ? ControlApi.Json(new { key, expired = true })
                : throw new ControlApiException(404, "not_found", $"No registered API key {key}. Register it first with POST /__simulator/api-keys."));

        control.MapGet("/balance", (HttpContext http, TenantRegistry<AnyCheckState> tenants) =>
        {
            var tenant = ControlApi.TenantOf(http, null) ?? AnyCheckCredentials.SandboxTenant;
            return ControlApi.Json(new { tenant, credits = tenants[tenant].State.Credits });
        });

        control.MapPost("/balance", async (HttpContext http, TenantRegistry<AnyCheckState> tenants) =>
        {
            var body = await ControlApi.ReadBodyAsync(http);
            var tenant = ControlApi.TenantOf(http, body) ?? AnyCheckCredentials.SandboxTenant;
            if (body?["credits"] is not System.Text.Json.Nodes.JsonValue value || !value.TryGetValue<int>(out var credits) || credits < 0)
            {
                throw new ControlApiException(400, "invalid_body", "Send {\"credits\": <whole number, 0 or more>, \"tenant\"?}.");
            }
            tenants[tenant].State.SetCredits(credits);
            return ControlApi.Json(new { tenant, credits });
        });
    }
}
