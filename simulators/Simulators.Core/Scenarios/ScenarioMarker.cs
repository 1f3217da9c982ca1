namespace Simulators.Core.Scenarios;

/// <summary>
/// Finds <c>SIMULATOR:&lt;NAME&gt;</c> in a file's bytes, so testers can make their own trigger
/// images (a JPEG comment, EXIF text, or bytes appended after the image).
/// </summary>
public static class ScenarioMarker
{
    private static ReadOnlySpan<byte> Prefix => "SIMULATOR:"u8;

    /// <summary>The first well-formed marker's name, or null.</summary>
    public static string? Find(ReadOnlySpan<byte> bytes)
    {
        while (true)
        {
            var at = bytes.IndexOf(Prefix);
            if (at < 0)
            {
                return null;
            }
            bytes = bytes[(at + Prefix.Length)..];
            var length = 0;
            while (length < bytes.Length && length < 64 && IsNameByte(bytes[length]))
            {
                length++;
            }
            if (length > 0)
            {
                return System.Text.Encoding.ASCII.GetString(bytes[..length]);
            }
        }
    }

    private static bool IsNameByte(byte b) => b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'_';
}
