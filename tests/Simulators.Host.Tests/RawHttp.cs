using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Simulators.Host.Tests;

/// <summary>An HTTP/1.1 answer as it came off the socket: status, headers and the body (de-chunked).</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// Sends bytes no HTTP client library would send (a body shorter than its Content-Length, broken
/// chunks, an oversized request line) on a loopback socket and reads the answer until the server
/// closes the connection. Every request says <c>Connection: close</c>; every wait is bounded.
/// </summary>
internal static class RawHttp
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <param name="port">The loopback port.</param>
    /// <param name="request">The request's bytes, exactly as sent.</param>
    /// <param name="closeSend">Close our sending side after the request, as a client that gave up would: the server sees the end of the body.</param>
    public static async Task<RawResponse> SendAsync(int port, byte[] request, bool closeSend = false)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, timeout.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything (a request line it refused).
        }
        if (closeSend)
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the answer: what came before it is the answer.
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No complete answer within {Timeout.TotalSeconds} s; got: {Encoding.ASCII.GetString(received.ToArray())}");
        }
        return Parse(received.ToArray());
    }

    /// <summary>A request with <c>Connection: close</c>, CRLFs, and the body as given (no Content-Length unless in <paramref name="headers"/>).</summary>
    public static byte[] Request(string requestLine, IEnumerable<string> headers, string body = "") =>
        Encoding.UTF8.GetBytes($"{requestLine}\r\nHost: 127.0.0.1\r\nConnection: close\r\n{string.Concat(headers.Select(h => h + "\r\n"))}\r\n{body}");

    private static RawResponse Parse(byte[] bytes)
    {
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            throw new InvalidDataException("Not an HTTP answer: " + Encoding.ASCII.GetString(bytes));
        }
        var lines = Encoding.ASCII.GetString(bytes, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = bytes[(end + 4)..];
        return new RawResponse(status, headers, headers.TryGetValue("Transfer-Encoding", out var coding) && coding.Contains("chunked", StringComparison.OrdinalIgnoreCase) ? Dechunk(body) : body);
    }

    private static byte[] Dechunk(byte[] body)
    {
        using var result = new MemoryStream();
        var at = 0;
        while (true)
        {
            var lineEnd = body.AsSpan(at).IndexOf("\r\n"u8);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(body, at, lineEnd).Split(';')[0], 16);
            at += lineEnd + 2;
            if (size == 0)
            {
                return result.ToArray();
            }
            result.Write(body, at, size);
            at += size + 2;
        }
    }
}
