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
        // As many as this process may open (its file limit), up to 20,000.
        var wanted = Math.Min(20_000, OpenFileLimit() - 1_500);
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
            output.WriteLine($"opened {sockets.Count} idle connections ({failed} refused or timed out); host RSS {Rss(host.Id) / 1024 / 1024} MiB");
            sockets.Count.Should().BeGreaterThan(wanted / 2);

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
