using System.Buffers.Binary;
using System.IO.Compression;

namespace Simulators.Browser.Tests;

/// <summary>
/// A decoded PNG as RGBA pixels: enough of the format for the screenshots Chromium writes (8-bit grey,
/// grey+alpha, RGB or RGBA, not interlaced), decoded here so the blank check needs no image package.
/// </summary>
public sealed class PngImage
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private PngImage(int width, int height, uint[] pixels)
    {
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row by row, each pixel <c>0xRRGGBBAA</c>.</summary>
    public uint[] Pixels { get; }

    public uint this[int x, int y] => Pixels[(y * Width) + x];

    public static PngImage Decode(byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        if (png.Length < Signature.Length || !png.AsSpan(0, Signature.Length).SequenceEqual(Signature))
        {
            throw new InvalidDataException("Not a PNG: the signature is missing.");
        }
        int width = 0, height = 0, channels = 0;
        using var compressed = new MemoryStream();
        for (var at = Signature.Length; at + 12 <= png.Length;)
        {
            var length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at)));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            at += 12 + length;
            switch (type)
            {
                case "IHDR":
                    width = checked((int)BinaryPrimitives.ReadUInt32BigEndian(data));
                    height = checked((int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]));
                    var (bitDepth, colourType, interlace) = (data[8], data[9], data[12]);
                    channels = colourType switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, _ => 0 };
                    if (bitDepth != 8 || channels == 0 || interlace != 0)
                    {
                        throw new NotSupportedException($"PNG with bit depth {bitDepth}, colour type {colourType}, interlace {interlace}: only 8-bit grey/RGB(A), not interlaced, is decoded.");
                    }
                    break;
                case "IDAT":
                    compressed.Write(data);
                    break;
                case "IEND":
                    at = png.Length;
                    break;
                default:
                    break;
            }
        }
        if (channels == 0)
        {
            throw new InvalidDataException("Not a PNG: no IHDR chunk.");
        }
        var stride = width * channels;
        var raw = new byte[(stride + 1) * height];
        compressed.Position = 0;
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            zlib.ReadExactly(raw);
        }
        return new PngImage(width, height, ToRgba(Unfilter(raw, stride, height, channels), width, height, channels));
    }

    /// <summary>Reverses each row's filter (PNG spec §9) in place and returns the bare rows.</summary>
    private static byte[] Unfilter(byte[] raw, int stride, int height, int bpp)
    {
        var rows = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var src = raw.AsSpan((y * (stride + 1)) + 1, stride);
            var row = rows.AsSpan(y * stride, stride);
            var up = y == 0 ? new byte[stride] : rows.AsSpan((y - 1) * stride, stride);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= bpp ? row[i - bpp] : 0, b = up[i], c = i >= bpp ? up[i - bpp] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG row {y} has unknown filter {filter}."),
                };
                row[i] = (byte)(src[i] + predictor);
            }
        }
        return rows;
    }

    internal static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static uint[] ToRgba(byte[] rows, int width, int height, int channels)
    {
        var pixels = new uint[width * height];
        for (var i = 0; i < pixels.Length; i++)
        {
            var p = rows.AsSpan(i * channels, channels);
            var (r, g, b, a) = channels switch
            {
                1 => (p[0], p[0], p[0], (byte)255),
                2 => (p[0], p[0], p[0], p[1]),
                3 => (p[0], p[1], p[2], (byte)255),
                _ => (p[0], p[1], p[2], p[3]),
            };
            pixels[i] = ((uint)r << 24) | ((uint)g << 16) | ((uint)b << 8) | a;
        }
        return pixels;
    }
}
