using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Simulators.SandboxConsole.Pages;

/// <summary>The token gate: the sandbox's control token once, then a session cookie (HttpOnly, SameSite=Strict).</summary>
public sealed class SignInModel(ConsoleSettings settings) : PageModel
{
    public bool Required => settings.ControlToken is { Length: > 0 };

    public bool Refused { get; private set; }

    public string ReturnUrl { get; private set; } = "/";

    public void OnGet(string? returnUrl) => ReturnUrl = Local(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? token, string? returnUrl)
    {
        ReturnUrl = Local(returnUrl);
        if (!Required)
        {
            return LocalRedirect(ReturnUrl);
        }
        if (!Matches(token ?? "", settings.ControlToken!))
        {
            Refused = true;
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "control-token")], CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(ReturnUrl);
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage();
    }

    // Hashing first gives equal lengths, so the comparison takes the same time whatever was typed.
    private static bool Matches(string given, string token) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private string Local(string? url) => url is { Length: > 0 } && Url.IsLocalUrl(url) ? url : "/";
}
