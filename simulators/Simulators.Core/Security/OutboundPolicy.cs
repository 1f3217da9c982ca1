using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Simulators.Core.Hosting;
using Simulators.Core.Journal;

namespace Simulators.Core.Security;

/// <summary>What an address is, as far as the simulator calling it goes.</summary>
public enum AddressKind
{
    Public,
    Loopback,
    Private,
    LinkLocal,
    CloudMetadata,
    Unspecified,
    Multicast,
    Broadcast,
    Reserved,
}

/// <summary>A URL judged: allowed (with the addresses it may be connected to), or refused as one kind of address.</summary>
public sealed record OutboundDecision(AddressKind? RefusedAs, IReadOnlyList<IPAddress> Addresses)
{
    public bool Allowed => RefusedAs is null;

    /// <summary>For the provider's validation message, after the field's name: <c>points at a link-local address, which the simulator never calls</c>.</summary>
    public string Reason => RefusedAs switch
    {
        null => "is allowed",
        { } kind when OutboundPolicy.AlwaysRefused(kind) => $"points at {OutboundPolicy.WithArticle(kind)} address, which the simulator never calls",
        { } kind => $"points at {OutboundPolicy.WithArticle(kind)} address, which this simulator calls only when Sandbox:AllowOutbound (--allow-outbound) lists it",
    };

    /// <summary>A delivery's error and the journal's note: <c>refused by the outbound policy (private address)</c>.</summary>
    public string Summary => RefusedAs is { } kind ? $"refused by the outbound policy ({OutboundPolicy.Word(kind)} address)" : "allowed";
}

/// <summary>
/// Which URLs the simulator calls (webhooks, callbacks, image URLs), checked when a client submits
/// one and again when a connection is opened, so a name that changes its address later (DNS
/// rebinding) is caught too. Link-local, cloud-metadata, unspecified, multicast, broadcast and
/// reserved addresses are never called; loopback and private ones only while
/// <see cref="SandboxSettings.PrivateOutboundAllowed"/>, or when <see cref="SandboxSettings.AllowOutbound"/>
/// names the host or a range holding the address; public ones always.
/// </summary>
public sealed class OutboundPolicy : IDisposable
{
    /// <summary>How long a submission waits for a name to resolve.</summary>
    public static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(2);

    // First match wins: the single metadata addresses before the ranges holding them.
    private static readonly (IPNetwork Range, AddressKind Kind)[] Ranges =
    [
        (IPNetwork.Parse("169.254.169.254/32"), AddressKind.CloudMetadata), // AWS, Azure, GCP, OCI…
        (IPNetwork.Parse("169.254.170.2/32"), AddressKind.CloudMetadata), // ECS task metadata
        (IPNetwork.Parse("100.100.100.200/32"), AddressKind.CloudMetadata), // Alibaba Cloud
        (IPNetwork.Parse("168.63.129.16/32"), AddressKind.CloudMetadata), // Azure WireServer (a public address)
        (IPNetwork.Parse("192.0.0.192/32"), AddressKind.CloudMetadata), // Oracle Cloud
        (IPNetwork.Parse("fd00:ec2::254/128"), AddressKind.CloudMetadata), // AWS over IPv6
        (IPNetwork.Parse("0.0.0.0/8"), AddressKind.Unspecified),
        (IPNetwork.Parse("255.255.255.255/32"), AddressKind.Broadcast),
        (IPNetwork.Parse("240.0.0.0/4"), AddressKind.Reserved),
        (IPNetwork.Parse("224.0.0.0/4"), AddressKind.Multicast),
        (IPNetwork.Parse("169.254.0.0/16"), AddressKind.LinkLocal),
        (IPNetwork.Parse("127.0.0.0/8"), AddressKind.Loopback),
        (IPNetwork.Parse("10.0.0.0/8"), AddressKind.Private),
        (IPNetwork.Parse("172.16.0.0/12"), AddressKind.Private),
        (IPNetwork.Parse("192.168.0.0/16"), AddressKind.Private),
        (IPNetwork.Parse("100.64.0.0/10"), AddressKind.Private),
        (IPNetwork.Parse("::/128"), AddressKind.Unspecified),
        (IPNetwork.Parse("::1/128"), AddressKind.Loopback),
        // IPv4-compatible addresses are deprecated; nothing legitimate answers on them.
        (IPNetwork.Parse("::/96"), AddressKind.Reserved),
        (IPNetwork.Parse("ff00::/8"), AddressKind.Multicast),
        (IPNetwork.Parse("fe80::/10"), AddressKind.LinkLocal),
        (IPNetwork.Parse("fec0::/10"), AddressKind.Private), // site-local, deprecated
        (IPNetwork.Parse("fc00::/7"), AddressKind.Private),
    ];

