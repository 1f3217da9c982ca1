namespace Simulators.Core.Hosting;

/// <summary>
/// One provider simulator, as the host and the test harness see it: a name, a port and what it
/// declares on the <see cref="SimulatorBuilder"/>. The engine registers everything else.
/// </summary>
public abstract class SimulatorModule
{
    /// <summary>Short lower-case name: configuration and command-line prefix (e.g. <c>anycheck</c>).</summary>
    public abstract string Id { get; }

    /// <summary>The provider's own name (e.g. <c>AnyCheck</c>); also its configuration section.</summary>
    public abstract string DisplayName { get; }

    /// <summary>The provider's name as people write it (e.g. <c>ADVANCE.AI</c>), for pages and banners.</summary>
    public virtual string Title => DisplayName;

    public abstract int DefaultPort { get; }

    /// <summary>Declares the provider: its options, state, scenarios, errors, job kinds, endpoints and control extras.</summary>
    public abstract void Configure(SimulatorBuilder builder);

    public override string ToString() => DisplayName;
}
