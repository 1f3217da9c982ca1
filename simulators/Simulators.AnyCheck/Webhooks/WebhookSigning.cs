using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Simulators.AnyCheck.Webhooks;

/// <summary>
/// The webhook signature scheme, every part of it from <see cref="AnyCheckOptions"/>: the docs say only
/// "HMAC-SHA256 keyed with webhook_secret, includes a timestamp". A receiver recomputes
/// <c>SignaturePrefix + encode(HMAC-SHA256(secret, SignedPayload with {timestamp} and {body} filled in)))</c>
/// where <c>{timestamp}</c> is the timestamp header's text and <c>{body}</c> the raw body bytes.
/// </summary>
internal sealed class WebhookSigning
{
    public const string TimestampPlaceholder = "{timestamp}";
    public const string BodyPlaceholder = "{body}";

    private static readonly string[] Encodings = ["hex", "base64"];
    private static readonly string[] TimestampFormats = ["unix", "unix-ms", "iso8601"];

    /// <summary>The signed string in pieces: literal UTF-8 bytes, or null where the timestamp (before the body) or the body goes.</summary>
    private readonly (byte[]? Literal, bool IsBody)[] _pieces;
    private readonly bool _base64;
    private readonly string _timestampFormat;

    private WebhookSigning(AnyCheckOptions options, List<(byte[]?, bool)> pieces)
    {
        _pieces = [.. pieces];
        _base64 = string.Equals(options.SignatureEncoding, "base64", StringComparison.OrdinalIgnoreCase);
        _timestampFormat = options.TimestampFormat.ToLowerInvariant();
        SignatureHeader = options.SignatureHeader;
        TimestampHeader = options.TimestampHeader.Length == 0 ? null : options.TimestampHeader;
        Prefix = options.SignaturePrefix;
    }

    public string SignatureHeader { get; }

    /// <summary>Null when no timestamp header is sent.</summary>
    public string? TimestampHeader { get; }

    public string Prefix { get; }

    /// <summary>The scheme the options describe; they must have passed <see cref="Problems"/>.</summary>
    public static WebhookSigning From(AnyCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pieces = new List<(byte[]?, bool)>();
        var problem = Parse(options.SignedPayload, pieces);
        return problem is null ? new WebhookSigning(options, pieces) : throw new InvalidOperationException(problem);
    }

    /// <summary>What start-up refuses in the signing options, each naming its option.</summary>
    public static IEnumerable<string> Problems(AnyCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Parse(options.SignedPayload, null) is { } template)
        {
            yield return template;
        }
        if (!IsToken(options.SignatureHeader))
        {
            yield return $"AnyCheck:SignatureHeader must be an HTTP header name (letters, digits and !#$%&'*+-.^_`|~), not '{options.SignatureHeader}'";
        }
        if (options.TimestampHeader is null || (options.TimestampHeader.Length > 0 && !IsToken(options.TimestampHeader)))
        {
            yield return $"AnyCheck:TimestampHeader must be an HTTP header name, or empty to send none, not '{options.TimestampHeader}'";
        }
        else if (options.TimestampHeader.Length == 0 && options.SignedPayload?.Contains(TimestampPlaceholder, StringComparison.Ordinal) == true)
        {
            yield return "AnyCheck:TimestampHeader must be set when AnyCheck:SignedPayload uses {timestamp}: a receiver needs the timestamp to recompute the signature";
        }
        if (string.Equals(options.SignatureHeader, options.TimestampHeader, StringComparison.OrdinalIgnoreCase)
            || string.Equals(options.SignatureHeader, "Content-Type", StringComparison.OrdinalIgnoreCase)
            || string.Equals(options.TimestampHeader, "Content-Type", StringComparison.OrdinalIgnoreCase))
        {
            yield return "AnyCheck:SignatureHeader and AnyCheck:TimestampHeader must differ from each other and from Content-Type";
        }
        if (options.SignaturePrefix is null || options.SignaturePrefix.Any(c => c is < ' ' or > '~'))
        {
            yield return "AnyCheck:SignaturePrefix must be printable ASCII (it starts a header value); it may be empty";
        }
        if (!Encodings.Contains(options.SignatureEncoding, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"AnyCheck:SignatureEncoding must be one of {string.Join(", ", Encodings)}, not '{options.SignatureEncoding}'";
        }
        if (!TimestampFormats.Contains(options.TimestampFormat, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"AnyCheck:TimestampFormat must be one of {string.Join(", ", TimestampFormats)}, not '{options.TimestampFormat}'";
        }
    }

    /// <summary>The timestamp's text at <paramref name="wallNow"/>, as sent and as signed.</summary>
    public string Timestamp(DateTimeOffset wallNow) => _timestampFormat switch
    {
        "unix-ms" => wallNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        "iso8601" => wallNow.UtcDateTime.ToString(UtcSecondsConverter.Format, CultureInfo.InvariantCulture),
        _ => wallNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The signature header's value for a body sent with <paramref name="timestamp"/>.</summary>
    public string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        byte[]? timestampBytes = null;
        foreach (var (literal, isBody) in _pieces)
        {
            if (literal is not null)
            {
                hmac.AppendData(literal);
            }
            else if (isBody)
            {
                hmac.AppendData(body);
            }
            else
            {
                hmac.AppendData(timestampBytes ??= Encoding.UTF8.GetBytes(timestamp));
            }
        }
        Span<byte> mac = stackalloc byte[32];
        hmac.GetHashAndReset(mac);
        return Prefix + (_base64 ? Convert.ToBase64String(mac) : Convert.ToHexStringLower(mac));
    }

    /// <summary>
    /// Splits a template into literal text and placeholders (<c>{{</c> and <c>}}</c> are literal braces);
    /// the problem with it, naming the option, or null. <paramref name="pieces"/> null only checks.
    /// </summary>
    private static string? Parse(string? template, List<(byte[]?, bool)>? pieces)
    {
        const string Option = "AnyCheck:SignedPayload";
        if (string.IsNullOrEmpty(template))
        {
            return $"{Option} must not be empty; the default is {TimestampPlaceholder}.{BodyPlaceholder}";
        }
        var literal = new StringBuilder();
        var bodies = 0;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                literal.Append(c);
                i++;
                continue;
            }
            if (c == '}')
            {
                return $"{Option} has a '}}' at position {i} that closes nothing (write }}}} for a literal brace): '{template}'";
            }
            if (c != '{')
            {
                literal.Append(c);
                continue;
            }
            var close = template.IndexOf('}', i);
            var name = close < 0 ? template[i..] : template[i..(close + 1)];
            if (name is not (TimestampPlaceholder or BodyPlaceholder))
            {
                return $"{Option} has an unknown placeholder '{name}' at position {i}; use {TimestampPlaceholder} and {BodyPlaceholder} (write {{{{ for a literal brace): '{template}'";
            }
            bodies += name == BodyPlaceholder ? 1 : 0;
            Flush(literal, pieces);
            pieces?.Add((null, name == BodyPlaceholder));
            i = close;
        }
        Flush(literal, pieces);
        return bodies == 1 ? null : $"{Option} must contain {BodyPlaceholder} exactly once (it has it {bodies} times): '{template}'";
    }

    private static void Flush(StringBuilder literal, List<(byte[]?, bool)>? pieces)
    {
        if (literal.Length > 0)
        {
            pieces?.Add((Encoding.UTF8.GetBytes(literal.ToString()), false));
            literal.Clear();
        }
    }

    private static bool IsToken(string? name) =>
        !string.IsNullOrEmpty(name) && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));
}
