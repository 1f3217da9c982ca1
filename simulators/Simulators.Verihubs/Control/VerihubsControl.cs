using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Control;
using Simulators.Core.Security;
using Simulators.Core.Tenants;

namespace Simulators.Verihubs.Control;

/// <summary>Verihubs' own control endpoints: per-App-ID settings, as the dashboard would hold them.</summary>
internal static class VerihubsControl
{
    public static object DescribeCredentials(VerihubsOptions options) => new
    {
        provider = "Verihubs",
        defaults = new { appId = options.DefaultAppId, apiKey = SecretLabel.Reveal(options.DefaultApiKey, Defaults.DefaultApiKey), tenant = options.DefaultAppId },
        callback = new { username = options.CallbackUsername, password = SecretLabel.Reveal(options.CallbackPassword, Defaults.CallbackPassword) },
        rules = new[]
        {
            $"Send App-ID and API-Key headers (names are case-insensitive). Any App-ID with API-Key {options.DefaultApiKey} is accepted and is its own tenant.",
            "Any other API-Key, or a missing header, answers 401: {\"message\":\"Authorization failed\"} on KTP and face endpoints, {\"message\":\"Authorization Failed\",\"error_code\":\"UNAUTHORIZED\"} on ID Verification.",
            "POST /__simulator/apps/{appId} {mode: live|testing|vendor-sandbox, testingQuota, callbackUsername, callbackPassword, callbacksEnabled, responseShape: current|legacy-v2} configures an App-ID.",
        },
    };

    public static object Describe(string appId, AppSettings settings, VerihubsOptions options) => new
    {
        appId,
        mode = settings.Mode,
        testingQuota = settings.Quota,
        callbackUsername = settings.CallbackUsername,
        // Set through the control API and sent to the client's callback as Basic auth: shown masked.
        callbackPassword = settings.CallbackPassword is { } password ? SecretLabel.Masked(password) : null,
        callbacksEnabled = settings.CallbacksEnabled,
        responseShape = settings.ResponseShape ?? options.ResponseShape,
    };

    private static readonly VerihubsOptions Defaults = new();

    public static void MapVerihubsControl(this RouteGroupBuilder control)
    {
        control.MapGet("/apps", async (HttpContext http, TenantDirectory tenants, VerihubsStore store, VerihubsOptions options) =>
        {
            var items = new List<object>();
            foreach (var tenant in (await tenants.ListAsync(http.RequestAborted)).OrderBy(t => t.Id, StringComparer.Ordinal))
            {
                items.Add(Describe(tenant.Id, await store.SettingsAsync(tenant.Id, http.RequestAborted), options));
            }
            return ControlRequest.Json(new { items });
        });

        control.MapGet("/apps/{appId}", async (string appId, HttpContext http, VerihubsStore store, VerihubsOptions options) =>
            ControlRequest.Json(Describe(appId, await store.SettingsAsync(appId, http.RequestAborted), options))).TenantScoped("appId");

        control.MapPost("/apps/{appId}", async (string appId, HttpContext http, TenantDirectory tenants, VerihubsStore store, VerihubsOptions options) =>
        {
            var body = await ControlRequest.ReadBodyAsync(http) ?? throw ControlApiException.InvalidBody(
                "Send {\"mode\"?: \"live|testing|vendor-sandbox\", \"testingQuota\"?, \"callbackUsername\"?, \"callbackPassword\"?, \"callbacksEnabled\"?, \"responseShape\"?: \"current|legacy-v2\"}.");
            var change = Configure(body);
            await tenants.EnsureAsync(appId, http.RequestAborted);
            var settings = await store.ChangeSettingsAsync(appId, change, http.RequestAborted);
            return ControlRequest.Json(Describe(appId, settings!, options));
        }).TenantScoped("appId");
    }

    /// <summary>The change a settings body asks for, checked before anything is stored.</summary>
    public static Func<AppSettings, AppSettings> Configure(JsonElement body)
    {
        var mode = ControlRequest.Text(body, "mode");
        if (mode is not null && !AppModes.All.Contains(mode, StringComparer.Ordinal))
        {
            throw ControlApiException.InvalidBody($"'mode' must be one of {string.Join(", ", AppModes.All)}.");
        }
        bool? enabled;
        try
        {
            enabled = ControlRequest.Flag(body, "callbacksEnabled");
        }
        catch (ControlApiException)
        {
            throw ControlApiException.InvalidBody("'callbacksEnabled' must be true or false.");
        }
        int? quota = null;
        if (body.TryGetProperty("testingQuota", out var quotaNode))
        {
            quota = quotaNode.ValueKind == JsonValueKind.Number && quotaNode.TryGetInt32(out var q) && q >= 0
                ? q
                : throw ControlApiException.InvalidBody("'testingQuota' must be a whole number, 0 or more.");
        }
        var shape = ControlRequest.Text(body, "responseShape");
        if (shape is not null && !ResponseShapes.All.Contains(shape, StringComparer.Ordinal))
        {
            throw ControlApiException.InvalidBody($"'responseShape' must be one of {string.Join(", ", ResponseShapes.All)}.");
        }
        var user = ControlRequest.Text(body, "callbackUsername");
        var password = ControlRequest.Text(body, "callbackPassword");
        return settings => settings with
        {
            Mode = mode ?? settings.Mode,
            Quota = quota ?? settings.Quota,
            CallbackUsername = user ?? settings.CallbackUsername,
            CallbackPassword = password ?? settings.CallbackPassword,
            CallbacksEnabled = enabled ?? settings.CallbacksEnabled,
            ResponseShape = shape ?? settings.ResponseShape,
        };
    }
}
