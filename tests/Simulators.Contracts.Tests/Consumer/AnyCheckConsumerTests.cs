using System.Text.Json;
using System.Text.Json.Nodes;
using Simulators.Contracts.Tests.Client;
using Simulators.Contracts.Tests.Pact;

namespace Simulators.Contracts.Tests.Consumer;

/// <summary>
/// Runs the reference client against the Pact mock server, one interaction at a time, and keeps
/// the committed pact file honest: regenerating it must not change it.
/// </summary>
public sealed class AnyCheckConsumerTests
{
    private const string PactFileName = AnyCheckContract.Consumer + "-" + AnyCheckContract.Provider + ".json";

    public static TheoryData<string> Interactions { get; } = [.. AnyCheckContract.Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Interactions))]
    public async Task Client_AgainstPactMockServer_MatchesInteraction(string name)
    {
        var directory = Directory.CreateTempSubdirectory("pact-");
        try
        {
            await RunAsync(AnyCheckContract.Cases.Single(c => c.Name == name), directory.FullName);
            File.Exists(Path.Combine(directory.FullName, PactFileName)).Should().BeTrue();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ConsumerPact_Regenerated_MatchesCommittedFile()
    {
        var directory = Directory.CreateTempSubdirectory("pact-");
        try
        {
            foreach (var contract in AnyCheckContract.Cases)
            {
                await RunAsync(contract, directory.FullName);
            }
            var regenerated = await File.ReadAllTextAsync(Path.Combine(directory.FullName, PactFileName));
            var committedPath = Path.Combine(Repository.Root, "contracts", "pacts", PactFileName);
            if (Environment.GetEnvironmentVariable("UPDATE_PACTS") == "1")
            {
                await File.WriteAllTextAsync(committedPath, Canonical(regenerated));
            }
            File.Exists(committedPath).Should().BeTrue($"the pact file is committed at {committedPath}; run the tests with UPDATE_PACTS=1 to write it");
            Canonical(regenerated).Should().Be(
                Canonical(await File.ReadAllTextAsync(committedPath)),
                "the consumer contract changed; review the diff and commit it by running the tests with UPDATE_PACTS=1");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task RunAsync(ContractCase contract, string directory)
    {
        using var pact = new PactBuilder(AnyCheckContract.Consumer, AnyCheckContract.Provider);
        contract.Describe(pact.UponReceiving(contract.Name));
        await pact.VerifyAsync(async baseUri =>
        {
            using var http = new HttpClient { BaseAddress = baseUri };
            await contract.Exercise(new AnyCheckClient(http));
        }, directory);
    }

    /// <summary>Indented JSON with the library's own version stamp dropped, so upgrading pact_ffi alone is not drift.</summary>
    private static string Canonical(string json)
    {
        var node = JsonNode.Parse(json)!;
        (node["metadata"] as JsonObject)?.Remove("pactRust");
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
