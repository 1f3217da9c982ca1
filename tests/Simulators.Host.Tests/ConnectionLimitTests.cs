using System.Diagnostics;
using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace Simulators.Host.Tests;

/// <summary>Idle connections by the thousand: the host sheds the idlest, stays small, and keeps serving.</summary>
public sealed class ConnectionLimitTests(ITestOutputHelper output)
{
    private const int Total = 20_000;

    [Fact]
    public async Task TwentyThousandIdleConnections_LeaveTheHostServing_AndAllButTheNewestAreShed()
    {
        var (anycheck, verihubs, urls) = HostProcess.FreeUrls();
        using var host = await HostProcess.StartRunningAsync(urls);

        // Node child processes hold the connections, each within its own file limit (raised to the hard one).
        var perProcess = Math.Clamp(await HardFileLimitAsync() - 500, 500, Total);
        var holders = new List<IdleConnections>();
        try
        {
            for (var left = Total; left > 0; left -= perProcess)
            {
                holders.Add(await IdleConnections.OpenAsync(anycheck, Math.Min(perProcess, left)));
            }
            var opened = holders.Sum(h => h.Opened);
            output.WriteLine($"opened {opened} idle connections from {holders.Count} process(es); host RSS {Rss(host.Id) / 1024 / 1024} MiB");
            opened.Should().BeGreaterThanOrEqualTo(Total * 9 / 10);

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

            // The default limit is 1,000 connections per simulator: the host closed the idlest of the flood.
            var closed = 0;
            foreach (var holder in holders)
            {
                closed += await holder.ClosedAsync();
            }
            output.WriteLine($"closed by the host: {closed}; host RSS {Rss(host.Id) / 1024 / 1024} MiB");
            closed.Should().BeGreaterThanOrEqualTo(opened - 1_000 - 50);
            Rss(host.Id).Should().BeLessThan(600L * 1024 * 1024);
        }
        finally
        {
            foreach (var holder in holders)
            {
                holder.Dispose();
            }
        }
    }

    private static async Task<int> HardFileLimitAsync()
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("ulimit -Hn");
        using var process = Process.Start(start)!;
        var text = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();
        return text == "unlimited" ? Total + 1_000 : int.TryParse(text, CultureInfo.InvariantCulture, out var limit) ? limit : 1_024;
    }

    private static long Rss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }

    /// <summary>A Node process holding idle connections to a port; asked, it says how many the server closed.</summary>
    private sealed class IdleConnections : IDisposable
    {
        private const string Script = """
            const net = require('net');
            const [port, count] = process.argv.slice(1).map(Number);
            let opened = 0, closed = 0, done = 0;
            const sockets = [];
            (async () => {
              for (let i = 0; i < count; i += 500) {
                await Promise.all(Array.from({ length: Math.min(500, count - i) }, () => new Promise(resolve => {
                  const s = net.connect({ port, host: '127.0.0.1' });
                  let over = false;
                  const end = ok => { if (over) return; over = true; clearTimeout(timer); done++; if (ok) { opened++; sockets.push(s); } resolve(); };
                  const timer = setTimeout(() => { end(false); s.destroy(); }, 10000);
                  s.on('connect', () => { end(true); s.on('close', () => closed++); });
                  s.on('error', () => end(false));
                })));
              }
              console.log('opened ' + opened);
            })();
            require('readline').createInterface({ input: process.stdin }).on('line', () => console.log('closed ' + closed)).on('close', () => process.exit(0));
            """;

        private readonly Process _process;

        private IdleConnections(Process process, int opened)
        {
            _process = process;
            Opened = opened;
        }

        public int Opened { get; }

        public static async Task<IdleConnections> OpenAsync(int port, int count)
        {
            var start = new ProcessStartInfo("sh") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("ulimit -n \"$(ulimit -Hn)\" 2>/dev/null; exec node -e \"$0\" \"$1\" \"$2\"");
            start.ArgumentList.Add(Script);
            start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add(count.ToString(CultureInfo.InvariantCulture));
            var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? "opened 0";
            return new IdleConnections(process, int.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture));
        }

        /// <summary>How many of its connections the server has closed, once that stops changing (at most 10 s).</summary>
        public async Task<int> ClosedAsync()
        {
            var last = -1;
            for (var i = 0; i < 50; i++)
            {
                await _process.StandardInput.WriteLineAsync("?");
                await _process.StandardInput.FlushAsync();
                var line = await _process.StandardOutput.ReadLineAsync() ?? "closed 0";
                var closed = int.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
                if (closed == last)
                {
                    return closed;
                }
                last = closed;
                await Task.Delay(200);
            }
            return last;
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
}
