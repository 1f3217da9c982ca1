using System.Text.Json.Serialization;
using Simulators.Core.State;
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

/// <summary>
/// Per-App-ID settings (dashboard equivalents): mode, testing quota, callback Basic-auth credentials, and the
/// sync extraction's shape (null: the <c>ResponseShape</c> option).
/// </summary>
internal sealed record AppSettings(string Mode, string CallbackUsername, string CallbackPassword, bool CallbacksEnabled, int Quota, string? ResponseShape = null)
{
    public bool QuotaExhausted => Mode == AppModes.Testing && Quota <= 0;

    public static AppSettings Default(VerihubsOptions options) =>
        new(options.DefaultMode, options.CallbackUsername, options.CallbackPassword, true, options.TestingQuota);
}

/// <summary>A reference_id taken in an App-ID's namespace.</summary>
internal sealed record ReferenceIdTaken(DateTimeOffset At);

/// <summary>Everything Verihubs stores, per App-ID (one tenant): its settings, async KTP jobs, reference_ids and enrolled faces.</summary>
internal sealed class VerihubsStore(IStateStore store, VerihubsOptions options)
{
    public static readonly RecordSet<AppSettings> AppSet = new("verihubs.app", VerihubsStoreJson.Default.AppSettings);
    public static readonly RecordSet<KtpJobRecord> KtpJobSet = new("verihubs.ktp-job", VerihubsStoreJson.Default.KtpJobRecord);
    public static readonly RecordSet<ReferenceIdTaken> KtpReferenceSet = new("verihubs.ktp-reference", VerihubsStoreJson.Default.ReferenceIdTaken);
    public static readonly RecordSet<ReferenceIdTaken> IdvReferenceSet = new("verihubs.idv-reference", VerihubsStoreJson.Default.ReferenceIdTaken);
    public static readonly RecordSet<FaceSubject> SubjectSet = new("verihubs.face-subject", VerihubsStoreJson.Default.FaceSubject);

    public const string AppId = "app";

    public IStateStore Raw { get; } = store;

    /// <summary>One record per App-ID, id <see cref="AppId"/>; absent until configured or charged.</summary>
    public Records<AppSettings> Apps => new(Raw, AppSet);

    /// <summary>Async KTP extractions by reference_id.</summary>
    public Records<KtpJobRecord> KtpJobs => new(Raw, KtpJobSet);

    /// <summary>reference_ids used by KTP calls (sync and async share one namespace per App-ID).</summary>
    public Records<ReferenceIdTaken> KtpReferences => new(Raw, KtpReferenceSet);

    public Records<ReferenceIdTaken> IdvReferences => new(Raw, IdvReferenceSet);

    public Records<FaceSubject> Subjects => new(Raw, SubjectSet);

    public async ValueTask<AppSettings> SettingsAsync(string appId, CancellationToken cancellationToken = default) =>
        (await Apps.GetAsync(appId, AppId, cancellationToken))?.Value ?? AppSettings.Default(options);

    public ValueTask<AppSettings?> ChangeSettingsAsync(string appId, Func<AppSettings, AppSettings> change, CancellationToken cancellationToken = default) =>
        Apps.UpdateAsync(appId, AppId, current => change(current ?? AppSettings.Default(options)), cancellationToken);

    /// <summary>A successful (billable) request uses one unit of testing quota.</summary>
    public async ValueTask ChargeAsync(string appId, AppSettings seen, CancellationToken cancellationToken = default)
    {
        if (seen.Mode == AppModes.Testing)
        {
            await ChangeSettingsAsync(appId, s => s.Mode == AppModes.Testing ? s with { Quota = s.Quota - 1 } : s, cancellationToken);
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(AppSettings))]
[JsonSerializable(typeof(KtpJobRecord))]
[JsonSerializable(typeof(ReferenceIdTaken))]
[JsonSerializable(typeof(FaceSubject))]
[JsonSerializable(typeof(KtpOutcome))]
internal sealed partial class VerihubsStoreJson : JsonSerializerContext;
