using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Hosting;
using Simulators.Core.Scenarios;

namespace Simulators.Core.Control;

internal static class ScenarioEndpoints
{
    public static void MapScenarios(this RouteGroupBuilder control)
    {
        control.MapGet("/scenarios", (SimulatorEngine engine) => ControlRequest.Json(new ScenariosView(
            ScenarioCatalog.Header,
            "SIMULATOR:<NAME>",
            Enum.GetNames<ScenarioSource>(),
            [.. engine.Module.Scenarios.All.Select(s => new ScenarioView(s.Name, s.Description, s.AppliesTo))]))).TenantScoped();

        control.MapGet("/outcomes", async (HttpContext http, SimulatorEngine engine) =>
        {
            var tenant = (await ControlRequest.TenantAsync(http, null)) ?? engine.DefaultTenant;
            var found = await engine.Tenants.FindAsync(tenant, http.RequestAborted);
            return ControlRequest.Json(new OutcomesView(tenant, found.Record?.QueuedOutcomes ?? []));
        }).TenantScoped();

        control.MapPost("/outcomes", async (HttpContext http, SimulatorEngine engine) =>
        {
            var body = await ControlRequest.ReadBodyAsync(http);
            var scenario = RequireScenario(engine, body);
            var tenant = (await ControlRequest.TenantAsync(http, body)) ?? engine.DefaultTenant;
            int count;
            try
            {
                count = ControlRequest.Whole(body, "count") ?? 1;
            }
            catch (ControlApiException)
            {
                count = 0;
            }
            if (count is < 1 or > 1000)
            {
                throw ControlApiException.InvalidBody("'count' must be a whole number from 1 to 1000.");
            }
            var updated = await engine.Tenants.QueueOutcomesAsync(tenant, [.. Enumerable.Repeat(scenario.Name, count)], http.RequestAborted);
            return ControlRequest.Json(new OutcomesView(tenant, updated.Record?.QueuedOutcomes ?? []), StatusCodes.Status201Created);
        }).TenantScoped();

        control.MapDelete("/outcomes", async (HttpContext http, SimulatorEngine engine) =>
        {
            var tenant = (await ControlRequest.TenantAsync(http, null)) ?? engine.DefaultTenant;
            if ((await engine.Tenants.FindAsync(tenant, http.RequestAborted)).Exists)
            {
                await engine.Tenants.ClearOutcomesAsync(tenant, http.RequestAborted);
            }
            return Results.NoContent();
        }).TenantScoped();
    }

    public static Scenario RequireScenario(SimulatorEngine engine, System.Text.Json.JsonElement? body)
    {
        var name = ControlRequest.Text(body, "scenario") ?? throw ControlApiException.InvalidBody("Send {\"scenario\": \"<NAME>\"}; GET /__simulator/scenarios lists them.");
        return engine.Module.Scenarios.TryGet(name, out var scenario)
            ? scenario
            : throw new ControlApiException(StatusCodes.Status400BadRequest, "unknown_scenario", $"Unknown scenario '{name}'; GET /__simulator/scenarios lists them.");
    }
}
