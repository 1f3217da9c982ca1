using System.Text.Json.Nodes;
using Simulators.Core.Control;

namespace Simulators.Core.Hosting;

/// <summary>Reading a provider state's parameters (the verifier sends them as JSON; a contract's are strings).</summary>
public static class ProviderStateParameters
{
    /// <summary>The string parameter <paramref name="name"/>, or null when absent or not a string.</summary>
    public static string? Param(JsonObject parameters, string name)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }

    /// <summary>
    /// The tenant a state's parameter <paramref name="name"/> names (an App-ID, an access key, a client id), or
    /// <paramref name="fallback"/> when absent; an empty one is the control API's 400 <c>invalid_params</c>.
    /// </summary>
    public static string Tenant(JsonObject parameters, string name, string fallback) => Param(parameters, name) switch
    {
        null => fallback,
        "" => throw new ControlApiException(400, "invalid_params", $"Provider state parameter '{name}' must not be empty."),
        var tenant => tenant,
    };

    /// <summary>The string parameter <paramref name="name"/>; its absence is the control API's 400 <c>invalid_params</c>.</summary>
    public static string Required(JsonObject parameters, string name) =>
        Param(parameters, name) ?? throw new ControlApiException(400, "invalid_params", $"Provider state parameter '{name}' is required.");
}
