using System.Text.Json;
using System.Text.Json.Nodes;
using Simulators.Contracts.Tests.Pact;

namespace Simulators.Contracts.Tests.Consumer;

/// <summary>One consumer interaction: how it is described to Pact, and the client code that exercises it.</summary>
internal sealed record ContractCase(string Name, Action<InteractionBuilder> Describe, Func<HttpClient, Task> Exercise);

/// <summary>Runs contract cases against the Pact mock server and reads pact files back in a stable form.</summary>
internal static class ConsumerContract
{
    public const string Consumer = "ekyc-client";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string FileName(string provider) => $"{Consumer}-{provider}.json";

    public static string CommittedPath(string provider) => Path.Combine(Repository.Root, "contracts", "pacts", FileName(provider));

    /// <summary>One interaction, its own pact handle and mock server; the pact file in <paramref name="directory"/> gains it.</summary>
    public static async Task RunAsync(string provider, ContractCase contract, string directory)
    {
        using var pact = new PactBuilder(Consumer, provider);
        contract.Describe(pact.UponReceiving(contract.Name));
        await pact.VerifyAsync(async baseUri =>
        {
            using var http = new HttpClient { BaseAddress = baseUri };
            await contract.Exercise(http);
        }, directory);
    }

    /// <summary>Every case, in order, into a fresh directory; returns the pact file's canonical text.</summary>
    public static async Task<string> RegenerateAsync(string provider, IEnumerable<ContractCase> cases)
    {
        var directory = Directory.CreateTempSubdirectory("pact-");
        try
        {
            foreach (var contract in cases)
            {
                await RunAsync(provider, contract, directory.FullName);
            }
            return Canonical(await File.ReadAllTextAsync(Path.Combine(directory.FullName, FileName(provider))));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Fails when <paramref name="regenerated"/> differs from the committed pact at <paramref name="committedPath"/>;
    /// with <c>UPDATE_PACTS=1</c> it writes the regenerated text there first (a deliberate change).
    /// </summary>
    public static async Task ShouldMatchCommittedAsync(string regenerated, string committedPath)
    {
        if (Environment.GetEnvironmentVariable("UPDATE_PACTS") == "1")
        {
            await File.WriteAllTextAsync(committedPath, regenerated);
        }
        File.Exists(committedPath).Should().BeTrue($"the pact file is committed at {committedPath}; run the tests with UPDATE_PACTS=1 to write it");
        regenerated.Should().Be(
            Canonical(await File.ReadAllTextAsync(committedPath)),
            "the contract changed; review the diff and commit it by running the tests with UPDATE_PACTS=1");
    }

    /// <summary>Indented JSON with the library's own version stamp dropped, so upgrading pact_ffi alone is not drift.</summary>
    public static string Canonical(string json)
    {
        var node = JsonNode.Parse(json)!;
        (node["metadata"] as JsonObject)?.Remove("pactRust");
        return node.ToJsonString(Indented) + "\n";
    }
}
