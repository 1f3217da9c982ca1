using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Simulators.Core.Clock;
using Simulators.Core.Control;
using Simulators.Core.Journal;
using Simulators.Core.Lifecycle;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Hosting;

/// <summary>A provider simulator as the host and the test harness see it.</summary>
public interface ISimulatorModule
{
    /// <summary>Short name: configuration section and command-line prefix (e.g. <c>anycheck</c>).</summary>
    string Name { get; }

    /// <summary>The provider's own name (e.g. <c>AnyCheck</c>).</summary>
    string DisplayName { get; }

    int DefaultPort { get; }

    void AddServices(IServiceCollection services, IConfiguration configuration);

    void Map(WebApplication app);

    /// <summary>Lines for the start-up banner: default credentials and where to start.</summary>
    IEnumerable<string> Banner(string baseUrl);
}

/// <summary>How to build one simulator application.</summary>
public sealed class SimulatorAppSettings
{
    public string[] Args { get; init; } = [];

    /// <summary>Start the clock frozen here (tests); null follows real time.</summary>
    public DateTimeOffset? ClockFrozenAt { get; init; }

    /// <summary>Replaces real HTTP webhook delivery (tests).</summary>
    public IWebhookTransport? WebhookTransport { get; init; }

    /// <summary>Extra configuration applied last (provider options, journal size).</summary>
    public IReadOnlyDictionary<string, string?>? Configuration { get; init; }

    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;
}

public static class SimulatorApplication
{
    /// <summary>Largest request accepted; above it the provider's own 413 error is returned.</summary>
    public const long MaxRequestBytes = 64L * 1024 * 1024;

    /// <summary>Builds a simulator: the shared engine, the provider's endpoints, the control API and error shaping.</summary>
    public static WebApplication Build(ISimulatorModule module, SimulatorAppSettings settings, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = settings.Args,
            ApplicationName = typeof(SimulatorApplication).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (settings.Configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings.Configuration);
        }
        builder.Logging.SetMinimumLevel(settings.MinimumLogLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = MaxRequestBytes;
        });
        builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = MaxRequestBytes);
        builder.Services.Configure<KestrelServerOptions>(k => k.AllowSynchronousIO = false);

        // The module first: what it registers (a webhook retry policy, say) wins over the engine's defaults.
        module.AddServices(builder.Services, builder.Configuration);
        AddEngine(builder.Services, builder.Configuration, settings);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<JournalMiddleware>();
        app.UseMiddleware<ProviderErrorMiddleware>();
        app.MapSimulatorControl();
        module.Map(app);
        return app;
    }

    private static void AddEngine(IServiceCollection services, IConfiguration configuration, SimulatorAppSettings settings)
    {
        var journalCapacity = configuration.GetValue("Journal:Capacity", 2000);
        var journalBodyLimit = configuration.GetValue("Journal:BodyLimitBytes", 64 * 1024);
        services.AddSingleton(new ClockStart { FrozenAt = settings.ClockFrozenAt });
        services.AddSingleton(_ => new SimulatorClock());
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<SimulatorClock>());
        services.AddSingleton<LifecyclePump>();
        services.TryAddSingleton(new WebhookRetryPolicy());
        if (settings.WebhookTransport is not null)
        {
            services.AddSingleton(settings.WebhookTransport);
        }
        services.TryAddSingleton<IWebhookTransport, HttpWebhookTransport>();
        services.AddSingleton(sp => new WebhookOutbox(
            sp.GetRequiredService<IWebhookTransport>(), sp.GetRequiredService<WebhookRetryPolicy>(), configuration.GetValue("Webhooks:Capacity", 1000)));
        services.AddSingleton(new RequestJournal(journalCapacity, journalBodyLimit));
        services.AddSingleton(new JournalOptions());
        services.AddSingleton<SimulatorEngine>();
        services.AddHostedService<EngineLoop>();
    }
}
