using Simulators.Core.Scenarios;
using Simulators.Core.State;
using Simulators.Core.Webhooks;

namespace Simulators.Core.Jobs;

/// <summary>
/// What a provider's feature tells the engine about its jobs (one kind per feature: a verification,
/// an async KTP extraction, a hosted journey): what to send when a step is reached, and how to
/// force an outcome on an existing job.
/// </summary>
public interface IJobKind
{
    /// <summary>Matches <see cref="JobRecord.Kind"/>.</summary>
    string Name { get; }

    /// <summary>
    /// The webhooks to send for a reached <see cref="JobStep.Notify"/> step. They are stored in the
    /// same commit that marks the step announced, so a step is never announced twice or lost.
    /// </summary>
    ValueTask<IReadOnlyList<NewDelivery>> OnReachedAsync(string tenant, Stored<JobRecord> job, int stepIndex, CancellationToken cancellationToken);

    /// <summary>The job replanned to end the way <paramref name="scenario"/> says, or null when it does not apply to this job.</summary>
    ValueTask<JobRecord?> ForceAsync(string tenant, JobRecord job, Scenario scenario, DateTimeOffset now, CancellationToken cancellationToken);
}
