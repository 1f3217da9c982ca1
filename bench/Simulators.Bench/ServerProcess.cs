using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace Simulators.Bench;

/// <summary>A server role running as a child process of the orchestrator (see <see cref="ServerRole"/>).</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<GcDescription> _gc = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<ServerStats> _stats = Channel.CreateUnbounded<ServerStats>();
    private readonly SemaphoreSlim _ask = new(1, 1);
    private Task _reader = Task.CompletedTask;

    private ServerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public string Url { get; private set; } = "";

    public GcDescription Gc { get; private set; } = null!;

    public static async Task<ServerProcess> StartAsync(string name, IReadOnlyList<string> roleArgs, ChildTracker children, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = Self.StartInfo(roleArgs);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the {name} process.");
        children.Add(process.Id);
        var server = new ServerProcess(name, process);
        server._reader = Task.Run(server.ReadAsync);
        try
        {
            server.Url = await server._ready.Task.WaitAsync(StartTimeout);
            server.Gc = await server._gc.Task.WaitAsync(StartTimeout);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Memory and GC counters as the server sees them now; with <paramref name="fullGc"/>, after a full compacting collection.</summary>
    public async Task<ServerStats> StatsAsync(bool fullGc = false)
    {
        await _ask.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync(fullGc ? "gc" : "stats");
            await _process.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(ReplyTimeout);
            return await _stats.Reader.ReadAsync(timeout.Token);
        }
        finally
        {
            _ask.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await _process.StandardInput.WriteLineAsync("quit");
                await _process.StandardInput.FlushAsync();
                _process.StandardInput.Close();
            }
        }
        catch (IOException)
        {
            // Already gone.
        }
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        await _reader;
        _process.Dispose();
        _ask.Dispose();
    }

    private async Task ReadAsync()
    {
        var output = _process.StandardOutput;
        while (await output.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(ServerRole.Ready, StringComparison.Ordinal))
            {
                _ready.TrySetResult(line[ServerRole.Ready.Length..].Trim());
            }
            else if (line.StartsWith(ServerRole.Gc, StringComparison.Ordinal))
            {
                _gc.TrySetResult(JsonSerializer.Deserialize(line[ServerRole.Gc.Length..], BenchJson.Default.GcDescription)!);
            }
            else if (line.StartsWith(ServerRole.Stats, StringComparison.Ordinal))
            {
                await _stats.Writer.WriteAsync(JsonSerializer.Deserialize(line[ServerRole.Stats.Length..], BenchJson.Default.ServerStats)!);
            }
            else
            {
                await Console.Error.WriteLineAsync($"[{Name}] {line}");
            }
        }
        var exited = new InvalidOperationException($"The {Name} process ended before it was ready (see its output above).");
        _ready.TrySetException(exited);
        _gc.TrySetException(exited);
        _stats.Writer.TryComplete();
    }
}

/// <summary>How to start this same program in another role.</summary>
internal static class Self
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("Unknown process path.");
        var start = new ProcessStartInfo(processPath);
        // Started as `dotnet Simulators.Bench.dll`: pass the assembly first.
        if (Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(Self).Assembly.Location);
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return start;
    }
}

/// <summary>
/// Child process ids, appended to the file named by BENCH_PIDFILE so that run.sh's trap can end them
/// even if this process is killed before its own cleanup runs.
/// </summary>
internal sealed class ChildTracker
{
    private readonly string? _file = Environment.GetEnvironmentVariable("BENCH_PIDFILE");
    private readonly Lock _lock = new();

    public void Add(int pid)
    {
        if (string.IsNullOrEmpty(_file))
        {
            return;
        }
        lock (_lock)
        {
            File.AppendAllText(_file, pid.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
        }
    }
}
