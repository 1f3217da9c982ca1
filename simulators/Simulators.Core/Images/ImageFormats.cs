using System.Buffers.Binary;

namespace Simulators.Core.Images;

public enum ImageFormat
{
    Jpeg,
    Png,
    Webp,
    Heic,
    Pdf,
}

/// <summary>What a file is, by its first bytes (never by its name or declared type), and how large an image says it is.</summary>
public static class ImageFormats
{
    public static ImageFormat? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        {
            return ImageFormat.Jpeg;
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ImageFormat.Png;
        }
        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return ImageFormat.Webp;
        }
        if (bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8) && IsHeicBrand(bytes[8..12]))
        {
            return ImageFormat.Heic;
        }
        return bytes.StartsWith("%PDF-"u8) ? ImageFormat.Pdf : null;
    }

    public static string MediaType(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Png => "image/png",
        ImageFormat.Webp => "image/webp",
        ImageFormat.Heic => "image/heic",
        _ => "application/pdf",
    };

    public static string Extension(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => ".jpg",
        ImageFormat.Png => ".png",
        ImageFormat.Webp => ".webp",
        ImageFormat.Heic => ".heic",
        _ => ".pdf",
    };

    /// <summary>Width and height from a PNG IHDR, a JPEG SOF segment or a WebP header; null when the header does not say.</summary>
    public static (int Width, int Height)? Dimensions(ReadOnlySpan<byte> bytes)
    {
        switch (Sniff(bytes))
        {
            case ImageFormat.Png:
                return bytes.Length >= 24 && bytes[12..16].SequenceEqual("IHDR"u8)
                    ? (BinaryPrimitives.ReadInt32BigEndian(bytes[16..20]), BinaryPrimitives.ReadInt32BigEndian(bytes[20..24]))
                    : null;
            case ImageFormat.Jpeg:
                return JpegDimensions(bytes);
            case ImageFormat.Webp:
                return WebpDimensions(bytes);
            default:
                return null;
        }
    }

    private static bool IsHeicBrand(ReadOnlySpan<byte> brand) =>
        brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("hevc"u8) || brand.SequenceEqual("heim"u8)
        || brand.SequenceEqual("heis"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8);

    private static (int Width, int Height)? JpegDimensions(ReadOnlySpan<byte> bytes)
    {
        var i = 2;
        while (i + 9 < bytes.Length)
        {
            if (bytes[i] != 0xFF)
            {
                return null;
            }
            var marker = bytes[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 5)..]));
            }
            if (marker == 0xDA)
            {
                return null;
            }
            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 2)..]);
        }
        return null;
    }

    private static (int Width, int Height)? WebpDimensions(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 30)
        {
            return null;
        }
        var chunk = bytes[12..16];
        if (chunk.SequenceEqual("VP8 "u8))
        {
            return (BinaryPrimitives.ReadUInt16LittleEndian(bytes[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(bytes[28..]) & 0x3FFF);
        }
        if (chunk.SequenceEqual("VP8L"u8) && bytes[20] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(bytes[21..]);
            return ((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }
        if (chunk.SequenceEqual("VP8X"u8))
        {
            return (1 + (bytes[24] | (bytes[25] << 8) | (bytes[26] << 16)), 1 + (bytes[27] | (bytes[28] << 8) | (bytes[29] << 16)));
        }
        return null;
    }
}
