namespace Simulators.Core.Webhooks;

/// <summary>
/// Makes the headers of one delivery attempt in the provider's scheme (an HMAC over a timestamp and
/// the body, Basic auth from the App-ID's settings). Called at send time with the wall clock:
/// receivers check signature timestamps against their own clock, not the simulator's.
/// </summary>
public interface IWebhookSigner
{
    /// <summary>Matches <see cref="NewDelivery.Signer"/>.</summary>
    string Name { get; }

    ValueTask<IReadOnlyList<HeaderValue>> HeadersAsync(string tenant, DeliveryRecord delivery, DateTimeOffset wallNow, CancellationToken cancellationToken);
}

/// <summary>Sends <c>Content-Type: application/json</c> and nothing else.</summary>
public sealed class PlainJsonSigner : IWebhookSigner
{
    public const string SignerName = "json";

    private static readonly IReadOnlyList<HeaderValue> Headers = [new("Content-Type", "application/json")];

    public string Name => SignerName;

    public ValueTask<IReadOnlyList<HeaderValue>> HeadersAsync(string tenant, DeliveryRecord delivery, DateTimeOffset wallNow, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Headers);
}
