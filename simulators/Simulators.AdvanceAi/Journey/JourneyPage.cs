using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Simulators.AdvanceAi.Journey;

/// <summary>
/// What the returned <c>url</c> answers. The hosted journey page (document choice, capture, selfie, outcome
/// buttons) is not built yet: this page says the journey exists, where it stands and how to drive it headless.
/// An unknown signatureId is the provider's 404.
/// </summary>
internal static class JourneyPage
{
    public static void MapJourneyPage(this IEndpointRouteBuilder app) =>
        app.MapGet(PublicUrls.JourneyPath + "{signatureId}", ShowAsync);

    private static async Task<IResult> ShowAsync(string signatureId, HttpContext http, JourneyFlow flow)
    {
        var found = await flow.FindAsync(signatureId, null, http.RequestAborted);
        if (found.Problem == JourneyProblem.NotFound || !Products.IsHosted(found.Record!.Product))
        {
            throw AdvanceAiErrors.NotFound.Raise();
        }
        var id = WebUtility.HtmlEncode(signatureId);
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>ADVANCE.AI simulator: journey {id}</title></head>
            <body>
            <h1>ADVANCE.AI IDVS H5 journey (simulator)</h1>
            <p>Transaction <code>{id}</code>, product <code>{WebUtility.HtmlEncode(found.Record.Product)}</code>, region <code>{WebUtility.HtmlEncode(found.Record.Region)}</code>: <strong>{found.View!.Stage.ToString().ToUpperInvariant()}</strong>.</p>
            <p>The interactive page is not built yet. Drive this journey with
            <code>POST /__simulator/journeys/{id}</code> and <code>{"{"}"action":"open"{"}"}</code>, <code>{"{"}"action":"submit","scenario":"PASS"{"}"}</code> or <code>{"{"}"action":"abandon"{"}"}</code>.</p>
            </body>
            </html>
            """;
        var bytes = Encoding.UTF8.GetBytes(html);
        return Microsoft.AspNetCore.Http.Results.Bytes(bytes, "text/html; charset=utf-8");
    }
}
