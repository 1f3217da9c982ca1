using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Simulators.AdvanceAi;
using Simulators.Verifik;
using Simulators.AnyCheck;
using Simulators.Core.Hosting;
using Simulators.Verihubs;

namespace Simulators.Testing;

/// <summary>Options for an in-process simulator.</summary>
public sealed class SimulatorHarnessOptions
{
    /// <summary>The instant the clock starts frozen at, so tests are deterministic. Set <see cref="RealTime"/> to follow the wall clock instead.</summary>
    public DateTimeOffset FrozenAt { get; set; } = new(2025, 11, 3, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Let the clock follow real time (only end-to-end tests should need this).</summary>
    public bool RealTime { get; set; }

    /// <summary>Deliver webhooks to <see cref="SimulatorHarness.Webhooks"/> in memory instead of over the network (default).</summary>
    public bool CaptureWebhooks { get; set; } = true;

    /// <summary>
    /// Serve on a free port of 127.0.0.1 with Kestrel instead of the in-memory <c>TestServer</c>, so that a
    /// client outside the process (a browser) can reach it; <see cref="SimulatorHarness.BaseAddress"/> says where.
    /// </summary>
    public bool ListenOnLoopback { get; set; }

    /// <summary>Provider options and engine settings, e.g. <c>["AnyCheck:FinishedAfterSeconds"] = "10"</c>.</summary>
    public IDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>();
}

/// <summary>
/// A provider simulator running in-process on a <c>TestServer</c>, with fresh state, an
/// <see cref="HttpClient"/>, a typed control client and an in-memory webhook receiver.
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

    private SimulatorHarness(WebApplication app, WebhookRecorder webhooks, bool loopback)
    {
        _app = app;
        _loopback = loopback;
        Webhooks = webhooks;
        BaseAddress = loopback ? new Uri(app.Urls.First()) : new Uri("http://localhost/");
        Client = NewClient();
        var control = NewClient();
        // A sandbox with a control token: the harness's control client holds it.
        if (app.Services.GetRequiredService<SandboxSettings>().ControlToken is { Length: > 0 } token)
        {
            control.DefaultRequestHeaders.TryAddWithoutValidation("X-Simulator-Token", token);
        }
        Control = new SimulatorControlClient(control);
    }

    /// <summary>Where the simulator answers: <c>http://localhost/</c> in memory, <c>http://127.0.0.1:&lt;port&gt;/</c> with <see cref="SimulatorHarnessOptions.ListenOnLoopback"/>.</summary>
    public Uri BaseAddress { get; }

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

    /// <summary>Starts any simulator module in-process.</summary>
    /// <param name="module">The simulator, e.g. <c>new AnyCheckSimulator()</c>.</param>
    /// <param name="configure">Changes to the default options.</param>
    public static async Task<SimulatorHarness> StartAsync(SimulatorModule module, Action<SimulatorHarnessOptions>? configure = null)
    {
        var options = new SimulatorHarnessOptions();
        configure?.Invoke(options);
        var recorder = new WebhookRecorder();
        var app = SimulatorApplication.Build(
            module,
            new SimulatorAppSettings
            {
                ClockFrozenAt = options.RealTime ? null : options.FrozenAt,
                WebhookTransport = options.CaptureWebhooks ? recorder : null,
                Configuration = new Dictionary<string, string?>(options.Configuration),
            },
            options.ListenOnLoopback ? null : builder => builder.WebHost.UseTestServer());
        if (options.ListenOnLoopback)
        {
            app.Urls.Add("http://127.0.0.1:0");
        }
        await app.StartAsync();
        return new SimulatorHarness(app, recorder, options.ListenOnLoopback);
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

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Control.Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
