using System.Net;
using Simulators.Core.Security;

namespace Simulators.Core.Images;

/// <summary>A provider's errors for one image field: each returns the exception to throw.</summary>
public interface IImageErrors
{
    /// <summary>Larger than the limit (<paramref name="detail"/> says by how much).</summary>
    Exception TooLarge(string field, string detail);

    /// <summary>Neither base64 nor a data URL nor a URL, a URL that cannot be fetched, or bytes of no accepted format.</summary>
    Exception Unreadable(string field, string detail);

    /// <summary>A URL that did not answer in time.</summary>
    Exception TimedOut(string field, string detail);
}

/// <summary>How an image field is read.</summary>
public sealed record ImageInputOptions(long MaxBytes, TimeSpan FetchTimeout, IReadOnlySet<string> AllowedHosts, IReadOnlySet<ImageFormat> Formats);

/// <summary>The bytes of an image field and what they are.</summary>
public sealed record ImageBytes(byte[] Bytes, ImageFormat Format);

/// <summary>
/// Reads an image sent the ways providers document: base64 (with or without a <c>data:</c> URL
/// prefix) or an http(s) URL, fetched only from loopback or the provider's allow-listed hosts, and
/// only where the outbound policy allows (the simulator must never become a way to reach the
/// network), within a size limit, of an accepted format by its bytes.
/// </summary>
public sealed class ImageInputReader(OutboundPolicy policy) : IDisposable
{
    private readonly HttpClient _http = new(policy.Handler, disposeHandler: false)
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public static bool IsUrl(string text) =>
        text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <param name="text">The field's value.</param>
    /// <param name="field">The field's name, for messages.</param>
    /// <param name="errors">The provider's errors for the field.</param>
    /// <param name="options">Limits and allowed hosts.</param>
    /// <param name="refused">Told the outbound policy's short text when it refuses the URL (the caller notes it in the journal).</param>
    /// <param name="cancellationToken">The request's.</param>
    public async Task<ImageBytes> ReadAsync(string text, string field, IImageErrors errors, ImageInputOptions options, Action<string>? refused, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(options);
        var bytes = IsUrl(text) ? await FetchAsync(text, field, errors, options, refused, cancellationToken) : Decode(text, field, errors, options);
        if (bytes.Length > options.MaxBytes)
        {
            throw errors.TooLarge(field, $"{field} is larger than {options.MaxBytes} bytes");
        }
        var format = ImageFormats.Sniff(bytes);
        return format is { } f && options.Formats.Contains(f)
            ? new ImageBytes(bytes, f)
            : throw errors.Unreadable(field, $"{field} is not a {string.Join(" or ", options.Formats.Select(x => x.ToString().ToUpperInvariant()))} image");
    }

    /// <summary>Base64 or a base64 data URL.</summary>
    public static byte[] Decode(string text, string field, IImageErrors errors, ImageInputOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(options);
        if (text.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = text.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !text.AsSpan(0, comma).EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                throw errors.Unreadable(field, $"{field} is not a base64 data URL");
            }
            text = text[(comma + 1)..];
        }
        // Refuse an oversize image before spending memory on it.
        if ((text.Length / 4L * 3) - 2 > options.MaxBytes)
        {
            throw errors.TooLarge(field, $"{field} is larger than {options.MaxBytes} bytes");
        }
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw errors.Unreadable(field, $"{field} is neither base64 nor a URL");
        }
    }

    private async Task<byte[]> FetchAsync(string text, string field, IImageErrors errors, ImageInputOptions options, Action<string>? refused, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            throw errors.Unreadable(field, $"{field} is not a valid URL");
        }
        if (!IsAllowed(url, options.AllowedHosts))
        {
            throw errors.Unreadable(field, $"{field} cannot be fetched: the simulator fetches images only from loopback or allow-listed hosts ({url.Host} is not)");
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(options.FetchTimeout);
        try
        {
            var decision = await policy.CheckAsync(url, cts.Token);
            if (!decision.Allowed)
            {
                refused?.Invoke($"{field} {decision.Summary}");
                throw errors.Unreadable(field, $"{field} {decision.Reason}");
            }
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw errors.Unreadable(field, $"{field} cannot be fetched: the server answered {(int)response.StatusCode}");
            }
            await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
            var limit = options.MaxBytes + 1;
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cts.Token)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length >= limit)
                {
                    throw errors.TooLarge(field, $"{field} is larger than {options.MaxBytes} bytes");
                }
            }
            return buffer.ToArray();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw errors.TimedOut(field, $"{field} URL did not answer within {options.FetchTimeout.TotalSeconds:0.###} s");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw errors.Unreadable(field, $"{field} cannot be fetched: {OutboundPolicy.Describe(ex)}");
        }
    }

    private static bool IsAllowed(Uri url, IReadOnlySet<string> hosts) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)) || hosts.Contains(url.Host);

    public void Dispose() => _http.Dispose();
}
