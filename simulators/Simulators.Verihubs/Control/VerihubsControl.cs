using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Control;
using Simulators.Core.Tenants;

namespace Simulators.Verihubs.Control;

/// <summary>Verihubs' own control endpoints: per-App-ID settings, as the dashboard would hold them.</summary>
internal static class VerihubsControl
{
    public static object DescribeCredentials(VerihubsOptions options) => new
    {
        provider = "Verihubs",
        defaults = new { appId = options.DefaultAppId, apiKey = options.DefaultApiKey, tenant = options.DefaultAppId },
        callback = new { username = options.CallbackUsername, password = options.CallbackPassword },
        rules = new[]
        {
            $"Send App-ID and API-Key headers (names are case-insensitive). Any App-ID with API-Key {options.DefaultApiKey} is accepted and is its own tenant.",
            "Any other API-Key, or a missing header, answers 401: {\"message\":\"Authorization failed\"} on KTP and face endpoints, {\"message\":\"Authorization Failed\",\"error_code\":\"UNAUTHORIZED\"} on ID Verification.",
            "POST /__simulator/apps/{appId} {mode: live|testing|vendor-sandbox, testingQuota, callbackUsername, callbackPassword, callbacksEnabled} configures an App-ID.",
        },
    };

    public static object Describe(Tenant<VerihubsState> tenant)
    {
        var settings = tenant.State.Settings;
        return new
        {
            appId = tenant.Id,
            mode = settings.Mode,
            testingQuota = tenant.State.Quota,
            callbackUsername = settings.CallbackUsername,
            callbackPassword = settings.CallbackPassword,
            callbacksEnabled = settings.CallbacksEnabled,
        };
    }

    public static void MapVerihubsControl(this RouteGroupBuilder control)
    {
        control.MapGet("/apps", (TenantRegistry<VerihubsState> tenants) =>
            ControlApi.Json(new { items = tenants.All.Cast<Tenant<VerihubsState>>().OrderBy(t => t.Id, StringComparer.Ordinal).Select(Describe) }));

        control.MapGet("/apps/{appId}", (string appId, TenantRegistry<VerihubsState> tenants) => ControlApi.Json(Describe(tenants[appId])));

        control.MapPost("/apps/{appId}", async (string appId, HttpContext http, TenantRegistry<VerihubsState> tenants) =>
        {
            var body = await ControlApi.ReadBodyAsync(http) ?? throw new ControlApiException(400, "invalid_body",
                "Send {\"mode\"?: \"live|testing|vendor-sandbox\", \"testingQuota\"?, \"callbackUsername\"?, \"callbackPassword\"?, \"callbacksEnabled\"?}.");
            var tenant = tenants[appId];
            Configure(tenant.State, body);
            return ControlApi.Json(Describe(tenant));
        });
    }

    public static void Configure(VerihubsState state, JsonObject body)
    {
        var settings = state.Settings;
        var mode = ControlApi.Text(body, "mode");
        if (mode is not null && !AppModes.All.Contains(mode, StringComparer.Ordinal))
        {
            throw new ControlApiException(400, "invalid_body", $"'mode' must be one of {string.Join(", ", AppModes.All)}.");
        }
        bool? enabled = body["callbacksEnabled"] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            _ => throw new ControlApiException(400, "invalid_body", "'callbacksEnabled' must be true or false."),
        };
        if (body["testingQuota"] is { } quotaNode)
        {
            state.SetQuota(quotaNode is JsonValue q && q.TryGetValue<int>(out var quota) && quota >= 0
                ? quota
                : throw new ControlApiException(400, "invalid_body", "'testingQuota' must be a whole number, 0 or more."));
        }
        state.Settings = settings with
        {
            Mode = mode ?? settings.Mode,
            CallbackUsername = ControlApi.Text(body, "callbackUsername") ?? settings.CallbackUsername,
            CallbackPassword = ControlApi.Text(body, "callbackPassword") ?? settings.CallbackPassword,
            CallbacksEnabled = enabled ?? settings.CallbacksEnabled,
        };
    }
}
