using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Simulators.SandboxConsole.Control;

namespace Simulators.SandboxConsole;

/// <summary>A simulator the console drives: its id (<c>anycheck</c>), its name, and where its control API answers.</summary>
public sealed record ConsoleTarget(string Id, string DisplayName, Uri BaseUrl);

/// <summary>How to build the console.</summary>
public sealed class ConsoleSettings
{
    /// <summary>The simulators shown, in order.</summary>
    public required IReadOnlyList<ConsoleTarget> Simulators { get; init; }

    /// <summary>The sandbox's control token: when set, the console asks for it before anything else and sends it on every control call.</summary>
    public string? ControlToken { get; init; }

    /// <summary>How often a live request journal reloads itself.</summary>
    public TimeSpan JournalRefresh { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a control call may take before the simulator is shown as not answering.</summary>
    public TimeSpan ControlTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public ConsoleTarget? Find(string? id) => Simulators.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.Ordinal));
}

/// <summary>The QA console: server-rendered pages over the simulators' control APIs.</summary>
public static class ConsoleApplication
{
    public const int DefaultPort = 5100;

    public static WebApplication Build(ConsoleSettings settings, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ConsoleApplication).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(settings);
        // Keys live as long as the process: a restart signs everyone out, and nothing is written to disk.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddHttpClient(ControlClient.HttpClientName, http => http.Timeout = settings.ControlTimeout);
        builder.Services.AddSingleton<ControlClient>();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.Cookie.Name = "simulators-console";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/sign-in";
            cookie.LogoutPath = "/sign-in";
            cookie.AccessDeniedPath = "/sign-in";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
            cookie.SlidingExpiration = true;
        });
        builder.Services.AddAuthorization();
        builder.Services.AddRazorPages(pages =>
        {
            if (settings.ControlToken is { Length: > 0 })
            {
                pages.Conventions.AuthorizeFolder("/");
                pages.Conventions.AllowAnonymousToPage("/SignIn");
                pages.Conventions.AllowAnonymousToPage("/Status");
            }
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler("/status/500");
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/__simulator/health", () => Results.Json(new { status = "ok", service = "console" }));
        app.MapRazorPages();
        return app;
    }
}
