using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Simulators.Core.Journal;
using Simulators.AdvanceAi;
using Simulators.Verifik;
using Simulators.AnyCheck;
using Simulators.Core.Hosting;
using Simulators.Verihubs;

namespace Simulators.Testing;

/// <summary>
/// A provider simulator running in-process on a <c>TestServer</c> (or on a 127.0.0.1 port), with fresh state,
/// a frozen clock, an <see cref="HttpClient"/>, a handler for your own typed clients, a typed control client and an
/// in-memory webhook receiver.
/// </summary>
/// <example>
/// <code>
/// await using var anycheck = await SimulatorHarness.StartAnyCheckAsync();
/// var response = await anycheck.Client.GetAsync("/services");
/// await anycheck.Control.AdvanceAsync(TimeSpan.FromSeconds(5));
/// </code>
/// </example>
public sealed class SimulatorHarness : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _loopback;
    private readonly TenantTracker _tenants;

    private SimulatorHarness(WebApplication app, WebhookRecorder webhooks, TenantTracker tenants, bool loopback)
    {
        _app = app;
        _loopback = loopback;
        _tenants = tenants;
        Webhooks = webhooks;
        BaseAddress = loopback ? new Uri(app.Urls.First().TrimEnd('/') + "/") : new Uri("http://localhost/");
        Client = NewClient();
        var control = NewClient();
        // A sandbox with a control token: the harness's control client holds it.
        if (app.Services.GetRequiredService<SandboxSettings>().ControlToken is { Length: > 0 } token)
        {
            control.DefaultRequestHeaders.TryAddWithoutValidation("X-Simulator-Token", token);
        }
        Control = new SimulatorControlClient(control);
    }

    /// <summary>Where the simulator answers: <c>http://localhost/</c> in memory, <c>http://127.0.0.1:&lt;port&gt;/</c> with <see cref="SimulatorHarnessOptions.Port"/>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// The tenant of the latest provider call that identified one (the credential your client sent: its key, its
    /// login, its App-ID), or null before any. <see cref="QueueOutcomeAsync"/> queues there by default.
    /// </summary>
    public string? LastTenant => _tenants.Last;

    /// <summary>A client for the provider's API (base address <see cref="BaseAddress"/>), with no credentials.</summary>
    public HttpClient Client { get; }

    /// <summary>The control API: clock, scenarios, journal, webhook log.</summary>
    public SimulatorControlClient Control { get; }

    /// <summary>Webhooks the simulator sent, when <see cref="SimulatorHarnessOptions.CaptureWebhooks"/> is on.</summary>
    public WebhookRecorder Webhooks { get; }

    /// <summary>The simulator's services, for advanced inspection.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the AnyCheck simulator.</summary>
    public static Task<SimulatorHarness> StartAnyCheckAsync(Action<SimulatorHarnessOptions>? configure = null) =>
        StartAsync(new AnyCheckSimulator(), configure);

    /// <summary>Starts the Verihubs simulator (send <c>App-ID</c> and <c>API-Key: sandbox-api-key</c>; each App-ID is its own tenant).</summary>
    public static Task<SimulatorHarness> StartVerihubsAsync(Action<SimulatorHarnessOptions>? configure = null) =>
        StartAsync(new VerihubsSimulator(), configure);

    /// <summary>
    /// Starts the ADVANCE.AI simulator (get a token from <c>POST /openapi/auth/ticket/v1/generate-token</c> with
    /// <c>sandbox-access-key</c> / <c>sandbox-secret-key</c>; each access key is its own tenant).
    /// </summary>
    public static Task<SimulatorHarness> StartAdvanceAiAsync(Action<SimulatorHarnessOptions>? configure = null) =>
        StartAsync(new AdvanceAiSimulator(), configure);

    /// <summary>Starts the Verifik simulator in-process.</summary>
    public static Task<SimulatorHarness> StartVerifikAsync(Action<SimulatorHarnessOptions>? configure = null) =>
        StartAsync(new VerifikSimulator(), configure);

    /// <summary>
    /// Starts a simulator with Kestrel on 127.0.0.1, for clients that cannot take a handler (another process, a
    /// browser, a client library that builds its own <see cref="HttpClient"/>): <see cref="BaseAddress"/> says where.
    /// </summary>
    /// <param name="module">The simulator, e.g. <c>new AnyCheckSimulator()</c>.</param>
    /// <param name="port">The port; 0 (default) picks a free one.</param>
    /// <param name="configure">Changes to the default options.</param>
    public static Task<SimulatorHarness> StartOnPortAsync(SimulatorModule module, int port = 0, Action<SimulatorHarnessOptions>? configure = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        return StartAsync(module, options =>
        {
            configure?.Invoke(options);
            options.Port = port;
        });
    }

    /// <summary>Starts any simulator module in-process.</summary>
    /// <param name="module">The simulator, e.g. <c>new AnyCheckSimulator()</c>.</param>
    /// <param name="configure">Changes to the default options.</param>
    public static async Task<SimulatorHarness> StartAsync(SimulatorModule module, Action<SimulatorHarnessOptions>? configure = null)
    {
        var options = new SimulatorHarnessOptions();
        configure?.Invoke(options);
        var recorder = new WebhookRecorder();
        var tenants = new TenantTracker();
        var app = SimulatorApplication.Build(
            module,
            new SimulatorAppSettings
            {
                ClockFrozenAt = options.RealTime ? null : options.FrozenAt ?? StartInstant(),
                WebhookTransport = options.CaptureWebhooks ? recorder : null,
                Configuration = new Dictionary<string, string?>(options.Configuration),
            },
            builder =>
            {
                builder.Services.AddSingleton<IStartupFilter>(tenants);
                if (options.Port is null)
                {
                    builder.WebHost.UseTestServer();
                }
            });
        if (options.Port is { } port)
        {
            app.Urls.Add($"http://127.0.0.1:{port}");
        }
        await app.StartAsync();
        return new SimulatorHarness(app, recorder, tenants, options.Port is not null);
    }

    /// <summary>
    /// Queues outcomes for the tenant your client uses: <paramref name="tenant"/> when given (a tenant, or a
    /// credential's text standing for it), else <see cref="LastTenant"/>, else the simulator's default tenant
    /// (<c>sandbox</c> for AnyCheck). The answer says which tenant it took.
    /// </summary>
    /// <param name="scenario">A scenario name (<c>GET /__simulator/scenarios</c>).</param>
    /// <param name="count">How many of the tenant's next jobs end that way, 1 to 1000.</param>
    /// <param name="tenant">The tenant or credential; null for the one your client last used.</param>
    public Task<QueuedOutcomes> QueueOutcomeAsync(string scenario, int count = 1, string? tenant = null) =>
        Control.QueueOutcomeAsync(scenario, count, tenant ?? LastTenant);

    /// <summary>
    /// A handler that sends requests to this simulator, for your own clients and <c>IHttpClientFactory</c>
    /// (<c>.ConfigurePrimaryHttpMessageHandler(() =&gt; sim.CreateHandler())</c>, or in one line
    /// <see cref="SimulatorHttpClientBuilderExtensions.UseSimulator"/>). Its client needs <see cref="BaseAddress"/>
    /// as base address. Each call gives a new handler; the client that holds it disposes it.
    /// </summary>
    public HttpMessageHandler CreateHandler() =>
        _loopback ? new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) } : _app.GetTestServer().CreateHandler();

    private static DateTimeOffset StartInstant()
    {
        var now = TimeProvider.System.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }

    /// <summary>A client that sends the given headers on every request (e.g. <c>("X-API-Key", "ak_test_mine")</c>).</summary>
    public HttpClient CreateClient(params (string Name, string Value)[] headers)
    {
        var client = NewClient();
        foreach (var (name, value) in headers)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        }
        return client;
    }

    private HttpClient NewClient() => _loopback ? new HttpClient { BaseAddress = BaseAddress } : _app.GetTestClient();

    /// <summary>Notes the tenant each provider call identified, around the whole pipeline.</summary>
    private sealed class TenantTracker : IStartupFilter
    {
        private string? _last;

        public string? Last => Volatile.Read(ref _last);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext http, RequestDelegate inner) =>
            {
                // Noted as the answer starts, so a client that has its answer sees the tenant already.
                http.Response.OnStarting(() =>
                {
                    Note(http);
                    return Task.CompletedTask;
                });
                await inner(http);
                Note(http);
            });
            next(app);
        };

        private void Note(HttpContext http)
        {
            if (http.Features.Get<SimulatorCallFeature>()?.Tenant is { } tenant)
            {
                Volatile.Write(ref _last, tenant);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Control.Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
