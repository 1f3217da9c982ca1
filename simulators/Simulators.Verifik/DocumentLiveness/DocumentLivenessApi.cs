using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Hosting;
using Simulators.Core.Images;
using Simulators.Core.Json;
using Simulators.Core.Scenarios;
using Simulators.Verifik.Auth;

namespace Simulators.Verifik.DocumentLiveness;

/// <summary>
/// Document liveness (providers/verifik.md §2.1–2.3): a synchronous check of an ID photo for a screen replay,
/// a printed copy, a substituted portrait or digital manipulation; its records, listed and retrieved by the
/// client that made them.
/// </summary>
internal static class DocumentLivenessApi
{
    public const string Path = "/v2/document-liveness";

    private static readonly IReadOnlySet<ImageFormat> Formats = new HashSet<ImageFormat> { ImageFormat.Jpeg, ImageFormat.Png };

    private static readonly string[] Populates = ["client", "appRegistration"];

    /// <summary>True for the paths whose errors are the document-liveness pages' own.</summary>
    public static bool Owns(PathString path) => path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase);

    public static void MapDocumentLiveness(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, CreateAsync);
        app.MapGet(Path, ListAsync);
        app.MapGet(Path + "/{id}", RetrieveAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, VerifikAuth auth, DocumentLivenessStore store, ScenarioResolver scenarios, VerifikOptions options)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.DocumentLiveness);
        var errors = DocumentLivenessErrors.Request;
        var body = await VerifikJson.ReadBodyAsync(http, errors);
        var asked = new Verdicts.Request[LivenessChecks.All.Length];
        for (var i = 0; i < asked.Length; i++)
        {
            var check = LivenessChecks.All[i];
            asked[i] = new(Flag(body, check.Validate), Calibration(body, check.Calibration));
        }
        var saveImage = Flag(body, "saveImage");
        var ignoreCropped = Flag(body, "ignoreDocumentCroppedValidation");
        var ignoreColourLess = Flag(body, "ignoreColourLessValidation");
        var text = body.OptionalString("image", errors);
        if (string.IsNullOrEmpty(text))
        {
            throw VerifikErrors.Missing("image");
        }
        if (!asked.Any(a => a.Enabled))
        {
            throw DocumentLivenessErrors.NoValidation.Raise();
        }
        var image = ReadImage(text, options.MaxImageBytes);

        ResolvedScenario resolved;
        try
        {
            resolved = await scenarios.ResolveFilesAsync(caller.Tenant, DocumentLivenessScenarios.Kind, http.Request.Headers[ScenarioCatalog.Header], null,
                [image], DocumentLivenessScenarios.Genuine, http.RequestAborted);
        }
        catch (ScenarioRejectedException rejected)
        {
            throw (DocumentLivenessErrors.UnknownScenario with { Message = rejected.Message }).Raise();
        }

        var now = caller.Now;
        var checks = Verdicts.Decide(image, asked, resolved.Scenario.Name);
        var enabled = checks.Where(c => c.Enabled).ToArray();
        var record = new DocumentLivenessRecord(
            VerifikIds.NewObjectId(now),
            caller.ClientId,
            DocumentLivenessRecord.Completed,
            saveImage,
            saveImage ? "https://cdn.verifik.co/document-liveness/document-liveness-" + now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : "",
            checks,
            ignoreCropped,
            ignoreColourLess,
            enabled.Min(c => c.Probability),
            enabled.All(c => c.IsLive),
            [.. enabled.SelectMany(c => c.Warnings).Distinct(StringComparer.Ordinal)],
            resolved.Scenario.Name,
            now);
        await store.Records.PutAsync(caller.ClientId, record.Id, record, 0, http.RequestAborted);
        var shape = await store.ShapeAsync(caller.ClientId, http.RequestAborted);
        return new JsonBytes(DocumentLivenessWriter.One(record, shape, DocumentLivenessWriter.Call.Create, now));
    }

    private static async Task<IResult> RetrieveAsync(string id, HttpContext http, VerifikAuth auth, DocumentLivenessStore store)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.DocumentLiveness);
        // Records are kept per client: another client's id is as unknown as a made-up one.
        var record = VerifikIds.IsObjectId(id) ? (await store.Records.GetAsync(caller.ClientId, id, http.RequestAborted))?.Value : null;
        if (record is null)
        {
            throw DocumentLivenessErrors.NotFound.Raise();
        }
        var shape = await store.ShapeAsync(caller.ClientId, http.RequestAborted);
        return new JsonBytes(DocumentLivenessWriter.One(record, shape, DocumentLivenessWriter.Call.Retrieve, caller.Now));
    }

    private static async Task<IResult> ListAsync(HttpContext http, VerifikAuth auth, DocumentLivenessStore store)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.DocumentLiveness);
        var query = http.Request.Query;
        var page = Whole(query, "page", 1, int.MaxValue) ?? 1;
        var limit = Whole(query, "limit", 1, 100) ?? 10;
        var status = Single(query, "status");
        if (status is not null && !DocumentLivenessRecord.Statuses.Contains(status, StringComparer.Ordinal))
        {
            throw DocumentLivenessErrors.InvalidQuery.Raise();
        }
        var populates = query["populates[]"].Concat(query["populates"]).ToArray();
        if (populates.Any(p => !Populates.Contains(p, StringComparer.Ordinal)))
        {
            throw DocumentLivenessErrors.InvalidQuery.Raise();
        }

        var all = (await store.Records.ListAsync(caller.ClientId, http.RequestAborted))
            .Where(r => status is null || r.Value.Status == status)
            .OrderByDescending(r => r.Value.CreatedAt)
            .ThenByDescending(r => r.Seq)
            .Select(r => r.Value)
            .ToList();
        var skip = (long)(page - 1) * limit;
        var items = skip >= all.Count ? [] : all.GetRange((int)skip, Math.Min(limit, all.Count - (int)skip));
        var client = populates.Contains("client", StringComparer.Ordinal) ? Populated(caller.Client) : null;
        var shape = await store.ShapeAsync(caller.ClientId, http.RequestAborted);
        return new JsonBytes(DocumentLivenessWriter.List(items, shape, all.Count, page, limit, client, caller.Now));
    }

    private static byte[] ReadImage(string text, int maxBytes)
    {
        var options = new ImageInputOptions(maxBytes, TimeSpan.Zero, new HashSet<string>(), Formats);
        var bytes = ImageInputReader.Decode(text, "image", DocumentLivenessErrors.ImageErrors, options);
        if (bytes.Length > maxBytes)
        {
            throw DocumentLivenessErrors.ImageTooLarge.Raise();
        }
        return ImageFormats.Sniff(bytes) is { } format && Formats.Contains(format) ? bytes : throw DocumentLivenessErrors.InvalidImageFormat.Raise();
    }

    private static bool Flag(JsonElement body, string name) =>
        body.OptionalBool(name, DocumentLivenessErrors.Request) ?? false;

    private static string Calibration(JsonElement body, string name)
    {
        var value = body.OptionalString(name, DocumentLivenessErrors.Request);
        return value switch
        {
            null => Calibrations.Regular,
            _ when Calibrations.All.Contains(value, StringComparer.Ordinal) => value,
            _ => throw DocumentLivenessErrors.Invalid($"\"{name}\" must be one of [{string.Join(", ", Calibrations.All)}]"),
        };
    }

    private static string? Single(IQueryCollection query, string name) => query[name].Count switch
    {
        0 => null,
        1 => query[name][0],
        _ => throw DocumentLivenessErrors.InvalidQuery.Raise(),
    };

    private static int? Whole(IQueryCollection query, string name, int min, int max) => Single(query, name) switch
    {
        null => null,
        var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max => n,
        _ => throw DocumentLivenessErrors.InvalidQuery.Raise(),
    };

    /// <summary>The docs' populated client has a <c>name</c>; a simulated client has none, so its e-mail's local part (or phone) stands in.</summary>
    private static PopulatedClient Populated(ClientRecord client) =>
        new(client.ClientId, client.Email is { } email ? email.Split('@')[0] : client.Phone ?? client.ClientId, client.Email);
}
