using System.Collections.Concurrent;
using Simulators.Core.Tenants;
using Simulators.Verihubs.Face;
using Simulators.Verihubs.Ktp;

namespace Simulators.Verihubs;

/// <summary>How an App-ID behaves, as the dashboard would configure it.</summary>
internal static class AppModes
{
    public const string Live = "live";
    public const string Testing = "testing";
    public const string VendorSandbox = "vendor-sandbox";

    public static readonly string[] All = [Live, Testing, VendorSandbox];
}

/// <summary>Per-App-ID settings (dashboard equivalents): mode, callback Basic-auth credentials.</summary>
internal sealed record AppSettings(string Mode, string CallbackUsername, string CallbackPassword, bool CallbacksEnabled);

/// <summary>Everything one App-ID (one tenant) owns. Reset drops it whole.</summary>
internal sealed class VerihubsState(Tenant tenant, VerihubsOptions options)
{
    private AppSettings _settings = new(options.DefaultMode, options.CallbackUsername, options.CallbackPassword, true);
    private int _quota = options.TestingQuota;

    public Tenant Tenant { get; } = tenant;

    public AppSettings Settings
    {
        get => Volatile.Read(ref _settings);
        set => Volatile.Write(ref _settings, value);
    }

    public int Quota => Volatile.Read(ref _quota);

    /// <summary>KTP async jobs by reference_id.</summary>
    public ConcurrentDictionary<string, KtpJob> KtpJobs { get; } = new(StringComparer.Ordinal);

    /// <summary>reference_ids used by KTP calls (sync and async share one namespace per App-ID).</summary>
    public ConcurrentDictionary<string, byte> KtpReferenceIds { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, byte> IdVerificationReferenceIds { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, FaceSubject> Subjects { get; } = new(StringComparer.Ordinal);

    public bool QuotaExhausted => Settings.Mode == AppModes.Testing && Quota <= 0;

    public void SetQuota(int quota) => Volatile.Write(ref _quota, quota);

    /// <summary>A successful (billable) request uses one unit of testing quota.</summary>
    public void Charge()
    {
        if (Settings.Mode == AppModes.Testing)
        {
            Interlocked.Decrement(ref _quota);
        }
    }
}
