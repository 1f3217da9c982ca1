using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Hosting;

namespace Simulators.Core.Control;

internal static class ProviderStateEndpoints
{
    /// <summary>The Pact verifier's state-change call: <c>{"state", "params", "action": "setup" | "teardown"}</c>.</summary>
    public static void MapProviderStates(this RouteGroupBuilder control)
    {
        control.MapPost("/provider-states", async (HttpContext http, SimulatorEngine engine, IServiceProvider services) =>
        {
            var body = await ControlRequest.ReadBodyAsync(http) ?? throw ControlApiException.InvalidBody("Send {\"state\", \"params\"?, \"action\"?}.");
            var state = ControlRequest.Text(body, "state");
            if (string.IsNullOrEmpty(state))
            {
                // The verifier calls without a state for interactions that need none.
                return ControlRequest.Json(new Dictionary<string, object?>());
            }
            var table = engine.Module.ProviderStates;
            if (table is null || !table.TryGet(state, out var setup))
            {
                var known = table is null ? "none" : string.Join("; ", table.Names);
                throw new ControlApiException(StatusCodes.Status400BadRequest, "unknown_state", $"Unknown provider state '{state}'. Known: {known}.");
            }
            if ((ControlRequest.Text(body, "action") ?? "setup") != "setup")
            {
                return ControlRequest.Json(new Dictionary<string, object?>());
            }
            var parameters = body is { } b && b.TryGetProperty("params", out var raw) && raw.ValueKind == System.Text.Json.JsonValueKind.Object
                ? JsonNode.Parse(raw.GetRawText())!.AsObject()
                : [];
            var tenant = await table.TenantOf(new ProviderStateRequest(state, parameters, services));
            await engine.ResetTenantAsync(tenant, http.RequestAborted);
            // A contract describes one instant: nothing may move on between setup and request.
            var frozen = await engine.Tenants.FreezeAsync(tenant, http.RequestAborted);
            var values = await setup(new ProviderStateContext(state, tenant, parameters, services, frozen.Now));
            return ControlRequest.Json(values);
        });
    }
}
