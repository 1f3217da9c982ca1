using Simulators.Testing;

namespace Simulators.AnyCheck.Tests;

/// <summary>Each test gets its own AnyCheck simulator (frozen clock, in-memory webhook receiver) and a client with the default key.</summary>
public abstract class AnyCheckTest : IAsyncLifetime
{
    protected SimulatorHarness Sim { get; private set; } = null!;

    protected AnyCheckApi Api { get; private set; } = null!;

    /// <summary>The instant the clock starts at: the timestamps these tests expect are written against it.</summary>
    public static readonly DateTimeOffset Start = new(2025, 11, 3, 8, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        Sim = await SimulatorHarness.StartAnyCheckAsync(o =>
        {
            o.FrozenAt = Start;
            Configure(o);
        });
        Api = new AnyCheckApi(Sim);
    }

    public async Task DisposeAsync() => await Sim.DisposeAsync();

    protected virtual void Configure(SimulatorHarnessOptions options)
    {
    }

    /// <summary>A simulator of its own with these settings, for tests that start one per case (or expect it not to start).</summary>
    public static Task<SimulatorHarness> StartWithAsync(params (string Key, string Value)[] settings) =>
        SimulatorHarness.StartAnyCheckAsync(o =>
        {
            o.FrozenAt = Start;
            foreach (var (key, value) in settings)
            {
                o.Configuration[key] = value;
            }
        });
}
