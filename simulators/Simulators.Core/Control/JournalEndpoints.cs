using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Hosting;

namespace Simulators.Core.Control;

internal static class JournalEndpoints
{
    public static void MapJournal(this RouteGroupBuilder control)
    {
        control.MapGet("/requests", async (HttpContext http, SimulatorEngine engine) =>
        {
            var tenant = await ControlRequest.TenantAsync(http, null);
            var query = http.Request.Query;
            var limit = query["limit"].Count == 0 ? 100
                : StrictText.TryParseInt(query["limit"], out var l) ? Math.Clamp(l, 1, engine.Journal.Capacity)
                : throw new ControlApiException(StatusCodes.Status400BadRequest, "invalid_query", "'limit' must be a whole number.");
            var method = query["method"].FirstOrDefault();
            var path = query["path"].FirstOrDefault();
            var entries = engine.Journal.Latest(tenant)
                .Where(e => method is null || e.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
                .Where(e => path is null || e.Path.StartsWith(path, StringComparison.Ordinal))
                .ToList();
            return ControlRequest.Json(new JournalView(entries.Count, engine.Journal.Capacity, [.. entries.Take(limit).Select(ControlViews.Entry)]));
        }).TenantScoped();

        control.MapDelete("/requests", async (HttpContext http, SimulatorEngine engine) =>
        {
            if (await ControlRequest.TenantAsync(http, null) is { } tenant)
            {
                engine.Journal.Forget(tenant);
            }
            else
            {
                engine.Journal.Clear();
            }
            return Results.NoContent();
        }).TenantScoped();
    }
}
