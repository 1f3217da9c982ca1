using System.Buffers.Binary;
using Simulators.Core.Hosting;
using Simulators.Core.Images;
using Simulators.Core.Security;
using Simulators.Core.Tests.Security;

namespace Simulators.Core.Tests.Images;

internal sealed class ImageProblem(string kind, string field, string detail) : Exception(detail)
{
    public string Kind { get; } = kind;

    public string Field { get; } = field;
}

internal sealed class TestImageErrors : IImageErrors
{
    public static readonly TestImageErrors Instance = new();

    public Exception TooLarge(string field, string detail) => new ImageProblem(nameof(TooLarge), field, detail);

    public Exception Unreadable(string field, string detail) => new ImageProblem(nameof(Unreadable), field, detail);

    public Exception TimedOut(string field, string detail) => new ImageProblem(nameof(TimedOut), field, detail);
}

public sealed class ImageFormatsTests
{
    private static byte[] Png(int width, int height)
    {
        var bytes = new byte[24];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }.CopyTo(bytes, 0);
        "IHDR"u8.CopyTo(bytes.AsSpan(12));
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        return bytes;
    }

    private static byte[] Jpeg(int width, int height)
    {
        // SOI, an APP0 segment of 16 bytes, then a baseline SOF0 with the size.
        byte[] bytes = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. new byte[14], 0xFF, 0xC0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 0, 0, 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(25), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(27), (ushort)width);
        return bytes;
    }

    public static TheoryData<string, byte[], ImageFormat?> Files => new()
    {
        { "jpeg", [0xFF, 0xD8, 0xFF, 0xE0], ImageFormat.Jpeg },
        { "png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], ImageFormat.Png },
        { "webp", [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBP"u8], ImageFormat.Webp },
        { "heic", [0, 0, 0, 0x18, .. "ftypheic"u8], ImageFormat.Heic },
        { "heif", [0, 0, 0, 0x18, .. "ftypmif1"u8], ImageFormat.Heic },
        { "pdf", [.. "%PDF-1.7"u8], ImageFormat.Pdf },
        { "mp4 is not heic", [0, 0, 0, 0x18, .. "ftypisom"u8], null },
        { "riff but not webp", [.. "RIFF"u8, 0, 0, 0, 0, .. "WAVE"u8], null },
        { "gif", [.. "GIF89a"u8], null },
        { "text", [.. "hello"u8], null },
        { "two bytes of jpeg", [0xFF, 0xD8], null },
        { "empty", [], null },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Sniff_FirstBytes_TellTheFormat(string why, byte[] bytes, ImageFormat? expected)
    {
        ImageFormats.Sniff(bytes).Should().Be(expected, why);
    }

    [Fact]
    public void Dimensions_PngHeader_GivesItsSize()
    {
        ImageFormats.Dimensions(Png(640, 480)).Should().Be((640, 480));
    }

    [Fact]
    public void Dimensions_JpegFrameHeader_GivesItsSize()
    {
        ImageFormats.Dimensions(Jpeg(1024, 768)).Should().Be((1024, 768));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF })]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D })]
    [InlineData(new byte[] { 1, 2, 3 })]
    public void Dimensions_NoSizeInTheHeader_IsNull(byte[] bytes)
    {
        ImageFormats.Dimensions(bytes).Should().BeNull();
    }

    [Theory]
    [InlineData(ImageFormat.Jpeg, "image/jpeg", ".jpg")]
    [InlineData(ImageFormat.Png, "image/png", ".png")]
    [InlineData(ImageFormat.Webp, "image/webp", ".webp")]
    [InlineData(ImageFormat.Heic, "image/heic", ".heic")]
    [InlineData(ImageFormat.Pdf, "application/pdf", ".pdf")]
    public void MediaTypeAndExtension_EachFormat_AreItsOwn(ImageFormat format, string mediaType, string extension)
    {
        (ImageFormats.MediaType(format), ImageFormats.Extension(format)).Should().Be((mediaType, extension));
    }
}

public sealed class ImageInputReaderTests : IDisposable
{
    private static readonly byte[] JpegBytes = [0xFF, 0xD8, 0xFF, 0xE0, .. "a small jpeg"u8];

    private static readonly ImageInputOptions Options = new(
        MaxBytes: 64,
        FetchTimeout: TimeSpan.FromSeconds(2),
        AllowedHosts: new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        Formats: new HashSet<ImageFormat> { ImageFormat.Jpeg, ImageFormat.Png });

