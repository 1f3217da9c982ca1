using Simulators.SandboxConsole.Control;

namespace Simulators.SandboxConsole.Pages;

public sealed class IndexModel(ConsoleSettings settings, ControlClient control) : ConsolePageModel(settings, control)
{
    public IReadOnlyList<SimulatorOverview> Simulators { get; private set; } = [];

    public async Task OnGetAsync() =>
        Simulators = await Task.WhenAll(Settings.Simulators.Select(s => SimulatorOverview.LoadAsync(Control, s, HttpContext.RequestAborted)));
}
