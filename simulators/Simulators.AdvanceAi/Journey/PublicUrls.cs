using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Simulators.AdvanceAi.Journey;

/// <summary>
/// The simulator's own base URL for the links it hands out (the journey <c>url</c>, image links): the
/// <c>PublicBaseUrl</c> option, else the address it listens on. Never the request's Host header, which a
/// client configured for <c>sg-api.advance.ai</c> sets to a name that does not reach the simulator.
/// </summary>
internal sealed class PublicUrls(AdvanceAiOptions options, IServer server)
{
    public const string JourneyPath = "/h5/idvs/";
    public const string ImagePath = "/h5/images/";

    private string? _base;

    public string Base => _base ??= Compute();

    public string Journey(string signatureId) => Base + JourneyPath + signatureId;

    private string Compute()
    {
        if (options.PublicBaseUrl.Length > 0)
        {
            return options.PublicBaseUrl.TrimEnd('/');
        }
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null || !Uri.TryCreate(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal), UriKind.Absolute, out var url))
        {
            return "http://localhost";
        }
        return url.GetLeftPart(UriPartial.Authority);
    }
}
