using Simulators.Core.Security;

namespace Simulators.AdvanceAi.Auth;

/// <summary>The token request's signature: lower-case hex SHA-256 of <c>accessKey + secretKey + timestamp</c>, plain concatenation, UTF-8.</summary>
public static class TokenSignature
{
    public static string Compute(string accessKey, string secretKey, string timestamp) => Signatures.Sha256Hex(accessKey + secretKey + timestamp);

    /// <summary>Whether <paramref name="signature"/> is the right one; hex case is not significant (undocumented).</summary>
    public static bool Matches(string signature, string accessKey, string secretKey, string timestamp) =>
        Signatures.FixedTimeEquals(signature.ToLowerInvariant(), Compute(accessKey, secretKey, timestamp));
}
