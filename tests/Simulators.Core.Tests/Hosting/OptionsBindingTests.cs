using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Simulators.Core.Hosting;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Tests.Hosting;

internal sealed class SampleOptions
{
    public int MaxPending { get; set; }

    public string Name { get; set; } = "";

    public SampleLimits Limits { get; set; } = new();

    public Dictionary<string, string> Headers { get; init; } = [];

    public Dictionary<string, SampleLimits> Accounts { get; } = [];

    public IList<string> Hosts { get; } = [];

    public string Computed => Name + "!";
}

internal sealed class SampleLimits
{
    public int Rate { get; set; }

    public bool Strict { get; set; }
}

public sealed class OptionsBindingTests
{
    private static IConfigurationSection Section(string name, params string[] keys) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(keys.Select(k => KeyValuePair.Create<string, string?>(k, "1")))
            .Build()
            .GetSection(name);

    [Theory]
    [InlineData("Sample:MaxPending")]
    [InlineData("Sample:maxpending")]
    [InlineData("Sample:Name")]
    [InlineData("Sample:Limits:Rate")]
    [InlineData("Sample:limits:STRICT")]
    [InlineData("Sample:Headers:X-Custom")]
    [InlineData("Sample:Headers:Any:Depth")]
    [InlineData("Sample:Accounts:acme:Rate")]
    [InlineData("Sample:Hosts:0")]
    [InlineData("Other:Unrelated")]
    public void UnknownKeys_KnownKeyOrChildOfACollection_IsAccepted(string key)
    {
        OptionsBinding.UnknownKeys(Section("Sample", key), typeof(SampleOptions)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("Sample:MaxPendng", "Sample:MaxPendng")]
    [InlineData("Sample:Limits:Rat", "Sample:Limits:Rat")]
    [InlineData("Sample:Limit:Rate", "Sample:Limit")]
    [InlineData("Sample:Computed", "Sample:Computed")]
    public void UnknownKeys_MisspeltOrReadOnlyKey_IsNamedByItsPath(string key, string expected)
    {
        OptionsBinding.UnknownKeys(Section("Sample", key), typeof(SampleOptions)).Should().Equal(expected);
    }

    [Fact]
    public void UnknownKeys_SeveralProblems_NamesEachOnce()
    {
        var section = Section("Sample", "Sample:MaxPending", "Sample:Nmae", "Sample:Limits:Rate", "Sample:Limits:Strikt", "Sample:Headers:X-A");

        OptionsBinding.UnknownKeys(section, typeof(SampleOptions)).Should().BeEquivalentTo("Sample:Nmae", "Sample:Limits:Strikt");
    }

    [Theory]
    [InlineData("Webhooks:MaxPending", false)]
    [InlineData("Webhooks:FinishedPerTenant", false)]
    [InlineData("Webhooks:MaxPendng", true)]
    [InlineData("Webhooks:ConcurrencyPerTennant", true)]
    public void UnknownKeys_WebhookOptions_FindsAMisspeltKey(string key, bool unknown)
    {
        OptionsBinding.UnknownKeys(Section("Webhooks", key), typeof(WebhookOutboxOptions)).Any().Should().Be(unknown);
    }

    [Fact]
    public void AddSimulatorOptions_MisspeltKey_StopsTheOptionsFromBinding()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create<string, string?>("Sample:MaxPendng", "3")]).Build();
        var services = new ServiceCollection();
        services.AddSimulatorOptions<SampleOptions>(configuration, "Sample");
        using var provider = services.BuildServiceProvider();

        var resolve = () => provider.GetRequiredService<SampleOptions>();

        resolve.Should().Throw<OptionsValidationException>().WithMessage("*unknown option 'Sample:MaxPendng'*");
    }

    [Fact]
    public void AddSimulatorOptions_ValidKeysAndValues_BindAndRegisterTheOptionsThemselves()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
        [
            KeyValuePair.Create<string, string?>("Sample:MaxPending", "3"),
            KeyValuePair.Create<string, string?>("Sample:Limits:Rate", "7"),
            KeyValuePair.Create<string, string?>("Sample:Headers:X-A", "b"),
        ]).Build();
        var services = new ServiceCollection();
        services.AddSimulatorOptions<SampleOptions>(configuration, "Sample", o => o.MaxPending < 1 ? ["MaxPending must be 1 or more"] : []);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<SampleOptions>();

        (options.MaxPending, options.Limits.Rate, options.Headers["X-A"]).Should().Be((3, 7, "b"));
        provider.GetRequiredService<IOptions<SampleOptions>>().Value.Should().BeSameAs(options);
    }

    [Fact]
    public void AddSimulatorOptions_ValueTheValidatorRejects_StopsTheOptionsFromBinding()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create<string, string?>("Sample:MaxPending", "0")]).Build();
        var services = new ServiceCollection();
        services.AddSimulatorOptions<SampleOptions>(configuration, "Sample", o => o.MaxPending < 1 ? ["MaxPending must be 1 or more"] : []);
        using var provider = services.BuildServiceProvider();

        var resolve = () => provider.GetRequiredService<IOptions<SampleOptions>>().Value;

        resolve.Should().Throw<OptionsValidationException>().WithMessage("*MaxPending must be 1 or more*");
    }
}
