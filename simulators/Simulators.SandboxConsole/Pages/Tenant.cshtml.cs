using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Simulators.SandboxConsole.Control;

namespace Simulators.SandboxConsole.Pages;

/// <summary>One tenant of a simulator: its clock and its actions, jobs, queued outcomes, fault rules and request journal.</summary>
public sealed class TenantModel(ConsoleSettings settings, ControlClient control) : ConsolePageModel(settings, control)
{
    public const int DefaultLimit = 50;

    public TenantInfo Tenant { get; private set; } = null!;

    public IReadOnlyList<JobSummary> Jobs { get; private set; } = [];

    public IReadOnlyList<ScenarioInfo> Scenarios { get; private set; } = [];

    public OutcomesInfo? Outcomes { get; private set; }

    public IReadOnlyList<FaultRule> Faults { get; private set; } = [];

    public JournalInfo? Journal { get; private set; }

    /// <summary>What a read failed with, shown in place of its section.</summary>
    public ControlError? ReadError { get; private set; }

    public int Limit { get; private set; } = DefaultLimit;

    public bool Live { get; private set; }

    public async Task<IActionResult> OnGetAsync(string sim, string? tenant, string? limit, string? live)
    {
        if (await FindAsync(sim, tenant) is { } missing)
        {
            return missing;
        }
        Limit = int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 1000) : DefaultLimit;
        Live = live is "on" or "true";
        var cancel = HttpContext.RequestAborted;
        var query = ControlClient.Query(("tenant", Tenant.Tenant));
        var jobs = Control.GetAsync<ItemsOf<JobSummary>>(Target, "jobs" + query, cancel);
        var scenarios = Control.GetAsync<ScenariosInfo>(Target, "scenarios", cancel);
        var outcomes = Control.GetAsync<OutcomesInfo>(Target, "outcomes" + query, cancel);
        var faults = Control.GetAsync<ItemsOf<FaultRule>>(Target, "faults", cancel);
        var journal = Control.GetAsync<JournalInfo>(Target, "requests" + ControlClient.Query(("tenant", Tenant.Tenant), ("limit", Limit.ToString(CultureInfo.InvariantCulture))), cancel);
        Jobs = (await jobs).Value?.Items ?? [];
        Scenarios = (await scenarios).Value?.Items ?? [];
        Outcomes = (await outcomes).Value;
        Faults = [.. ((await faults).Value?.Items ?? []).Where(f => f.Tenant is null || f.Tenant == Tenant.Tenant)];
        Journal = (await journal).Value;
        ReadError = (await jobs).Error ?? (await journal).Error ?? (await faults).Error ?? (await outcomes).Error;
        return Page();
    }

    public Task<IActionResult> OnPostAdvanceAsync(string sim, string? tenant, string? seconds) => ActAsync(sim, tenant, async t =>
    {
        if (!double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var by) || !double.IsFinite(by))
        {
            return (new ControlError(400, "invalid_seconds", "Seconds to advance must be a number, e.g. 30 or 0.5."), "");
        }
        var answer = await Control.PostAsync<TenantInfo>(Target, "clock/advance", new { tenant = t, seconds = by }, HttpContext.RequestAborted);
        return (answer.Error, $"Advanced {t}'s clock by {by.ToString(CultureInfo.InvariantCulture)} s: now {Format.Time(answer.Value?.Now)} UTC.");
    });

    public Task<IActionResult> OnPostFreezeAsync(string sim, string? tenant) => ActAsync(sim, tenant, async t =>
        ((await Control.PostAsync<TenantInfo>(Target, "clock/freeze", new { tenant = t }, HttpContext.RequestAborted)).Error, $"Froze {t}'s clock."));

    public Task<IActionResult> OnPostResumeAsync(string sim, string? tenant) => ActAsync(sim, tenant, async t =>
        ((await Control.PostAsync<TenantInfo>(Target, "clock/resume", new { tenant = t }, HttpContext.RequestAborted)).Error, $"Resumed {t}'s clock."));

    /// <summary>A reset tenant is gone from the simulator's list: back to the simulator's page.</summary>
    public async Task<IActionResult> OnPostResetAsync(string sim, string? tenant)
    {
        if (await FindAsync(sim, tenant) is { } missing)
        {
            return missing;
        }
        var answer = await Control.PostAsync<object>(Target, "reset", new { tenant = Tenant.Tenant }, HttpContext.RequestAborted);
        return answer.Error is null
            ? Done(null, $"Reset tenant {Tenant.Tenant}: its jobs, journal, webhooks and clock are gone.", new { sim }, "/Simulator")
            : Done(answer.Error, "", new { sim, tenant = Tenant.Tenant });
    }

    public Task<IActionResult> OnPostQueueOutcomeAsync(string sim, string? tenant, string? scenario, string? count) => ActAsync(sim, tenant, async t =>
    {
        var times = int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 1;
        var answer = await Control.PostAsync<OutcomesInfo>(Target, "outcomes", new { tenant = t, scenario = scenario ?? "", count = times }, HttpContext.RequestAborted);
        return (answer.Error, $"Queued {scenario} × {times} for {t}'s next jobs.");
    });

    public Task<IActionResult> OnPostClearOutcomesAsync(string sim, string? tenant) => ActAsync(sim, tenant, async t =>
        (await Control.SendAsync(Target, HttpMethod.Delete, "outcomes" + ControlClient.Query(("tenant", t)), null, HttpContext.RequestAborted), $"Cleared {t}'s queued outcomes."));

    public Task<IActionResult> OnPostAddFaultAsync(string sim, string? tenant, FaultForm fault) => ActAsync(sim, tenant, async t =>
    {
        if (fault.Body(t) is not { } body)
        {
            return (new ControlError(400, "invalid_fault", "The status, latency and count must be whole numbers."), "");
        }
        var answer = await Control.PostAsync<FaultRule>(Target, "faults", body, HttpContext.RequestAborted);
        return (answer.Error, $"Added fault rule {answer.Value?.Id}: {answer.Value?.Method ?? "any method"} {answer.Value?.Path} → {answer.Value?.Effect}.");
    });

    public Task<IActionResult> OnPostRemoveFaultAsync(string sim, string? tenant, string? id) => ActAsync(sim, tenant, async t =>
        (await Control.SendAsync(Target, HttpMethod.Delete, "faults/" + ControlClient.Segment(id ?? ""), null, HttpContext.RequestAborted), $"Removed fault rule {id}."));

    /// <summary>The simulator and tenant, or the console's 404 when either does not exist.</summary>
    private async Task<IActionResult?> FindAsync(string sim, string? tenant)
    {
        if (!Resolve(sim))
        {
            return Missing($"There is no simulator '{sim}'.");
        }
        var tenants = await Control.GetAsync<ItemsOf<TenantInfo>>(Target, "tenants", HttpContext.RequestAborted);
        if (tenants.Error is { } error)
        {
            return Missing($"{Target.DisplayName} did not list its tenants ({error}).");
        }
        if ((tenants.Value?.Items ?? []).FirstOrDefault(t => t.Tenant == tenant) is not { } found)
        {
            return Missing($"{Target.DisplayName} has no tenant '{tenant}'.");
        }
        Tenant = found;
        return null;
    }

    private async Task<IActionResult> ActAsync(string sim, string? tenant, Func<string, Task<(ControlError? Error, string Success)>> action)
    {
        if (await FindAsync(sim, tenant) is { } missing)
        {
            return missing;
        }
        var (error, success) = await action(Tenant.Tenant);
        return Done(error, success, new { sim, tenant = Tenant.Tenant });
    }
}

