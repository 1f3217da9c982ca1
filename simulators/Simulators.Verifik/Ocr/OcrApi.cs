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
        // The documented sample's order: id first, and data from __v to validationMethod.
        return new JsonBytes(VerifikJson.IdFirst(now, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("__v", 0);
            w.WriteString("_id", VerifikIds.NewObjectId(now));
            w.WriteString("url", ImageUrl(caller.ClientId, now));
            w.WriteString("type", "ocr");
            w.WriteString("client", caller.ClientId);
            w.WriteString("status", "ACTIVE_BUT_UNVERIFIED");
            w.WriteBoolean("deleted", false);
            w.WriteString("createdAt", VerifikIds.Iso(now));
            w.WriteString("updatedAt", VerifikIds.Iso(now));
            w.WriteBoolean("requires2FA", false);
            w.WriteString("documentType", documentType);
            w.WriteStartObject("OCRExtraction");
            w.WriteString("fullName", person.FullName);
            w.WriteString("lastName", person.LastName);
            w.WriteString("firstName", person.FirstName);
            w.WriteString("documentNumber", person.DocumentNumber);
            w.WriteEndObject();
            w.WriteString("documentNumber", person.DocumentNumber);
            w.WriteBoolean("imageValidated", false);
            w.WriteString("validationMethod", "SCAN_GPT");
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
        var age = person.AgeOn(DateOnly.FromDateTime(now.UtcDateTime));
        var gender = person.Gender == "F" ? "Female" : "Male";
        var country = Country(documentType);
        // The documented v3 sample's keys in its order: data.age a string, OCRExtraction.age a number.
        return new JsonBytes(VerifikJson.Envelope(now, w =>
        {
            w.WriteStartObject();
            w.WriteString("age", age.ToString(CultureInfo.InvariantCulture));
            w.WriteString("client", caller.ClientId);
            w.WriteString("country", country);
            w.WriteString("documentCategory", "ID");
            w.WriteString("documentNumber", person.DocumentNumber);
            w.WriteString("documentType", documentType);
            w.WriteNumber("firstNameMatchPercentage", 0);
            w.WriteNumber("fullNameMatchPercentage", 0);
            w.WriteString("gender", gender);
            w.WriteBoolean("imageValidated", false);
            w.WriteBoolean("infoValidationSupported", false);
            w.WriteString("inputMethod", "NOT_SET");
            w.WriteNumber("lastNameMatchPercentage", 0);
            w.WriteBoolean("namesMatch", false);
            w.WriteString("nationality", Nationality(documentType));
            w.WriteStartObject("OCRExtraction");
            w.WriteStartObject("details");
            w.WriteStartArray("fields");
            // Document AI's entities, sorted by type as in the sample; each is numbered by its place.
            (string Type, string Text)[] fields =
            [
                ("dateOfBirth", person.BirthDateText), ("documentNumber", person.DocumentNumber), ("firstName", person.FirstName),
                ("lastName", person.LastName), ("nationality", Nationality(documentType)),
            ];
            var offset = 0;
            for (var i = 0; i < fields.Length; i++)
            {
                Field(w, i, fields[i].Type, fields[i].Text, ref offset, fields[i].Type == "dateOfBirth" ? person.BirthDate : null);
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteString("documentType", documentType);
            w.WriteString("gender", gender);
            w.WriteString("dateOfBirth", person.BirthDateText);
            w.WriteNumber("age", age);
            w.WriteString("documentNumber", person.DocumentNumber);
            w.WriteString("firstName", person.FirstName);
            w.WriteString("fullName", person.FullName);
            w.WriteString("lastName", person.LastName);
            w.WriteString("nationality", Nationality(documentType));
            w.WriteString("country", country);
            w.WriteString("category", "ID");
            w.WriteEndObject();
            w.WriteBoolean("requiresBackSide", false);
            w.WriteBoolean("scoreValidated", false);
            w.WriteString("status", "ACTIVE_BUT_UNVERIFIED");
            w.WriteString("type", "ocr");
            w.WriteString("url", ImageUrl(caller.ClientId, now));
            w.WriteString("validationMethod", "SCAN_STUDIO");
            w.WriteString("_id", VerifikIds.NewObjectId(now));
            w.WriteString("updatedAt", VerifikIds.Iso(now));
            w.WriteString("createdAt", VerifikIds.Iso(now));
            w.WriteNumber("__v", 0);
            w.WriteEndObject();
        }));
    }

    /// <summary>
    /// One Document AI entity as the sample prints it: where it sits in the page's text (offsets as strings), its
    /// box on the page (four normalized corners, a row per entity), its place as <c>id</c>, and for a date its value.
    /// </summary>
    private static void Field(Utf8JsonWriter w, int index, string type, string text, ref int offset, DateOnly? date)
    {
        w.WriteStartObject();
        w.WriteStartObject("textAnchor");
        w.WriteStartArray("textSegments");
        w.WriteStartObject();
        w.WriteString("startIndex", offset.ToString(CultureInfo.InvariantCulture));
        w.WriteString("endIndex", (offset + text.Length).ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteString("type", type);
        w.WriteString("mentionText", text);
        w.WriteNumber("confidence", 0.99 - (index * 0.01));
        w.WriteStartObject("pageAnchor");
        w.WriteStartArray("pageRefs");
        w.WriteStartObject();
        w.WriteStartObject("boundingPoly");
        w.WriteStartArray("normalizedVertices");
        var top = 0.30 + (index * 0.1);
        foreach (var (x, y) in new[] { (0.25, top), (0.55, top), (0.55, top + 0.03), (0.25, top + 0.03) })
        {
            w.WriteStartObject();
            w.WriteNumber("x", x);
            w.WriteNumber("y", Math.Round(y, 2));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteString("id", index.ToString(CultureInfo.InvariantCulture));
        if (date is { } d)
        {
            w.WriteStartObject("normalizedValue");
            w.WriteString("text", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteStartObject("dateValue");
            w.WriteNumber("year", d.Year);
            w.WriteNumber("month", d.Month);
            w.WriteNumber("day", d.Day);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        offset += text.Length + 1;
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
