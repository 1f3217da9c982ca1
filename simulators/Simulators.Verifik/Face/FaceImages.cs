using Microsoft.AspNetCore.Http;
using Simulators.Core.Images;
using Simulators.Core.Journal;

namespace Simulators.Verifik.Face;

/// <summary>
/// Reads the images of the face and OCR calls: base64, a base64 data URL, or a URL. A URL is fetched only
/// as the outbound policy allows (loopback; every other host is refused, and the refusal noted in the
/// journal), and a refused or unreadable image is the pages' 412 <c>only_images_in_base64</c>.
/// </summary>
internal sealed class FaceImages(ImageInputReader reader, VerifikOptions options)
{
    private static readonly IReadOnlySet<ImageFormat> Formats = new HashSet<ImageFormat> { ImageFormat.Jpeg, ImageFormat.Png };

    private readonly ImageInputOptions _input = new(options.MaxImageBytes, TimeSpan.FromSeconds(10), new HashSet<string>(StringComparer.OrdinalIgnoreCase), Formats);

    public async Task<byte[]> ReadAsync(string text, string field, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(http);
        if (!ImageInputReader.IsUrl(text) && text.Length < FaceErrors.MinImageChars)
        {
            throw FaceErrors.OnlyBase64.Raise();
        }
        return (await reader.ReadAsync(text, field, FaceErrors.Images, _input, http.AddJournalNote, http.RequestAborted)).Bytes;
    }
}
