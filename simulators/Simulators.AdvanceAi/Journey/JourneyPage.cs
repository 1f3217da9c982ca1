using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Simulators.AdvanceAi.Results;
using Simulators.Core.Images;
using Simulators.Core.Webhooks;

namespace Simulators.AdvanceAi.Journey;

/// <summary>
/// The hosted journey at the returned <c>url</c>, server-rendered (plain HTML forms, no script): the user chooses
/// the document, "captures" its sides and a selfie (an uploaded file or the sample), and submits or abandons; a
/// simulator panel shows and picks the outcome the submit produces and lists the notices sent. After a submit the
/// page waits for the result (refreshing itself) and then sends the user to <c>returnUrl</c> or
/// <c>failReturnUrl</c>. Its buttons call <see cref="JourneyFlow"/>, as the headless control call does.
/// </summary>
internal static class JourneyPage
{
    private const string ContinueSuffix = "/continue";
    private const string SubmitAction = "submit";
    private const string AbandonAction = "abandon";

    // The three captures and the image names get-result shows them under (the selfie is the far and the near face).
    private const string FrontField = "docFront";
    private const string BackField = "docBack";
    private const string SelfieField = "selfie";

    public static void MapJourneyPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(PublicUrls.JourneyPath + "{signatureId}", ShowAsync);
        app.MapPost(PublicUrls.JourneyPath + "{signatureId}", ActAsync);
        app.MapGet(PublicUrls.JourneyPath + "{signatureId}" + ContinueSuffix, ContinueAsync);
    }

    /// <summary>The page as it stands. Opening a pending journey marks it opened; an ended one only shows its end.</summary>
    private static async Task<IResult> ShowAsync(string signatureId, HttpContext http, JourneyFlow flow, WebhookOutbox outbox, AdvanceAiOptions options)
    {
        var (found, refused) = await LiveAsync(flow, signatureId, options, http.RequestAborted);
        if (found is null)
        {
            return refused!;
        }
        if (found.View!.Stage == JourneyStage.Pending)
        {
            found = await flow.OpenAsync(signatureId, found.Tenant, http.RequestAborted) is { Problem: JourneyProblem.None } opened ? opened : found;
        }
        return await RenderAsync(found, outbox, options, StatusCodes.Status200OK, error: null, http.RequestAborted);
    }

    /// <summary>The form's Submit or Abandon; then the user goes on to the waiting page (Post/Redirect/Get).</summary>
    private static async Task<IResult> ActAsync(string signatureId, HttpContext http, JourneyFlow flow, WebhookOutbox outbox, AdvanceAiOptions options)
    {
        var (found, refused) = await LiveAsync(flow, signatureId, options, http.RequestAborted);
        if (found is null)
        {
            return refused!;
        }
        IFormCollection form;
        try
        {
            if (!http.Request.HasFormContentType)
            {
                return await RenderAsync(found, outbox, options, StatusCodes.Status400BadRequest, "The page sends a form: multipart/form-data or application/x-www-form-urlencoded.", http.RequestAborted);
            }
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                // Three captures and the fields; a larger body is refused while it is read.
                limit.MaxRequestBodySize = (3L * options.MaxCaptureBytes) + 64 * 1024;
            }
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return await RenderAsync(found, outbox, options, StatusCodes.Status400BadRequest, "The form could not be read: " + e.Message, http.RequestAborted);
        }
        if (found.View!.Stage != JourneyStage.Pending)
        {
            // Submitted twice, or after it ended: nothing changes, the page shows where it stands.
            return SeeOther(PublicUrls.JourneyPath + signatureId);
        }
        JourneyResult result;
        switch (form["action"].ToString())
        {
            case SubmitAction:
                var (capture, problem) = await CaptureAsync(found.Record!, form, options, http.RequestAborted);
                if (problem is not null)
                {
                    return await RenderAsync(found, outbox, options, StatusCodes.Status400BadRequest, problem, http.RequestAborted);
                }
                var scenario = form["scenario"].ToString() is { Length: > 0 } name ? name : null;
                try
                {
                    result = await flow.SubmitAsync(signatureId, found.Tenant, scenario, capture!, http.RequestAborted);
                }
                catch (OutboxFullException full)
                {
                    return await RenderAsync(found, outbox, options, StatusCodes.Status429TooManyRequests, "Too many notices are waiting to be sent; submit again shortly. " + full.Message, http.RequestAborted);
                }
                break;
            case AbandonAction:
                result = await flow.AbandonAsync(signatureId, found.Tenant, http.RequestAborted);
                break;
            default:
                return await RenderAsync(found, outbox, options, StatusCodes.Status400BadRequest, "Choose Submit or Abandon.", http.RequestAborted);
        }
        if (result.Problem == JourneyProblem.UnknownScenario)
        {
            return await RenderAsync(found, outbox, options, StatusCodes.Status400BadRequest, "Unknown outcome: choose one of the list.", http.RequestAborted);
        }
        return SeeOther(PublicUrls.JourneyPath + signatureId + ContinueSuffix);
    }

    /// <summary>
    /// Where the page goes after a submit or an abandon: the waiting page while the result is processed (it
    /// refreshes itself), then the redirect to returnUrl or failReturnUrl (a link when it is an app's scheme).
    /// </summary>
    private static async Task<IResult> ContinueAsync(string signatureId, HttpContext http, JourneyFlow flow, WebhookOutbox outbox, AdvanceAiOptions options)
    {
        var (found, refused) = await LiveAsync(flow, signatureId, options, http.RequestAborted);
        if (found is null)
        {
            return refused!;
        }
        if (found.View!.Stage is JourneyStage.Finished or JourneyStage.Incomplete
            && RedirectTarget(found, options) is { } target && Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return SeeOther(target);
        }
        if (found.View.Stage == JourneyStage.Pending)
        {
            return SeeOther(PublicUrls.JourneyPath + signatureId);
        }
        return await RenderAsync(found, outbox, options, StatusCodes.Status200OK, error: null, http.RequestAborted, waiting: true);
    }

    /// <summary>
    /// The hosted journey the link names, or the page that answers instead: 404 for an unknown link (or a
    /// transaction without a page), 410 once the link's lifetime (<c>UrlValiditySeconds</c> after generate-url) is
    /// over; neither changes anything.
    /// </summary>
    private static async ValueTask<(JourneyResult? Found, IResult? Refused)> LiveAsync(JourneyFlow flow, string signatureId, AdvanceAiOptions options, CancellationToken cancellationToken)
    {
        var found = await flow.FindAsync(signatureId, null, cancellationToken);
        if (found.Problem == JourneyProblem.NotFound || !Products.IsHosted(found.Record!.Product))
        {
            return (null, NotFoundPage());
        }
        if (await flow.NowAsync(found.Tenant!, cancellationToken) < found.Record.CreatedAt + TimeSpan.FromSeconds(options.UrlValiditySeconds))
        {
            return (found, null);
        }
        var html = new Html();
        html.Line("<h1>This link has expired</h1>");
        html.Line($"<p role=\"alert\">The verification link was valid for {options.UrlValiditySeconds / 3600:0.##} hours after it was made. Ask for a new one.</p>");
        return (null, html.Page("Link expired", StatusCodes.Status410Gone, refresh: null));
    }

    /// <summary>The capture the form carries, or what is wrong with it (nothing is stored then).</summary>
    private static async ValueTask<(JourneyCapture? Capture, string? Problem)> CaptureAsync(JourneyRecord record, IFormCollection form, AdvanceAiOptions options, CancellationToken cancellationToken)
    {
        string? docType = null;
        var images = new Dictionary<string, CapturedImage>(StringComparer.Ordinal);
        if (Products.HasDocument(record.Product))
        {
            docType = form["docType"].ToString() is { Length: > 0 } chosen ? chosen : null;
            if (docType is not null && !DocTypes.ChoicesFor(record.Region, record.DocType).Contains(docType, StringComparer.Ordinal))
            {
                return (null, $"Unknown document type '{docType}' for region {record.Region}.");
            }
            foreach (var (field, name, label) in new[] { (FrontField, ImageNames.Front, "front of the document"), (BackField, ImageNames.Back, "back of the document") })
            {
                var (image, problem) = await ReadImageAsync(form.Files.GetFile(field), label, options, cancellationToken);
                if (problem is not null)
                {
                    return (null, problem);
                }
                if (image is not null)
                {
                    images[name] = image;
                }
            }
        }
        string? faceKey = null;
        if (Products.HasFace(record.Product))
        {
            var (selfie, problem) = await ReadImageAsync(form.Files.GetFile(SelfieField), "selfie", options, cancellationToken);
            if (problem is not null)
            {
                return (null, problem);
            }
            if (selfie is not null)
            {
                images[ImageNames.Far] = selfie;
                images[ImageNames.Near] = selfie;
                // face-search matches the same selfie bytes (a sample selfie matches on the userId).
                faceKey = "selfie:" + Convert.ToHexStringLower(SHA256.HashData(selfie.Bytes))[..16];
            }
        }
        return (new JourneyCapture(docType, images, faceKey), null);
    }

    private static async ValueTask<(CapturedImage? Image, string? Problem)> ReadImageAsync(IFormFile? file, string label, AdvanceAiOptions options, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return (null, null);
        }
        if (file.Length > options.MaxCaptureBytes)
        {
            return (null, $"The {label} is {file.Length} bytes; the page takes up to {options.MaxCaptureBytes}.");
        }
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }
        return ImageFormats.Sniff(bytes) is { } format && format is ImageFormat.Jpeg or ImageFormat.Png
            ? (new CapturedImage(ImageFormats.MediaType(format), bytes), null)
            : (null, $"The {label} is not a JPEG or PNG image.");
    }

    /// <summary>Where the user is sent at the end (null: the call gave no such URL).</summary>
    private static string? RedirectTarget(JourneyResult found, AdvanceAiOptions options)
    {
        var target = JourneyFlow.RedirectFor(found.Record!, found.View!.Outcome);
        if (target is null || !options.AppendSignatureIdOnRedirect)
        {
            return target;
        }
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var (head, fragment) = hash < 0 ? (target, "") : (target[..hash], target[hash..]);
        return head + (head.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "signatureId=" + Uri.EscapeDataString(found.Record!.SignatureId) + fragment;
    }

    private static async ValueTask<IResult> RenderAsync(JourneyResult found, WebhookOutbox outbox, AdvanceAiOptions options, int status, string? error, CancellationToken cancellationToken, bool waiting = false)
    {
        var record = found.Record!;
        var view = found.View!;
        var html = new Html();
        var title = view.Stage switch
        {
            JourneyStage.Pending => "Verify your identity",
            JourneyStage.Submitted => "Checking your documents",
            _ when view.Outcome?.ErrorCode == Outcomes.TimedOut.ErrorCode => "This session has expired",
            _ when view.Outcome?.OverallResult == Outcomes.Pass => "Verification complete",
            _ when view.SubmittedAt is null => "Verification cancelled",
            _ => "Verification not completed",
        };
        html.Line($"<h1>{E(title)}</h1>");
        if (error is not null)
        {
            html.Line($"<p role=\"alert\" class=\"error\">{E(error)}</p>");
        }
        switch (view.Stage)
        {
            case JourneyStage.Pending:
                Form(html, found, options);
                break;
            case JourneyStage.Submitted:
                var due = found.Job!.Steps[^1].At;
                html.Line("<p role=\"status\" id=\"stage\">Your documents were submitted (SUBMIT_COMPLETED). The result is being processed.</p>");
                if (due is { } at)
                {
                    html.Line($"<p>Processing ends at <time datetime=\"{E(at.ToString("O", CultureInfo.InvariantCulture))}\">{E(at.ToString("u", CultureInfo.InvariantCulture))}</time> on the simulator clock. This page checks again every second; advance the tenant's clock (<code>POST /__simulator/clock/advance</code>) to end it sooner.</p>");
                }
                break;
            default:
                Ended(html, found, options);
                break;
        }
        Panel(html, found, await outbox.ForJobAsync(found.Tenant!, found.Job!.Id, cancellationToken));
        var refresh = waiting && view.Stage == JourneyStage.Submitted ? PublicUrls.JourneyPath + record.SignatureId + ContinueSuffix : null;
        return html.Page(title, status, refresh);
    }

    private static void Form(Html html, JourneyResult found, AdvanceAiOptions options)
    {
        var record = found.Record!;
        var planned = found.Job!.Scenario;
        html.Line($"<form method=\"post\" action=\"{E(PublicUrls.JourneyPath + record.SignatureId)}\" enctype=\"multipart/form-data\" aria-label=\"Identity verification\">");
        if (Products.HasDocument(record.Product))
        {
            html.Line("<fieldset><legend>Your document</legend>");
            html.Line("<label for=\"docType\">Document type</label>");
            html.Line("<select id=\"docType\" name=\"docType\">");
            foreach (var code in DocTypes.ChoicesFor(record.Region, record.DocType))
            {
                var sides = DocTypes.HasBack(code) ? "front and back" : "one side";
                html.Line($"<option value=\"{E(code)}\"{(code == record.DocType ? " selected" : "")}>{E(code)} ({sides})</option>");
            }
            html.Line("</select>");
            FileInput(html, FrontField, "Front of the document", "Take a photo or upload one (JPEG or PNG); leave empty to use the sample image.", options);
            FileInput(html, BackField, "Back of the document", "Two-sided documents only; leave empty to use the sample image.", options);
            html.Line("</fieldset>");
        }
        if (Products.HasFace(record.Product))
        {
            html.Line("<fieldset><legend>Selfie</legend>");
            FileInput(html, SelfieField, "Selfie", "Take a selfie or upload one (JPEG or PNG); leave empty to use the sample face.", options);
            html.Line("</fieldset>");
        }
        html.Line("<fieldset class=\"sim\"><legend>Simulator: outcome</legend>");
        html.Line($"<p id=\"planned\">Submit will produce <strong>{E(Describe(planned, options))}</strong> (chosen at generate-url, by a queued outcome or forced since).</p>");
        html.Line("<label for=\"scenario\">Outcome to produce</label>");
        html.Line("<select id=\"scenario\" name=\"scenario\" aria-describedby=\"planned\">");
        foreach (var group in new[] { ("Pass", new[] { AdvanceAiScenarios.Pass }), ("Fail", AdvanceAiScenarios.FailCodes), ("Incomplete", AdvanceAiScenarios.IncompleteCodes) })
        {
            html.Line($"<optgroup label=\"{group.Item1}\">");
            foreach (var name in group.Item2)
            {
                html.Line($"<option value=\"{E(name)}\"{(name == planned ? " selected" : "")}>{E(Describe(name, options))}</option>");
            }
            html.Line("</optgroup>");
        }
        html.Line("</select>");
        html.Line("</fieldset>");
        html.Line("<div class=\"actions\">");
        html.Line($"<button type=\"submit\" name=\"action\" value=\"{SubmitAction}\">Submit</button>");
        html.Line($"<button type=\"submit\" name=\"action\" value=\"{AbandonAction}\" formnovalidate class=\"secondary\">Abandon</button>");
        html.Line("</div>");
        html.Line("</form>");
    }

    private static void FileInput(Html html, string name, string label, string hint, AdvanceAiOptions options)
    {
        html.Line($"<label for=\"{name}\">{E(label)}</label>");
        html.Line($"<input type=\"file\" id=\"{name}\" name=\"{name}\" accept=\"image/jpeg,image/png\" capture=\"environment\" aria-describedby=\"{name}-hint\">");
        html.Line($"<small id=\"{name}-hint\">{E(hint)} Up to {options.MaxCaptureBytes / 1024} KB.</small>");
    }

    private static void Ended(Html html, JourneyResult found, AdvanceAiOptions options)
    {
        var view = found.View!;
        var outcome = view.Outcome;
        html.Line($"<p role=\"status\" id=\"stage\">overallResult <strong id=\"overall\">{E(outcome?.OverallResult ?? "null")}</strong>, errorCode <strong id=\"errorCode\">{E(outcome?.ErrorCode ?? "null")}</strong>.</p>");
        html.Line(outcome?.OverallResult == Outcomes.Incomplete
            ? "<p>An INCOMPLETE journey sends no COMPLETED notice.</p>"
            : "<p>The COMPLETED notice was sent to the callbackUrl (or the account's webhook).</p>");
        if (RedirectTarget(found, options) is { } target)
        {
            html.Line($"<p><a id=\"return\" href=\"{E(target)}\">Return to the app</a></p>");
        }
        else
        {
            html.Line("<p>The call gave no URL to return to.</p>");
        }
    }

    /// <summary>What a tester needs: the transaction, what it runs, the notices sent and how to drive it headless.</summary>
    private static void Panel(Html html, JourneyResult found, IReadOnlyList<Core.State.Stored<DeliveryRecord>> notices)
    {
        var record = found.Record!;
        html.Line("<section class=\"sim\" aria-labelledby=\"sim-title\">");
        html.Line("<h2 id=\"sim-title\">Simulator</h2>");
        html.Line("<dl>");
        html.Line($"<dt>signatureId</dt><dd id=\"signatureId\"><code>{E(record.SignatureId)}</code></dd>");
        html.Line($"<dt>Product</dt><dd><code>{E(record.Product)}</code>, region <code>{E(record.Region)}</code></dd>");
        html.Line($"<dt>Stage</dt><dd id=\"simStage\">{E(found.View!.Stage.ToString().ToUpperInvariant())}</dd>");
        html.Line($"<dt>returnUrl</dt><dd><code>{E(record.ReturnUrl ?? "none")}</code></dd>");
        html.Line($"<dt>failReturnUrl</dt><dd><code>{E(record.FailReturnUrl ?? "none")}</code>{(record.IgnoreFailWhenJump ? " (ignoreFailWhenJump: every end goes to returnUrl)" : "")}</dd>");
        html.Line("</dl>");
        html.Line("<table aria-label=\"Notices sent\"><thead><tr><th scope=\"col\">Notice</th><th scope=\"col\">To</th><th scope=\"col\">State</th><th scope=\"col\">Last answer</th></tr></thead><tbody>");
        if (notices.Count == 0)
        {
            html.Line("<tr><td colspan=\"4\">None yet.</td></tr>");
        }
        foreach (var notice in notices.OrderBy(n => n.Value.CreatedAt))
        {
            var last = notice.Value.Attempts.IsDefaultOrEmpty ? null : notice.Value.Attempts[^1];
            var answer = last is null ? "not sent yet" : last.StatusCode is { } code ? $"HTTP {code}" : last.Error ?? "no answer";
            html.Line($"<tr><td>{E(notice.Value.Event)}</td><td><code>{E(notice.Value.Url)}</code></td><td>{E(notice.Value.State.ToString())}</td><td>{E(answer)}</td></tr>");
        }
        html.Line("</tbody></table>");
        html.Line($"<p>Headless: <code>POST /__simulator/journeys/{E(record.SignatureId)}</code> with <code>{{\"action\": \"submit\", \"scenario\": \"PASS\"}}</code> or <code>{{\"action\": \"abandon\"}}</code>.</p>");
        html.Line("</section>");
    }

    private static string Describe(string scenario, AdvanceAiOptions options)
    {
        var outcome = AdvanceAiScenarios.OutcomeOf(scenario, documentApi: false, options);
        return outcome.OverallResult == Outcomes.Pass ? "PASS" : $"{outcome.OverallResult} / {outcome.ErrorCode}";
    }

    private static IResult NotFoundPage()
    {
        var html = new Html();
        html.Line("<h1>This verification link is not valid</h1>");
        html.Line("<p role=\"alert\">No transaction has this signatureId (or it is not a hosted journey).</p>");
        return html.Page("Link not valid", StatusCodes.Status404NotFound, refresh: null);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>303 See Other: after a form's POST the browser GETs the next page.</summary>
    private static IResult SeeOther(string location) => new SeeOtherResult(location);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }

    /// <summary>One page: the shared head (phone-sized viewport, a small stylesheet) around the body's lines.</summary>
    private sealed class Html
    {
        private const string Style = """
            body{font-family:system-ui,sans-serif;margin:0 auto;max-width:40rem;padding:1rem;line-height:1.45;color:#1b1f24;background:#f6f7f9}
            h1{font-size:1.5rem;color:#0b3d91}h2{font-size:1.1rem}
            fieldset{border:1px solid #c9ced6;border-radius:.5rem;margin:0 0 1rem;padding:.75rem;background:#fff}
            label{display:block;font-weight:600;margin:.5rem 0 .25rem}select,input{width:100%;box-sizing:border-box;font-size:1rem;padding:.4rem}
            small{display:block;color:#555}.actions{display:flex;gap:.75rem;flex-wrap:wrap}
            button{font-size:1rem;padding:.6rem 1.4rem;border:0;border-radius:.4rem;background:#0b5ed7;color:#fff;min-height:44px}
            button.secondary{background:#6c757d}.error{color:#b00020;font-weight:600}
            .sim{border-color:#e0a800;background:#fffbea;margin-top:1rem;padding:.75rem;border:1px dashed #e0a800;border-radius:.5rem}
            table{width:100%;border-collapse:collapse;font-size:.9rem}th,td{border-bottom:1px solid #ddd;text-align:left;padding:.25rem;word-break:break-all}
            dt{font-weight:600}dd{margin:0 0 .4rem}code{word-break:break-all}
            """;

        private readonly StringBuilder _body = new();

        public void Line(string line) => _body.Append(line).Append('\n');

        public IResult Page(string title, int status, string? refresh)
        {
            var head = refresh is null ? "" : $"<meta http-equiv=\"refresh\" content=\"1; url={E(refresh)}\">\n";
            var page = $"""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                {head}<title>{E(title)} · ADVANCE.AI (simulator)</title>
                <style>{Style}</style>
                </head>
                <body>
                <main>
                {_body}</main>
                </body>
                </html>
                """;
            return Microsoft.AspNetCore.Http.Results.Content(page, "text/html; charset=utf-8", Encoding.UTF8, status);
        }
    }
}
