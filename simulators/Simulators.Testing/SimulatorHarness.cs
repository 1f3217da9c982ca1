using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Simulators.AdvanceAi;
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

    private SimulatorHarness(WebApplication app, WebhookRecorder webhooks)
    {
        _app = app;
        Webhooks = webhooks;
        Client = app.GetTestClient();
        var control = app.GetTestClient();
        // A sandbox with a control token: the harness's control client holds it.
        if (app.Services.GetRequiredService<SandboxSettings>().ControlToken is { Length: > 0 } token)
        {
            control.DefaultRequestHeaders.TryAddWithoutValidation("X-Simulator-Token", token);
        }
        Control = new SimulatorControlClient(control);
    }

    /// <summary>A client for the provider's API (base address <c>http://localhost/</c>), with no credentials.</summary>
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
            builder => builder.WebHost.UseTestServer());
        await app.StartAsync();
        return new SimulatorHarness(app, recorder);
    }

    /// <summary>A client that sends the given headers on every request (e.g. <c>("X-API-Key", "ak_test_mine")</c>).</summary>
    public HttpClient CreateClient(params (string Name, string Value)[] headers)
    {
        var client = _app.GetTestClient();
        foreach (var (name, value) in headers)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        }
        return client;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
