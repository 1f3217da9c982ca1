using System.Net;
using Simulators.Core.Hosting;
using Simulators.Core.Security;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Tests.Security;

public sealed class OutboundPolicyTests
{
    private static OutboundPolicy Policy(bool exposed = false, string? allow = null, bool? allowPrivate = null) =>
        new(new SandboxSettings { Exposed = exposed, AllowOutbound = allow, AllowPrivateOutbound = allowPrivate });

    private static OutboundDecision Judge(OutboundPolicy policy, string host, params string[] addresses) =>
        policy.Judge(host, [.. addresses.Select(IPAddress.Parse)]);

    [Theory]
    [InlineData("169.254.169.254", AddressKind.CloudMetadata)]
    [InlineData("169.254.170.2", AddressKind.CloudMetadata)]
    [InlineData("100.100.100.200", AddressKind.CloudMetadata)]
    [InlineData("168.63.129.16", AddressKind.CloudMetadata)]
    [InlineData("fd00:ec2::254", AddressKind.CloudMetadata)]
    [InlineData("169.254.1.1", AddressKind.LinkLocal)]
    [InlineData("fe80::1", AddressKind.LinkLocal)]
    [InlineData("febf:ffff::1", AddressKind.LinkLocal)]
    [InlineData("0.0.0.0", AddressKind.Unspecified)]
    [InlineData("0.1.2.3", AddressKind.Unspecified)]
    [InlineData("::", AddressKind.Unspecified)]
    [InlineData("224.0.0.1", AddressKind.Multicast)]
    [InlineData("239.255.255.250", AddressKind.Multicast)]
    [InlineData("ff02::1", AddressKind.Multicast)]
    [InlineData("255.255.255.255", AddressKind.Broadcast)]
    [InlineData("240.0.0.1", AddressKind.Reserved)]
    [InlineData("127.0.0.1", AddressKind.Loopback)]
    [InlineData("127.255.0.9", AddressKind.Loopback)]
    [InlineData("::1", AddressKind.Loopback)]
    [InlineData("10.1.2.3", AddressKind.Private)]
    [InlineData("172.16.0.1", AddressKind.Private)]
    [InlineData("172.31.255.254", AddressKind.Private)]
    [InlineData("192.168.1.1", AddressKind.Private)]
    [InlineData("100.64.0.1", AddressKind.Private)]
    [InlineData("100.127.255.254", AddressKind.Private)]
    [InlineData("fc00::1", AddressKind.Private)]
    [InlineData("fd12:3456::1", AddressKind.Private)]
    [InlineData("8.8.8.8", AddressKind.Public)]
    [InlineData("172.32.0.1", AddressKind.Public)]
    [InlineData("100.128.0.1", AddressKind.Public)]
    [InlineData("169.255.0.1", AddressKind.Public)]
    [InlineData("2606:4700::1111", AddressKind.Public)]
    public void Classify_EachRange_IsItsKind(string address, AddressKind expected)
    {
        OutboundPolicy.Classify(IPAddress.Parse(address)).Should().Be(expected);
    }