    private readonly OutboundPolicy _policy = new(new SandboxSettings());
    private readonly ImageInputReader _reader;

    public ImageInputReaderTests() => _reader = new(_policy);

    public void Dispose()
    {
        _reader.Dispose();
        _policy.Dispose();
    }

    private Task<ImageBytes> Read(string text) => _reader.ReadAsync(text, "ktp_image", TestImageErrors.Instance, Options, refused: null, CancellationToken.None);

    private async Task<ImageProblem> Problem(string text)
    {
        var read = () => Read(text);

        return (await read.Should().ThrowExactlyAsync<ImageProblem>()).Which;
    }

    [Theory]
    [InlineData("")]
    [InlineData("data:image/jpeg;base64,")]
    [InlineData("DATA:image/jpeg;BASE64,")]
    public async Task ReadAsync_Base64OrDataUrl_GivesTheBytesAndFormat(string prefix)
    {
        var image = await Read(prefix + Convert.ToBase64String(JpegBytes));

        image.Bytes.Should().Equal(JpegBytes);
        image.Format.Should().Be(ImageFormat.Jpeg);
    }

    [Theory]
    [InlineData("not base64 at all!", "Unreadable")]
    [InlineData("data:image/jpeg,notbase64", "Unreadable")]
    [InlineData("data:image/jpeg;base64", "Unreadable")]
    [InlineData("JVBERi0xLjc=", "Unreadable")]
    [InlineData("http://example.com/ktp.jpg", "Unreadable")]
    [InlineData("https://169.254.169.254/latest/meta-data", "Unreadable")]
    [InlineData("http://[::1", "Unreadable")]
    public async Task ReadAsync_UnreadableInput_RaisesUnreadableForTheField(string text, string kind)
    {
        var problem = await Problem(text);

        (problem.Kind, problem.Field).Should().Be((kind, "ktp_image"));
    }

    [Fact]
    public async Task ReadAsync_AllowedFormatButOverTheLimit_RaisesTooLarge()
    {
        byte[] large = [0xFF, 0xD8, 0xFF, .. new byte[100]];

        (await Problem(Convert.ToBase64String(large))).Kind.Should().Be("TooLarge");
    }

    [Fact]
    public void Decode_HugeBase64_IsRefusedBeforeDecoding()
    {
        var huge = new string('A', 4_000);

        var decode = () => ImageInputReader.Decode(huge, "selfie", TestImageErrors.Instance, Options);

        decode.Should().ThrowExactly<ImageProblem>().Which.Kind.Should().Be("TooLarge");
    }

    [Fact]
    public async Task ReadAsync_LoopbackUrl_IsFetched()
    {
        using var server = new LoopbackListener { Body = JpegBytes };

        var image = await Read(server.Url("/ktp.jpg").AbsoluteUri);

        image.Bytes.Should().Equal(JpegBytes);
    }

    [Fact]
    public async Task ReadAsync_LoopbackUrlWhenExposed_IsRefusedByThePolicyWithoutConnecting()
    {
        using var server = new LoopbackListener { Body = JpegBytes };
        using var policy = new OutboundPolicy(new SandboxSettings { Exposed = true });
        using var reader = new ImageInputReader(policy);
        var notes = new List<string>();

        var read = () => reader.ReadAsync(server.Url("/ktp.jpg").AbsoluteUri, "ktp_image", TestImageErrors.Instance, Options, notes.Add, CancellationToken.None);

        var problem = (await read.Should().ThrowExactlyAsync<ImageProblem>()).Which;
        (problem.Kind, problem.Message).Should().Be(("Unreadable", "ktp_image points at a loopback address, which this simulator calls only when Sandbox:AllowOutbound (--allow-outbound) lists it"));
        notes.Should().Equal("ktp_image refused by the outbound policy (loopback address)");
        server.Accepted.Should().Be(0);
    }

    [Theory]
    [InlineData("http://x", true)]
    [InlineData("HTTPS://x", true)]
    [InlineData("ftp://x", false)]
    [InlineData("aHR0cDovL3g=", false)]
    public void IsUrl_Text_IsAnHttpUrlOrNot(string text, bool expected)
    {
        ImageInputReader.IsUrl(text).Should().Be(expected);
    }

    [Fact]
    public void Decode_MessageNamesTheField()
    {
        var decode = () => ImageInputReader.Decode("***", "selfie", TestImageErrors.Instance, Options);

        decode.Should().ThrowExactly<ImageProblem>().WithMessage("selfie*");
    }
}
