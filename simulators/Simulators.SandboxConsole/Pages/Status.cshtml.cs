using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Simulators.SandboxConsole.Pages;

/// <summary>The console's own page for a status without a body: its 404, a stale form's 400, an unexpected error.</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = "";

    public string Detail { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        // Asked for directly (/status/500), the page answers 404: only a real failure carries its status.
        var reExecuted = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null
            || HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>() is not null;
        if (!reExecuted)
        {
            code = StatusCodes.Status404NotFound;
        }
        Response.StatusCode = code;
        (Title, Detail) = code switch
        {
            404 => ("Not found", HttpContext.Items[ConsolePageModel.NotFoundItem] as string ?? "There is no such page in the console."),
            400 => ("Bad request", "The form was stale or incomplete (the console may have restarted): reload the page and try again."),
            405 => ("Not allowed", "That page does not take this kind of request."),
            >= 500 => ("Something went wrong", "The console could not show this page. The simulators are not affected; go back and try again."),
            _ => ("Error " + code, "The request could not be handled."),
        };
    }
}
