using System.Buffers.Binary;
using System.IO.Compression;

namespace Simulators.Browser.Tests;

/// <summary>The decoder and the blank check on PNGs written here, with every row filter of the format.</summary>
public sealed class PngBlankCheckTests
{
    private const uint White = 0xFFFFFFFF;

    [Fact]
    public void ImageContent_OneColourPng_IsBlank()
    {
        var content = ImageContent.Of(PngImage.Decode(Encode(Fill(320, 200, White), 320, channels: 3)));

        content.DistinctColours.Should().Be(1);
        content.ForegroundShare.Should().Be(0);
        content.Background.Should().Be(White);
        content.IsBlank.Should().BeTrue();
    }

    [Fact]
    public void ImageContent_PngWithAGradientPanel_IsNotBlank()
    {
        var pixels = Fill(320, 200, White);
        DrawGradient(pixels, 320, 40, 30, 200, 100);

        var content = ImageContent.Of(PngImage.Decode(Encode(pixels, 320, channels: 3)));

        content.IsBlank.Should().BeFalse(content.ToString());
        content.Background.Should().Be(White);
        content.ForegroundShare.Should().BeApproximately(200.0 * 100 / (320 * 200), 1e-9);
    }

    [Fact]
    public void ImageContent_AFewSpecksOnOneColour_IsBlank()
    {
        var pixels = Fill(320, 200, White);
        for (var i = 0; i < 20; i++)
        {
            pixels[(i * 997) % pixels.Length] = 0x10203000u + ((uint)i << 8) + 0xFF;
        }

        var content = ImageContent.Of(PngImage.Decode(Encode(pixels, 320, channels: 3)));

        content.DistinctColours.Should().BeGreaterThanOrEqualTo(ImageContent.MinDistinctColours);
        content.IsBlank.Should().BeTrue("20 pixels of 64 000 is under the foreground share");
    }

    [Fact]
    public void ImageContent_TwoColourHalves_IsBlankForTooFewColours()
    {
        var pixels = Fill(100, 100, White);
        Array.Fill(pixels, 0x000000FFu, 0, 5000);

        var content = ImageContent.Of(PngImage.Decode(Encode(pixels, 100, channels: 3)));

        content.ForegroundShare.Should().Be(0.5);
        content.IsBlank.Should().BeTrue("two flat colours are not a rendered page");
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 3)]
    [InlineData(2, 3)]
    [InlineData(3, 3)]
    [InlineData(4, 3)]
    [InlineData(4, 4)]
    [InlineData(3, 1)]
    [InlineData(1, 2)]
    public void Decode_EachRowFilterAndColourType_RoundTripsPixels(int filter, int channels)
    {
        var pixels = Fill(37, 23, White);
        DrawGradient(pixels, 37, 3, 2, 30, 19);
        var expected = pixels.Select(p => Quantise(p, channels)).ToArray();

        var image = PngImage.Decode(Encode(pixels, 37, channels, filter));

        image.Width.Should().Be(37);
        image.Height.Should().Be(23);
        image.Pixels.Should().Equal(expected);
    }

    [Fact]
    public void Decode_NotAPng_Throws()
    {
        var decode = () => PngImage.Decode("GIF89a"u8.ToArray());

        decode.Should().Throw<InvalidDataException>();
    }

    private static uint[] Fill(int width, int height, uint colour)
    {
        var pixels = new uint[width * height];
        Array.Fill(pixels, colour);
        return pixels;
    }

    private static void DrawGradient(uint[] pixels, int width, int left, int top, int w, int h)
    {
        for (var y = top; y < top + h; y++)
        {
            for (var x = left; x < left + w; x++)
            {
                var (r, g, b) = ((uint)(x * 255 / width), (uint)((y * 7) & 0xFF), (uint)((x + y) * 3 & 0xFF));
                pixels[(y * width) + x] = (r << 24) | (g << 16) | (b << 8) | (uint)(0x80 + (x & 0x7F));
            }
        }
    }

    /// <summary>What a pixel becomes when written with fewer channels (grey keeps red, no alpha is opaque).</summary>
    private static uint Quantise(uint rgba, int channels)
    {
        var (r, a) = (rgba >> 24, rgba & 0xFF);
        return channels switch
        {
            1 => (r << 24) | (r << 16) | (r << 8) | 0xFF,
            2 => (r << 24) | (r << 16) | (r << 8) | a,
            3 => rgba | 0xFF,
            _ => rgba,
        };
    }

    /// <summary>A PNG of 8-bit samples, every row written with <paramref name="filter"/>.</summary>
    private static byte[] Encode(uint[] pixels, int width, int channels, int filter = 0)
    {
        var height = pixels.Length / width;
        var stride = width * channels;
        var rows = new byte[stride * height];
        for (var i = 0; i < pixels.Length; i++)
        {
            byte[] rgba = [(byte)(pixels[i] >> 24), (byte)(pixels[i] >> 16), (byte)(pixels[i] >> 8), (byte)pixels[i]];
            byte[] samples = channels switch { 1 => [rgba[0]], 2 => [rgba[0], rgba[3]], 3 => rgba[..3], _ => rgba };
            samples.CopyTo(rows, i * channels);
        }
        var filtered = new byte[(stride + 1) * height];
        for (var y = 0; y < height; y++)
        {
            filtered[y * (stride + 1)] = (byte)filter;
            for (var i = 0; i < stride; i++)
            {
                int at = (y * stride) + i, a = i >= channels ? rows[at - channels] : 0, b = y > 0 ? rows[at - stride] : 0;
                var c = i >= channels && y > 0 ? rows[at - stride - channels] : 0;
                var predictor = filter switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2, _ => PngImage.Paeth(a, b, c) };
                filtered[(y * (stride + 1)) + 1 + i] = (byte)(rows[at] - predictor);
            }
        }
        using var idat = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(filtered);
        }
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = 8;
        header[9] = channels switch { 1 => 0, 2 => 4, 3 => 2, _ => 6 };
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", idat.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        var typed = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typed);
        data.CopyTo(typed, 4);
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(number, (uint)data.Length);
        png.Write(number);
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typed));
        png.Write(number);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var value in bytes)
        {
            crc ^= value;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }
        return ~crc;
    }
}
