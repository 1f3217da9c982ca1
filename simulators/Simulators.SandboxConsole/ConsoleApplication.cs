using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
        builder.Services.AddRazorPages();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapGet("/__simulator/health", () => Results.Json(new { status = "ok", service = "console" }));
        app.MapRazorPages();
        return app;
    }
}
