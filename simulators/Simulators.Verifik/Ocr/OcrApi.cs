using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Errors;
using Simulators.Core.Hosting;
using Simulators.Core.Json;
using Simulators.Core.Scenarios;
using Simulators.Verifik.Auth;
using Simulators.Verifik.Face;

namespace Simulators.Verifik.Ocr;

/// <summary>
/// Document OCR (providers/verifik.md §2.6): scan-prompt (<c>SCAN_GPT</c>) and scan-studio (<c>SCAN_STUDIO</c>)
/// read a deterministic person off the image; a scenario makes the document unreadable instead.
/// </summary>
internal static class OcrApi
{
    public const string PromptPath = "/v2/ocr/scan-prompt";
    public const string StudioPath = "/v3/ocr/scan-studio";

    public const string PromptKind = "OCR_SCAN_PROMPT";
    public const string StudioKind = "OCR_SCAN_STUDIO";

    public const string Extracted = "OCR_EXTRACTED";
    public const string DocumentNotFound = "OCR_DOCUMENT_NOT_FOUND";

    /// <summary>scan-studio's document types, in the order of its 409.</summary>
    public static readonly string[] StudioTypes = ["CC", "RUT", "PA", "ENSAPA", "DNI", "CCVE", "RIFVE", "TLCC"];

    public static readonly VerifikError NotFound = new("~DOCUMENT_NOT_FOUND", 404, "Document not found");

    public static readonly VerifikError BadDocumentType = new("MissingParameter", 409, "documentType must be one of: [" + string.Join(",", StudioTypes) + "]");

    public static readonly Scenario[] Scenarios =
    [
        new(Extracted, "The document is read: a deterministic person per image (the default).", [PromptKind, StudioKind]),
        new(DocumentNotFound, "No document in the image: 404 {\"message\":\"Document not found\",\"code\":\"DOCUMENT_NOT_FOUND\"}.", [PromptKind, StudioKind]),
    ];

    private static readonly Fields Request = new();

    public static void MapOcr(this IEndpointRouteBuilder app)
    {
        app.MapPost(PromptPath, ScanPromptAsync);
        app.MapPost(StudioPath, ScanStudioAsync);
    }

