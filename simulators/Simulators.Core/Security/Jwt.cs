using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Simulators.Core.Security;

public enum JwtAlgorithm
{
    HS256,
    HS512,
}

/// <summary>Why a token was not accepted.</summary>
public enum JwtProblem
{
    None,

    /// <summary>Not three base64url parts with a JSON header and payload.</summary>
    Malformed,

    /// <summary>Not signed by this key with this algorithm (tampered, or another simulator's).</summary>
    BadSignature,
}

/// <summary>HMAC-signed JSON Web Tokens (HS256, HS512): issue, and read back with the signature checked. Expiry is the caller's rule (its own clock).</summary>
public static class Jwt
{
    /// <summary>A signed token. <paramref name="withType"/> false leaves <c>typ</c> out of the header (<c>{"alg":"HS512"}</c>, as some providers' tokens are). String claims are written with plain <c>\"</c> escapes, as JWT libraries write them.</summary>
    public static string Issue(IReadOnlyDictionary<string, object> claims, ReadOnlySpan<byte> key, JwtAlgorithm algorithm = JwtAlgorithm.HS256, bool withType = true)
    {
        var header = (algorithm, withType) switch
        {
            (JwtAlgorithm.HS256, true) => """{"alg":"HS256","typ":"JWT"}"""u8,
            (JwtAlgorithm.HS256, false) => """{"alg":"HS256"}"""u8,
            (_, true) => """{"alg":"HS512","typ":"JWT"}"""u8,
            _ => """{"alg":"HS512"}"""u8,
        };
        var unsigned = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims, ClaimsType));
        return unsigned + "." + Sign(unsigned, key, algorithm);
    }

    /// <summary>The payload of a token this key signed with this algorithm; otherwise why not.</summary>
    public static JwtProblem TryRead(string token, ReadOnlySpan<byte> key, JwtAlgorithm algorithm, out JsonElement payload)
    {
        ArgumentNullException.ThrowIfNull(token);
        payload = default;
        var first = token.IndexOf('.', StringComparison.Ordinal);
        var last = token.LastIndexOf('.');
        if (first <= 0 || last == first || token.IndexOf('.', first + 1) != last)
        {
            return JwtProblem.Malformed;
        }
        var unsigned = token[..last];
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(unsigned, key, algorithm)), Encoding.ASCII.GetBytes(token[(last + 1)..])))
        {
            return JwtProblem.BadSignature;
        }
        try
        {
            using var doc = JsonDocument.Parse(Base64Url.DecodeFromChars(token.AsSpan(first + 1, last - first - 1)));
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return JwtProblem.Malformed;
            }
            payload = doc.RootElement.Clone();
            return JwtProblem.None;
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return JwtProblem.Malformed;
        }
    }

    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<IReadOnlyDictionary<string, object>> ClaimsType =
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<IReadOnlyDictionary<string, object>>)new JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = SecurityJson.Default,
        }.GetTypeInfo(typeof(IReadOnlyDictionary<string, object>));

    private static string Sign(string unsigned, ReadOnlySpan<byte> key, JwtAlgorithm algorithm)
    {
        var data = Encoding.ASCII.GetBytes(unsigned);
        return Base64Url.EncodeToString(algorithm == JwtAlgorithm.HS256 ? HMACSHA256.HashData(key, data) : HMACSHA512.HashData(key, data));
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyDictionary<string, object>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSerializable(typeof(long))]
[System.Text.Json.Serialization.JsonSerializable(typeof(int))]
[System.Text.Json.Serialization.JsonSerializable(typeof(bool))]
internal sealed partial class SecurityJson : System.Text.Json.Serialization.JsonSerializerContext;
