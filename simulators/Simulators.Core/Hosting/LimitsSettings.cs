namespace Simulators.Core.Hosting;

/// <summary>
/// What one simulator holds at most (<c>Limits:*</c>): connections, bodies, the built-in receiver,
/// registered credentials. Every bound has a default and can be changed; work a client was answered
/// for is never dropped to stay within one.
/// </summary>
public sealed class LimitsSettings
{
    /// <summary>Open connections per simulator; past it, the connection idle the longest is closed to admit a new one.</summary>
    public int MaxConnections { get; set; } = 1000;

    /// <summary>How long a connection may stay open with no request (Kestrel's keep-alive timeout).</summary>
    public int KeepAliveSeconds { get; set; } = 30;

    /// <summary>How long a client may take to send a request's headers.</summary>
    public int RequestHeadersSeconds { get; set; } = 15;

    /// <summary>Largest body of a provider call (uploads, images); above it the provider's 413.</summary>
    public long RequestBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest body of a control call, the built-in receiver's included.</summary>
    public long ControlBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Webhooks the built-in receiver (<c>/__simulator/sink</c>) keeps, newest first.</summary>
    public int SinkEntries { get; set; } = 200;

    /// <summary>Bytes of each webhook body the built-in receiver keeps; the rest is counted and marked truncated.</summary>
    public int SinkBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Tenants an in-memory simulator holds; past it the oldest with nothing unfinished are dropped (a durable store keeps all).</summary>
    public int MaxTenants { get; set; } = 10_000;

    /// <summary>Credentials (accounts, API keys) registered through the control API, per simulator.</summary>
    public int MaxCredentials { get; set; } = 10_000;

    public IEnumerable<string> Check()
    {
        if (MaxConnections < 1)
        {
            yield return "Limits:MaxConnections must be 1 or more";
        }
        if (KeepAliveSeconds < 1 || RequestHeadersSeconds < 1)
        {
            yield return "Limits:KeepAliveSeconds and Limits:RequestHeadersSeconds must be 1 or more";
        }
        if (RequestBodyBytes < 1024 || ControlBodyBytes < 1024)
        {
            yield return "Limits:RequestBodyBytes and Limits:ControlBodyBytes must be at least 1024";
        }
        if (SinkEntries < 1 || SinkBodyBytes < 0 || MaxCredentials < 1 || MaxTenants < 1)
        {
            yield return "Limits:SinkEntries, Limits:MaxCredentials and Limits:MaxTenants must be 1 or more, Limits:SinkBodyBytes 0 or more";
        }
    }
}
