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
using Simulators.Core.Errors;
using Simulators.Core.Faults;
using Simulators.Core.Images;
using Simulators.Core.Jobs;
using Simulators.Core.Journal;
using Simulators.Core.Scenarios;
using Simulators.Core.Security;
using Simulators.Core.State;
using Simulators.Core.Tenants;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Hosting;

/// <summary>How to build one simulator application.</summary>
public sealed class SimulatorAppSettings
{
    public string[] Args { get; init; } = [];

    /// <summary>Start the clock frozen here (tests); null follows real time.</summary>
    public DateTimeOffset? ClockFrozenAt { get; init; }

    /// <summary>Replaces real HTTP webhook delivery (tests).</summary>
    public IWebhookTransport? WebhookTransport { get; init; }

    /// <summary>The wall clock that signs webhooks (tests); the system clock otherwise.</summary>
    public TimeProvider? WallClock { get; init; }

    /// <summary>Extra configuration applied last (provider options, journal size, <c>Store</c>).</summary>
    public IReadOnlyDictionary<string, string?>? Configuration { get; init; }

    /// <summary>A store to use as is (the caller disposes it); otherwise the <c>Store</c> setting says (<c>memory</c>, <c>sqlite:&lt;path&gt;</c>).</summary>
    public IStateStore? Store { get; init; }

    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;

    /// <summary>One line per provider request on standard output (<c>--log-requests</c>, <c>Logging:Requests</c>).</summary>
    public bool LogRequests { get; init; }

    /// <summary>How those lines are written (<c>--log-format</c>, <c>Logging:Format</c>): text unless JSON is asked for.</summary>
    public RequestLogFormat? LogFormat { get; init; }
}

public static class SimulatorApplication
{

