using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.AnyCheck.Auth;
using Simulators.AnyCheck.Verifications;

namespace Simulators.AnyCheck.Folders;

internal sealed record FolderRecord(Guid Id, long Sequence, string Name, string? Description, Guid CreatedBy, DateTimeOffset CreatedAt);

internal sealed record GroupRef(Guid Id, string Name);

internal sealed record Folder(
    Guid Id,
    GroupRef Group,
    string Name,
    bool IsStarred,
    long? TotalService,
    long? TotalResult,
    DateTimeOffset CreatedAt,
    Guid CreatedBy,
    DateTimeOffset UpdatedAt,
    Guid UpdatedBy);

internal static class FoldersApi
{
    public static void MapFolders(this IEndpointRouteBuilder app)
    {
        app.MapPost("/folders", Create);
        app.MapGet("/folders/{id}", Get);
        app.MapGet("/groups/{groupId}/folders", List);
    }

    private static async Task<IResult> Create(HttpContext http, AnyCheckAuth auth, AnyCheckOptions options)
    {
        var caller = auth.Authenticate(http);
        var body = await AnyCheckRequest.ReadObjectAsync(http);
        var name = AnyCheckRequest.RequiredString(body, "name").Trim();
        if (name.Length is 0 or > 255)
        {
            throw AnyCheckErrors.Field("name", "must be 1 to 255 characters");
        }
        var description = AnyCheckRequest.OptionalString(body, "description");
        if (caller.State.Folders.Values.Any(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
        {
            throw AnyCheckErrors.AlreadyExists.Raise($"A folder named '{name}' already exists in this group.", new FieldError("name", "already exists"));
        }
        var folder = new FolderRecord(Guid.NewGuid(), caller.State.NextSequence(), name, description, caller.UserId, caller.Now);
        caller.State.Folders[folder.Id] = folder;
        return TypedResults.Json(View(caller.State, folder), AnyCheckJson.Wire.Folder, statusCode: options.CreatedStatus);
    }

    private static IResult Get(string id, HttpContext http, AnyCheckAuth auth)
    {
        var caller = auth.Authenticate(http);
        var folder = caller.State.Folders.GetValueOrDefault(AnyCheckRequest.PathId(id, "folder"))
            ?? throw AnyCheckErrors.NotFound.Raise($"Folder {id} was not found.");
        return TypedResults.Json(View(caller.State, folder), AnyCheckJson.Wire.Folder);
    }

    private static IResult List(string groupId, HttpContext http, AnyCheckAuth auth)
    {
        var caller = auth.Authenticate(http);
        if (AnyCheckRequest.PathId(groupId, "group") != caller.State.GroupId)
        {
            throw AnyCheckErrors.NotFound.Raise($"Group {groupId} was not found.");
        }
        var (size, offset) = AnyCheckRequest.Page(http.Request);
        var search = http.Request.Query["search"].ToString();
        var matching = caller.State.Folders.Values
            .Where(f => search.Length == 0 || f.Name.Contains(search, StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f.Sequence)
            .ToList();
        var page = matching.Skip(offset).Take(size).Select(f => View(caller.State, f)).ToList();
        return TypedResults.Json(new ListOf<Folder>(matching.Count, page), AnyCheckJson.Wire.ListOfFolder);
    }

    private static Folder View(AnyCheckState state, FolderRecord folder)
    {
        var inFolder = state.Verifications.Values.Where(v => v.FolderId == folder.Id).ToList();
        return new Folder(
            folder.Id,
            new GroupRef(state.GroupId, state.GroupName),
            folder.Name,
            false,
            inFolder.Select(v => v.Service.Id).Distinct().LongCount(),
            inFolder.Select(v => v.ResultId).Distinct().LongCount(),
            folder.CreatedAt,
            folder.CreatedBy,
            folder.CreatedAt,
            folder.CreatedBy);
    }
}
