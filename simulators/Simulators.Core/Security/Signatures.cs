using System.Security.Cryptography;
using System.Text;

namespace Simulators.Core.Security;

/// <summary>HMAC signatures as webhook receivers recompute them.</summary>
public static class Signatures
{
    /// <summary>Lower-case hex HMAC-SHA256 of <paramref name="data"/> with the UTF-8 bytes of <paramref name="secret"/>.</summary>
    public static string HmacSha256Hex(string secret, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));
    }

    /// <summary>The HMAC-SHA256 of <c>prefix + body</c>, as schemes that sign "<c>{timestamp}.{body}</c>" do.</summary>
    public static string HmacSha256Hex(string secret, string prefix, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var head = Encoding.UTF8.GetBytes(prefix);
        var signed = new byte[head.Length + body.Length];
        head.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(head.Length));
        return HmacSha256Hex(secret, signed);
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 text.</summary>
    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Compares two secrets in constant time.</summary>
    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}

/// <summary><c>Authorization: Basic base64(user:password)</c>.</summary>
public static class BasicAuth
{
    public static string Header(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    /// <summary>Reads a Basic header; false when it is not one.</summary>
    public static bool TryParse(string? header, out string user, out string password)
    {
        user = password = "";
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }
            (user, password) = (text[..colon], text[(colon + 1)..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