    // NAT64 (RFC 6052): in a NAT64 network 64:ff9b::a9fe:a9fe reaches 169.254.169.254, so it is judged as that.
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    private readonly bool _privateAllowed;
    private readonly HashSet<string> _hosts;
    private readonly IReadOnlyList<IPNetwork> _allowed;
    private readonly SocketsHttpHandler _handler;

    public OutboundPolicy(SandboxSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (hosts, ranges, errors) = Parse(settings.AllowOutbound);
        if (errors.Count > 0)
        {
            // Start-up validation names the entry first; this guards a policy built by hand.
            throw new ArgumentException(string.Join("; ", errors), nameof(settings));
        }
        _privateAllowed = settings.PrivateOutboundAllowed;
        _hosts = hosts;
        _allowed = ranges;
        _handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            // A receiver's unread answer is not drained to keep the connection: it is closed instead.
            MaxResponseDrainSize = 0,
            // No traceparent header: a provider's call carries only the provider's headers.
            ActivityHeadersPropagator = null,
            ConnectCallback = ConnectAsync,
        };
    }

    /// <summary>
    /// The handler every outbound call goes through (shared; the policy disposes it): it resolves the
    /// name itself, judges every address and connects only to an allowed one. No proxy, no redirects.
    /// </summary>
    public HttpMessageHandler Handler => _handler;

    /// <summary>What start-up refuses in <c>Sandbox:AllowOutbound</c>, naming each bad entry.</summary>
    public static IEnumerable<string> Validate(string? allowOutbound) => Parse(allowOutbound).Errors;

    /// <summary>The kind of an address; an IPv4-mapped (or NAT64) IPv6 address is judged as its IPv4 address.</summary>
    public static AddressKind Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        address = Normalize(address);
        foreach (var (range, kind) in Ranges)
        {
            if (range.Contains(address))
            {
                return kind;
            }
        }
        return AddressKind.Public;
    }

    /// <summary>Kinds no <c>AllowOutbound</c> entry can make callable.</summary>
    /// <summary>
    /// Whether <paramref name="url"/>'s host was named in <c>--allow-outbound</c> (by name, or a literal
    /// address inside a listed range): a receiver the sandbox's operator vouched for, such as the QA
    /// app's service in the same compose network.
    /// </summary>
    public bool IsListed(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var host = url.DnsSafeHost.TrimEnd('.');
        return _hosts.Contains(host) || (IPAddress.TryParse(host, out var address) && _allowed.Any(r => r.Contains(Normalize(address))));
    }

    public static bool AlwaysRefused(AddressKind kind) => kind is not (AddressKind.Public or AddressKind.Loopback or AddressKind.Private);

    /// <summary>
    /// Judges the addresses <paramref name="host"/> resolved to. Refused when any address is always
    /// refused (a name that also points at the metadata service is an attack, not a receiver) or
    /// when every address is refused; otherwise allowed, to the allowed addresses only, so a name
    /// with a public and a private address is called on the public one. No address at all (a name
    /// that does not resolve) is allowed here: the connection, which resolves again, decides.
    /// </summary>
    public OutboundDecision Judge(string host, IReadOnlyList<IPAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(addresses);
        var listed = _hosts.Contains(host.Trim('[', ']').TrimEnd('.'));
        var allowed = new List<IPAddress>(addresses.Count);
        AddressKind? refused = null;
        foreach (var raw in addresses)
        {
            var address = Normalize(raw);
            var kind = Classify(address);
            if (AlwaysRefused(kind))
            {
                return new OutboundDecision(kind, []);
            }
            if (kind == AddressKind.Public || _privateAllowed || listed || _allowed.Any(r => r.Contains(address)))
            {
                allowed.Add(address);
            }
            else
            {
                refused ??= kind;
            }
        }
        return allowed.Count == 0 && refused is not null ? new OutboundDecision(refused, []) : new OutboundDecision(null, allowed);
    }

    /// <summary>
    /// The check at submission: a literal address is judged as it is, a name after resolving it
    /// (at most <see cref="ResolveTimeout"/>). A name that does not resolve, or not in time, is
    /// accepted: a receiver's name may appear later (a container not started yet), and the
    /// connection checks again whatever it resolves to by then.
    /// </summary>
    public async ValueTask<OutboundDecision> CheckAsync(Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException("An absolute URL is needed.", nameof(url));
        }
        var host = url.IdnHost;
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return Judge(host, [literal]);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ResolveTimeout);
        try
        {
            return Judge(host, await Dns.GetHostAddressesAsync(host, timeout.Token));
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Judge(host, []);
        }
    }

    /// <summary>
    /// Checks a URL a client submitted in <paramref name="field"/>: when refused, notes it in the
    /// request's journal entry and throws what <paramref name="refuse"/> makes of
    /// <see cref="OutboundDecision.Reason"/> (the provider's own validation error for that field).
    /// </summary>
    public async ValueTask CheckSubmittedAsync(HttpContext http, Uri url, string field, Func<string, Exception> refuse)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(refuse);
        var decision = await CheckAsync(url, http.RequestAborted);
        if (!decision.Allowed)
        {
            http.AddJournalNote($"{field} {decision.Summary}");
            throw refuse(decision.Reason);
        }
    }

    /// <summary>
    /// A failed outbound call as the simulator reports it (a delivery's error, an image field's
    /// message): what went wrong in general terms, never the remote socket's or server's own text.
    /// </summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is OutboundCallException known)
            {
                return known.Message;
            }
        }
        return exception switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "the host name did not resolve",
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError, InnerException: SocketException socket } => Describe(socket.SocketErrorCode),
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "the connection failed",
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => "the TLS handshake failed",
            HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => "the receiver closed the connection before answering",
            HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError } => "the receiver's answer was not valid HTTP",
            HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded } => "the receiver's answer headers were too large",
            IOException => "the connection broke",
            _ => "the request failed",
        };
    }

    public void Dispose() => _handler.Dispose();

    internal static string Word(AddressKind kind) => kind switch
    {
        AddressKind.LinkLocal => "link-local",
        AddressKind.CloudMetadata => "cloud-metadata",
        _ => kind.ToString().ToLowerInvariant(),
    };

    internal static string WithArticle(AddressKind kind) => (kind == AddressKind.Unspecified ? "an " : "a ") + Word(kind);

    private static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.TimedOut => "the connection timed out",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.NetworkDown => "the host is unreachable",
        SocketError.ConnectionReset or SocketError.ConnectionAborted => "the connection was reset",
        _ => "the connection failed",
    };

    private static IPAddress Normalize(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && Nat64.Contains(address))
        {
            return new IPAddress(address.GetAddressBytes().AsSpan(12));
        }
        return address;
    }

    private static (HashSet<string> Hosts, List<IPNetwork> Ranges, List<string> Errors) Parse(string? allowOutbound)
    {
        var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var ranges = new List<IPNetwork>();
        var errors = new List<string>();
        foreach (var entry in (allowOutbound ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bare = entry.Trim('[', ']');
            if (entry.Contains('/', StringComparison.Ordinal))
            {
                if (IPNetwork.TryParse(entry, out var range))
                {
                    ranges.Add(range);
                }
                else
                {
                    errors.Add($"Sandbox:AllowOutbound: '{entry}' is not a CIDR range (an address, '/' and a prefix length: 10.0.0.0/8, fd00::/8)");
                }
            }
            else if (Uri.CheckHostName(bare) is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(bare, out var address))
            {
                address = Normalize(address);
                ranges.Add(new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (Uri.CheckHostName(entry) == UriHostNameType.Dns)
            {
                hosts.Add(entry.TrimEnd('.'));
            }
            else
            {
                errors.Add($"Sandbox:AllowOutbound: '{entry}' is neither a host name nor an address or CIDR range (qa-app, 10.0.0.5, 172.16.0.0/12)");
            }
        }
        return (hosts, ranges, errors);
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            }
            catch (SocketException)
            {
                throw new OutboundCallException("the host name did not resolve");
            }
        }
        if (addresses.Length == 0)
        {
            throw new OutboundCallException("the host name did not resolve");
        }
        var decision = Judge(host, addresses);
        if (!decision.Allowed)
        {
            throw new OutboundCallException(decision.Summary);
        }
        var error = SocketError.SocketError;
        foreach (var address in decision.Addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                error = ex.SocketErrorCode;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw new OutboundCallException(Describe(error));
    }
}

/// <summary>An outbound call the policy refused or could not connect, with a message fit to show (no remote text in it).</summary>
internal sealed class OutboundCallException(string message) : IOException(message);
