using System.Collections.Immutable;
using System.Text.Json;

namespace Simulators.Core.Jobs;

/// <summary>
/// One state of a job's plan. A step is scheduled (<see cref="At"/> set, on the tenant's clock) or
/// waits: for an outside action (<see cref="Awaits"/>, e.g. the end user finishing a hosted
/// journey), or for the step before it, <see cref="Delay"/> after which it is due.
/// </summary>
/// <param name="State">The provider's status name, e.g. <c>IN_PROGRESS</c>.</param>
/// <param name="At">When it is (or was) reached; null while it waits.</param>
/// <param name="Notify">The job kind acts when it is reached (usually: a webhook); other steps are only visible.</param>
/// <param name="Awaits">The name of the outside action it waits for. On a scheduled step: the action the job
/// waits for while this step is the visible one (until the next scheduled step, e.g. a timeout, or a replan).</param>
/// <param name="Delay">Time after the step before it (or after the action) at which it is due.</param>
/// <param name="Data">The provider's payload for this state (an outcome), plain JSON.</param>
public readonly record struct JobStep(string State, DateTimeOffset? At, bool Notify = false, string? Awaits = null, TimeSpan Delay = default, JsonElement? Data = null);

/// <summary>
/// A job the engine knows: what the provider's record (a verification, an async extraction) is
/// doing over time. What a client sees is a pure function of the plan and the tenant's clock; the
/// pump only hands reached <see cref="JobStep.Notify"/> steps to the job's kind, once each, in order.
/// </summary>
/// <param name="Id">Unique within its tenant.</param>
/// <param name="Kind">The registered <see cref="IJobKind"/> that owns it.</param>
/// <param name="Scenario">The scenario it runs (or was last forced to).</param>
/// <param name="Subject">The id clients know it by (a verification id, a reference_id).</param>
/// <param name="CreatedAt">On the tenant's clock.</param>
/// <param name="Steps">The plan, in order; reached steps never change.</param>
/// <param name="Announced">How many steps the pump has handed on (or passed over, when not <see cref="JobStep.Notify"/>).</param>
public sealed record JobRecord(string Id, string Kind, string Scenario, string Subject, DateTimeOffset CreatedAt, ImmutableArray<JobStep> Steps, int Announced)
{
    /// <summary>A new job: waiting steps after scheduled ones get their due times.</summary>
    public static JobRecord Create(string id, string kind, string scenario, string subject, DateTimeOffset createdAt, IEnumerable<JobStep> steps) =>
        new(id, kind, scenario, subject, createdAt, Resolve([.. steps], createdAt), 0);

    /// <summary>Index of the step visible at <paramref name="now"/>, or -1 before the first one.</summary>
    public int IndexAt(DateTimeOffset now)
    {
        var steps = Steps;
        for (var i = steps.Length - 1; i >= 0; i--)
        {
            if (steps[i].At is { } at && at <= now)
            {
                return i;
            }
        }
        return -1;
    }

    public JobStep? StepAt(DateTimeOffset now) => IndexAt(now) is var i and >= 0 ? Steps[i] : null;

    /// <summary>The visible state, or null before the first step.</summary>
    public string? StateAt(DateTimeOffset now) => StepAt(now)?.State;

    /// <summary>True when every step of the plan is reached.</summary>
    public bool IsSettled(DateTimeOffset now) => IndexAt(now) == Steps.Length - 1;

    /// <summary>When the next step the kind must act on is due, in ticks; null when none is scheduled.</summary>
    public long? NextDueTicks()
    {
        for (var i = Announced; i < Steps.Length; i++)
        {
            var step = Steps[i];
            if (step.At is null)
            {
                return null;
            }
            if (step.Notify)
            {
                return step.At.Value.UtcTicks;
            }
        }
        return null;
    }

    /// <summary>The steps reached by <paramref name="now"/> and not yet announced, and the job with them marked announced.</summary>
    public (JobRecord Job, IReadOnlyList<int> Reached) Announce(DateTimeOffset now)
    {
        var reached = new List<int>();
        var next = Announced;
        while (next < Steps.Length && Steps[next].At is { } at && at <= now)
        {
            if (Steps[next].Notify)
            {
                reached.Add(next);
            }
            next++;
        }
        return (next == Announced ? this : this with { Announced = next }, reached);
    }

    /// <summary>Drops the steps not reached by <paramref name="now"/> and appends <paramref name="next"/> (cancel, retry, a forced outcome).</summary>
    public JobRecord Replan(DateTimeOffset now, IEnumerable<JobStep> next, string? scenario = null)
    {
        var kept = Steps.TakeWhile(s => s.At is { } at && at <= now);
        var steps = Resolve([.. kept, .. next], now);
        return this with { Steps = steps, Announced = Math.Min(Announced, steps.Length), Scenario = scenario ?? Scenario };
    }

    /// <summary>The outside action happened: the first step waiting for it is reached now (after its delay), and the ones after follow.</summary>
    public JobRecord? Act(string action, DateTimeOffset now)
    {
        var index = -1;
        for (var i = 0; i < Steps.Length; i++)
        {
            if (Steps[i].At is null)
            {
                index = Steps[i].Awaits == action ? i : -1;
                break;
            }
        }
        if (index < 0)
        {
            return null;
        }
        var steps = Steps.SetItem(index, Steps[index] with { At = now + Steps[index].Delay });
        return this with { Steps = Resolve(steps, now) };
    }

    /// <summary>The step that waits for an outside action now, if any.</summary>
    public JobStep? Waiting => Steps.FirstOrDefault(s => s.At is null) is { Awaits: not null } step ? step : null;

    /// <summary>
    /// The outside action the job waits for at <paramref name="now"/>: a waiting step's, or the visible scheduled
    /// step's when it names one and is not the last (a journey waiting for its user until a timeout step).
    /// </summary>
    public string? AwaitsAt(DateTimeOffset now)
    {
        if (Waiting is { } waiting)
        {
            return waiting.Awaits;
        }
        var index = IndexAt(now);
        return index >= 0 && index < Steps.Length - 1 ? Steps[index].Awaits : null;
    }

    /// <summary>Gives waiting steps that follow a scheduled one (or <paramref name="origin"/>) their due times; checks the order.</summary>
    private static ImmutableArray<JobStep> Resolve(ImmutableArray<JobStep> steps, DateTimeOffset origin)
    {
        var builder = steps.ToBuilder();
        DateTimeOffset? previous = origin;
        for (var i = 0; i < builder.Count; i++)
        {
            var step = builder[i];
            if (previous is null)
            {
                // Everything after a step that waits for an action waits with it.
                if (step.At is not null)
                {
                    throw new InvalidOperationException($"Job step {step.State} is scheduled after a step that waits for an action.");
                }
                continue;
            }
            if (step.At is null && step.Awaits is null)
            {
                step = step with { At = previous.Value + step.Delay };
                builder[i] = step;
            }
            if (step.At is { } at && i > 0 && builder[i - 1].At is { } last && at < last)
            {
                throw new InvalidOperationException($"Job steps must not go back in time ({step.State}).");
            }
            previous = step.At;
        }
        // ToBuilder sized it to the steps: hand its array over rather than copy it.
        return builder.Count == builder.Capacity ? builder.MoveToImmutable() : builder.ToImmutable();
    }
}
