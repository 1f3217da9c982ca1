using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Simulators.Core.Errors;
using Simulators.Core.Jobs;
using Simulators.Core.Scenarios;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Hosting;

/// <summary>
/// Where a provider declares what is its own. Declarations are collected, then registered by the
/// engine at once, so their order never matters.
/// </summary>
public sealed class SimulatorBuilder
{
    private readonly ModuleDefinition _definition;

    internal SimulatorBuilder(SimulatorModule module, IServiceCollection services, IConfiguration configuration)
    {
        Module = module;
        Services = services;
        Configuration = configuration;
        _definition = new ModuleDefinition(module);
    }

    public SimulatorModule Module { get; }

    /// <summary>For the provider's own singletons (its store facade, auth, signers' dependencies).</summary>
    public IServiceCollection Services { get; }

    public IConfiguration Configuration { get; }

    internal ModuleDefinition Definition => _definition;

    /// <summary>
    /// The provider's options, bound from <paramref name="section"/> and checked at start-up: an
    /// unknown key or a value <paramref name="validate"/> rejects stops the simulator, naming it.
    /// Injectable as <typeparamref name="T"/> and as <c>IOptions&lt;T&gt;</c>.
    /// </summary>
    public SimulatorBuilder Options<T>(string section, Func<T, IEnumerable<string>>? validate = null)
        where T : class
    {
        Services.AddSimulatorOptions(Configuration, section, validate);
        _definition.OptionSections.Add(section);
        return this;
    }

    public SimulatorBuilder Scenarios(ScenarioCatalog catalog)
    {
        _definition.Scenarios = catalog ?? throw new ArgumentNullException(nameof(catalog));
        return this;
    }

    /// <summary>The provider's error envelope: every error the engine raises is written by it.</summary>
    public SimulatorBuilder Errors<TEnvelope>()
        where TEnvelope : ErrorEnvelope
    {
        Services.AddSingleton<TEnvelope>();
        Services.AddSingleton<ErrorEnvelope>(sp => sp.GetRequiredService<TEnvelope>());
        _definition.HasEnvelope = true;
        return this;
    }

    public SimulatorBuilder JobKind<TKind>()
        where TKind : class, IJobKind
    {
        Services.TryAddSingleton<TKind>();
        Services.AddSingleton<IJobKind>(sp => sp.GetRequiredService<TKind>());
        return this;
    }

    public SimulatorBuilder WebhookSigner<TSigner>()
        where TSigner : class, IWebhookSigner
    {
        Services.TryAddSingleton<TSigner>();
        Services.AddSingleton<IWebhookSigner>(sp => sp.GetRequiredService<TSigner>());
        return this;
    }

    /// <summary>The provider's retry schedule for its webhooks (the engine's default otherwise).</summary>
    public SimulatorBuilder WebhookRetry(Func<IServiceProvider, WebhookRetryPolicy> policy)
    {
        _definition.RetryPolicy = policy ?? throw new ArgumentNullException(nameof(policy));
        return this;
    }

    /// <summary>
    /// The Pact provider states, as a table of name → setup. <paramref name="tenantOf"/> says which
    /// tenant a state's parameters name; the engine resets that tenant and freezes its clock before
    /// each setup, so a contract sees exactly what it assumes.
    /// </summary>
    public SimulatorBuilder ProviderStates(Func<ProviderStateRequest, ValueTask<string>> tenantOf, Action<ProviderStateTable> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var table = new ProviderStateTable(tenantOf ?? throw new ArgumentNullException(nameof(tenantOf)));
        states(table);
        _definition.ProviderStates = table;
        return this;
    }

    /// <summary>Provider-specific control endpoints under <c>/__simulator</c> (accounts, keys, balances).</summary>
    public SimulatorBuilder Control(Action<RouteGroupBuilder> map)
    {
        _definition.ControlMaps.Add(map ?? throw new ArgumentNullException(nameof(map)));
        return this;
    }

    /// <summary>The provider's API.</summary>
    public SimulatorBuilder Endpoints(Action<IEndpointRouteBuilder> map)
    {
        _definition.EndpointMaps.Add(map ?? throw new ArgumentNullException(nameof(map)));
        return this;
    }

    /// <summary>Request headers the journal masks (credentials).</summary>
    public SimulatorBuilder SecretHeaders(params string[] names)
    {
        _definition.SecretHeaders.UnionWith(names);
        return this;
    }

    /// <summary>JSON body fields the journal masks in requests and responses (passwords, tokens, secrets).</summary>
    public SimulatorBuilder SecretFields(params string[] names)
    {
        _definition.SecretFields.UnionWith(names);
        return this;
    }

    /// <summary>What <c>GET /__simulator/credentials</c> shows.</summary>
    public SimulatorBuilder Credentials(Func<IServiceProvider, CancellationToken, ValueTask<object>> describe)
    {
        _definition.DescribeCredentials = describe ?? throw new ArgumentNullException(nameof(describe));
        return this;
    }

    /// <summary>The tenant a control call acts on when it names none (the default credentials' tenant).</summary>
    public SimulatorBuilder DefaultTenant(Func<IServiceProvider, string> tenant)
    {
        _definition.DefaultTenant = tenant ?? throw new ArgumentNullException(nameof(tenant));
        return this;
    }

