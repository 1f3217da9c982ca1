using System.Security.Cryptography;
using System.Text;

namespace Simulators.Core;

/// <summary>Stable UUIDs (RFC 4122 version 5 layout, SHA-256 based) from a name: the same tenant always gets the same group id.</summary>
public static class DeterministicIds
{
    public static Guid From(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
