using Microsoft.Extensions.DependencyInjection;

namespace Simulators.Testing;

/// <summary>Points an <c>IHttpClientFactory</c> client (named or typed) at a simulator in one line.</summary>
public static class SimulatorHttpClientBuilderExtensions
{
    /// <summary>
    /// Sends this client's requests to <paramref name="simulator"/>: its primary handler is
    /// <see cref="SimulatorHarness.CreateHandler"/> and its base address <see cref="SimulatorHarness.BaseAddress"/>
    /// (unless you set another one), e.g. <c>services.AddHttpClient&lt;MyKycClient&gt;().UseSimulator(sim)</c>.
    /// </summary>
    /// <param name="builder">The builder <c>AddHttpClient</c> returned.</param>
    /// <param name="simulator">A started harness.</param>
    /// <returns>The same builder, to chain more configuration (headers, resilience handlers).</returns>
    public static IHttpClientBuilder UseSimulator(this IHttpClientBuilder builder, SimulatorHarness simulator)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(simulator);
        return builder
            .ConfigureHttpClient(client => client.BaseAddress ??= simulator.BaseAddress)
            .ConfigurePrimaryHttpMessageHandler(simulator.CreateHandler);
    }
}
