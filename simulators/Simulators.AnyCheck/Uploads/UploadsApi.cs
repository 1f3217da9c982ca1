using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.AnyCheck.Auth;
using Simulators.Core.Errors;
using Simulators.Core.Scenarios;

namespace Simulators.AnyCheck.Uploads;

internal sealed record UploadedFile(string Path, string Url, int PageCount);

internal sealed record UploadResponse(Guid ObjectId, string FileCategory, IReadOnlyList<UploadedFile> Files);

/// <summary>
/// A stored upload. <see cref="Path"/> is what goes into <c>configuration.files.&lt;field&gt;[]</c>;
/// <see cref="Scan"/> is its hash and scenario marker, taken once at upload for every verification that uses it.
/// </summary>
internal sealed record StoredFile(Guid Id, Guid ObjectId, string Path, string Url, string FileName, string ContentType, byte[] Bytes, int PageCount, string Category, ScenarioInput Scan)
{
    public static StoredFile Create(Guid id, Guid objectId, string path, string url, string fileName, string contentType, byte[] bytes, int pageCount, string category) =>
        new(id, objectId, path, url, fileName, contentType, bytes, pageCount, category, ScenarioInput.Of(bytes));
}

internal static partial class UploadsApi
{
    public static readonly string[] Categories = ["VERIFICATION_INPUT_FILE", "PROFILE_PICTURE"];

    public static void MapUploads(this IEndpointRouteBuilder app)
    {
        app.MapPost("/uploads", Upload);
        app.MapGet("/files/{id}", Download);
    }

    /// <summary>Looks a file up by the path a client puts in a configuration (with or without the leading slash).</summary>
    public static async ValueTask<StoredFile?> FindByPathAsync(AnyCheckStore store, string tenant, string path, CancellationToken cancellationToken) =>
        await store.Files.ByAsync(tenant, "path", path.TrimStart('/'), cancellationToken) is { Count: > 0 } found ? found[^1].Value : null;

