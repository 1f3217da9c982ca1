using Microsoft.AspNetCore.Mvc;
using Simulators.SandboxConsole.Control;

namespace Simulators.SandboxConsole.Pages;

/// <summary>One simulator: its health and tenants, its scenarios, and its own extras (Verifik's OTPs, ADVANCE.AI's pending journeys).</summary>
public sealed class SimulatorModel(ConsoleSettings settings, ControlClient control) : ConsolePageModel(settings, control)
{
    public const string Verifik = "verifik";
    public const string AdvanceAi = "advanceai";
    public const string JourneyKind = "advanceai.transaction";

    public SimulatorOverview Overview { get; private set; } = null!;

    public IReadOnlyList<ScenarioInfo> Scenarios { get; private set; } = [];

    /// <summary>Verifik: where OTPs were looked up, and what was found.</summary>
    public string? OtpTo { get; private set; }

    public ControlResult<OtpList>? Otps { get; private set; }

    public IReadOnlyList<VerifikClient> Clients { get; private set; } = [];

    /// <summary>ADVANCE.AI: hosted journeys still waiting for the user.</summary>
    public IReadOnlyList<JobSummary> PendingJourneys => [.. Overview.Jobs.Where(j => j.Kind == JourneyKind && j.WaitingFor is not null)];

    public string JourneyUrl(JobSummary job) => new Uri(Target.BaseUrl, "h5/idvs/" + ControlClient.Segment(job.Subject)).ToString();

    public async Task<IActionResult> OnGetAsync(string sim, string? to)
    {
        if (!Resolve(sim))
        {
            return Missing($"There is no simulator '{sim}'.");
        }
        var cancel = HttpContext.RequestAborted;
        Overview = await SimulatorOverview.LoadAsync(Control, Target, cancel);
        if (!Overview.Up)
        {
            return Page();
        }
        Scenarios = (await Control.GetAsync<ScenariosInfo>(Target, "scenarios", cancel)).Value?.Items ?? [];
        if (Target.Id == Verifik)
        {
            Clients = (await Control.GetAsync<VerifikClients>(Target, "clients", cancel)).Value?.Items ?? [];
            if (to is { Length: > 0 })
            {
                OtpTo = to.Trim();
                Otps = await Control.GetAsync<OtpList>(Target, "otps" + ControlClient.Query(("to", OtpTo)), cancel);
            }
        }
        return Page();
    }
}
