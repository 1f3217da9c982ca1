using System.Text.Json.Serialization;
using Simulators.AdvanceAi.Journey;
using Simulators.Core.State;

namespace Simulators.AdvanceAi;

/// <summary>An access key pair of the customer portal; a disabled account's token requests answer <c>ACCOUNT_DISABLED</c>.</summary>
internal sealed record AccountRecord(string AccessKey, string SecretKey, bool Disabled);

/// <summary>The key tokens and image links are signed with: made once and stored, so they survive a restart.</summary>
internal sealed record SigningKey(byte[] Key);

/// <summary>The account-level webhook (the ACMP portal's setting): a Base64 secret and HMAC-SHA256 or HMAC-SHA512.</summary>
internal sealed record WebhookSettings(string Url, string SecretKey, string Algorithm)
{
    public const string Sha256 = "HmacSHA256";
    public const string Sha512 = "HmacSHA512";
}

/// <summary>An image the user captured on the hosted page (a document side or the selfie), served back by get-result.</summary>
internal sealed record CapturedImage(string ContentType, byte[] Bytes);

/// <summary>Everything ADVANCE.AI stores: accounts and the signing key simulator-wide; per access key (one tenant) its webhook and transactions.</summary>
internal sealed class AdvanceAiStore(IStateStore store)
{
    public static readonly RecordSet<AccountRecord> AccountSet = new("advanceai.account", AdvanceAiStoreJson.Default.AccountRecord);
    public static readonly RecordSet<SigningKey> KeySet = new("advanceai.key", AdvanceAiStoreJson.Default.SigningKey);
    public static readonly RecordSet<WebhookSettings> WebhookSet = new("advanceai.webhook", AdvanceAiStoreJson.Default.WebhookSettings);
    public static readonly RecordSet<JourneyRecord> JourneySet = new("advanceai.transaction", AdvanceAiStoreJson.Default.JourneyRecord);
    public static readonly RecordSet<CapturedImage> ImageSet = new("advanceai.image", AdvanceAiStoreJson.Default.CapturedImage);

    public const string Global = StateStore.Global;
    public const string WebhookId = "webhook";

    public IStateStore Raw { get; } = store;

    /// <summary>By access key, in the global partition.</summary>
    public Records<AccountRecord> Accounts => new(Raw, AccountSet);

    public Records<SigningKey> Keys => new(Raw, KeySet);

    /// <summary>One record per tenant, id <see cref="WebhookId"/>; absent until configured.</summary>
    public Records<WebhookSettings> Webhooks => new(Raw, WebhookSet);

    /// <summary>Transactions (hosted journeys, Document API calls, address verifications) by signatureId.</summary>
    public Records<JourneyRecord> Journeys => new(Raw, JourneySet);

    /// <summary>The images captured on the hosted page, by <see cref="ImageId"/>; absent ones are the simulator's sample images.</summary>
    public Records<CapturedImage> Images => new(Raw, ImageSet);

    public static string ImageId(string signatureId, string name) => signatureId + "/" + name;

    public async ValueTask<AccountRecord?> AccountAsync(string accessKey, CancellationToken cancellationToken = default) =>
        (await Accounts.GetAsync(Global, accessKey, cancellationToken))?.Value;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(AccountRecord))]
[JsonSerializable(typeof(SigningKey))]
[JsonSerializable(typeof(WebhookSettings))]
[JsonSerializable(typeof(JourneyRecord))]
[JsonSerializable(typeof(JourneyOutcome))]
[JsonSerializable(typeof(CapturedImage))]
internal sealed partial class AdvanceAiStoreJson : JsonSerializerContext;