/// <summary>The add-a-fault-rule form: one effect, on this tenant or on every tenant.</summary>
public sealed class FaultForm
{
    public string? Path { get; set; }

    public string? Method { get; set; }

    /// <summary><c>status</c>, <c>latencyMs</c>, <c>reset</c> or <c>truncate</c>.</summary>
    public string? Effect { get; set; }

    public string? Value { get; set; }

    public string? Count { get; set; }

    /// <summary><c>all</c> for every tenant, else this tenant only.</summary>
    public string? Scope { get; set; }

    /// <summary>The control API's body, or null when a number is not one.</summary>
    public Dictionary<string, object>? Body(string tenant)
    {
        var body = new Dictionary<string, object> { ["path"] = string.IsNullOrWhiteSpace(Path) ? "/**" : Path.Trim() };
        if (!string.IsNullOrWhiteSpace(Method))
        {
            body["method"] = Method.Trim();
        }
        if (Scope != "all")
        {
            body["tenant"] = tenant;
        }
        switch (Effect)
        {
            case "reset":
            case "truncate":
                body[Effect] = true;
                break;
            default:
                if (!int.TryParse(Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    return null;
                }
                body[Effect == "latencyMs" ? "latencyMs" : "status"] = number;
                break;
        }
        if (!string.IsNullOrWhiteSpace(Count))
        {
            if (!int.TryParse(Count, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                return null;
            }
            body["count"] = count;
        }
        return body;
    }
}
