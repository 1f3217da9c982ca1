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

    /// <summary>The string parameter <paramref name="name"/>; its absence is the control API's 400 <c>invalid_params</c>.</summary>
    public static string Required(JsonObject parameters, string name) =>
        Param(parameters, name) ?? throw new ControlApiException(400, "invalid_params", $"Provider state parameter '{name}' is required.");
}
