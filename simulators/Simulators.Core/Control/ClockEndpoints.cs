using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Hosting;
using Simulators.Core.Tenants;

namespace Simulators.Core.Control;

internal static class ClockEndpoints
{
    public static void MapClock(this RouteGroupBuilder control)
    {
        control.MapGet("/clock", async (HttpContext http, SimulatorEngine engine) =>
        {
            var tenant = (await ControlRequest.TenantAsync(http, null));
            return ControlRequest.Json(tenant is null ? Simulator(engine) : Describe(await engine.Tenants.FindAsync(tenant, http.RequestAborted)));
        }).TenantScoped();

        control.MapPost("/clock/freeze", async (HttpContext http, SimulatorEngine engine) =>
        {
            var tenant = await ControlRequest.TenantAsync(http, await ControlRequest.ReadBodyAsync(http));
            if (tenant is null)
            {
                engine.Clock.Freeze();
                await engine.SaveClockAsync(http.RequestAborted);
                return ControlRequest.Json(Simulator(engine));
            }
            return ControlRequest.Json(Describe(await engine.Tenants.FreezeAsync(tenant, http.RequestAborted)));
        }).TenantScoped();

        control.MapPost("/clock/resume", async (HttpContext http, SimulatorEngine engine) =>
        {
            var tenant = await ControlRequest.TenantAsync(http, await ControlRequest.ReadBodyAsync(http));
            object view;
            if (tenant is null)
            {
                engine.Clock.Resume();
                await engine.SaveClockAsync(http.RequestAborted);
                view = Simulator(engine);
            }
            else
            {
                view = Describe(await engine.Tenants.ResumeAsync(tenant, http.RequestAborted));
            }
            await engine.RunDueAsync(tenant, http.RequestAborted);
            return ControlRequest.Json(view);
        }).TenantScoped();

        control.MapPost("/clock/advance", async (HttpContext http, SimulatorEngine engine) =>
        {
            var body = await ControlRequest.ReadBodyAsync(http);
            var by = TimeSpan.FromSeconds(ReadSeconds(body, http));
            var tenant = (await ControlRequest.TenantAsync(http, body));
            if (tenant is null)
            {
                engine.Clock.Advance(by);
                await engine.SaveClockAsync(http.RequestAborted);
            }
            else
            {
                await engine.Tenants.AdvanceAsync(tenant, by, http.RequestAborted);
            }
            // Everything the jump made due happens before the call returns: a test can assert right after.
            await engine.RunDueAsync(tenant, http.RequestAborted);
            return ControlRequest.Json(tenant is null ? Simulator(engine) : Describe(await engine.Tenants.FindAsync(tenant, http.RequestAborted)));
        }).TenantScoped();
    }

    private static ClockView Simulator(SimulatorEngine engine) => new(engine.Clock.GetUtcNow(), engine.Clock.IsFrozen);

    private static TenantClockView Describe(TenantContext tenant) => new(tenant.Id, tenant.Now, tenant.IsFrozen, tenant.Offset.TotalSeconds);

    private static double ReadSeconds(System.Text.Json.JsonElement? body, HttpContext http)
    {
        double seconds;
        if (ControlRequest.Number(body, "seconds") is { } fromBody)
        {
            seconds = fromBody;
        }
        else if (body?.TryGetProperty("seconds", out _) != true
            // No whitespace around the number: a query value is the text between = and &, nothing trimmed.
            && double.TryParse(http.Request.Query["seconds"], System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint | System.Globalization.NumberStyles.AllowExponent, System.Globalization.CultureInfo.InvariantCulture, out var fromQuery))
        {
            seconds = fromQuery;
        }
        else
        {
            throw ControlApiException.InvalidBody("Send {\"seconds\": <number of seconds to advance>}.");
        }
        return seconds is >= 0 and <= 10 * 365 * 24 * 3600
            ? seconds
            : throw ControlApiException.InvalidBody("'seconds' must be between 0 and ten years.");
    }
}
