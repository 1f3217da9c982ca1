namespace Simulators.Testing;

/// <summary>Options for an in-process simulator.</summary>
public sealed class SimulatorHarnessOptions
{
    /// <summary>
    /// The instant the clock starts frozen at, so tests are deterministic. Unset, it is the wall-clock time the
    /// harness starts (to the second), frozen there. Set <see cref="RealTime"/> to follow the wall clock instead.
    /// </summary>
    public DateTimeOffset? FrozenAt { get; set; }

    /// <summary>Let the clock follow real time (only end-to-end tests should need this).</summary>
    public bool RealTime { get; set; }

    /// <summary>Deliver webhooks to <see cref="SimulatorHarness.Webhooks"/> in memory instead of over the network (default).</summary>
    public bool CaptureWebhooks { get; set; } = true;

    /// <summary>
    /// Serve with Kestrel on 127.0.0.1 at this port instead of the in-memory <c>TestServer</c>, so that a client
    /// that cannot take an <see cref="HttpMessageHandler"/> (another process, a browser) can reach it; 0 picks a free
    /// port. <see cref="SimulatorHarness.BaseAddress"/> says where. Null (default): in memory.
    /// </summary>
    public int? Port { get; set; }

    /// <summary>Serve on a free port of 127.0.0.1 (<see cref="Port"/> 0), or in memory when false.</summary>
    public bool ListenOnLoopback
    {
        get => Port is not null;
        set => Port = value ? Port ?? 0 : null;
    }

    /// <summary>Provider options and engine settings, e.g. <c>["AnyCheck:FinishedAfterSeconds"] = "10"</c>.</summary>
    public IDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>();
}
