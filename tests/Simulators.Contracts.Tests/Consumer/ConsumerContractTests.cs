namespace Simulators.Contracts.Tests.Consumer;

/// <summary>
/// Runs each reference client against the Pact mock server, one interaction at a time, and keeps
/// the committed pact files honest: regenerating them must not change them.
/// </summary>
public sealed class ConsumerContractTests
{
    private static readonly Dictionary<string, IReadOnlyList<ContractCase>> Providers = new()
    {
        ["anycheck"] = AnyCheckContract.Cases,
        ["verihubs"] = VerihubsContract.Cases,
        [AdvanceAiContract.Provider] = AdvanceAiContract.Cases,
        [VerifikContract.Provider] = VerifikContract.Cases,
    };

    public static TheoryData<string, string> Interactions { get; } = AllInteractions();

    public static TheoryData<string> ProviderNames { get; } = [.. Providers.Keys];

    [Theory]
    [MemberData(nameof(Interactions))]
    public async Task Client_AgainstPactMockServer_MatchesInteraction(string provider, string name)
    {
        var directory = Directory.CreateTempSubdirectory("pact-");
        try
        {
            await ConsumerContract.RunAsync(provider, Providers[provider].Single(c => c.Name == name), directory.FullName);
            File.Exists(Path.Combine(directory.FullName, ConsumerContract.FileName(provider))).Should().BeTrue();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public async Task ConsumerPact_Regenerated_MatchesCommittedFile(string provider)
    {
        var regenerated = await ConsumerContract.RegenerateAsync(provider, Providers[provider]);
        await ConsumerContract.ShouldMatchCommittedAsync(regenerated, ConsumerContract.CommittedPath(provider));
    }

    private static TheoryData<string, string> AllInteractions()
    {
        var data = new TheoryData<string, string>();
        foreach (var (provider, cases) in Providers)
        {
            foreach (var contract in cases)
            {
                data.Add(provider, contract.Name);
            }
        }
        return data;
    }
}
