using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Simulators.Core.Images;

namespace Simulators.AnyCheck.Uploads;

/// <summary>What an upload is: its name in messages, the content type its download is served with, and the extension of a nameless file.</summary>
internal sealed record UploadFormat(string Name, string ContentType, string Extension);

/// <summary>
/// The files "images, PDFs, documents" (providers/anycheck.md §2.1) stands for, recognised by their
/// bytes, never by their name or declared type: the images and PDF <see cref="ImageFormats"/> knows,
/// the OLE2 compound files of Word, Excel and PowerPoint 97-2003 (by the stream their directory
/// names), Office Open XML (by the main part <c>[Content_Types].xml</c> declares), OpenDocument (by
/// its <c>mimetype</c> entry) and RTF.
/// </summary>
internal static partial class UploadFormats
{
    public static readonly UploadFormat Jpeg = new("JPEG", "image/jpeg", ".jpg");
    public static readonly UploadFormat Png = new("PNG", "image/png", ".png");
    public static readonly UploadFormat Webp = new("WEBP", "image/webp", ".webp");
    public static readonly UploadFormat Heic = new("HEIC", "image/heic", ".heic");
    public static readonly UploadFormat Pdf = new("PDF", "application/pdf", ".pdf");
    public static readonly UploadFormat Doc = new("DOC", "application/msword", ".doc");
    public static readonly UploadFormat Xls = new("XLS", "application/vnd.ms-excel", ".xls");
    public static readonly UploadFormat Ppt = new("PPT", "application/vnd.ms-powerpoint", ".ppt");
    public static readonly UploadFormat Docx = new("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");
    public static readonly UploadFormat Xlsx = new("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx");
    public static readonly UploadFormat Pptx = new("PPTX", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx");
    public static readonly UploadFormat Odt = new("ODT", "application/vnd.oasis.opendocument.text", ".odt");
    public static readonly UploadFormat Ods = new("ODS", "application/vnd.oasis.opendocument.spreadsheet", ".ods");
    public static readonly UploadFormat Odp = new("ODP", "application/vnd.oasis.opendocument.presentation", ".odp");
    public static readonly UploadFormat Rtf = new("RTF", "application/rtf", ".rtf");

    public static readonly UploadFormat[] All = [Jpeg, Png, Webp, Heic, Pdf, Doc, Docx, Xls, Xlsx, Ppt, Pptx, Odt, Ods, Odp, Rtf];

    /// <summary>The refusal's wording: what an upload may be.</summary>
    public const string Expected = "must be an image (JPEG, PNG, WEBP, HEIC), a PDF or an office document (DOC, DOCX, XLS, XLSX, PPT, PPTX, ODT, ODS, ODP, RTF)";

    /// <summary>Main parts of the Office Open XML packages, as <c>[Content_Types].xml</c> declares them.</summary>
    private static readonly (string MainPart, UploadFormat Format)[] OpenXmlMainParts =
    [
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", Docx),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", Xlsx),
        ("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", Pptx),
    ];

    /// <summary>The streams that make a compound file a Word, Excel (<c>Book</c> before Excel 97) or PowerPoint document.</summary>
    private static readonly (string Stream, UploadFormat Format)[] CompoundStreams =
        [("WordDocument", Doc), ("Workbook", Xls), ("Book", Xls), ("PowerPoint Document", Ppt)];

    private static ReadOnlySpan<byte> CompoundSignature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>Bytes read of a package's small XML parts at most; a part larger than that is not looked into further.</summary>
    private const int MaxPartBytes = 256 * 1024;

    /// <summary>The format and page count of an upload, or null when its bytes are none of <see cref="All"/>.</summary>
    public static (UploadFormat Format, int Pages)? Sniff(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        switch (ImageFormats.Sniff(bytes))
        {
            case ImageFormat.Jpeg: return (Jpeg, 1);
            case ImageFormat.Png: return (Png, 1);
            case ImageFormat.Webp: return (Webp, 1);
            case ImageFormat.Heic: return (Heic, 1);
            case ImageFormat.Pdf: return (Pdf, PdfPageCount(bytes));
        }
        if (bytes.AsSpan().StartsWith(CompoundSignature))
        {
            return CompoundFormat(bytes) is { } format ? (format, 1) : null;
        }
        if (bytes.AsSpan().StartsWith("PK\x03\x04"u8))
        {
            return Package(bytes);
        }
        return bytes.AsSpan().StartsWith(@"{\rtf"u8) ? (Rtf, 1) : null;
    }

    public static bool IsEncryptedPdf(byte[] bytes) => bytes.AsSpan().IndexOf("/Encrypt"u8) >= 0;

