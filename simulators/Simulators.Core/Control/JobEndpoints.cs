using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Hosting;
using Simulators.Core.Jobs;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Control;

internal static class JobEndpoints
{
    public static void MapJobs(this RouteGroupBuilder control)
    {
        // ?tenant=&kind=&status=: status is the state visible now (IN_PROGRESS, COMPLETED…), or "settled" / "running".
        control.MapGet("/jobs", async (HttpContext http, SimulatorEngine engine, JobRegistry jobs) =>
        {
            var query = http.Request.Query;
            var tenant = (await ControlRequest.TenantAsync(http, null));
            var kind = query["kind"].FirstOrDefault();
            var status = query["status"].FirstOrDefault();
            var items = new List<JobSummaryView>();
            var nows = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            foreach (var job in await jobs.ListAsync(tenant, kind, http.RequestAborted))
            {
                if (!nows.TryGetValue(job.Tenant, out var now))
                {
                    nows[job.Tenant] = now = (await engine.Tenants.FindAsync(job.Tenant, http.RequestAborted)).Now;
                }
                var summary = ControlViews.Summary(job, now);
                if (status is null
                    || (status == "settled" && summary.Settled)
                    || (status == "running" && !summary.Settled)
                    || string.Equals(summary.Status, status, StringComparison.OrdinalIgnoreCase))
                {
                    items.Add(summary);
                }
            }
            return ControlRequest.Json(new ListView<JobSummaryView>(items.Count, items));
        }).TenantScoped();

        control.MapGet("/jobs/{id}", async (string id, HttpContext http, SimulatorEngine engine, JobRegistry jobs, WebhookOutbox outbox) =>
        {
            var job = await jobs.FindAsync(id, (await ControlRequest.TenantAsync(http, null)), http.RequestAborted) ?? throw ControlApiException.NotFound($"No job {id}.");
            var now = (await engine.Tenants.FindAsync(job.Tenant, http.RequestAborted)).Now;
            return ControlRequest.Json(ControlViews.Job(job, now, await outbox.ForJobAsync(job.Tenant, job.Id, http.RequestAborted)));
        }).TenantScoped();

        control.MapPost("/jobs/{id}/outcome", async (string id, HttpContext http, SimulatorEngine engine, JobRegistry jobs) =>
        {
            var body = await ControlRequest.ReadBodyAsync(http);
            var scenario = ScenarioEndpoints.RequireScenario(engine, body);
            var (result, job) = await jobs.ForceAsync(id, scenario, (await ControlRequest.TenantAsync(http, body)), http.RequestAborted);
            if (result == ForceOutcomeResult.Forced)
            {
                await engine.RunDueAsync(job!.Tenant, http.RequestAborted);
            }
            return result switch
            {
                ForceOutcomeResult.Forced => ControlRequest.Json(new ForcedView(id, scenario.Name)),
                ForceOutcomeResult.NotFound => throw ControlApiException.NotFound($"No job {id}."),
                _ => throw new ControlApiException(StatusCodes.Status400BadRequest, "not_applicable", $"Scenario {scenario.Name} does not apply to job {id}."),
            };
        }).TenantScoped();
    }
}
