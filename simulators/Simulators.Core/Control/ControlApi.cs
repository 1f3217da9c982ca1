using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Simulators.Core.Hosting;

namespace Simulators.Core.Control;

/// <summary>
/// The back door under <c>/__simulator/</c>: health, reset, clock, scenarios and outcomes, jobs,
/// journal, webhooks and the sink, faults, credentials, provider states, and the provider's own
/// extras. Clock and reset act on the whole simulator unless the call names a tenant (<c>?tenant=</c>
/// or a <c>"tenant"</c> body field). Reads have no side effects. Its JSON is camelCase.
/// </summary>
public static class ControlApi
{
    public const string Prefix = "/__simulator";

    public static RouteGroupBuilder MapSimulatorControl(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var control = app.MapGroup(Prefix);
        control.AddEndpointFilter(ControlAccess.CheckAsync);
        control.AddEndpointFilter(async (context, next) =>
        {
            var limit = Hosting.BodyLimitMiddleware.Of(context.HttpContext);
            if (context.HttpContext.Request.ContentLength > limit)
            {
                return Results.Json(new { error = "body_too_large", message = $"A control call's body is at most {limit} bytes (Limits:ControlBodyBytes)." }, ControlJson.Options, statusCode: StatusCodes.Status413PayloadTooLarge);
            }
            try
            {
                return await next(context);
            }
            catch (ControlApiException error)
            {
                return Results.Json(new { error = error.Code, message = error.Message }, ControlJson.Options, statusCode: error.Status);
            }
            catch (BadHttpRequestException bad) when (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // Other framing errors (a broken chunk, a body that stops coming) are shaped by the error middleware.
                return Results.Json(new { error = "body_too_large", message = $"A control call's body is at most {limit} bytes (Limits:ControlBodyBytes)." }, ControlJson.Options, statusCode: bad.StatusCode);
            }
        });

        control.MapHealthAndReset();
        control.MapClock();
        control.MapScenarios();
        control.MapJobs();
        control.MapJournal();
        control.MapWebhooks();
        control.MapSink();
        control.MapFaults();
        control.MapProviderStates();
        control.MapOpenApiDocument();

        foreach (var map in app.ServiceProvider.GetRequiredService<ModuleDefinition>().ControlMaps)
        {
            map(control);
        }
        return control;
    }
}
