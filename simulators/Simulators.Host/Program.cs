using Simulators.AdvanceAi;
using Simulators.AnyCheck;
using Simulators.Core.Hosting;
using Simulators.Host;
using Simulators.Verifik;
using Simulators.Verihubs;

// Serves every simulator on its own port; `--help` lists the options.
SimulatorModule[] modules = [new AnyCheckSimulator(), new VerifikSimulator(), new AdvanceAiSimulator(), new VerihubsSimulator()];

switch (new HostCommandLine(modules).Parse(args))
{
    case HostParse.Help help:
        return help.Result.Invoke();
    case HostParse.Usage usage:
        Console.Error.WriteLine($"error: {usage.Message} See --help.");
        return ExitCodes.Usage;
    case HostParse.Run run:
        return await SimulatorHost.RunAsync(run.Settings);
    case HostParse.HealthCheck check:
        return await HealthCheck.RunAsync(check.Settings);
    default:
        throw new InvalidOperationException("Unhandled command-line outcome.");
}
