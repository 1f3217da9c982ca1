using System.Collections.Concurrent;
using Simulators.AnyCheck.Auth;
using Simulators.AnyCheck.Folders;
using Simulators.AnyCheck.Uploads;
using Simulators.AnyCheck.Verifications;
using Simulators.Core;
using Simulators.Core.Tenants;

namespace Simulators.AnyCheck;

/// <summary>Everything one AnyCheck tenant (one group) owns. Reset drops it whole.</summary>
internal sealed class AnyCheckState(Tenant tenant, AnyCheckOptions options)
{
    private int _credits = options.InitialCredits;
    private long _sequence;

    public Tenant Tenant { get; } = tenant;

    public Guid GroupId { get; } = DeterministicIds.From("anycheck-group:" + tenant.Id);

    public Guid OrganizationId { get; } = DeterministicIds.From("anycheck-org:" + tenant.Id);

    /// <summary>The user recorded as creator when the caller used an API key.</summary>
    public Guid ApiUserId { get; } = DeterministicIds.From("anycheck-api-user:" + tenant.Id);

    public string GroupName => Tenant.Id == AnyCheckCredentials.SandboxTenant ? "Sandbox Group" : "Group " + Tenant.Id;

    public ConcurrentDictionary<Guid, StoredFile> FilesById { get; } = new();

    public ConcurrentDictionary<string, StoredFile> FilesByPath { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<Guid, FolderRecord> Folders { get; } = new();

    public ConcurrentDictionary<Guid, Verification> Verifications { get; } = new();

    public ConcurrentDictionary<Guid, Verification> ByOutputFile { get; } = new();

    public RateWindow Rate { get; } = new();

    public int Credits => Volatile.Read(ref _credits);

    /// <summary>Creation order, for stable listings when several records share a timestamp (a frozen clock).</summary>
    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public void SetCredits(int credits) => Volatile.Write(ref _credits, credits);

    /// <summary>Debits <paramref name="cost"/> if the balance covers it.</summary>
    public bool TryCharge(int cost)
    {
        while (true)
        {
            var current = Volatile.Read(ref _credits);
            if (current < cost)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _credits, current - cost, current) == current)
            {
                return true;
            }
        }
    }
}

/// <summary>A fixed one-minute window of request counts on the tenant's clock.</summary>
internal sealed class RateWindow
{
    private long _windowStartMinute = long.MinValue;
    private int _count;

    /// <returns>Requests counted in the current window, including this one, and when the window ends (unix seconds).</returns>
    public (int Count, long ResetAt) Hit(DateTimeOffset now)
    {
        var minute = now.ToUnixTimeSeconds() / 60;
        if (Interlocked.Exchange(ref _windowStartMinute, minute) != minute)
        {
            Interlocked.Exchange(ref _count, 0);
        }
        return (Interlocked.Increment(ref _count), (minute + 1) * 60);
    }
}
