using Microsoft.AspNetCore.Mvc;
using Simulators.SandboxConsole.Control;

namespace Simulators.SandboxConsole.Pages;

/// <summary>A job's timeline: its steps, the requests that mention it, each webhook delivery and attempt; force an outcome, replay a delivery.</summary>
public sealed class JobModel(ConsoleSettings settings, ControlClient control) : ConsolePageModel(settings, control)
{
    /// <summary>How far back the journal is searched for the job's requests.</summary>
    public const int JournalDepth = 1000;

    public JobDetail Job { get; private set; } = null!;

    /// <summary>Scenarios that apply to this job's kind first; the others the simulator may still refuse.</summary>
    public IReadOnlyList<ScenarioInfo> Applicable { get; private set; } = [];

    public IReadOnlyList<ScenarioInfo> Others { get; private set; } = [];

    public IReadOnlyList<JournalEntry> Requests { get; private set; } = [];

    public ControlError? ReadError { get; private set; }

    public async Task<IActionResult> OnGetAsync(string sim, string id)
    {
        if (await FindAsync(sim, id) is { } missing)
        {
            return missing;
        }
        var cancel = HttpContext.RequestAborted;
        var scenarios = Control.GetAsync<ScenariosInfo>(Target, "scenarios", cancel);
        var journal = Control.GetAsync<JournalInfo>(Target, "requests" + ControlClient.Query(("tenant", Job.Tenant), ("limit", JournalDepth.ToString(System.Globalization.CultureInfo.InvariantCulture))), cancel);
        var all = (await scenarios).Value?.Items ?? [];
        var current = all.FirstOrDefault(s => s.Name == Job.Scenario);
        // A scenario's appliesTo names the kinds it fits (the job kind, or the provider's own variants such as
        // KTP_SELFIE); sharing one with the job's current scenario is the best sign it fits this job.
        bool Fits(ScenarioInfo s) => s.AppliesTo.Count == 0 || s.AppliesTo.Contains(Job.Kind)
            || current is null || current.AppliesTo.Count == 0 || s.AppliesTo.Intersect(current.AppliesTo).Any();
        Applicable = [.. all.Where(Fits)];
        Others = [.. all.Where(s => !Fits(s))];
        Requests = [.. ((await journal).Value?.Items ?? []).Where(e => e.Mentions(Job.Id) || e.Mentions(Job.Subject))];
        ReadError = (await scenarios).Error ?? (await journal).Error;
        return Page();
    }

    public async Task<IActionResult> OnPostOutcomeAsync(string sim, string id, string? scenario)
    {
        if (await FindAsync(sim, id) is { } missing)
        {
            return missing;
        }
        var answer = await Control.PostAsync<object>(Target, $"jobs/{ControlClient.Segment(Job.Id)}/outcome", new { tenant = Job.Tenant, scenario = scenario ?? "" }, HttpContext.RequestAborted);
        return Done(answer.Error, $"Forced {scenario} on job {Job.Id}.", new { sim, id });
    }

    public async Task<IActionResult> OnPostReplayAsync(string sim, string id, string? delivery)
    {
        if (await FindAsync(sim, id) is { } missing)
        {
            return missing;
        }
        if (Job.Deliveries.FirstOrDefault(d => d.Id == delivery) is null)
        {
            return Done(new ControlError(404, "not_found", $"Job {Job.Id} has no webhook delivery {delivery}."), "", new { sim, id });
        }
        var answer = await Control.PostAsync<ReplayInfo>(Target, $"webhooks/{ControlClient.Segment(delivery!)}/replay", new { tenant = Job.Tenant }, HttpContext.RequestAborted);
        var attempt = answer.Value?.Attempt;
        var result = attempt is null ? "" : attempt.StatusCode is { } code ? $"answered {code}" : $"got no answer ({attempt.Error})";
        return Done(answer.Error, $"Sent delivery {delivery} again (attempt {attempt?.Number}): the receiver {result}.", new { sim, id });
    }

    private async Task<IActionResult?> FindAsync(string sim, string id)
    {
        if (!Resolve(sim))
        {
            return Missing($"There is no simulator '{sim}'.");
        }
        // "." and ".." would climb out of /jobs/ once in a URL; no job has such an id.
        if (id is "." or "..")
        {
            return Missing($"{Target.DisplayName} has no job '{id}'.");
        }
        var job = await Control.GetAsync<JobDetail>(Target, "jobs/" + ControlClient.Segment(id), HttpContext.RequestAborted);
        if (job.Error is { } error)
        {
            return Missing(error.Status == 404 ? $"{Target.DisplayName} has no job '{id}'." : $"{Target.DisplayName} did not show job '{id}' ({error}).");
        }
        if (job.Value is not { Id: not null, Steps: not null, Deliveries: not null })
        {
            return Missing($"{Target.DisplayName} has no job '{id}'.");
        }
        Job = job.Value!;
        return null;
    }
}
