using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Simulators.Testing;

namespace Simulators.AnyCheck.Tests;

/// <summary>"Images, PDFs, documents": every accepted format recognised by its bytes and served back with its own content type.</summary>
public sealed class UploadFormatsTests : AnyCheckTest
{
    [Theory]
    [InlineData("jpeg", "image/jpeg", ".jpg")]
    [InlineData("png", "image/png", ".png")]
    [InlineData("webp", "image/webp", ".webp")]
    [InlineData("heic", "image/heic", ".heic")]
    [InlineData("pdf", "application/pdf", ".pdf")]
    [InlineData("doc", "application/msword", ".doc")]
    [InlineData("xls", "application/vnd.ms-excel", ".xls")]
    [InlineData("ppt", "application/vnd.ms-powerpoint", ".ppt")]
    [InlineData("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")]
    [InlineData("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")]
    [InlineData("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx")]
    [InlineData("odt", "application/vnd.oasis.opendocument.text", ".odt")]
    [InlineData("ods", "application/vnd.oasis.opendocument.spreadsheet", ".ods")]
    [InlineData("odp", "application/vnd.oasis.opendocument.presentation", ".odp")]
    [InlineData("rtf", "application/rtf", ".rtf")]
    public async Task Upload_AcceptedFormat_ServedBackWithItsContentType(string kind, string contentType, string extension)
    {
        var bytes = Fixture(kind);
        // A nameless part declared as something else: only the bytes decide.
        var file = (await UploadAsync(("_", bytes, "application/octet-stream"))).GetProperty("files")[0];
        file.GetProperty("path").GetString().Should().EndWith("_file" + extension);

        using var download = await Api.Http.GetAsync(new Uri(file.GetProperty("url").GetString()!));
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.Should().Be(contentType);
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(bytes);
    }

    [Fact]
    public async Task Upload_WordDocumentNamedAsJpeg_IsServedAsWord()
    {
        var file = (await UploadAsync(("scan.jpg", Fixture("docx"), "image/jpeg"))).GetProperty("files")[0];
        using var download = await Api.Http.GetAsync(new Uri(file.GetProperty("url").GetString()!));
        download.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    }

    [Theory]
    [InlineData("docx", 4)]
    [InlineData("pptx", 7)]
    [InlineData("odt", 2)]
    [InlineData("xlsx", 1)]
    [InlineData("doc", 1)]
    public async Task Upload_OfficeDocument_PageCountFromItsOwnMetadata(string kind, int pages)
    {
        var body = await UploadAsync(("doc", Fixture(kind), "application/octet-stream"));
        body.GetProperty("files")[0].GetProperty("page_count").GetInt32().Should().Be(pages);
    }

    [Fact]
    public async Task Upload_CompoundFileWhoseDirectorySpansSectors_IsRecognised()
    {
        var doc = Compound("SummaryInformation", "DocumentSummaryInformation", "1Table", "Data", "CompObj", "WordDocument");
        var file = (await UploadAsync(("legacy", doc, "application/octet-stream"))).GetProperty("files")[0];
        file.GetProperty("path").GetString().Should().EndWith("_legacy");
        using var download = await Api.Http.GetAsync(new Uri(file.GetProperty("url").GetString()!));
        download.Content.Headers.ContentType!.MediaType.Should().Be("application/msword");
    }

    [Theory]
    [InlineData("plain-zip")]
    [InlineData("zip-unknown-main-part")]
    [InlineData("odf-unknown-mimetype")]
    [InlineData("outlook-message")]
    [InlineData("compound-header-only")]
    [InlineData("compound-fat-loop")]
    [InlineData("truncated-zip")]
    [InlineData("gif")]
    public async Task Upload_LookalikeOfADocument_Returns400NamingTheFile(string kind)
    {
        var bytes = kind switch
        {
            "plain-zip" => Zip(("readme.txt", "hello")),
            "zip-unknown-main-part" => Zip(("[Content_Types].xml", ContentTypes("application/vnd.example.main+xml"))),
            "odf-unknown-mimetype" => Zip(("mimetype", "application/epub+zip")),
            "outlook-message" => Compound("__substg1.0_0037001F", "__properties_version1.0"),
            "compound-header-only" => Compound("WordDocument")[..512],
            "compound-fat-loop" => WithFatLoop(Compound("a", "b", "c", "d", "e")),
            "truncated-zip" => Fixture("docx")[..40],
            _ => Encoding.ASCII.GetBytes("GIF89a\x01\x00\x01\x00"),
        };
        using var form = Form(("ok.jpg", AnyCheckApi.Jpeg, "image/jpeg"), ("bad", bytes, "application/octet-stream"));
        using var response = await Api.Http.PostAsync(new Uri("/uploads", UriKind.Relative), form);
        var error = await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        error.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("files[1]");
        error.GetProperty("errors")[0].GetProperty("message").GetString().Should().Contain("WEBP").And.Contain("DOCX");
    }