    private static int PdfPageCount(byte[] bytes) => Math.Max(1, PdfPageObject().Count(Encoding.Latin1.GetString(bytes)));

    /// <summary>
    /// Walks a compound file's directory (its chain of sectors through the FAT the header's first 109
    /// DIFAT entries point to) for a stream that names the application.
    /// </summary>
    private static UploadFormat? CompoundFormat(ReadOnlySpan<byte> bytes)
    {
        var shift = bytes.Length < 512 ? 0 : BinaryPrimitives.ReadUInt16LittleEndian(bytes[30..]);
        if (shift is not (9 or 12))
        {
            return null;
        }
        var sectorSize = 1 << shift;
        var perFatSector = sectorSize / 4;
        var sector = BinaryPrimitives.ReadUInt32LittleEndian(bytes[48..]);
        // A chain is never longer than the file has sectors; a loop in a corrupt FAT ends there.
        for (var hops = bytes.Length / sectorSize; hops > 0 && sector < 0xFFFFFFFA; hops--)
        {
            var offset = ((long)sector + 1) * sectorSize;
            if (offset + sectorSize > bytes.Length)
            {
                return null;
            }
            for (var entry = 0; entry < sectorSize; entry += 128)
            {
                var dirEntry = bytes.Slice((int)offset + entry, 128);
                var nameBytes = BinaryPrimitives.ReadUInt16LittleEndian(dirEntry[64..]);
                if (dirEntry[66] != 2 || nameBytes is < 4 or > 64)
                {
                    continue;
                }
                var name = Encoding.Unicode.GetString(dirEntry[..(nameBytes - 2)]);
                foreach (var (stream, format) in CompoundStreams)
                {
                    if (string.Equals(name, stream, StringComparison.OrdinalIgnoreCase))
                    {
                        return format;
                    }
                }
            }
            var fatIndex = sector / perFatSector;
            if (fatIndex >= 109)
            {
                return null;
            }
            var fatSector = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(76 + (int)fatIndex * 4)..]);
            var fatOffset = ((long)fatSector + 1) * sectorSize + sector % perFatSector * 4;
            if (fatSector >= 0xFFFFFFFA || fatOffset + 4 > bytes.Length)
            {
                return null;
            }
            sector = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(int)fatOffset..]);
        }
        return null;
    }

    /// <summary>An OpenDocument package by its <c>mimetype</c> entry, an Office Open XML one by its declared main part; any other ZIP is not a document.</summary>
    private static (UploadFormat, int)? Package(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (Part(zip, "mimetype") is { } mimetype)
            {
                var format = mimetype.Trim() switch
                {
                    "application/vnd.oasis.opendocument.text" => Odt,
                    "application/vnd.oasis.opendocument.spreadsheet" => Ods,
                    "application/vnd.oasis.opendocument.presentation" => Odp,
                    _ => null,
                };
                return format is null ? null : (format, Count(Part(zip, "meta.xml"), OdfPageCount()));
            }
            if (Part(zip, "[Content_Types].xml") is not { } types)
            {
                return null;
            }
            foreach (var (mainPart, format) in OpenXmlMainParts)
            {
                if (types.Contains(mainPart, StringComparison.OrdinalIgnoreCase))
                {
                    var pages = format == Xlsx ? 1 : Count(Part(zip, "docProps/app.xml"), format == Docx ? OpenXmlPages() : OpenXmlSlides());
                    return (format, pages);
                }
            }
            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static string? Part(ZipArchive zip, string name)
    {
        if (zip.GetEntry(name) is not { Length: <= MaxPartBytes } entry)
        {
            return null;
        }
        // At most the length the entry declares is read, whatever its compressed data would inflate to.
        var buffer = new byte[(int)entry.Length];
        using var stream = entry.Open();
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>The count a document's own metadata records, 1 when it records none.</summary>
    private static int Count(string? part, Regex pattern) =>
        part is not null && pattern.Match(part) is { Success: true } match && int.TryParse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;

    [GeneratedRegex(@"/Type\s*/Page(?![a-zA-Z])")]
    private static partial Regex PdfPageObject();

    [GeneratedRegex(@"<Pages>\s*(\d{1,6})\s*</Pages>")]
    private static partial Regex OpenXmlPages();

    [GeneratedRegex(@"<Slides>\s*(\d{1,6})\s*</Slides>")]
    private static partial Regex OpenXmlSlides();

    [GeneratedRegex(@"meta:page-count=""(\d{1,6})""")]
    private static partial Regex OdfPageCount();
}
