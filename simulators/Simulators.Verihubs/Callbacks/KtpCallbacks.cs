using Simulators.Core.Security;
using Simulators.Core.Webhooks;

namespace Simulators.Verihubs.Callbacks;

/// <summary>
/// The async KTP callback's headers: <c>Authorization: Basic base64(user:password)</c> from the
/// App-ID's settings, read at each attempt. No signature beyond Basic auth: the docs document none.
/// </summary>
internal sealed class KtpCallbacks(VerihubsStore store) : IWebhookSigner
{
    public const string EventName = "ktp.extract_async.result";
    public const string SignerName = "verihubs-basic";

    public string Name => SignerName;

    public static string Basic(string user, string password) => BasicAuth.Header(user, password);

    public async ValueTask<IReadOnlyList<HeaderValue>> HeadersAsync(string tenant, DeliveryRecord delivery, DateTimeOffset wallNow, CancellationToken cancellationToken)
    {
        var settings = await store.SettingsAsync(tenant, cancellationToken);
        return
        [
            new("Content-Type", "application/json"),
            new("Authorization", Basic(settings.CallbackUsername, settings.CallbackPassword)),
        ];
    }
}
