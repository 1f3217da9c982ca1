using Simulators.Testing;
using Xunit.Abstractions;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// <c>schemas/advance-ai/</c> against the ADVANCE.AI simulator: the coverage run over <see cref="AdvanceAiTour"/>
/// (every endpoint, code, scenario on every kind of transaction, journey state and notice), and field renames in
/// real answers of each kind.
/// </summary>
public sealed class AdvanceAiSchemaCoverageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AdvanceAiJournal_EveryEndpointCodeScenarioAndNoticeExercised_EveryBodyMatchesItsSchema()
    {
        await using var sim = await SimulatorHarness.StartAdvanceAiAsync(o =>
        {
            // Token requests are validated whole, signature included.
            o.Configuration["Journal:MaskSecretFields"] = "false";
            o.Configuration["Limits:RequestBodyBytes"] = AdvanceAiSchemaMap.RequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        var tour = new AdvanceAiTour(sim);
        await tour.RunAsync();

        await new SchemaCoverageRunner(new AdvanceAiCoverageProfile(tour), output).RunAsync(sim);
    }
}