    private async Task<System.Text.Json.JsonElement> UploadAsync(params (string Name, byte[] Bytes, string Type)[] files)
    {
        using var form = Form(files);
        using var response = await Api.Http.PostAsync(new Uri("/uploads", UriKind.Relative), form);
        return await AnyCheckApi.ReadAsync(response, HttpStatusCode.Created);
    }

    private static MultipartFormDataContent Form(params (string Name, byte[] Bytes, string Type)[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent("VERIFICATION_INPUT_FILE"), "file_category" } };
        foreach (var (name, bytes, type) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(type);
            form.Add(part, "files", name);
        }
        return form;
    }

    /// <summary>The smallest file of each kind that is what it claims by its bytes.</summary>
    private static byte[] Fixture(string kind) => kind switch
    {
        "jpeg" => AnyCheckApi.Jpeg,
        "png" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13],
        "webp" => [.. "RIFF"u8, 26, 0, 0, 0, .. "WEBPVP8 "u8, 0, 0, 0, 0],
        "heic" => [0, 0, 0, 24, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8],
        "pdf" => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Page >>\n%%EOF"),
        "doc" => Compound("1Table", "WordDocument"),
        "xls" => Compound("Workbook"),
        "ppt" => Compound("Current User", "PowerPoint Document"),
        "docx" => Zip(
            ("[Content_Types].xml", ContentTypes("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")),
            ("word/document.xml", "<w:document/>"),
            ("docProps/app.xml", "<Properties><Pages>4</Pages><Words>12</Words></Properties>")),
        "xlsx" => Zip(
            ("[Content_Types].xml", ContentTypes("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")),
            ("xl/workbook.xml", "<workbook/>")),
        "pptx" => Zip(
            ("[Content_Types].xml", ContentTypes("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")),
            ("ppt/presentation.xml", "<p:presentation/>"),
            ("docProps/app.xml", "<Properties><Slides>7</Slides></Properties>")),
        "odt" => Zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("meta.xml", """<office:meta><meta:document-statistic meta:page-count="2"/></office:meta>""")),
        "ods" => Zip(("mimetype", "application/vnd.oasis.opendocument.spreadsheet")),
        "odp" => Zip(("mimetype", "application/vnd.oasis.opendocument.presentation")),
        "rtf" => Encoding.ASCII.GetBytes(@"{\rtf1\ansi hello}"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string ContentTypes(string mainPart) =>
        $"""<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/main.xml" ContentType="{mainPart}"/></Types>""";

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                // OpenDocument stores its mimetype first and uncompressed.
                using var stream = zip.CreateEntry(name, name == "mimetype" ? CompressionLevel.NoCompression : CompressionLevel.Optimal).Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        }
        return buffer.ToArray();
    }

    private const int Sector = 512;
    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint Free = 0xFFFFFFFF;

    /// <summary>
    /// An OLE2 compound file with 512-byte sectors: the header, one FAT sector (sector 0), and a root
    /// entry plus one empty stream per name in a directory chain from sector 1, four entries a sector.
    /// </summary>
    private static byte[] Compound(params string[] streams)
    {
        var entries = 1 + streams.Length;
        var directorySectors = (entries + 3) / 4;
        var bytes = new byte[Sector * (2 + directorySectors)];
        var span = bytes.AsSpan();
        ((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[24..], 0x3E);
        BinaryPrimitives.WriteUInt16LittleEndian(span[26..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(span[28..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(span[30..], 9);
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(span[44..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(span[48..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(span[56..], 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(span[60..], EndOfChain);
        BinaryPrimitives.WriteUInt32LittleEndian(span[68..], EndOfChain);
        for (var i = 0; i < 109; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[(76 + i * 4)..], i == 0 ? 0 : Free);
        }
        var fat = span.Slice(Sector, Sector);
        for (var i = 0; i < Sector / 4; i++)
        {
            var next = i == 0 ? 0xFFFFFFFD : i < directorySectors ? (uint)i + 1 : i == directorySectors ? EndOfChain : Free;
            BinaryPrimitives.WriteUInt32LittleEndian(fat[(i * 4)..], next);
        }
        string[] names = ["Root Entry", .. streams];
        for (var k = 0; k < names.Length; k++)
        {
            var entry = span.Slice(2 * Sector + k * 128, 128);
            Encoding.Unicode.GetBytes(names[k]).CopyTo(entry);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[64..], (ushort)((names[k].Length + 1) * 2));
            entry[66] = (byte)(k == 0 ? 5 : 2);
        }
        return bytes;
    }

    /// <summary>The same file whose directory chain points back at its own first sector.</summary>
    private static byte[] WithFatLoop(byte[] compound)
    {
        var copy = (byte[])compound.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(Sector + 2 * 4), 1);
        return copy;
    }
}