    [Theory]
    [InlineData("::ffff:169.254.169.254", AddressKind.CloudMetadata)]
    [InlineData("::ffff:127.0.0.1", AddressKind.Loopback)]
    [InlineData("::ffff:10.0.0.1", AddressKind.Private)]
    [InlineData("::ffff:8.8.8.8", AddressKind.Public)]
    [InlineData("64:ff9b::a9fe:a9fe", AddressKind.CloudMetadata)]
    [InlineData("64:ff9b::808:808", AddressKind.Public)]
    public void Classify_Ipv4InIpv6_IsJudgedAsTheIpv4Address(string address, AddressKind expected)
    {
        OutboundPolicy.Classify(IPAddress.Parse(address)).Should().Be(expected);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data", AddressKind.CloudMetadata)]
    [InlineData("http://169.254.10.10/", AddressKind.LinkLocal)]
    [InlineData("http://[fe80::1]/", AddressKind.LinkLocal)]
    [InlineData("http://[fd00:ec2::254]/", AddressKind.CloudMetadata)]
    [InlineData("http://[::ffff:169.254.169.254]/", AddressKind.CloudMetadata)]
    [InlineData("http://0.0.0.0:8080/", AddressKind.Unspecified)]
    [InlineData("http://[::]/", AddressKind.Unspecified)]
    [InlineData("http://224.0.0.251/", AddressKind.Multicast)]
    [InlineData("http://255.255.255.255/", AddressKind.Broadcast)]
    public async Task CheckAsync_AlwaysRefusedAddress_IsRefusedInEveryMode(string url, AddressKind kind)
    {
        foreach (var policy in new[] { Policy(), Policy(exposed: true), Policy(allowPrivate: true, allow: "0.0.0.0/0,::/0") })
        {
            using (policy)
            {
                (await policy.CheckAsync(new Uri(url))).RefusedAs.Should().Be(kind);
            }
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:5101/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://10.0.0.5/hook")]
    [InlineData("https://192.168.1.20/hook")]
    [InlineData("http://[fd12::1]/hook")]
    public async Task CheckAsync_LoopbackOrPrivate_AllowedLocallyRefusedWhenExposed(string url)
    {
        using var local = Policy();
        using var exposed = Policy(exposed: true);
        using var optedIn = Policy(exposed: true, allowPrivate: true);
        using var optedOut = Policy(allowPrivate: false);

        (await local.CheckAsync(new Uri(url))).Allowed.Should().BeTrue();
        (await exposed.CheckAsync(new Uri(url))).RefusedAs.Should().BeOneOf(AddressKind.Loopback, AddressKind.Private);
        (await optedIn.CheckAsync(new Uri(url))).Allowed.Should().BeTrue();
        (await optedOut.CheckAsync(new Uri(url))).Allowed.Should().BeFalse();
    }

    [Theory]
    [InlineData("https://8.8.8.8/hook")]
    [InlineData("http://[2606:4700::1111]/hook")]
    public async Task CheckAsync_PublicAddress_IsAllowedWhenExposed(string url)
    {
        using var exposed = Policy(exposed: true);

        var decision = await exposed.CheckAsync(new Uri(url));

        decision.Allowed.Should().BeTrue();
        decision.Addresses.Should().ContainSingle();
    }

    [Fact]
    public async Task CheckAsync_NameThatDoesNotResolve_IsLeftToTheConnection()
    {
        using var exposed = Policy(exposed: true);

        var decision = await exposed.CheckAsync(new Uri("https://receiver.invalid/hook"));

        decision.Allowed.Should().BeTrue();
        decision.Addresses.Should().BeEmpty();
    }

    [Theory]
    [InlineData("qa-app", "qa-app")]
    [InlineData("QA-App", "qa-app")]
    [InlineData("qa-app", "QA-APP.")]
    [InlineData("other.example, qa-app.internal", "qa-app.internal")]
    public void Judge_HostNamedInAllowOutbound_MayBePrivate(string allow, string host)
    {
        using var policy = Policy(exposed: true, allow: allow);

        Judge(policy, host, "172.18.0.5").Allowed.Should().BeTrue();
        Judge(policy, "not-" + host.TrimEnd('.'), "172.18.0.5").RefusedAs.Should().Be(AddressKind.Private);
    }

    [Theory]
    [InlineData("172.18.0.0/16", "172.18.3.4", true)]
    [InlineData("172.18.0.0/16", "172.19.0.1", false)]
    [InlineData("127.0.0.1/32", "127.0.0.1", true)]
    [InlineData("127.0.0.1/32", "::ffff:127.0.0.1", true)]
    [InlineData("127.0.0.1/32", "127.0.0.2", false)]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("10.1.2.3/8", "10.9.9.9", true)]
    [InlineData("fd00::/8", "fd12::1", true)]
    [InlineData("::1", "::1", true)]
    public void Judge_AddressInAnAllowedRange_MayBePrivate(string allow, string address, bool allowed)
    {
        using var policy = Policy(exposed: true, allow: allow);

        Judge(policy, "receiver", address).Allowed.Should().Be(allowed);
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.0/16")]
    [InlineData("fd00:ec2::254")]
    [InlineData("0.0.0.0/0")]
    [InlineData("::/0")]
    [InlineData("metadata.google.internal")]
    public void Judge_MetadataAddressListedInAllowOutbound_IsStillRefused(string allow)
    {
        using var policy = Policy(allow: allow, allowPrivate: true);

        Judge(policy, "metadata.google.internal", "169.254.169.254").RefusedAs.Should().Be(AddressKind.CloudMetadata);
        Judge(policy, "169.254.169.254", "169.254.169.254").RefusedAs.Should().Be(AddressKind.CloudMetadata);
        Judge(policy, "ec2", "fd00:ec2::254").RefusedAs.Should().Be(AddressKind.CloudMetadata);
        Judge(policy, "ec2", "::ffff:169.254.169.254").RefusedAs.Should().Be(AddressKind.CloudMetadata);
        Judge(policy, "link", "169.254.3.3").RefusedAs.Should().Be(AddressKind.LinkLocal);
    }

    [Fact]
    public void Judge_PublicAndPrivateAddresses_AllowsOnlyThePublicOne()
    {
        using var exposed = Policy(exposed: true);

        var decision = Judge(exposed, "mixed.example", "10.0.0.1", "93.184.215.14");

        decision.Allowed.Should().BeTrue();
        decision.Addresses.Should().Equal(IPAddress.Parse("93.184.215.14"));
    }

    [Fact]
    public void Judge_EveryAddressRefused_IsRefused()
    {
        using var exposed = Policy(exposed: true);

        Judge(exposed, "inside.example", "10.0.0.1", "::1").RefusedAs.Should().Be(AddressKind.Private);
    }

    [Fact]
    public void Judge_AnyAddressAlwaysRefused_RefusesTheName()
    {
        using var local = Policy();

        Judge(local, "sneaky.example", "93.184.215.14", "169.254.169.254").RefusedAs.Should().Be(AddressKind.CloudMetadata);
    }

    [Fact]
    public async Task Reason_RefusedUrl_SaysWhyWithoutSocketDetails()
    {
        using var exposed = Policy(exposed: true);

        var metadata = await exposed.CheckAsync(new Uri("http://169.254.169.254/latest/meta-data"));
        var loopback = await exposed.CheckAsync(new Uri("http://127.0.0.1:9/"));

        metadata.Reason.Should().Be("points at a cloud-metadata address, which the simulator never calls");
        metadata.Summary.Should().Be("refused by the outbound policy (cloud-metadata address)");
        loopback.Reason.Should().StartWith("points at a loopback address, which this simulator calls only when Sandbox:AllowOutbound");
        loopback.Summary.Should().Be("refused by the outbound policy (loopback address)");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("qa-app")]
    [InlineData("qa-app, receiver.internal ,10.0.0.5")]
    [InlineData("172.16.0.0/12,fd00::/8,::1,[::1]")]
    [InlineData("localhost")]
    public void Validate_GoodEntries_PassesThem(string? allow)
    {
        OutboundPolicy.Validate(allow).Should().BeEmpty();
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/")]
    [InlineData("http://qa-app")]
    [InlineData("qa-app:8080")]
    [InlineData("qa app")]
    [InlineData("*.example.com")]
    public void Validate_BadEntry_IsNamed(string entry)
    {
        OutboundPolicy.Validate("qa-app," + entry).Should().ContainSingle().Which.Should().Contain($"'{entry}'");
    }

}

public sealed class OutboundHandlerTests : IDisposable
{
    private readonly LoopbackListener _listener = new();

    public void Dispose() => _listener.Dispose();

    private static OutboundPolicy Policy(bool exposed = false, string? allow = null) =>
        new(new SandboxSettings { Exposed = exposed, AllowOutbound = allow });

    [Theory]
    [InlineData(false, null, "127.0.0.1")]
    [InlineData(false, null, "localhost")]
    [InlineData(true, "127.0.0.1/32", "127.0.0.1")]
    [InlineData(true, "localhost", "localhost")]
    public async Task Get_AllowedLoopbackListener_IsCalled(bool exposed, string? allow, string host)
    {
        using var policy = Policy(exposed, allow);
        using var client = new HttpClient(policy.Handler, disposeHandler: false);

        using var response = await client.GetAsync(new Uri($"http://{host}:{_listener.Port}/"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("ok");
        _listener.Accepted.Should().Be(1);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("[::ffff:127.0.0.1]")]
    public async Task Get_LoopbackWhenExposed_IsRefusedWithoutConnecting(string host)
    {
        using var policy = Policy(exposed: true);
        using var client = new HttpClient(policy.Handler, disposeHandler: false);

        var get = () => client.GetAsync(new Uri($"http://{host}:{_listener.Port}/"));

        var thrown = (await get.Should().ThrowAsync<HttpRequestException>()).Which;
        OutboundPolicy.Describe(thrown).Should().Be("refused by the outbound policy (loopback address)");
        _listener.Accepted.Should().Be(0);
    }

    [Fact]
    public async Task Get_ClosedPort_IsConnectionRefused()
    {
        using var policy = Policy();
        using var client = new HttpClient(policy.Handler, disposeHandler: false);
        var port = _listener.Port;
        _listener.Dispose();

        var get = () => client.GetAsync(new Uri($"http://127.0.0.1:{port}/"));

        OutboundPolicy.Describe((await get.Should().ThrowAsync<HttpRequestException>()).Which).Should().Be("connection refused");
    }

    [Fact]
    public async Task SendAsync_HugeAnswer_KeepsTheFirst4KbOnly()
    {
        using var policy = Policy();
        using var transport = new HttpWebhookTransport(policy);
        _listener.HugeBodyBytes = 300L * 1024 * 1024;

        var response = await transport.SendAsync(_listener.Url("/hook"), [new("Content-Type", "application/json")], "{}"u8.ToArray(), TimeSpan.FromSeconds(30), CancellationToken.None);

        response.StatusCode.Should().Be(200);
        response.Body.Should().HaveLength(HttpWebhookTransport.MaxResponseBytes).And.MatchRegex("^x+$");
        _listener.BodyBytesWritten.Should().BeLessThan(_listener.HugeBodyBytes.Value);
    }

    [Fact]
    public async Task SendAsync_RefusedAtConnect_FailsWithThePolicyTextAndNeverConnects()
    {
        using var policy = Policy(exposed: true);
        using var transport = new HttpWebhookTransport(policy);

        var response = await transport.SendAsync(_listener.Url("/hook"), [], "{}"u8.ToArray(), TimeSpan.FromSeconds(30), CancellationToken.None);

        (response.StatusCode, response.Error, response.Body).Should().Be(((int?)null, "refused by the outbound policy (loopback address)", (string?)null));
        _listener.Accepted.Should().Be(0);
    }
}
