using System.Buffers.Binary;
using System.Net;
using System.Text.Json;

namespace Simulators.Verihubs.Images;

/// <summary>An image field's content: the decoded bytes of a real image, or a sandbox code (exactly one is set).</summary>
internal sealed record ImageInput(byte[]? Bytes, string? Code);

/// <summary>
/// Reads an image field the documented way: base64 (with or without a <c>data:</c> prefix) or a
/// URL, JPEG or PNG by their bytes, at most 5 MB. URLs are fetched only from loopback or allow-listed
/// hosts: the simulator must never become a way to reach the network. Sandbox codes are returned as codes.
/// </summary>
internal sealed class ImageReader(VerihubsOptions options) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private readonly IReadOnlySet<string> _allowedHosts = options.AllowedHosts();

    /// <param name="body">The request body.</param>
    /// <param name="field">The image field (<c>image</c>, <c>image_1</c>, <c>image_2</c>).</param>
    /// <param name="errors">That field's error codes.</param>
    /// <param name="isCode">Recognises the endpoint family's sandbox codes.</param>
    /// <param name="vendorSandbox">Anything but a code is <c>INVALID_SANDBOX_CODE</c>.</param>
    /// <param name="cancellationToken">The request's.</param>
    /// <param name="ktp">Apply the KTP minimum size (the docs give one for KTP only) and map URL timeouts to <c>_FORMAT</c> (KTP has no <c>_TIMEOUT</c> code).</param>
    public async Task<ImageInput> ReadAsync(JsonElement body, string field, ImageErrors errors, Func<string, bool> isCode, bool vendorSandbox, bool ktp, CancellationToken cancellationToken)
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
        var bytes = text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? await FetchAsync(text, field, errors, ktp, cancellationToken)
            : Decode(text, field, errors);
        if (bytes.Length > options.MaxImageBytes)
        {
            throw errors.Size.Raise($"{field} is larger than {options.MaxImageBytes} bytes");
        }
        if (!IsJpeg(bytes) && !IsPng(bytes))
        {
            throw errors.Format.Raise($"{field} is not a JPEG or PNG image");
        }
        if (ktp && options.MinKtpWidth > 0 && Dimensions(bytes) is { } size
            && (Math.Max(size.Width, size.Height) < options.MinKtpWidth || Math.Min(size.Width, size.Height) < options.MinKtpHeight))
        {
            throw errors.Size.Raise($"{field} is {size.Width}x{size.Height}; a KTP image must be at least {options.MinKtpWidth}x{options.MinKtpHeight}");
        }
        return new ImageInput(bytes, null);
    }

    private byte[] Decode(string text, string field, ImageErrors errors)
    {
        if (text.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = text.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !text.AsSpan(0, comma).EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                throw errors.Format.Raise($"{field} is not a base64 data URL");
            }
            text = text[(comma + 1)..];
        }
        // Refuse an oversize image before spending memory on it.
        if ((text.Length / 4L * 3) - 2 > options.MaxImageBytes)
        {
            throw errors.Size.Raise($"{field} is larger than {options.MaxImageBytes} bytes");
        }
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw errors.Format.Raise($"{field} is neither base64 nor a URL");
        }
    }

    private async Task<byte[]> FetchAsync(string text, string field, ImageErrors errors, bool ktp, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            throw errors.Format.Raise($"{field} is not a valid URL");
        }
        if (!IsAllowed(url))
        {
            throw errors.Format.Raise($"{field} cannot be fetched: the simulator fetches images only from loopback or allow-listed hosts ({url.Host} is not)");
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(options.ImageFetchTimeoutSeconds));
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw errors.Format.Raise($"{field} cannot be fetched: the server answered {(int)response.StatusCode}");
            }
            await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
            var limit = options.MaxImageBytes + 1;
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cts.Token)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length >= limit)
                {
                    throw errors.Size.Raise($"{field} is larger than {options.MaxImageBytes} bytes");
                }
            }
            return buffer.ToArray();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw (ktp ? errors.Format : errors.Timeout).Raise($"{field} URL did not answer within {options.ImageFetchTimeoutSeconds} s");
        }
        catch (HttpRequestException ex)
        {
            throw errors.Format.Raise($"{field} cannot be fetched: {ex.Message}");
        }
    }

    private bool IsAllowed(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)) || _allowedHosts.Contains(url.Host);

    public static bool IsJpeg(ReadOnlySpan<byte> bytes) => bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;

    public static bool IsPng(ReadOnlySpan<byte> bytes) => bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

    /// <summary>Width and height from a PNG IHDR or a JPEG SOF segment; null when the header does not say.</summary>
    public static (int Width, int Height)? Dimensions(ReadOnlySpan<byte> bytes)
    {
        if (IsPng(bytes))
        {
            return bytes.Length >= 24 && bytes[12..16].SequenceEqual("IHDR"u8)
                ? (BinaryPrimitives.ReadInt32BigEndian(bytes[16..20]), BinaryPrimitives.ReadInt32BigEndian(bytes[20..24]))
                : null;
        }
        var i = 2;
        while (i + 9 < bytes.Length)
        {
            if (bytes[i] != 0xFF)
            {
                return null;
            }
            var marker = bytes[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 5)..]));
            }
            if (marker == 0xDA)
            {
                return null;
            }
            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 2)..]);
        }
        return null;
    }

    public void Dispose() => _http.Dispose();
}
