using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Faults;
using Simulators.Core.Hosting;

namespace Simulators.Core.Control;

/// <summary>LocalStack's chaos API for this engine: fault rules on the provider's own endpoints.</summary>
internal static class FaultEndpoints
{
    private const string Usage =
        "Send {\"path\": \"/verifications/*\", \"method\"?, \"tenant\"?, one of \"status\" | \"latencyMs\" | \"reset\": true | \"truncate\": true, \"count\"?, \"probability\"?}.";

    public static void MapFaults(this RouteGroupBuilder control)
    {
        control.MapPost("/faults", async (HttpContext http, SimulatorEngine engine) =>
        {
            var body = await ControlRequest.ReadBodyAsync(http) ?? throw ControlApiException.InvalidBody(Usage);
            var path = ControlRequest.Text(body, "path") ?? "/**";
            try
            {
                FaultRegistry.Pattern(path);
            }
            catch (ArgumentException ex)
            {
                throw ControlApiException.InvalidBody(ex.Message);
            }
            var status = ControlRequest.Whole(body, "status");
            var latency = ControlRequest.Whole(body, "latencyMs");
            var reset = ControlRequest.Flag(body, "reset") ?? false;
            var truncate = ControlRequest.Flag(body, "truncate") ?? false;
            var effects = (status is null ? 0 : 1) + (latency is null ? 0 : 1) + (reset ? 1 : 0) + (truncate ? 1 : 0);
            if (effects != 1)
            {
                throw ControlApiException.InvalidBody("A rule has exactly one effect. " + Usage);
            }
            if (status is < 400 or > 599)
            {
                throw ControlApiException.InvalidBody("'status' must be an error status, 400 to 599.");
            }
            if (latency is < 0 or > 120_000)
            {
                throw ControlApiException.InvalidBody("'latencyMs' must be from 0 to 120000.");
            }
            var count = ControlRequest.Whole(body, "count");
            if (count is < 1)
            {
                throw ControlApiException.InvalidBody("'count' must be 1 or more (leave it out for every matching call).");
            }
            var probability = ControlRequest.Number(body, "probability");
            if (probability is < 0 or > 1)
            {
                throw ControlApiException.InvalidBody("'probability' must be from 0 to 1.");
            }
            var method = ControlRequest.Text(body, "method");
            if (method is not null && (method.Length == 0 || !method.All(char.IsAsciiLetter)))
            {
                throw ControlApiException.InvalidBody("'method' must be an HTTP method such as GET or POST.");
            }
            var rule = new FaultRule(
                Guid.NewGuid().ToString("N")[..12], method?.ToUpperInvariant(), path, (await ControlRequest.TenantAsync(http, body)),
                status, latency, reset, truncate, count, probability, 0, engine.Clock.GetUtcNow());
            return ControlRequest.Json(await engine.Faults.AddAsync(rule, http.RequestAborted), StatusCodes.Status201Created);
        }).TenantScoped();

        control.MapGet("/faults", (HttpContext http, SimulatorEngine engine) =>
        {
            var bound = ControlAccess.BoundTenant(http);
            var rules = bound is null ? engine.Faults.Rules : [.. engine.Faults.Rules.Where(r => r.Tenant == bound)];
            return ControlRequest.Json(new ListView<FaultRule>(rules.Count, rules));
        }).TenantScoped();

        control.MapDelete("/faults", async (HttpContext http, SimulatorEngine engine) =>
        {
            await engine.Faults.ClearAsync((await ControlRequest.TenantAsync(http, null)), http.RequestAborted);
            return Results.NoContent();
        }).TenantScoped();

        control.MapDelete("/faults/{id}", async (string id, HttpContext http, SimulatorEngine engine) =>
        {
            // A tenant's credential sees and removes its own rules only.
            if (ControlAccess.BoundTenant(http) is { } bound && !engine.Faults.Rules.Any(r => r.Id == id && r.Tenant == bound))
            {
                throw ControlApiException.NotFound($"No fault rule {id}.");
            }
            return await engine.Faults.RemoveAsync(id, http.RequestAborted) ? Results.NoContent() : throw ControlApiException.NotFound($"No fault rule {id}.");
        }).TenantScoped();
    }
}