    /// <summary>
    /// The tenant a provider credential in a control call belongs to (its API key, its token, its
    /// App-ID), or null when the call carries none that is valid. With it a suite drives its own
    /// tenant on a shared sandbox without the control token, and never another one.
    /// </summary>
    public SimulatorBuilder ControlCredential(Func<HttpContext, ValueTask<string?>> tenantOf)
    {
        _definition.ControlCredential = tenantOf ?? throw new ArgumentNullException(nameof(tenantOf));
        return this;
    }

    /// <summary>
    /// What a tenant name in a control call (<c>?tenant=</c>, <c>"tenant"</c>) stands for, e.g. a
    /// credential's text for that credential's tenant; null when the name stands for itself.
    /// </summary>
    public SimulatorBuilder TenantAlias(Func<IServiceProvider, string, CancellationToken, ValueTask<string?>> alias)
    {
        _definition.TenantAlias = alias ?? throw new ArgumentNullException(nameof(alias));
        return this;
    }

    /// <summary>
    /// Puts the start-up state in place (default credentials, signing keys): at start, where the
    /// store does not have it yet, and again after a reset of the whole simulator.
    /// </summary>
    public SimulatorBuilder Seed(Func<IServiceProvider, CancellationToken, ValueTask> seed)
    {
        _definition.Seeds.Add(seed ?? throw new ArgumentNullException(nameof(seed)));
        return this;
    }

    /// <summary>Lines for the start-up banner, from the bound options.</summary>
    public SimulatorBuilder Banner(Func<IServiceProvider, string, IEnumerable<string>> banner)
    {
        _definition.Banner = banner ?? throw new ArgumentNullException(nameof(banner));
        return this;
    }
}

/// <summary>The provider-states call as it arrived: the state's name and its parameters.</summary>
public sealed record ProviderStateRequest(string State, JsonObject Parameters, IServiceProvider Services);

/// <summary>What a provider-state setup works with: its tenant (already reset, clock frozen) and parameters.</summary>
public sealed record ProviderStateContext(string State, string Tenant, JsonObject Parameters, IServiceProvider Services, DateTimeOffset Now);

/// <summary>Provider state name → setup, as pact-net's provider-state middleware keeps them.</summary>
public sealed class ProviderStateTable(Func<ProviderStateRequest, ValueTask<string>> tenantOf)
{
    private readonly Dictionary<string, Func<ProviderStateContext, ValueTask<IReadOnlyDictionary<string, object?>>>> _states = new(StringComparer.Ordinal);

    internal Func<ProviderStateRequest, ValueTask<string>> TenantOf { get; } = tenantOf;

    public IReadOnlyCollection<string> Names => _states.Keys;

    /// <summary>A state and its setup; the setup returns values for provider-state injection (<c>{}</c> when none).</summary>
    public ProviderStateTable Add(string name, Func<ProviderStateContext, ValueTask<IReadOnlyDictionary<string, object?>>> setup)
    {
        _states.Add(name, setup ?? throw new ArgumentNullException(nameof(setup)));
        return this;
    }

    /// <summary>A state that needs nothing but a fresh tenant.</summary>
    public ProviderStateTable Add(string name) => Add(name, _ => ValueTask.FromResult<IReadOnlyDictionary<string, object?>>(new Dictionary<string, object?>()));

    internal bool TryGet(string name, out Func<ProviderStateContext, ValueTask<IReadOnlyDictionary<string, object?>>> setup) =>
        _states.TryGetValue(name, out setup!);
}

/// <summary>Everything a module declared, as the engine reads it.</summary>
public sealed class ModuleDefinition(SimulatorModule module)
{
    public SimulatorModule Module { get; } = module;

    public ScenarioCatalog Scenarios { get; internal set; } = new([]);

    internal bool HasEnvelope { get; set; }

    internal Func<IServiceProvider, WebhookRetryPolicy>? RetryPolicy { get; set; }

    internal ProviderStateTable? ProviderStates { get; set; }

    internal List<Action<RouteGroupBuilder>> ControlMaps { get; } = [];

    internal List<Action<IEndpointRouteBuilder>> EndpointMaps { get; } = [];

    internal HashSet<string> SecretHeaders { get; } = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Proxy-Authorization", "Cookie" };

    internal HashSet<string> SecretFields { get; } = new(StringComparer.Ordinal);

    internal List<string> OptionSections { get; } = [];

    internal Func<IServiceProvider, CancellationToken, ValueTask<object>>? DescribeCredentials { get; set; }

    internal Func<IServiceProvider, string>? DefaultTenant { get; set; }

    internal Func<HttpContext, ValueTask<string?>>? ControlCredential { get; set; }

    internal Func<IServiceProvider, string, CancellationToken, ValueTask<string?>>? TenantAlias { get; set; }

    internal List<Func<IServiceProvider, CancellationToken, ValueTask>> Seeds { get; } = [];

    internal Func<IServiceProvider, string, IEnumerable<string>>? Banner { get; set; }

    /// <summary>The start-up banner of this simulator at <paramref name="baseUrl"/>, from its bound options.</summary>
    public IEnumerable<string> BannerLines(IServiceProvider services, string baseUrl) =>
        Banner?.Invoke(services, baseUrl) ?? [$"{Module.DisplayName}   {baseUrl}"];
}
