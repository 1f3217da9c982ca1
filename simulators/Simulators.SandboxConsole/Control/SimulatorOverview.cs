namespace Simulators.SandboxConsole.Control;

/// <summary>A simulator at a glance: whether it answers, its tenants with their clocks, and its jobs.</summary>
public sealed record SimulatorOverview(ConsoleTarget Target, HealthInfo? Health, ControlError? Error, IReadOnlyList<TenantInfo> Tenants, IReadOnlyList<JobSummary> Jobs)
{
    public bool Up => Health is not null;

    public int Running(string tenant) => Jobs.Count(j => j.Tenant == tenant && !j.Settled);

    public int Settled(string tenant) => Jobs.Count(j => j.Tenant == tenant && j.Settled);

    public static async Task<SimulatorOverview> LoadAsync(ControlClient control, ConsoleTarget target, CancellationToken cancellationToken)
    {
        var health = await control.GetAsync<HealthInfo>(target, "health", cancellationToken);
        if (!health.Ok)
        {
            return new(target, null, health.Error, [], []);
        }
        var tenants = control.GetAsync<ItemsOf<TenantInfo>>(target, "tenants", cancellationToken);
        var jobs = control.GetAsync<ItemsOf<JobSummary>>(target, "jobs", cancellationToken);
        var (t, j) = (await tenants, await jobs);
        return new(target, health.Value, t.Error ?? j.Error, t.Value?.Items ?? [], j.Value?.Items ?? []);
    }
}
