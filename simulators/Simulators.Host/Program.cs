using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Simulators.AnyCheck;
using Simulators.Core.Hosting;
using Simulators.Verihubs;

// Serves every simulator on its own port. Overrides:
//   --bind 0.0.0.0                     (containers; default 127.0.0.1; env SIMULATORS_BIND)
//   --anycheck-urls http://0.0.0.0:6101 (env SIMULATORS_ANYCHECK_URLS)
//   --AnyCheck:FinishedAfterSeconds=10  (any provider option, see README)
//   --verihubs-urls, --Verihubs:<Option>=<value> likewise
SimulatorModule[] modules = [new AnyCheckSimulator(), new VerihubsSimulator()];

var switches = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["--bind"] = "bind" };
foreach (var module in modules)
{
    switches[$"--{module.Id}-urls"] = $"{module.Id}_urls";
}
var config = new ConfigurationBuilder()
    .AddEnvironmentVariables("SIMULATORS_")
    .AddCommandLine(args, switches)
    .Build();
var bind = config["bind"] ?? "127.0.0.1";
var simulatorArgs = args.Where((arg, i) => !IsHostSwitch(arg) && (i == 0 || !IsHostSwitch(args[i - 1]))).ToArray();

var apps = new List<(SimulatorModule Module, WebApplication App, string BaseUrl)>();
foreach (var module in modules)
{
    var urls = (config[$"{module.Id}_urls"] ?? $"http://{bind}:{module.DefaultPort}").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    var app = SimulatorApplication.Build(module, new SimulatorAppSettings { Args = simulatorArgs });
    foreach (var url in urls)
    {
        app.Urls.Add(url);
    }
    apps.Add((module, app, urls[0].Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)));
}

foreach (var (_, app, _) in apps)
{
    await app.StartAsync();
}

Console.WriteLine("eKYC provider simulators are running. Ctrl+C stops them.");
foreach (var (module, app, baseUrl) in apps)
{
    Console.WriteLine();
    foreach (var line in app.Services.GetRequiredService<ModuleDefinition>().BannerLines(app.Services, baseUrl))
    {
        Console.WriteLine(line);
    }
}
Console.WriteLine();

await Task.WhenAll(apps.Select(a => a.App.WaitForShutdownAsync()));

bool IsHostSwitch(string arg) => switches.ContainsKey(arg.Split('=')[0]);
