using System.Net;
using System.Net.Sockets;

namespace Simulators.Host.Tests;

/// <summary>The host's command line, run as a process: help, usage errors and start-up failures.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_AnyHelpFlag_ListsEveryOptionAndExits0(string flag)
    {
        using var host = HostProcess.Start(flag);

        (await host.WaitForExitAsync()).Should().Be(0, host.Describe());

        var help = string.Join('\n', host.Stdout);
        help.Should().ContainAll("--bind", "--anycheck-urls", "--verihubs-urls", "--console-urls", "--store", "--log-requests", "--log-format", "--health-check", "--<Section>:<Key>=<value>");
        help.Should().ContainAll("SIMULATORS_CONSOLE_URLS", "SIMULATORS_LOG_FORMAT", "SIMULATORS_LOG_REQUESTS", "'off'");
        help.Should().ContainAll("SIMULATORS_BIND", "SIMULATORS_ANYCHECK_URLS", "SIMULATORS_VERIHUBS_URLS", "SIMULATORS_STORE", "127.0.0.1", "memory");
        host.Stderr.Should().BeEmpty();
    }

    [Fact]
    public async Task Help_WithUrlsOfAPortInUse_Exits0WithoutBinding()
    {
        // Were the host to bind anything, it would fail on this port (exit 1) or keep running.
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        using var host = HostProcess.Start("--help", "--anycheck-urls", $"http://127.0.0.1:{port}", "--verihubs-urls", $"http://127.0.0.1:{port}");

        (await host.WaitForExitAsync()).Should().Be(0, host.Describe());
        host.Stdout.Should().Contain(l => l.Contains("--anycheck-urls", StringComparison.Ordinal)).And.NotContain(HostProcess.RunningLine);
        host.Stderr.Should().BeEmpty();
    }

    [Fact]
    public async Task Help_AfterAnUnknownFlag_StillWinsAndExits0()
    {
        using var host = HostProcess.Start("--frobnicate", "--Nope:X=1", "-h");

        (await host.WaitForExitAsync()).Should().Be(0, host.Describe());
        host.Stdout.Should().Contain(l => l.Contains("--bind", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--frobnicate", "--frobnicate")]
    [InlineData("--Nope:X=1", "Nope")]
    [InlineData("--nope:X 1", "nope")]
    [InlineData("--store=redis:x", "redis:x")]
    [InlineData("--store sqlite:", "sqlite:")]
    [InlineData("--store:nope", "nope")]
    [InlineData("--store", "--store")]
    [InlineData("--AnyCheck:FinishedAfterSeconds", "--AnyCheck:FinishedAfterSeconds")]
    [InlineData("--AnyCheck::X=1", "--AnyCheck::X=1")]
    [InlineData("--anycheck-urls not-a-url", "not-a-url")]
    [InlineData("--log-requests maybe", "maybe")]
    [InlineData("--anycheck-urls http://127.0.0.1:1;ftp://127.0.0.1:2", "ftp://127.0.0.1:2")]
    [InlineData("--verihubs-urls http://127.0.0.1:1", "--verihubs-urls")]
    [InlineData("stray", "stray")]
    [InlineData("--log-format xml", "xml")]
    [InlineData("--Logging:Format=yaml", "yaml")]
    [InlineData("--console-urls ftp://127.0.0.1:1", "ftp://127.0.0.1:1")]
    public async Task Start_BadCommandLine_OneStderrLineNamingTheTokenAndExit2(string args, string named)
    {
        using var host = HostProcess.Start(["--verihubs-urls", $"http://127.0.0.1:{HostProcess.FreePort()}", .. args.Split(' ')]);

        (await host.WaitForExitAsync()).Should().Be(2, host.Describe());
        host.Stderr.Should().ContainSingle().Which.Should().Contain(named);
        host.Stdout.Should().NotContain(HostProcess.RunningLine);
    }

    [Fact]
    public async Task Start_EverySimulatorOff_OneStderrLineAndExit2()
    {
        using var host = HostProcess.Start("--anycheck-urls", "off", "--verihubs-urls", "OFF", "--verifik-urls", "off", "--advanceai-urls", "off");

        (await host.WaitForExitAsync()).Should().Be(2, host.Describe());
        host.Stderr.Should().ContainSingle().Which.Should().Contain("at least one must run");
    }

    [Fact]
    public async Task Start_UnknownFlagBeforeUrls_DoesNotSwallowThemAndStartsNothing()
    {
        var (anycheck, _, urls) = HostProcess.FreeUrls();

        using var host = HostProcess.Start(["--frobnicate", .. urls]);

        (await host.WaitForExitAsync()).Should().Be(2, host.Describe());
        // The error names the flag, not the URL after it: the flag took no value.
        host.Stderr.Should().ContainSingle().Which.Should().Contain("'--frobnicate'").And.NotContain($":{anycheck}");
        host.Stdout.Should().BeEmpty();
    }

    [Theory]
    [InlineData("--AnyCheck:FinishedAfterSecond=5", "unknown option 'AnyCheck:FinishedAfterSecond'")]
    [InlineData("--Verihubs:Nope=1", "unknown option 'Verihubs:Nope'")]
    [InlineData("--Journal:Capacityy=1", "unknown option 'Journal:Capacityy'")]
    [InlineData("--AnyCheck:FinishedAfterSeconds=abc", "AnyCheck:FinishedAfterSeconds")]
    [InlineData("--Webhooks:MaxPending=lots", "Webhooks:MaxPending")]
    [InlineData("--Logging:Requests=often", "Logging:Requests")]
    [InlineData("--Journal:Capacity=0", "Journal:Capacity")]
    [InlineData("--allow-outbound=qa-app,10.0.0.0/33", "Sandbox:AllowOutbound: '10.0.0.0/33'")]
    [InlineData("--Sandbox:AllowOutbound=http://qa-app", "Sandbox:AllowOutbound: 'http://qa-app'")]
    public async Task Start_OptionTheEngineRefuses_OneStderrLineNamingTheKeyAndExit2(string option, string named)
    {
        var (_, _, urls) = HostProcess.FreeUrls();

        using var host = HostProcess.Start([.. urls, option]);

        (await host.WaitForExitAsync()).Should().Be(2, host.Describe());
        host.Stderr.Should().ContainSingle().Which.Should().Contain(named);
        host.Stdout.Should().NotContain(HostProcess.RunningLine);
    }

    [Fact]
    public async Task Start_PortInUse_OneStderrLineNamingThePortAndSimulatorAndExit1()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        using var host = HostProcess.Start("--anycheck-urls", $"http://127.0.0.1:{HostProcess.FreePort()}", "--verihubs-urls", $"http://127.0.0.1:{port}");

        (await host.WaitForExitAsync()).Should().Be(1, host.Describe());
        host.Stderr.Should().ContainSingle().Which.Should().Contain(port.ToString(System.Globalization.CultureInfo.InvariantCulture)).And.Contain("Verihubs");
        host.Stdout.Should().NotContain(HostProcess.RunningLine).And.NotContain(l => l.Contains(" at ", StringComparison.Ordinal));
    }
}
