using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace Simulators.Host.Tests;

/// <summary>Idle connections by the thousand: the host sheds the idlest, stays small, and keeps serving.</summary>
public sealed class ConnectionLimitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TwentyThousandIdleConnections_LeaveTheHostServing_WithBoundedMemory()
    {
        var (anycheck, verihubs, urls) = HostProcess.FreeUrls();
        using var host = await HostProcess.StartRunningAsync(urls);
        // 20,000 in all: up to 10,000 from this process (its file limit allowing), the rest from a
        // Node child process with a file limit of its own.
        const int total = 20_000;
        var wanted = Math.Min(total / 2, OpenFileLimit() - 1_500);
        using var helper = await IdleConnections.OpenAsync(anycheck, total - wanted);
        var sockets = new List<Socket>(wanted);
        var failed = 0;
        try
        {
            for (var batch = 0; batch < wanted; batch += 500)
            {
                var connecting = Enumerable.Range(0, Math.Min(500, wanted - batch)).Select(async _ =>
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    try
                    {
                        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, anycheck), timeout.Token);
                        lock (sockets)
                        {
                            sockets.Add(socket);
                        }
                    }
                    catch (Exception ex) when (ex is SocketException or OperationCanceledException)
                    {
                        Interlocked.Increment(ref failed);
                        socket.Dispose();
                    }
                });
                await Task.WhenAll(connecting);
            }
            output.WriteLine($"opened {sockets.Count} idle connections here ({failed} refused or timed out) and {helper.Opened} from a child process; host RSS {Rss(host.Id) / 1024 / 1024} MiB");
            (sockets.Count + helper.Opened).Should().BeGreaterThanOrEqualTo(total * 9 / 10);

            using var http = new HttpClient { Timeout = HostProcess.Timeout };
            using (var health = await http.GetAsync(new Uri($"http://127.0.0.1:{anycheck}/__simulator/health")))
            {
                health.StatusCode.Should().Be(HttpStatusCode.OK);
            }
            using (var services = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{anycheck}/services")))
            {
                services.Headers.Add("X-API-Key", "ak_test_sandbox");
                using var response = await http.SendAsync(services);
                response.StatusCode.Should().Be(HttpStatusCode.OK);
            }
            using (var other = await http.GetAsync(new Uri($"http://127.0.0.1:{verihubs}/__simulator/health")))
            {
                other.StatusCode.Should().Be(HttpStatusCode.OK);
            }
            // The default limit is 1,000 connections per simulator: the server closed the idlest of the flood.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            int closed;
            while ((closed = sockets.Count(ClosedByServer)) < sockets.Count - 1_000 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            output.WriteLine($"closed by the host: {closed}; host RSS {Rss(host.Id) / 1024 / 1024} MiB");
            closed.Should().BeGreaterThanOrEqualTo(sockets.Count - 1_000);
            Rss(host.Id).Should().BeLessThan(600L * 1024 * 1024);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>A Node process holding idle connections to a port until it is disposed.</summary>
    private sealed class IdleConnections : IDisposable
    {
        private const string Script = """
            const net = require('net');
            const [port, count] = process.argv.slice(1).map(Number);
            const sockets = []; let opened = 0, done = 0;
            function settle() { if (++done === count) console.log('opened ' + opened); }
            (async () => {
              for (let i = 0; i < count; i += 500) {
                await Promise.all(Array.from({ length: Math.min(500, count - i) }, () => new Promise(resolve => {
                  const s = net.connect({ port, host: '127.0.0.1' });
                  let over = false;
                  const end = ok => { if (over) return; over = true; clearTimeout(timer); if (ok) { opened++; sockets.push(s); } settle(); resolve(); };
                  const timer = setTimeout(() => { end(false); s.destroy(); }, 10000);
                  s.on('connect', () => end(true));
                  s.on('error', () => end(false));
                })));
              }
            })();
            process.stdin.on('end', () => process.exit(0));
            process.stdin.resume();
            """;

        private readonly System.Diagnostics.Process _process;

        private IdleConnections(System.Diagnostics.Process process, int opened)
        {
            _process = process;
            Opened = opened;
        }

        public int Opened { get; }

        public static async Task<IdleConnections> OpenAsync(int port, int count)
        {
            var start = new System.Diagnostics.ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { "-e", Script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), count.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(argument);
            }
            var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("node did not start");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? "opened 0";
            return new IdleConnections(process, int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
        }

        public void Dispose()
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }
            _process.Dispose();
        }
    }

    /// <summary>Readable with nothing to read: the peer closed (or reset) the connection.</summary>
    private static bool ClosedByServer(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private static int OpenFileLimit()
    {
        foreach (var line in File.ReadLines("/proc/self/limits"))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return int.TryParse(parts[3], out var soft) ? soft : 20_000;
            }
        }
        return 20_000;
    }

    private static long Rss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }
}
