using System.Security.Cryptography;
using System.Text;

namespace Simulators.Core.Security;

/// <summary>How secrets are named where they must be told apart but not read: control views, derived names.</summary>
public static class SecretLabel
{
    /// <summary>The first characters and a mask: <c>ak_test_****</c>; short secrets show nothing.</summary>
    public static string Masked(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret.Length <= 8 ? "****" : secret[..8] + "****";
    }

    /// <summary>
    /// A stable name that does not reveal the secret: <paramref name="prefix"/> and twelve hex digits
    /// of SHA-256 over <paramref name="purpose"/> and the secret (the same on every machine and after a
    /// restart; a guessable secret stays guessable).
    /// </summary>
    public static string Stable(string prefix, string purpose, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(purpose + ":" + secret));
        return prefix + Convert.ToHexStringLower(hash.AsSpan(0, 6));
    }

    /// <summary>A configured value shown only while it is the built-in default everyone knows; otherwise masked.</summary>
    public static string Reveal(string value, string builtInDefault) =>
        string.Equals(value, builtInDefault, StringComparison.Ordinal) ? value : Masked(value);
}
