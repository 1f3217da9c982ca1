using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Control;
using Simulators.Core.Hosting;
using Simulators.Core.Tenants;

namespace Simulators.Verifik.DocumentLiveness;

/// <summary>
/// A client's settings on the control API: <c>GET|POST /__simulator/settings {tenant?, responseShape?}</c>, the
/// generation of the docs its document-liveness answers follow (the sandbox client's when no tenant is named).
/// </summary>
internal static class DocumentLivenessControl
{
    private const string Help = "Send {\"tenant\"?: \"<clientId>\", \"responseShape\": \"both\" | \"captured\" | \"documented\"}.";

    public static void MapDocumentLivenessControl(this RouteGroupBuilder control)
    {
        control.MapGet("/settings", async (HttpContext http, SimulatorEngine engine, DocumentLivenessStore store, VerifikOptions options) =>
        {
            var tenant = await ControlRequest.TenantAsync(http, null) ?? engine.DefaultTenant;
            return ControlRequest.Json(Describe(tenant, await store.SettingsAsync(tenant, http.RequestAborted), options));
        }).TenantScoped();

        control.MapPost("/settings", async (HttpContext http, SimulatorEngine engine, TenantDirectory tenants, DocumentLivenessStore store, VerifikOptions options) =>
        {
            var body = await ControlRequest.ReadBodyAsync(http) ?? throw ControlApiException.InvalidBody(Help);
            var shape = ControlRequest.Text(body, "responseShape");
            if (shape is not null && !ResponseShapes.All.Contains(shape, StringComparer.Ordinal))
            {
                throw ControlApiException.InvalidBody($"'responseShape' must be one of {string.Join(", ", ResponseShapes.All)}.");
            }
            var tenant = await ControlRequest.TenantAsync(http, body) ?? engine.DefaultTenant;
            await tenants.EnsureAsync(tenant, http.RequestAborted);
            var settings = await store.ChangeAsync(tenant, s => s with { ResponseShape = shape ?? s.ResponseShape }, http.RequestAborted);
            return ControlRequest.Json(Describe(tenant, settings, options));
        }).TenantScoped();
    }

    private static object Describe(string tenant, ClientSettings settings, VerifikOptions options) => new
    {
        tenant,
        responseShape = settings.ResponseShape ?? options.ResponseShape,
    };
}
