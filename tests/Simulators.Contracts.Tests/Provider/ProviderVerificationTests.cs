using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Simulators.AdvanceAi;
using Simulators.AnyCheck;
using Simulators.Core.Hosting;
using Simulators.Verifik;
using Simulators.Verihubs;

namespace Simulators.Contracts.Tests.Provider;

/// <summary>
/// The official Pact verifier replays every committed contract against its simulator on a loopback
/// port, setting up provider states through <c>POST /__simulator/provider-states</c>.
/// </summary>
public sealed class ProviderVerificationTests
{
    private static readonly Dictionary<string, Func<SimulatorModule>> Simulators = new()
    {
        ["anycheck"] = () => new AnyCheckSimulator(),
        ["verihubs"] = () => new VerihubsSimulator(),
        [Consumer.AdvanceAiContract.Provider] = () => new AdvanceAiSimulator(),
        [Consumer.VerifikContract.Provider] = () => new VerifikSimulator(),
    };

    public static TheoryData<string> Providers { get; } = [.. Simulators.Keys];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PactVerifier_CommittedContracts_PassAgainstSimulator(string provider)
    {
        var (exitCode, output) = await VerifyAsync(provider, configuration: null);

        exitCode.Should().Be(0, "the Pact verifier reported:\n{0}", output);
        output.Should().NotContain("(FAILED)").And.Contain($"Verifying a pact between ekyc-client and {provider}");
    }

    [Fact]
    public async Task PactVerifier_AdvanceAiIncompleteCodesAnsweredAsFail_FailsThatInteraction()
    {
        // The option's other documented reading: an INCOMPLETE code ends a hosted journey as FAIL.
        var (exitCode, output) = await VerifyAsync(Consumer.AdvanceAiContract.Provider, new Dictionary<string, string?> { ["AdvanceAi:IncompleteCodesResult"] = "FAIL" });

        exitCode.Should().NotBe(0);
        output.Should().Contain("the result of a journey left incomplete by a poor document image").And.Contain("$.data.overallResult -> Expected 'FAIL' (String) to be equal to 'INCOMPLETE'");
    }

    [Fact]
    public async Task PactVerifier_VerifikCapturedShape_FailsTheDocumentedKeys()
    {
        // The other generation of Verifik's docs alone: the contract reads both, so the documented keys go missing.
        var (exitCode, output) = await VerifyAsync(Consumer.VerifikContract.Provider, new Dictionary<string, string?> { ["Verifik:ResponseShape"] = "captured" });

        exitCode.Should().NotBe(0);
        output.Should().Contain("a document liveness validation is retrieved").And.Contain("$.data -> Actual map is missing the following keys: appRegistration");
    }

    /// <summary>The provider's HTTP pacts (the webhook message pacts are verified against real deliveries, WebhookVerificationTests) against its simulator on a loopback port.</summary>
    private static async Task<(int ExitCode, string Output)> VerifyAsync(string provider, IReadOnlyDictionary<string, string?>? configuration)
    {
        var pacts = Directory.GetFiles(Path.Combine(Repository.Root, "contracts", "pacts"), $"*-{provider}.json")
            .Where(f => !Path.GetFileName(f).StartsWith(Consumer.WebhookContract.Consumer + "-", StringComparison.Ordinal))
            .ToArray();
        pacts.Should().NotBeEmpty();

        await using var simulator = SimulatorApplication.Build(Simulators[provider](), new SimulatorAppSettings { Configuration = configuration });
        simulator.Urls.Add("http://127.0.0.1:0");
        await simulator.StartAsync();
        try
        {
            var baseUri = new Uri(simulator.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var arguments = new List<string>
            {
                "verifier",
                "--hostname", baseUri.Host,
                "--port", baseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--provider-name", provider,
                "--state-change-url", new Uri(baseUri, "/__simulator/provider-states").ToString(),
                "--no-colour",
            };
            foreach (var pact in pacts)
            {
                arguments.Add("--file");
                arguments.Add(pact);
            }
            return await PactTools.RunAsync(arguments, TimeSpan.FromMinutes(2));
        }
        finally
        {
            await simulator.StopAsync();
        }
    }
}
