using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Scenarios;

namespace Simulators.Core.Hosting;

/// <summary>Result of forcing the outcome of an existing job from the control API.</summary>
public enum ForceOutcomeResult
{
    Forced,
    NotFound,
    NotApplicable,
}

/// <summary>What the shared engine and control API need from a provider simulator.</summary>
public interface ISimulatorProvider
{
    /// <summary>The provider's display name, e.g. <c>AnyCheck</c>.</summary>
    string Name { get; }

    /// <summary>The tenant the control API acts on when a call names none (the default credentials' tenant).</summary>
    string DefaultTenant { get; }

    ScenarioCatalog Scenarios { get; }

    /// <summary>Default and registered credentials, as <c>GET /__simulator/credentials</c> shows them.</summary>
    object DescribeCredentials();

    /// <summary>Writes an error the framework raised (unknown route, body too large, our own bug) in the provider's own shape.</summary>
    Task WriteErrorAsync(HttpContext context, int status, string message);

    ForceOutcomeResult ForceOutcome(string jobId, Scenario scenario);

    /// <summary>Called after a whole-simulator reset: back to the start-up credentials.</summary>
    void ResetAll();

    /// <summary>
    /// Sets up a Pact provider state (<c>POST /__simulator/provider-states</c>, as the Pact verifier
    /// calls it). Returns values for provider-state injection, or throws <see cref="Control.ControlApiException"/>
    /// for an unknown state.
    /// </summary>
    IReadOnlyDictionary<string, object?> ApplyProviderState(string state, System.Text.Json.Nodes.JsonObject parameters, string action);

    /// <summary>Adds provider-specific control endpoints (accounts, keys, balances) under <c>/__simulator</c>.</summary>
    void MapControl(RouteGroupBuilder control);
}

/// <summary>An error in the provider's own envelope, raised by a handler and written by the provider.</summary>
public abstract class ProviderErrorException(string message) : Exception(message)
{
    public abstract int Status { get; }

    public abstract Task WriteAsync(HttpContext context);
}