    /// <summary>Builds a simulator: the shared engine, the provider's endpoints, the control API and error shaping.</summary>
    public static WebApplication Build(SimulatorModule module, SimulatorAppSettings settings, Action<WebApplicationBuilder>? configure = null)
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
        var limits = builder.Configuration.GetSection("Limits").Get<LimitsSettings>() ?? new LimitsSettings();
        var shedder = new ConnectionShedder(Math.Max(1, limits.MaxConnections));
        builder.Services.AddSingleton(shedder);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = Math.Max(limits.RequestBodyBytes, limits.ControlBodyBytes);
            k.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(Math.Max(1, limits.KeepAliveSeconds));
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(Math.Max(1, limits.RequestHeadersSeconds));
            k.ConfigureEndpointDefaults(listen => listen.Use(shedder.Middleware));
        });
        builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = limits.RequestBodyBytes);
        builder.Services.Configure<KestrelServerOptions>(k => k.AllowSynchronousIO = false);

        var simulator = new SimulatorBuilder(module, builder.Services, builder.Configuration);
        module.Configure(simulator);
        var definition = simulator.Definition;
        if (!definition.HasEnvelope)
        {
            throw new InvalidOperationException($"{module.DisplayName} declares no error envelope (builder.Errors<T>()).");
        }
        AddEngine(builder.Services, builder.Configuration, settings, definition);
        configure?.Invoke(builder);

        var app = builder.Build();
        if (settings.LogRequests || builder.Configuration.GetValue("Logging:Requests", false))
        {
            app.UseRequestLog(module.Id, settings.LogFormat ?? RequestLog.Parse(builder.Configuration["Logging:Format"]) ?? RequestLogFormat.Text);
        }
        app.Use(shedder.TrackAsync);
        app.UseMiddleware<BodyLimitMiddleware>();
        app.UseMiddleware<JournalMiddleware>();
        app.UseMiddleware<ProviderErrorMiddleware>();
        app.UseMiddleware<FaultMiddleware>();
        app.MapSimulatorControl();
        foreach (var map in definition.EndpointMaps)
        {
            map(app);
        }
        return app;
    }

    private static void AddEngine(IServiceCollection services, IConfiguration configuration, SimulatorAppSettings settings, ModuleDefinition definition)
    {
        services.AddSingleton(definition);
        services.AddSingleton(definition.Scenarios);
        services.AddSingleton(new ClockStart { FrozenAt = settings.ClockFrozenAt });
        services.AddSingleton(_ => new SimulatorClock());
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<SimulatorClock>());
        services.AddSingleton(new WallClock(settings.WallClock));

        if (settings.Store is { } given)
        {
            services.AddSingleton(given);
        }
        else
        {
            var spec = configuration["Store"] ?? "memory";
            services.AddSingleton(_ => StoreFactory.Open(spec, definition.Module.Id));
        }

        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<ScenarioResolver>();
        services.AddSingleton<JobRegistry>();
        services.AddSingleton<JobPump>();
        services.AddSingleton(sp => definition.RetryPolicy?.Invoke(sp) ?? new WebhookRetryPolicy());
        services.AddSimulatorOptions<WebhookOutboxOptions>(configuration, "Webhooks");
        if (settings.WebhookTransport is not null)
        {
            services.AddSingleton(settings.WebhookTransport);
        }
        services.TryAddSingleton<IWebhookTransport, HttpWebhookTransport>();
        services.AddSingleton<IWebhookSigner, PlainJsonSigner>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<WebhookSink>();
        services.AddSimulatorOptions<JournalSettings>(configuration, "Journal", j =>
            j.Capacity < 1 ? ["Journal:Capacity must be 1 or more"]
            : j.BodyLimitBytes < 0 ? ["Journal:BodyLimitBytes must be 0 or more"]
            : j.BodyBufferBytes < j.BodyLimitBytes ? ["Journal:BodyBufferBytes must be at least Journal:BodyLimitBytes"]
            : []);
        services.AddSingleton(sp =>
        {
            var journal = sp.GetRequiredService<JournalSettings>();
            return new RequestJournal(journal.Capacity, journal.BodyLimitBytes, journal.BodyBufferBytes);
        });
        services.AddSimulatorOptions<SandboxSettings>(configuration, "Sandbox", s =>
            [
                .. s.ControlToken is { Length: > 0 and < 16 } ? ["Sandbox:ControlToken must be at least 16 characters"] : Array.Empty<string>(),
                .. OutboundPolicy.Validate(s.AllowOutbound),
            ]);
        services.AddSingleton<OutboundPolicy>();
        services.AddSimulatorOptions<LimitsSettings>(configuration, "Limits", l => l.Check());
        services.AddSingleton<FaultRegistry>();
        services.AddSingleton<ImageInputReader>();
        services.AddSingleton<EngineScheduler>();
        services.AddSingleton(sp => new TenantEvictor(
            sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<TenantDirectory>(), sp.GetRequiredService<JobRegistry>(),
            sp.GetRequiredService<WebhookOutbox>(), sp.GetRequiredService<RequestJournal>(), sp.GetRequiredService<LimitsSettings>(),
            sp.GetRequiredService<SimulatorEngine>, definition.DefaultTenant?.Invoke(sp)));
        services.AddSingleton<SimulatorEngine>();
        services.AddHostedService<EngineLoop>();
    }
}

/// <summary>The request journal's bounds (<c>Journal:*</c>).</summary>
public sealed class JournalSettings
{
    public int Capacity { get; set; } = 2000;

    /// <summary>Bytes of each body kept; the rest is counted, not stored.</summary>
    public int BodyLimitBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The buffer bodies are copied into, round and round (cached views are kept by reference, not copied):
    /// when it has gone round, older entries show no body. 16 MiB holds the default journal of bodies of 8 KB.
    /// </summary>
    public int BodyBufferBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Mask the provider's secret body fields (passwords, tokens); off only to validate their shapes in a test.</summary>
    public bool MaskSecretFields { get; set; } = true;
}
