using Simulators.Core.Tenants;

namespace Simulators.Core.Scenarios;

/// <summary>The reason a scenario request cannot be honoured; the provider turns it into its own 400.</summary>
public sealed class ScenarioRejectedException(string message) : Exception(message);

/// <summary>
/// Chooses a job's scenario: the per-request header, then an outcome queued on the control API,
/// then the provider's magic values, then a recognised fixture (hash or <c>SIMULATOR:NAME</c>
/// marker), then the default.
/// </summary>
public static class ScenarioResolver
{
    /// <param name="catalog">The provider's scenarios.</param>
    /// <param name="tenant">Whose queued outcomes to consult.</param>
    /// <param name="kind">The job kind, to skip scenarios that do not fit it.</param>
    /// <param name="header">The <c>X-Simulator-Scenario</c> value, if any.</param>
    /// <param name="magicValue">A scenario picked by the provider's own sandbox values, if any.</param>
    /// <param name="inputs">The uploaded files' bytes, searched for a fixture hash or marker.</param>
    /// <param name="defaultName">What happens when nothing else decides.</param>
    public static ResolvedScenario Resolve(
        ScenarioCatalog catalog,
        Tenant tenant,
        string kind,
        string? header,
        string? magicValue,
        IEnumerable<ReadOnlyMemory<byte>> inputs,
        string defaultName)
    {
        if (!string.IsNullOrWhiteSpace(header))
        {
            if (!catalog.TryGet(header, out var forced))
            {
                throw new ScenarioRejectedException(
                    $"Unknown simulator scenario '{header.Trim()}'. GET /__simulator/scenarios lists them.");
            }
            if (!forced.Fits(kind))
            {
                throw new ScenarioRejectedException(
                    $"Simulator scenario '{forced.Name}' does not apply to {kind}; it applies to {string.Join(", ", forced.AppliesTo)}.");
            }
            return new(forced, ScenarioSource.Header);
        }

        // A queued outcome waits for the first job it fits.
        if (tenant.TryPeekOutcome(out var queuedName) && catalog.TryGet(queuedName, out var queued) && queued.Fits(kind)
            && tenant.TryTakeOutcome(out _))
        {
            return new(queued, ScenarioSource.Queued);
        }

        if (magicValue is not null && catalog.TryGet(magicValue, out var magic) && magic.Fits(kind))
        {
            return new(magic, ScenarioSource.MagicValue);
        }

        foreach (var input in inputs)
        {
            var fixture = catalog.FixtureFor(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(input.Span)));
            if (fixture is not null && fixture.Fits(kind))
            {
                return new(fixture, ScenarioSource.Fixture);
            }
            if (ScenarioMarker.Find(input.Span) is { } marked && catalog.TryGet(marked, out var byMarker) && byMarker.Fits(kind))
            {
                return new(byMarker, ScenarioSource.Fixture);
            }
        }

        return new(catalog[defaultName], ScenarioSource.Default);
    }
}
