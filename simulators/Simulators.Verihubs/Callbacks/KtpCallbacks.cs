using System.Text;
using Simulators.Core.Lifecycle;
using Simulators.Core.Tenants;
using Simulators.Core.Webhooks;
using Simulators.Verihubs.Ktp;

namespace Simulators.Verihubs.Callbacks;

/// <summary>
/// The async KTP callback: <c>POST callback_url</c> with the result body (the same bytes a poll
/// returns) and <c>Authorization: Basic base64(user:password)</c> from the App-ID's settings, read
/// at each attempt. No signature beyond Basic auth: the docs document none.
/// </summary>
internal sealed class KtpCallbacks(WebhookOutbox outbox, VerihubsOptions options)
{
    public const string EventName = "ktp.extract_async.result";

    public ValueTask OnReached(Tenant<VerihubsState> tenant, KtpJob job, TimelineStep step)
    {
        if (step.State != KtpJob.Completed || job.CallbackUrl is not { } url || !tenant.State.Settings.CallbacksEnabled)
        {
            return ValueTask.CompletedTask;
        }
        outbox.Enqueue(tenant, EventName, job.ReferenceId, new Uri(url), job.Render(step, options), Headers(tenant.State));
        return ValueTask.CompletedTask;
    }

    public static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    private static WebhookHeaders Headers(VerihubsState state) => (_, _) =>
    {
        var settings = state.Settings;
        return
        [
            new("Content-Type", "application/json"),
            new("Authorization", Basic(settings.CallbackUsername, settings.CallbackPassword)),
        ];
    };
}
