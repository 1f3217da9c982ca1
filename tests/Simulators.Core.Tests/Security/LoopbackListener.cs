using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Simulators.Core.Tests.Security;

/// <summary>
/// A bare HTTP/1.1 server on 127.0.0.1 and a free port: counts the connections it accepts, reads
/// each request and answers 200 with <see cref="Body"/>, or with a body of <see cref="HugeBodyBytes"/>
/// written until the client goes away.
/// </summary>
internal sealed class LoopbackListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _accepted;
    private long _bodyBytesWritten;
    private bool _disposed;

    public LoopbackListener()
    {
        _listener.Start();
        _loop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri Url(string path = "/") => new($"http://127.0.0.1:{Port}{path}");

    public byte[] Body { get; set; } = "ok"u8.ToArray();

    /// <summary>When set, every answer announces this many bytes and writes them until the client stops reading.</summary>
    public long? HugeBodyBytes { get; set; }

    public int Accepted => Volatile.Read(ref _accepted);

    public long BodyBytesWritten => Interlocked.Read(ref _bodyBytesWritten);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by the listener being stopped.
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                await ReadRequestAsync(stream);
                if (HugeBodyBytes is { } huge)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {huge}\r\n\r\n"), _stop.Token);
                    var chunk = new byte[64 * 1024];
                    Array.Fill(chunk, (byte)'x');
                    for (long sent = 0; sent < huge; sent += chunk.Length)
                    {
                        var size = (int)Math.Min(chunk.Length, huge - sent);
                        await stream.WriteAsync(chunk.AsMemory(0, size), _stop.Token);
                        Interlocked.Add(ref _bodyBytesWritten, size);
                    }
                }
                else
                {
                    var body = Body;
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), _stop.Token);
                    await stream.WriteAsync(body, _stop.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away: what a huge answer expects.
            }
        }
    }

    /// <summary>Reads the request line and headers, then the body its Content-Length announces.</summary>
    private async Task ReadRequestAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return;
            }
            head.Add(one[0]);
        }
        var length = Encoding.ASCII.GetString([.. head]).Split("\r\n")
            .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(line => int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        if (length > 0)
        {
            await stream.ReadExactlyAsync(new byte[length], _stop.Token);
        }
    }
}
