using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core;
using Simulators.Core.Hosting;
using Simulators.Core.Json;
using Simulators.Core.Security;
using Simulators.Verifik.AppRegistrations;
using Simulators.Verifik.Auth;

namespace Simulators.Verifik.Webhooks;

/// <summary>
/// A client's webhooks (providers/verifik.md §5): create, list, read, update, delete. Deliveries go to the active ones
/// linked to a registration's project flow (<see cref="AppRegistrationJobs"/>).
/// </summary>
internal static class WebhooksApi
{
    public const string Path = "/v2/webhooks";

    private const int MaxUrlLength = 2048;

    public static void MapWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, CreateAsync);
        app.MapGet(Path, ListAsync);
        app.MapGet(Path + "/{id}", RetrieveAsync);
        app.MapPut(Path + "/{id}", UpdateAsync);
        app.MapDelete(Path + "/{id}", DeleteAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, VerifikAuth auth, WebhookStore store, OutboundPolicy outbound)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.AppRegistration);
        var body = await VerifikJson.ReadBodyAsync(http, AppRegistrationErrors.Request);
        var url = AuthRequestErrors.Text(body, "url");
        var name = AuthRequestErrors.Text(body, "name");
        var isActive = body.OptionalBool("isActive", AppRegistrationErrors.Request);
        var missing = new[] { ("url", url is not null), ("name", name is not null), ("isActive", isActive is not null) }.Where(f => !f.Item2).Select(f => f.Item1).ToArray();
        if (missing.Length > 0)
        {
            throw VerifikErrors.Missing(missing);
        }
        await CheckUrlAsync(http, url!, outbound);
        var now = caller.Now;
        var notification = Notification(body, new WebhookNotification(VerifikIds.NewObjectId(now), null, false, true));
        var record = new WebhookRecord(VerifikIds.NewObjectId(now), caller.ClientId, Links(body) ?? [], isActive!.Value, name!,
            url!, Description(body), notification, now, now);
        await store.Webhooks.PutAsync(caller.ClientId, record.Id, record, 0, http.RequestAborted);
        return One(record);
    }

    private static async Task<IResult> ListAsync(HttpContext http, VerifikAuth auth, WebhookStore store)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.AppRegistration);
        var (page, limit) = Paging.Read(http.Request.Query);
        var all = (await store.Webhooks.ListAsync(caller.ClientId, http.RequestAborted)).Select(w => w.Value)
            .OrderByDescending(w => w.CreatedAt).ThenByDescending(w => w.Id, StringComparer.Ordinal).ToList();
        var items = Paging.Slice(all, page, limit);
        return new JsonBytes(VerifikJson.Object(w =>
        {
            w.WriteStartArray("data");
            foreach (var item in items)
            {
                Write(w, item);
            }
            w.WriteEndArray();
            Paging.Write(w, all.Count, page, limit);
        }));
    }

    private static async Task<IResult> RetrieveAsync(string id, HttpContext http, VerifikAuth auth, WebhookStore store)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.AppRegistration);
        return One(await FindAsync(store, caller, id, http.RequestAborted));
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, VerifikAuth auth, WebhookStore store, OutboundPolicy outbound)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.AppRegistration);
        var current = await FindAsync(store, caller, id, http.RequestAborted);
        var body = await VerifikJson.ReadBodyAsync(http, AppRegistrationErrors.Request);
        var url = AuthRequestErrors.Text(body, "url");
        if (url is not null)
        {
            await CheckUrlAsync(http, url, outbound);
        }
        var name = AuthRequestErrors.Text(body, "name");
        var isActive = body.OptionalBool("isActive", AppRegistrationErrors.Request);
        var links = Links(body);
        var description = Description(body);
        var notification = Notification(body, current.Notification);
        var updated = await store.Webhooks.UpdateAsync(caller.ClientId, id, stored => stored is null ? null : stored with
        {
            Url = url ?? stored.Url,
            Name = name ?? stored.Name,
            IsActive = isActive ?? stored.IsActive,
            ProjectFlow = links ?? stored.ProjectFlow,
            Description = description ?? stored.Description,
            Notification = notification,
            UpdatedAt = caller.Now,
        }, http.RequestAborted);
        return One(updated ?? throw VerifikErrors.RecordNotFound.Raise());
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, VerifikAuth auth, WebhookStore store)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.AppRegistration);
        var current = await FindAsync(store, caller, id, http.RequestAborted);
        await store.Webhooks.DeleteAsync(caller.ClientId, id, cancellationToken: http.RequestAborted);
        return One(current);
    }

    private static async ValueTask<WebhookRecord> FindAsync(WebhookStore store, Caller caller, string id, CancellationToken cancellationToken) =>
        (VerifikIds.IsObjectId(id) ? (await store.Webhooks.GetAsync(caller.ClientId, id, cancellationToken))?.Value : null)
        ?? throw VerifikErrors.RecordNotFound.Raise();

    private static JsonBytes One(WebhookRecord record) => new(VerifikJson.Object(w =>
    {
        w.WritePropertyName("data");
        Write(w, record);
    }));

    /// <summary>The documented webhook object, in its order.</summary>
    public static void Write(Utf8JsonWriter w, WebhookRecord r)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(r);
        w.WriteStartObject();
        w.WriteString("_id", r.Id);
        w.WriteString("client", r.Client);
        w.WriteStartArray("projectFlow");
        foreach (var flow in r.ProjectFlow)
        {
            w.WriteStringValue(flow);
        }
        w.WriteEndArray();
        w.WriteStartObject("statistics");
        w.WriteEndObject();
        w.WriteBoolean("isActive", r.IsActive);
        w.WriteString("name", r.Name);
        w.WriteString("url", r.Url);
        if (r.Description is not null)
        {
            w.WriteString("description", r.Description);
        }
        w.WriteStartObject("notification");
        if (r.Notification.Email is not null)
        {
            w.WriteString("email", r.Notification.Email);
        }
        w.WriteBoolean("success", r.Notification.Success);
        w.WriteBoolean("fail", r.Notification.Fail);
        w.WriteString("_id", r.Notification.Id);
        w.WriteEndObject();
        w.WriteString("createdAt", VerifikIds.Iso(r.CreatedAt));
        w.WriteString("updatedAt", VerifikIds.Iso(r.UpdatedAt));
        w.WriteNumber("__v", 0);
        w.WriteEndObject();
    }

    /// <summary>An absolute http(s) URL the outbound policy lets the simulator call; else Verifik's 409 naming <c>url</c>.</summary>
    private static async ValueTask CheckUrlAsync(HttpContext http, string url, OutboundPolicy outbound)
    {
        if (url.Length > MaxUrlLength || StrictText.HasSpaceOrControl(url)
            || !Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https") || parsed.Host.Length == 0)
        {
            throw (VerifikErrors.MissingParameter with { Message = "invalid url\n" }).Raise();
        }
        await outbound.CheckSubmittedAsync(http, parsed, "url",
            reason => (VerifikErrors.MissingParameter with { Code = "PreconditionFailed", Message = "url " + reason }).Raise());
    }

    /// <summary><c>link</c>: project flow ids (24-hex), stored as <c>projectFlow</c>; null when absent.</summary>
    private static ImmutableArray<string>? Links(JsonElement body)
    {
        if (!body.TryGetProperty("link", out var link) || link.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (link.ValueKind != JsonValueKind.Array || link.GetArrayLength() > 100
            || link.EnumerateArray().Any(l => l.ValueKind != JsonValueKind.String || !VerifikIds.IsObjectId(l.GetString())))
        {
            throw (VerifikErrors.MissingParameter with { Message = "invalid link\n" }).Raise();
        }
        return [.. link.EnumerateArray().Select(l => l.GetString()!).Distinct(StringComparer.Ordinal)];
    }

    private static string? Description(JsonElement body) => body.OptionalString("description", AppRegistrationErrors.Request);

    /// <summary><c>notification</c>: <c>{email?, success, fail}</c> over <paramref name="current"/>.</summary>
    private static WebhookNotification Notification(JsonElement body, WebhookNotification current)
    {
        if (body.OptionalObject("notification", AppRegistrationErrors.Request) is not { } given)
        {
            return current;
        }
        var email = given.OptionalString("email", AppRegistrationErrors.Request, "notification.email");
        if (email is not null && (email.Length > 254 || !email.Contains('@', StringComparison.Ordinal) || StrictText.HasSpaceOrControl(email)))
        {
            throw (VerifikErrors.MissingParameter with { Message = "invalid notification.email\n" }).Raise();
        }
        return current with
        {
            Email = email ?? current.Email,
            Success = given.OptionalBool("success", AppRegistrationErrors.Request, "notification.success") ?? current.Success,
            Fail = given.OptionalBool("fail", AppRegistrationErrors.Request, "notification.fail") ?? current.Fail,
        };
    }
}
