using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Simulators.SandboxConsole.Control;

namespace Simulators.SandboxConsole.Pages;

/// <summary>
/// What every console page shares: the simulators, the control client, the one-line result of the last
/// action (kept across the redirect that follows it), and the console's own 404.
/// </summary>
public abstract class ConsolePageModel(ConsoleSettings settings, ControlClient control) : PageModel
{
    public const string NotFoundItem = "Simulators.Console.NotFound";

    private const int MessageLength = 600;

    public ConsoleSettings Settings { get; } = settings;

    protected ControlClient Control { get; } = control;

    /// <summary>The simulator named by the route, once <see cref="Resolve"/> found it.</summary>
    public ConsoleTarget Target { get; private set; } = null!;

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public bool MessageIsError { get; set; }

    /// <summary>Finds the simulator; false (and the console's 404 page) for an id that is none of them.</summary>
    protected bool Resolve(string? sim)
    {
        if (Settings.Find(sim) is { } target)
        {
            Target = target;
            return true;
        }
        return false;
    }

    protected IActionResult Missing(string what)
    {
        HttpContext.Items[NotFoundItem] = what;
        return NotFound();
    }

    /// <summary>Post, redirect, get: back to the page with the action's one-line result.</summary>
    protected IActionResult Done(ControlError? error, string success, object? routeValues = null, string? pageName = null)
    {
        // The line travels in a cookie: a message that echoes a long input is cut.
        var line = error is null ? success : error.ToString();
        Message = line.Length > MessageLength ? line[..MessageLength] + "…" : line;
        MessageIsError = error is not null;
        return pageName is null ? RedirectToPage(routeValues) : RedirectToPage(pageName, routeValues);
    }
}
