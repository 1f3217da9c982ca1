using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Hosting;

namespace Simulators.Core.Control;

internal static class HealthEndpoints
{
    public static void MapHealthAndReset(this RouteGroupBuilder control)
    {
        control.MapGet("/health", (SimulatorEngine engine) =>
            ControlRequest.Json(new HealthView("ok", engine.Module.Module.DisplayName, engine.Clock.GetUtcNow(), engine.Store.Info.Description)));

        control.MapPost("/reset", async (HttpContext http, SimulatorEngine engine) =>
        {
            var tenant = await ControlRequest.TenantAsync(http, await ControlRequest.ReadBodyAsync(http));
            if (tenant is null)
            {
                await engine.ResetAllAsync(http.RequestAborted);
                return ControlRequest.Json(new ResetView("all"));
            }
            await engine.ResetTenantAsync(tenant, http.RequestAborted);
            return ControlRequest.Json(new ResetView(tenant));
        }).TenantScoped();

        control.MapGet("/tenants", async (HttpContext http, SimulatorEngine engine) =>
        {
            var items = new List<TenantClockView>();
            foreach (var tenant in (await engine.Tenants.ListAsync(http.RequestAborted)).OrderBy(t => t.Id, StringComparer.Ordinal))
            {
                var context = new Tenants.TenantContext(tenant.Id, tenant, engine.Clock);
                items.Add(new TenantClockView(tenant.Id, context.Now, context.IsFrozen, context.Offset.TotalSeconds));
            }
            return ControlRequest.Json(new ListView<TenantClockView>(items.Count, items));
        });

        control.MapGet("/credentials", async (HttpContext http, SimulatorEngine engine, IServiceProvider services) =>
            engine.Module.DescribeCredentials is { } describe
                ? ControlRequest.Json(await describe(services, http.RequestAborted))
                : ControlRequest.Json(new { provider = engine.Module.Module.DisplayName }));
    }
}
