using Microsoft.AspNetCore.Routing;
using Simulators.Verifik.Auth;

namespace Simulators.Verifik.Control;

/// <summary>Verifik's control calls and start-up seed: the sandbox client and its printed token.</summary>
internal static class VerifikControl
{
    public static async ValueTask SeedAsync(VerifikStore store, VerifikTokens tokens, VerifikOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await store.Clients.AddAsync(VerifikStore.Global, options.DefaultClientId,
            new ClientRecord(options.DefaultClientId, options.DefaultEmail, null, null, now), cancellationToken);
        var client = await store.ClientAsync(options.DefaultClientId, cancellationToken) ?? throw new InvalidOperationException("The sandbox client was not stored.");
        tokens.SandboxToken = await tokens.IssueAsync(client, now, cancellationToken);
    }

    public static object DescribeCredentials(VerifikOptions options, VerifikTokens tokens) => new
    {
        provider = "Verifik",
        defaults = new
        {
            clientId = options.DefaultClientId,
            email = options.DefaultEmail,
            token = tokens.SandboxToken,
            tenant = options.DefaultClientId,
        },
        rules = new[]
        {
            "Authorization: Bearer <token> on every protected call; a token is an HS256 JWT with clientId, valid TokenDays (30) on the client's clock.",
            "Each client (the token's clientId) is its own tenant.",
        },
    };

    public static void MapVerifikControl(this IEndpointRouteBuilder control)
    {
        ArgumentNullException.ThrowIfNull(control);
    }
}
