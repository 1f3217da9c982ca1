using System.Globalization;
using System.Security.Cryptography;

namespace Simulators.Verifik;

/// <summary>Verifik's identifiers: 24-hex Mongo ObjectIds for records, 5-character request codes for answers.</summary>
internal static class VerifikIds
{
    private const string RequestAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>An ObjectId: 4 bytes of seconds since the epoch (on the tenant's clock), then 8 random bytes, in lower-case hex.</summary>
    public static string NewObjectId(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[12];
        var seconds = (uint)Math.Clamp(now.ToUnixTimeSeconds(), 0, uint.MaxValue);
        bytes[0] = (byte)(seconds >> 24);
        bytes[1] = (byte)(seconds >> 16);
        bytes[2] = (byte)(seconds >> 8);
        bytes[3] = (byte)seconds;
        RandomNumberGenerator.Fill(bytes[4..]);
        return Convert.ToHexStringLower(bytes);
    }

    public static bool IsObjectId(string? text) =>
        text is { Length: 24 } && text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>The 5-character <c>id</c> of an answer (the docs' samples: <c>8YISP</c>, <c>A73ZL</c>).</summary>
    public static string NewRequestId() => RandomNumberGenerator.GetString(RequestAlphabet, 5);

    /// <summary>ISO 8601 with milliseconds and <c>Z</c>, as <c>createdAt</c>/<c>updatedAt</c> are written.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The <c>signature.dateTime</c> text: US English <c>MMMM d, yyyy h:mm tt</c> in UTC, minutes truncated.</summary>
    public static string SignatureDate(DateTimeOffset at) => at.UtcDateTime.ToString("MMMM d, yyyy h:mm tt", CultureInfo.InvariantCulture);
}
