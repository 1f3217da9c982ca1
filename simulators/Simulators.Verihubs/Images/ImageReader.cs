using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Simulators.Core.Images;
using Simulators.Core.Journal;
using Simulators.Core.Personas;

namespace Simulators.Verihubs.Images;

/// <summary>An image field's content: the decoded bytes of a real image, or a sandbox code (exactly one is set).</summary>
internal sealed record ImageInput(byte[]? Bytes, string? Code);

/// <summary>
/// Reads an image field the documented way (the engine's image input: base64, a data URL or a URL
/// from loopback or an allow-listed host that the outbound policy allows, JPEG or PNG by its bytes,
/// at most 5 MB), and recognises the
/// sandbox codes an endpoint family accepts in its place.
/// </summary>
internal sealed class ImageReader(ImageInputReader reader, VerihubsOptions options)
{
    private readonly ImageInputOptions _input = new(
        options.MaxImageBytes,
        TimeSpan.FromSeconds(options.ImageFetchTimeoutSeconds),
        options.AllowedHosts(),
        new HashSet<ImageFormat> { ImageFormat.Jpeg, ImageFormat.Png });

    /// <param name="body">The request body.</param>
    /// <param name="field">The image field (<c>image</c>, <c>image_1</c>, <c>image_2</c>).</param>
    /// <param name="errors">That field's error codes (<see cref="ImageErrors.ForKtp"/> for a KTP image).</param>
    /// <param name="isCode">Recognises the endpoint family's sandbox codes.</param>
    /// <param name="vendorSandbox">Anything but a code is <c>INVALID_SANDBOX_CODE</c>.</param>
    /// <param name="ktp">Apply the KTP minimum size (the docs give one for KTP only).</param>
    /// <param name="http">The request (its journal entry notes a URL the outbound policy refuses).</param>
    public async Task<ImageInput> ReadAsync(JsonElement body, string field, ImageErrors errors, Func<string, bool> isCode, bool vendorSandbox, bool ktp, HttpContext http)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw errors.Missing.Raise();
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw errors.Format.Raise($"{field} must be a base64 string or a URL");
        }
        var text = value.GetString()!;
        if (text.Length == 0)
        {
            throw errors.Empty.Raise();
        }
        if (isCode(text))
        {
            return new ImageInput(null, text);
        }
        if (vendorSandbox)
        {
            throw VerihubsErrors.InvalidSandboxCode.Raise($"{field} is not a sandbox code of this endpoint");
        }
        var image = await reader.ReadAsync(text, field, errors, _input, http.AddJournalNote, http.RequestAborted);
        // The shipped fixture KTPs (fixtures/images, 400x252) are the simulator's own samples: never too small.
        if (ktp && options.MinKtpWidth > 0 && ImageFormats.Dimensions(image.Bytes) is { } size
            && (Math.Max(size.Width, size.Height) < options.MinKtpWidth || Math.Min(size.Width, size.Height) < options.MinKtpHeight)
            && !FixtureCatalog.TryFind(image.Bytes, out _))
        {
            throw errors.Size.Raise($"{field} is {size.Width}x{size.Height}; a KTP image must be at least {options.MinKtpWidth}x{options.MinKtpHeight}");
        }
        return new ImageInput(image.Bytes, null);
    }
}
