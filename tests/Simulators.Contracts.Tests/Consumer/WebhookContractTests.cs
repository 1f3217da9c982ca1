using Simulators.Contracts.Tests.Pact;

namespace Simulators.Contracts.Tests.Consumer;

/// <summary>
/// The webhook and callback messages, each accepted by the reference handler as the pact gives it,
/// and the committed message pacts kept honest: regenerating them must not change them.
/// </summary>
public sealed class WebhookContractTests
{
    public static TheoryData<string, string> Messages { get; } = AllMessages();

    public static TheoryData<string> ProviderNames { get; } = [.. WebhookContract.Providers.Keys];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Handler_ReifiedMessage_AcceptsIt(string provider, string name)
    {
        using var pact = new PactBuilder(WebhookContract.Consumer, provider);
        var incoming = WebhookContract.Run(pact, WebhookContract.Providers[provider].Single(m => m.Name == name));
        incoming.Body.Should().NotBeEmpty();
    }

    [Fact]
    public void AnyCheckHandler_BodyChangedAfterSigning_RejectsIt()
    {
        using var pact = new PactBuilder(WebhookContract.Consumer, "anycheck");
        var incoming = WebhookContract.Run(pact, WebhookContract.AnyCheck[0]);
        var tampered = incoming with { Body = [.. incoming.Body.SkipLast(1), (byte)' ', (byte)'}'] };

        var handle = () => new Client.AnyCheckWebhookHandler(WebhookContract.AnyCheckSecret).Handle(tampered);

        handle.Should().Throw<Client.WebhookRejectedException>().WithMessage("*signature*");
    }

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public async Task MessagePact_Regenerated_MatchesCommittedFile(string provider)
    {
        var regenerated = WebhookContract.Regenerate(provider);
        var committedPath = WebhookContract.CommittedPath(provider);
        if (Environment.GetEnvironmentVariable("UPDATE_PACTS") == "1")
        {
            await File.WriteAllTextAsync(committedPath, regenerated);
        }
        File.Exists(committedPath).Should().BeTrue($"the message pact is committed at {committedPath}; run the tests with UPDATE_PACTS=1 to write it");
        regenerated.Should().Be(
            ConsumerContract.Canonical(await File.ReadAllTextAsync(committedPath)),
            "the message contract changed; review the diff and commit it by running the tests with UPDATE_PACTS=1");
    }

    private static TheoryData<string, string> AllMessages()
    {
        var data = new TheoryData<string, string>();
        foreach (var (provider, messages) in WebhookContract.Providers)
        {
            foreach (var message in messages)
            {
                data.Add(provider, message.Name);
            }
        }
        return data;
    }
}
