using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Simulators.Host.Tests;

/// <summary>
/// The real host as a process (<c>dotnet Simulators.Host.dll</c>, the same process, no shell in
/// between), its output collected line by line. Every wait is bounded; dispose kills its process tree.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public const string RunningLine = "eKYC provider simulators are running. Ctrl+C stops them.";

    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(HostAssembly());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // Only what a test passes configures the host: nothing from the environment running the tests.
        foreach (var name in start.Environment.Keys.Where(IsHostSetting).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        // The tests place AnyCheck and Verihubs themselves; ADVANCE.AI, Verifik and the console get free ports of their own unless a
        // test places them, so hosts started side by side never meet on their default ports.
        var list = args.ToList();
        var bind = list.IndexOf("--bind") is var at and >= 0 && at + 1 < list.Count ? list[at + 1] : "127.0.0.1";
        foreach (var module in new[] { "advanceai", "verifik", "console" })
        {
            if (!list.Contains($"--{module}-urls") && !start.Environment.ContainsKey($"SIMULATORS_{module.ToUpperInvariant()}_URLS"))
            {
                start.Environment[$"SIMULATORS_{module.ToUpperInvariant()}_URLS"] = $"http://{bind}:{FreePort()}";
            }
        }
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Collect(_stdout, _stdoutClosed, e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(_stderr, _stderrClosed, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public IReadOnlyList<string> Stdout
    {
        get
        {
            lock (_stdout)
            {
                return [.. _stdout];
            }
        }
    }

    public IReadOnlyList<string> Stderr
    {
        get
        {
            lock (_stderr)
            {
                return [.. _stderr];
            }
        }
    }

    public static HostProcess Start(params string[] args) => new(args);

    /// <summary>Starts the host with these variables set (after every SIMULATORS_* and provider variable of the test run is removed).</summary>
    public static HostProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment) => new(args, environment);

    /// <summary>Starts the host and waits until every simulator listens and the banner is printed.</summary>
    public static async Task<HostProcess> StartRunningAsync(params string[] args)
    {
        var host = Start(args);
        try
        {
            await host.WaitForOutputAsync(lines => lines.Any(l => l.StartsWith("Store ", StringComparison.Ordinal)), "the banner");
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>The exit code, once the process has exited and its output is read to the end.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The host did not exit within {Timeout.TotalSeconds} s.{Describe()}");
        }
        return _process.ExitCode;
    }

    /// <summary>Waits until standard output satisfies <paramref name="condition"/>; fails early if the host exits.</summary>
    public async Task WaitForOutputAsync(Func<IReadOnlyList<string>, bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition(Stdout))
        {
            if (_process.HasExited)
            {
                await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(TimeSpan.FromSeconds(5));
                if (condition(Stdout))
                {
                    return;
                }
                throw new InvalidOperationException($"The host exited with {_process.ExitCode} before printing {what}.{Describe()}");
            }
            if (deadline.Elapsed > Timeout)
            {
                throw new TimeoutException($"The host did not print {what} within {Timeout.TotalSeconds} s.{Describe()}");
            }
            await Task.Delay(25);
        }
    }

    /// <summary>SIGKILL on Linux: no shutdown code runs, exactly like a container killed by its runtime.</summary>
    public async Task<int> KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        return await WaitForExitAsync();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(Timeout);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }

    public string Describe() =>
        $"{Environment.NewLine}stdout:{Environment.NewLine}{string.Join(Environment.NewLine, Stdout)}{Environment.NewLine}stderr:{Environment.NewLine}{string.Join(Environment.NewLine, Stderr)}";

    /// <summary>A port nothing listens on now (the OS's pick for port 0).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The options that put both simulators on free loopback ports.</summary>
    public static (int AnyCheck, int Verihubs, string[] Args) FreeUrls()
    {
        var (anycheck, verihubs) = (FreePort(), FreePort());
        return (anycheck, verihubs, ["--anycheck-urls", $"http://127.0.0.1:{anycheck}", "--verihubs-urls", $"http://127.0.0.1:{verihubs}"]);
    }

    private static void Collect(List<string> lines, TaskCompletionSource closed, string? line)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }
        lock (lines)
        {
            lines.Add(line);
        }
    }

    private static bool IsHostSetting(string name) =>
        name.StartsWith("SIMULATORS_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("DOTNET_URLS", StringComparison.OrdinalIgnoreCase)
        || new[] { "AnyCheck__", "Verihubs__", "Journal__", "Webhooks__", "Logging__", "Store" }.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    // Copied beside the tests by the project reference, with its deps.json and runtimeconfig.json.
    private static string HostAssembly()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Simulators.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Simulators.Host.dll is not beside the tests; build the test project.", path);
    }

    // The dotnet that runs these tests (dotnet test sets DOTNET_HOST_PATH), else the one on the PATH.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";
}
