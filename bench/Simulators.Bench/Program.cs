using Simulators.Bench;

// One executable, four roles:
//   (no role)           the orchestrator: starts the servers as child processes, seeds, runs wrk, reports
//   simulator [k=v ...] the AnyCheck simulator (k=v pairs go to its configuration, e.g. Journal:Capacity=1, Store=sqlite:<path>)
//   bare <body-file>    a bare minimal-API endpoint serving the captured bytes
//   profile [creates]   the in-process write-path profile (prints its report; see WriteProfile)
// The servers talk to the orchestrator over stdin/stdout (see ServerRole) and exit when stdin closes.
return args.FirstOrDefault() switch
{
    ServerRole.SimulatorRole => await ServerRole.RunSimulatorAsync(args[1..]),
    ServerRole.BareRole => await ServerRole.RunBareAsync(args[1..]),
    WriteProfile.Role => await WriteProfile.RunAsync(args[1..]),
    _ => await RunOrchestratorAsync(args),
};

// A bad option is one line and exit code 2, not a stack trace.
static async Task<int> RunOrchestratorAsync(string[] args)
{
    BenchOptions options;
    try
    {
        options = BenchOptions.Parse(args);
    }
    catch (ArgumentException bad)
    {
        await Console.Error.WriteLineAsync("bench: " + bad.Message);
        return 2;
    }
    return await Orchestrator.RunAsync(options);
}
