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

    [Fact]
    public void AdvanceAiHandler_BodyChangedAfterSigning_RejectsIt()
    {
        using var pact = new PactBuilder(WebhookContract.Consumer, AdvanceAiContract.Provider);
        var signed = WebhookContract.AdvanceAi.Single(m => m.Name == WebhookContract.AdvanceAiWebhookDescription("COMPLETED"));
        var incoming = WebhookContract.Run(pact, signed);
        var tampered = incoming with { Body = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(incoming.Body).Replace("COMPLETED", "SUBMIT_COMPLETED", StringComparison.Ordinal)) };

        var handle = () => new Client.AdvanceAiNoticeHandler(WebhookContract.AdvanceAiSecret).Handle(tampered);

        handle.Should().Throw<Client.WebhookRejectedException>().WithMessage("*signature*");
    }

    [Fact]
    public void VerifikHandler_EventOfAnotherFlowType_RejectsIt()
    {
        using var pact = new PactBuilder(WebhookContract.Consumer, VerifikContract.Provider);
        var incoming = WebhookContract.Run(pact, WebhookContract.Verifik[0]);
        var login = incoming with { Body = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(incoming.Body).Replace("\"onboarding_", "\"login_", StringComparison.Ordinal)) };

        var handle = () => new Client.VerifikWebhookHandler().Handle(login);

        handle.Should().Throw<Client.WebhookRejectedException>().WithMessage("unknown event login_app_registration_created");
    }

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public async Task MessagePact_Regenerated_MatchesCommittedFile(string provider)
    {
        var regenerated = WebhookContract.Regenerate(provider);
        await ConsumerContract.ShouldMatchCommittedAsync(regenerated, WebhookContract.CommittedPath(provider));
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
