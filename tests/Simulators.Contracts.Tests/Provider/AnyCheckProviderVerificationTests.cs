using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Simulators.AnyCheck;
using Simulators.Core.Hosting;

namespace Simulators.Contracts.Tests.Provider;

/// <summary>
/// The official Pact verifier replays every committed AnyCheck contract against the simulator on a
/// loopback port, setting up provider states through <c>POST /__simulator/provider-states</c>.
/// </summary>
public sealed class AnyCheckProviderVerificationTests : IAsyncLifetime
{
    private WebApplication _simulator = null!;

    public async Task InitializeAsync()
    {
        _simulator = SimulatorApplication.Build(new AnyCheckSimulator(), new SimulatorAppSettings());
        _simulator.Urls.Add("http://127.0.0.1:0");
        await _simulator.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _simulator.StopAsync();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task PactVerifier_CommittedContracts_PassAgainstSimulator()
    {
        var pacts = Directory.GetFiles(Path.Combine(Repository.Root, "contracts", "pacts"), "*-anycheck.json");
        pacts.Should().NotBeEmpty();
        var baseUri = new Uri(_simulator.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        var arguments = new List<string>
        {
            "verifier",
            "--hostname", baseUri.Host,
            "--port", baseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--provider-name", "anycheck",
            "--state-change-url", new Uri(baseUri, "/__simulator/provider-states").ToString(),
            "--no-colour",
        };
        foreach (var pact in pacts)
        {
            arguments.Add("--file");
            arguments.Add(pact);
        }
        var (exitCode, output) = await PactTools.RunAsync(arguments, TimeSpan.FromMinutes(2));

        exitCode.Should().Be(0, "the Pact verifier reported:\n{0}", output);
        output.Should().NotContain("(FAILED)").And.Contain("Verifying a pact between ekyc-client and anycheck");
    }
}
