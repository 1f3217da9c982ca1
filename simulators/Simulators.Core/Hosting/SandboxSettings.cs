namespace Simulators.Core.Hosting;

/// <summary>
/// How a simulator guards itself when it is shared (<c>Sandbox:*</c>; the host sets
/// <see cref="Exposed"/> from the addresses it binds). Read once at start-up.
/// </summary>
public sealed class SandboxSettings
{
    /// <summary>True when the simulator listens beyond loopback (the host sets it from <c>--bind</c> / the URLs).</summary>
    public bool Exposed { get; set; }

    /// <summary>
    /// The control token (<c>--control-token</c>, <c>SIMULATORS_CONTROL_TOKEN</c>): sent as
    /// <c>Authorization: Bearer</c> or <c>X-Simulator-Token</c> on <c>/__simulator/*</c>. When set it is
    /// required, on loopback too; when exposed without one, the host generates one.
    /// </summary>
    public string? ControlToken { get; set; }

    /// <summary>
    /// Outbound destinations allowed although private or loopback, comma-separated host names or CIDR
    /// ranges (<c>--allow-outbound</c>). Link-local and cloud-metadata addresses are never allowed.
    /// </summary>
    public string? AllowOutbound { get; set; }

    /// <summary>Whether loopback and private destinations are allowed without <see cref="AllowOutbound"/>; null: allowed unless <see cref="Exposed"/>.</summary>
    public bool? AllowPrivateOutbound { get; set; }

    public bool PrivateOutboundAllowed => AllowPrivateOutbound ?? !Exposed;

    /// <summary>Whether control calls need the token (or the tenant's own credential).</summary>
    public bool TokenRequired => !string.IsNullOrEmpty(ControlToken) || Exposed;
}