    private static async Task<IResult> Upload(HttpContext http, Caller caller, AnyCheckStore store, AnyCheckOptions options)
    {
        if (!http.Request.HasFormContentType)
        {
            throw AnyCheckErrors.InvalidRequest.Raise("Uploads must be sent as multipart/form-data.", new FieldProblem("files", "is required"));
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);

        var category = form["file_category"].ToString();
        if (category.Length == 0)
        {
            throw AnyCheckErrors.Field("file_category", "is required");
        }
        if (!Categories.Contains(category, StringComparer.Ordinal))
        {
            throw AnyCheckErrors.InvalidValue.Raise($"file_category must be one of {string.Join(", ", Categories)}.", new FieldProblem("file_category", "is not an allowed value"));
        }

        var files = form.Files.Where(f => f.Name == "files" || f.Name.StartsWith("files[", StringComparison.Ordinal)).ToList();
        if (files.Count == 0)
        {
            throw AnyCheckErrors.Field("files", "at least one file is required");
        }
        if (files.Count > options.MaxFilesPerUpload)
        {
            throw AnyCheckErrors.Field("files", $"at most {options.MaxFilesPerUpload} files per upload");
        }
        var passwords = Passwords(form);
        var held = await store.Files.CountAsync(caller.TenantId, cancellationToken: http.RequestAborted);
        if (held + files.Count > options.MaxFilesPerTenant)
        {
            throw AnyCheckErrors.QuotaExceeded.Raise($"This tenant holds {held} uploaded files; the simulator keeps at most {options.MaxFilesPerTenant} per tenant (AnyCheck:MaxFilesPerTenant). Reset the tenant to upload more.");
        }

        var objectId = Simulators.Core.Ids.NewGuid();
        var baseUrl = AnyCheckRequest.BaseUrl(http.Request);
        var stored = new List<StoredFile>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            stored.Add(await ReadFileAsync(files[i], i, passwords.ElementAtOrDefault(i), objectId, category, baseUrl, options, http.RequestAborted));
        }
        await store.Raw.CommitAsync([.. stored.Select(f => store.Files.Put(caller.TenantId, f.Id.ToString(), f, expectedVersion: 0))], http.RequestAborted);
        return TypedResults.Json(
            new UploadResponse(objectId, category, [.. stored.Select(f => new UploadedFile(f.Path, f.Url, f.PageCount))]),
            AnyCheckJson.Wire.UploadResponse,
            statusCode: options.CreatedStatus);
    }

    private static async Task<StoredFile> ReadFileAsync(IFormFile file, int index, string? password, Guid objectId, string category, string baseUrl, AnyCheckOptions options, CancellationToken cancellationToken)
    {
        var field = $"files[{index}]";
        if (file.Length == 0)
        {
            throw AnyCheckErrors.Field(field, "is empty");
        }
        if (file.Length > options.MaxUploadBytes)
        {
            throw AnyCheckErrors.Field(field, $"is larger than the {options.MaxUploadBytes / (1024 * 1024)} MB limit");
        }
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }
        var (format, pages) = UploadFormats.Sniff(bytes) ?? throw AnyCheckErrors.Field(field, UploadFormats.Expected);
        if (format == UploadFormats.Pdf && UploadFormats.IsEncryptedPdf(bytes) && string.IsNullOrEmpty(password))
        {
            throw AnyCheckErrors.Field($"file_passwords[{index}]", "is required for a password-protected PDF");
        }
        var id = Simulators.Core.Ids.NewGuid();
        var name = SafeName(file.FileName, format.Extension);
        return StoredFile.Create(id, objectId, $"uploads/{id:N}_{name}", $"{baseUrl}/files/{id}", name, format.ContentType, bytes, pages, category);
    }

    private static async Task<IResult> Download(string id, HttpContext http, Caller caller, AnyCheckStore store, Verifications.VerificationViews views)
    {
        var parsed = AnyCheckRequest.PathId(id, "file");
        var fileId = parsed.ToString();
        if ((await store.Files.GetAsync(caller.TenantId, fileId, http.RequestAborted))?.Value is { } file)
        {
            return TypedResults.File(file.Bytes, file.ContentType, file.FileName);
        }
        // An output file: the id leads back to its verification, or (a record stored with another id) the index does.
        var owner = (await store.Verifications.GetAsync(caller.TenantId, Verifications.VerificationRecord.VerificationOfOutput(parsed).ToString(), http.RequestAborted))?.Value;
        if (owner?.OutputFileId != parsed)
        {
            owner = await store.Verifications.ByAsync(caller.TenantId, "output", fileId, http.RequestAborted) is { Count: > 0 } owners ? owners[0].Value : null;
        }
        if (owner is not null && await views.OutputFileAsync(caller.TenantId, owner, caller.Now, http.RequestAborted) is { } output)
        {
            return TypedResults.Bytes(output, "application/json");
        }
        throw AnyCheckErrors.NotFound.Raise($"File {id} was not found.");
    }

    private static List<string?> Passwords(IFormCollection form)
    {
        var passwords = new List<string?>();
        passwords.AddRange(form["file_passwords"].Select(p => (string?)p));
        foreach (var key in form.Keys.Where(k => k.Length > 16 && k.StartsWith("file_passwords[", StringComparison.Ordinal) && k.EndsWith(']')))
        {
            if (int.TryParse(key.AsSpan(15, key.Length - 16), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) && i is >= 0 and < 1000)
            {
                while (passwords.Count <= i)
                {
                    passwords.Add(null);
                }
                passwords[i] = form[key].ToString();
            }
        }
        return passwords;
    }

    private static string SafeName(string fileName, string extension)
    {
        var name = Path.GetFileName(fileName);
        name = UnsafeChars().Replace(name, "_");
        return string.IsNullOrEmpty(name) || name.Trim('_', '.').Length == 0 ? "file" + extension : name;
    }

    [GeneratedRegex(@"[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeChars();
}
