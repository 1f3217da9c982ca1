using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.AdvanceAi.Auth;
using Simulators.AdvanceAi.Journey;
using Simulators.Core.Jobs;
using Simulators.Core.Tenants;

namespace Simulators.AdvanceAi.Results;

/// <summary>
/// The images of a transaction: download links signed with the simulator's key that expire (about a day by
/// default, on the tenant's clock), or the same bytes as Base64. The bytes are what the user captured on the
/// hosted page, else a tiny sample JPEG carrying a <c>SIMULATOR:</c> text, not a real photo.
/// </summary>
internal sealed class ImageLinks(PublicUrls urls, AdvanceAiTokens keys, AdvanceAiOptions options, AdvanceAiStore store)
{
    public static byte[] Bytes(string signatureId, string name) =>
        [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, .. Encoding.ASCII.GetBytes($"SIMULATOR:ADVANCE.AI {signatureId} {name}"), 0xFF, 0xD9];

    /// <summary>The image <paramref name="name"/> of a transaction: the captured one, else the sample.</summary>
    public async ValueTask<CapturedImage> ImageAsync(string tenant, string signatureId, string name, CancellationToken cancellationToken) =>
        (await store.Images.GetAsync(tenant, AdvanceAiStore.ImageId(signatureId, name), cancellationToken))?.Value ?? new CapturedImage("image/jpeg", Bytes(signatureId, name));

    /// <summary>The field's value: a link valid from <paramref name="now"/>, or Base64 bytes.</summary>
    public async ValueTask<string> ValueAsync(string tenant, string signatureId, string name, bool base64, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (base64)
        {
            return Convert.ToBase64String((await ImageAsync(tenant, signatureId, name, cancellationToken)).Bytes);
        }
        var expires = (now + TimeSpan.FromSeconds(options.ImageLinkSeconds)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{urls.Base}{PublicUrls.ImagePath}{signatureId}/{name}.jpg?expires={expires}&sign={await SignAsync(signatureId, name, expires, cancellationToken)}";
    }

    private async ValueTask<string> SignAsync(string signatureId, string name, string expires, CancellationToken cancellationToken) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(await keys.KeyAsync(cancellationToken), Encoding.UTF8.GetBytes($"{signatureId}/{name}/{expires}")))[..32];

    public static void MapImages(IEndpointRouteBuilder app) =>
        app.MapGet(PublicUrls.ImagePath + "{signatureId}/{file}", ServeAsync);

    // Errors here are the provider's envelope too (the real answer to a stale link is undocumented): 403 expired, 404 unknown.
    private static async Task<IResult> ServeAsync(string signatureId, string file, HttpContext http, ImageLinks links, JobRegistry jobs, TenantDirectory tenants, AdvanceAiStore store)
    {
        var name = file.EndsWith(".jpg", StringComparison.Ordinal) ? file[..^4] : null;
        var expires = http.Request.Query["expires"].ToString();
        var sign = http.Request.Query["sign"].ToString();
        if (name is null || !ImageNames.All.Contains(name, StringComparer.Ordinal) || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var until)
            || !string.Equals(sign, await links.SignAsync(signatureId, name, expires, http.RequestAborted), StringComparison.Ordinal)
            || await jobs.FindAsync(signatureId, cancellationToken: http.RequestAborted) is not { } job
            || (await store.Journeys.GetAsync(job.Tenant, signatureId, http.RequestAborted))?.Value is not { Cleared: false })
        {
            throw AdvanceAiErrors.NotFound.Raise();
        }
        if ((await tenants.FindAsync(job.Tenant, http.RequestAborted)).Now.ToUnixTimeSeconds() >= until)
        {
            throw AdvanceAiErrors.LinkExpired.Raise();
        }
        var image = await links.ImageAsync(job.Tenant, signatureId, name, http.RequestAborted);
        return Microsoft.AspNetCore.Http.Results.Bytes(image.Bytes, image.ContentType);
    }
}

/// <summary>The image names a transaction has.</summary>
internal static class ImageNames
{
    public const string Front = "front";
    public const string Back = "back";
    public const string Far = "far";
    public const string Near = "near";
    public const string Proof = "proof";

    public static readonly string[] All = [Front, Back, Far, Near, Proof];
}
