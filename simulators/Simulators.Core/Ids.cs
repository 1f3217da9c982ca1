using System.Security.Cryptography;

namespace Simulators.Core;

/// <summary>
/// Random (version 4) UUIDs from a per-thread buffer of cryptographic random bytes: one call to the
/// system's generator per 64 ids instead of one per id, on the path of every create.
/// </summary>
public static class Ids
{
    [ThreadStatic]
    private static byte[]? _buffer;

    [ThreadStatic]
    private static int _used;

    public static Guid NewGuid()
    {
        var buffer = _buffer ??= new byte[16 * 64];
        if (_used == 0 || _used >= buffer.Length)
        {
            RandomNumberGenerator.Fill(buffer);
            _used = 0;
        }
        Span<byte> bytes = stackalloc byte[16];
        buffer.AsSpan(_used, 16).CopyTo(bytes);
        _used += 16;
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
