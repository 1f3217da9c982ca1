using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.AnyCheck.Auth;
using Simulators.Core;
using Simulators.Core.Errors;
using Simulators.Core.State;

namespace Simulators.AnyCheck.Folders;

/// <summary>A folder as stored.</summary>
internal sealed record FolderRecord(Guid Id, string Name, string? Description, Guid CreatedBy, DateTimeOffset CreatedAt);

/// <summary>A folder that belongs to another group: the tenant may know its id, but not use it.</summary>
internal sealed record ForeignFolder(Guid GroupId, string GroupName);

/// <summary>A folder name taken in a group.</summary>
internal sealed record FolderName(Guid FolderId);

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

    /// <summary>Stores a folder, its name reserved in the same commit; false when the group has one of that name.</summary>
    public static async ValueTask<bool> TryAddAsync(AnyCheckStore store, string tenant, FolderRecord folder, CancellationToken cancellationToken)
    {
        try
        {
            await store.Raw.CommitAsync(
                [store.FolderNames.Put(tenant, folder.Name.ToLowerInvariant(), new FolderName(folder.Id), expectedVersion: 0), store.Folders.Put(tenant, folder.Id.ToString(), folder, expectedVersion: 0)],
                cancellationToken);
            return true;
        }
        catch (StoreConflictException)
        {
            return false;
        }
    }

    /// <summary>The caller's folder; another group's folder is 403 <c>FORBIDDEN</c>, an unknown one 404 <c>NOT_FOUND</c>.</summary>
    public static async ValueTask<FolderRecord> FindAsync(AnyCheckStore store, Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var key = id.ToString();
        if ((await store.Folders.GetAsync(caller.TenantId, key, cancellationToken))?.Value is { } folder)
        {
            return folder;
        }
        throw await store.ForeignFolders.GetAsync(caller.TenantId, key, cancellationToken) is { } foreign
            ? AnyCheckErrors.Forbidden.Raise($"Folder {id} belongs to the group '{foreign.Value.GroupName}'; you do not have access to it.")
            : AnyCheckErrors.NotFound.Raise($"Folder {id} was not found.");
    }

    private static async Task<IResult> Create(HttpContext http, Caller caller, AnyCheckStore store, AnyCheckOptions options)
    {
        var body = await AnyCheckRequest.ReadObjectAsync(http);
        var name = AnyCheckRequest.RequiredString(body, "name");
        // Surrounding spaces are trimmed; a newline, tab or NUL is not a space to trim but a name nobody typed.
        if (StrictText.HasControlCharacter(name))
        {
            throw AnyCheckErrors.Field("name", "must not contain control characters (newlines, tabs, NUL)");
        }
        name = name.Trim();
        if (name.Length is 0 or > 255)
        {
            throw AnyCheckErrors.Field("name", "must be 1 to 255 characters");
        }
        var description = AnyCheckRequest.OptionalString(body, "description");
        var folder = new FolderRecord(Guid.NewGuid(), name, description, caller.UserId, caller.Now);
        if (!await TryAddAsync(store, caller.TenantId, folder, http.RequestAborted))
        {
            throw AnyCheckErrors.AlreadyExists.Raise($"A folder named '{name}' already exists in this group.", new FieldProblem("name", "already exists"));
        }
        return TypedResults.Json(await ViewAsync(store, caller, folder, http.RequestAborted), AnyCheckJson.Wire.Folder, statusCode: options.CreatedStatus);
    }

    private static async Task<IResult> Get(string id, HttpContext http, Caller caller, AnyCheckStore store)
    {
        var folder = await FindAsync(store, caller, AnyCheckRequest.PathId(id, "folder"), http.RequestAborted);
        return TypedResults.Json(await ViewAsync(store, caller, folder, http.RequestAborted), AnyCheckJson.Wire.Folder);
    }

    private static async Task<IResult> List(string groupId, HttpContext http, Caller caller, AnyCheckStore store)
    {
        var group = AnyCheckRequest.PathId(groupId, "group");
        if (group != caller.Group.GroupId)
        {
            var known = (await store.ForeignFolders.ListAsync(caller.TenantId, http.RequestAborted)).FirstOrDefault(f => f.Value.GroupId == group);
            throw known is null
                ? AnyCheckErrors.NotFound.Raise($"Group {groupId} was not found.")
                : AnyCheckErrors.Forbidden.Raise($"You are not a member of the group '{known.Value.GroupName}'.");
        }
        var (size, offset) = AnyCheckRequest.Page(http.Request);
        var search = http.Request.Query["search"].ToString();
        var matching = (await store.Folders.ListAsync(caller.TenantId, http.RequestAborted))
            .Select(f => f.Value)
            .Where(f => search.Length == 0 || f.Name.Contains(search, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var page = new List<Folder>();
        foreach (var folder in matching.Skip(offset).Take(size))
        {
            page.Add(await ViewAsync(store, caller, folder, http.RequestAborted));
        }
        return TypedResults.Json(new ListOf<Folder>(matching.Count, page), AnyCheckJson.Wire.ListOfFolder);
    }

    private static async Task<Folder> ViewAsync(AnyCheckStore store, Caller caller, FolderRecord folder, CancellationToken cancellationToken)
    {
        var inFolder = await store.Verifications.ByAsync(caller.TenantId, "folder", folder.Id.ToString(), cancellationToken);
        var group = caller.Group;
        return new Folder(
            folder.Id,
            new GroupRef(group.GroupId, group.GroupName),
            folder.Name,
            false,
            inFolder.Select(v => v.Value.ServiceId).Distinct().LongCount(),
            inFolder.Select(v => v.Value.ResultId).Distinct().LongCount(),
            folder.CreatedAt,
            folder.CreatedBy,
            folder.CreatedAt,
            folder.CreatedBy);
    }
}
