using System.Security.Cryptography;
using Simulators.Core.Tenants;

namespace Simulators.Core.Scenarios;

/// <summary>The reason a scenario request cannot be honoured; the provider turns it into its own 400.</summary>
public sealed class ScenarioRejectedException(string message) : Exception(message);

/// <summary>What the resolver looks for in an input file: its SHA-256 (a shipped fixture?) and a <c>SIMULATOR:&lt;NAME&gt;</c> marker.</summary>
public sealed record ScenarioInput(string Sha256Hex, string? Marker)
{
    /// <summary>Hashes and scans a file once; a provider that keeps files may keep this with them.</summary>
    public static ScenarioInput Of(ReadOnlySpan<byte> bytes) => new(Convert.ToHexStringLower(SHA256.HashData(bytes)), ScenarioMarker.Find(bytes));
}

/// <summary>
/// Chooses a job's scenario: the per-request header, then an outcome queued on the control API,
/// then the provider's magic values, then a recognised fixture (hash or <c>SIMULATOR:NAME</c>
/// marker), then the default.
/// </summary>
public sealed class ScenarioResolver(ScenarioCatalog catalog, TenantDirectory tenants)
{
    public ScenarioCatalog Catalog { get; } = catalog;

    /// <param name="tenant">Whose queued outcomes to consult (as the request found it).</param>
    /// <param name="kind">The job kind, to skip scenarios that do not fit it.</param>
    /// <param name="header">The <c>X-Simulator-Scenario</c> value, if any.</param>
    /// <param name="magicValue">A scenario picked by the provider's own sandbox values, if any.</param>
    /// <param name="inputs">The uploaded files, by their hash and marker.</param>
    /// <param name="defaultName">What happens when nothing else decides.</param>
    /// <param name="cancellationToken">The request's.</param>
    public async ValueTask<ResolvedScenario> ResolveAsync(
        TenantContext tenant,
        string kind,
        string? header,
        string? magicValue,
        IEnumerable<ScenarioInput> inputs,
        string defaultName,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (!string.IsNullOrWhiteSpace(header))
        {
            // A header value's surrounding whitespace is not part of it (HTTP's optional whitespace).
            if (!Catalog.TryGet(header.Trim(), out var forced))
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
        if (tenant.Record is { QueuedOutcomes.IsEmpty: false }
            && await tenants.TakeOutcomeAsync(tenant.Id, name => Catalog.TryGet(name, out var s) && s.Fits(kind), cancellationToken) is { } taken)
        {
            return new(Catalog[taken], ScenarioSource.Queued);
        }

        if (magicValue is not null && Catalog.TryGet(magicValue, out var magic) && magic.Fits(kind))
        {
            return new(magic, ScenarioSource.MagicValue);
        }

        foreach (var input in inputs)
        {
            var fixture = Catalog.FixtureFor(input.Sha256Hex);
            if (fixture is not null && fixture.Fits(kind))
            {
                return new(fixture, ScenarioSource.Fixture);
            }
            if (input.Marker is { } marked && Catalog.TryGet(marked, out var byMarker) && byMarker.Fits(kind))
            {
                return new(byMarker, ScenarioSource.Fixture);
            }
        }

        return new(Catalog[defaultName], ScenarioSource.Default);
    }

    /// <summary>The same, hashing and scanning the files' bytes here.</summary>
    public ValueTask<ResolvedScenario> ResolveFilesAsync(
        TenantContext tenant,
        string kind,
        string? header,
        string? magicValue,
        IEnumerable<ReadOnlyMemory<byte>> inputs,
        string defaultName,
        CancellationToken cancellationToken = default) =>
        ResolveAsync(tenant, kind, header, magicValue, inputs.Select(i => ScenarioInput.Of(i.Span)), defaultName, cancellationToken);

    /// <summary>True when the tenant has an outcome queued (a retry then consults the queue).</summary>
    public static bool HasQueued(TenantContext tenant) => tenant?.Record is { QueuedOutcomes.IsEmpty: false };
}