    private static async Task<IResult> ScanPromptAsync(HttpContext http, VerifikAuth auth, FaceImages images, ScenarioResolver scenarios)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.DocumentLiveness);
        var body = await VerifikJson.ReadBodyAsync(http, Request);
        var text = body.RequiredString("image", Request);
        body.OptionalBool("cropFace", Request);
        var documentType = body.OptionalString("documentType", Request) ?? "CC";
        var image = await images.ReadAsync(text, "image", http);
        await ResolveAsync(http, caller, scenarios, PromptKind, image);
        var person = OcrPersona.FromImage(image);
        var now = caller.Now;
        return new JsonBytes(VerifikJson.Envelope(now, w =>
        {
            w.WriteStartObject();
            w.WriteString("_id", VerifikIds.NewObjectId(now));
            w.WriteString("url", ImageUrl(caller.ClientId, now));
            w.WriteString("type", "ocr");
            w.WriteString("client", caller.ClientId);
            w.WriteString("status", "ACTIVE_BUT_UNVERIFIED");
            w.WriteBoolean("deleted", false);
            w.WriteBoolean("requires2FA", false);
            w.WriteString("documentType", documentType);
            w.WriteStartObject("OCRExtraction");
            w.WriteString("fullName", person.FullName);
            w.WriteString("firstName", person.FirstName);
            w.WriteString("lastName", person.LastName);
            w.WriteString("documentNumber", person.DocumentNumber);
            w.WriteString("dateOfBirth", person.BirthDateText);
            w.WriteString("gender", person.Gender);
            w.WriteString("nationality", Nationality(documentType));
            w.WriteEndObject();
            w.WriteString("documentNumber", person.DocumentNumber);
            w.WriteBoolean("imageValidated", false);
            w.WriteString("validationMethod", "SCAN_GPT");
            Stamps(w, now);
            w.WriteEndObject();
        }));
    }

    private static async Task<IResult> ScanStudioAsync(HttpContext http, VerifikAuth auth, FaceImages images, ScenarioResolver scenarios)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.DocumentLiveness);
        var body = await VerifikJson.ReadBodyAsync(http, Request);
        var documentType = body.TryGetProperty("documentType", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        if (documentType is null || !StudioTypes.Contains(documentType, StringComparer.Ordinal))
        {
            throw BadDocumentType.Raise();
        }
        var text = body.RequiredString("image", Request);
        var image = await images.ReadAsync(text, "image", http);
        await ResolveAsync(http, caller, scenarios, StudioKind, image);
        var person = OcrPersona.FromImage(image);
        var now = caller.Now;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return new JsonBytes(VerifikJson.Envelope(now, w =>
        {
            w.WriteStartObject();
            w.WriteString("client", caller.ClientId);
            w.WriteString("documentType", documentType);
            w.WriteString("documentCategory", "ID");
            w.WriteString("documentNumber", person.DocumentNumber);
            w.WriteString("country", Country(documentType));
            w.WriteString("gender", person.Gender);
            w.WriteNumber("age", person.AgeOn(today));
            w.WriteString("nationality", Nationality(documentType));
            w.WriteNumber("firstNameMatchPercentage", 0);
            w.WriteNumber("lastNameMatchPercentage", 0);
            w.WriteNumber("fullNameMatchPercentage", 0);
            w.WriteBoolean("namesMatch", false);
            w.WriteBoolean("imageValidated", false);
            w.WriteBoolean("infoValidationSupported", false);
            w.WriteString("inputMethod", "NOT_SET");
            w.WriteStartObject("OCRExtraction");
            w.WriteStartObject("details");
            w.WriteStartArray("fields");
            var offset = 0;
            Field(w, "documentNumber", person.DocumentNumber, 0.98, ref offset, null);
            Field(w, "firstName", person.FirstName, 0.97, ref offset, null);
            Field(w, "lastName", person.LastName, 0.97, ref offset, null);
            Field(w, "dateOfBirth", person.BirthDateText, 0.95, ref offset, person.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Field(w, "gender", person.Gender, 0.99, ref offset, null);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteString("firstName", person.FirstName);
            w.WriteString("lastName", person.LastName);
            w.WriteString("fullName", person.FullName);
            w.WriteString("dateOfBirth", person.BirthDateText);
            w.WriteString("documentNumber", person.DocumentNumber);
            w.WriteString("gender", person.Gender);
            w.WriteEndObject();
            w.WriteBoolean("requiresBackSide", false);
            w.WriteBoolean("scoreValidated", false);
            w.WriteString("status", "ACTIVE_BUT_UNVERIFIED");
            w.WriteString("type", "ocr");
            w.WriteString("url", ImageUrl(caller.ClientId, now));
            w.WriteString("validationMethod", "SCAN_STUDIO");
            w.WriteString("_id", VerifikIds.NewObjectId(now));
            Stamps(w, now);
            w.WriteEndObject();
        }));
    }

    /// <summary>One Document AI style field: its text, where it sits in the page's text, and (for dates) its normalized value.</summary>
    private static void Field(Utf8JsonWriter w, string type, string text, double confidence, ref int offset, string? normalized)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteString("mentionText", text);
        w.WriteNumber("confidence", confidence);
        w.WriteStartObject("textAnchor");
        w.WriteStartArray("textSegments");
        w.WriteStartObject();
        w.WriteString("startIndex", offset.ToString(CultureInfo.InvariantCulture));
        w.WriteString("endIndex", (offset + text.Length).ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("content", text);
        w.WriteEndObject();
        w.WriteStartObject("pageAnchor");
        w.WriteStartArray("pageRefs");
        w.WriteStartObject();
        w.WriteString("page", "0");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteString("id", (offset + 1).ToString("x8", CultureInfo.InvariantCulture));
        if (normalized is not null)
        {
            w.WriteStartObject("normalizedValue");
            w.WriteString("text", normalized);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        offset += text.Length + 1;
    }

    private static void Stamps(Utf8JsonWriter w, DateTimeOffset now)
    {
        w.WriteString("createdAt", VerifikIds.Iso(now));
        w.WriteString("updatedAt", VerifikIds.Iso(now));
        w.WriteNumber("__v", 0);
    }

    private static string ImageUrl(string clientId, DateTimeOffset now) =>
        $"https://cdn.verifik.co/ocr/{clientId}/{now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}-image.jpeg";

    /// <summary>Undocumented: the country a document type belongs to (Venezuela's CCVE/RIFVE, Peru's DNI, Colombia's others).</summary>
    private static string Country(string documentType) => documentType switch
    {
        "CCVE" or "RIFVE" => "Venezuela",
        "DNI" => "Peru",
        _ => "Colombia",
    };

    private static string Nationality(string documentType) => documentType switch
    {
        "CCVE" or "RIFVE" => "VENEZOLANA",
        "DNI" => "PERUANA",
        _ => "COLOMBIANA",
    };

    private static async Task ResolveAsync(HttpContext http, Caller caller, ScenarioResolver scenarios, string kind, byte[] image)
    {
        if (await FaceScenarios.ResolveAsync(http, caller, scenarios, kind, Extracted, [image]) == DocumentNotFound)
        {
            throw NotFound.Raise();
        }
    }

    /// <summary>The OCR pages' 409s: <c>missing image\n</c>; a field of the wrong type is named the same way.</summary>
    private sealed class Fields : IRequestErrors
    {
        public Exception Unreadable(string detail) => VerifikErrors.InvalidRequest.Raise();

        public Exception NotAnObject() => VerifikErrors.InvalidRequest.Raise();

        public Exception Missing(string path) => VerifikErrors.Missing(path);

        public Exception WrongType(string path, string expected) => (VerifikErrors.MissingParameter with { Message = $"invalid {path}\n" }).Raise();
    }
}
