using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.AnyCheck.Auth;
using Simulators.Core.Control;
using Simulators.Core.Security;

namespace Simulators.AnyCheck.Control;

/// <summary>AnyCheck's own control endpoints: accounts, API keys, credit balances.</summary>
internal static class AnyCheckControl
{
    public static async ValueTask<object> DescribeCredentialsAsync(AnyCheckCredentials credentials, AnyCheckOptions options, CancellationToken cancellationToken) => new
    {
        provider = "AnyCheck",
        mode = options.OpenTenants ? "open" : "strict",
        defaults = new
        {
            email = options.DefaultEmail,
            password = SecretLabel.Reveal(options.DefaultPassword, Defaults.DefaultPassword),
            apiKey = SecretLabel.Reveal(options.DefaultApiKey, Defaults.DefaultApiKey),
            tenant = AnyCheckCredentials.SandboxTenant,
        },
        rules = new[]
        {
            "X-API-Key (or Authorization: Bearer <key>) with any ak_test_* key is accepted in open mode; the key is its own tenant, named key-<12 hex digits of its SHA-256> (?tenant=<the key> finds it too).",
            "Keys starting ak_expired_ answer 401 API_KEY_EXPIRED; any other unregistered key answers 401 INVALID_API_KEY.",
            "POST /auth/login with a new e-mail and the default password registers it as its own tenant in open mode; a known e-mail with a wrong password answers 401 INVALID_CREDENTIALS.",
        },
        accounts = (await credentials.AccountsAsync(cancellationToken)).Select(a => new { email = a.Email, tenant = a.TenantId, userId = a.UserId }),
        apiKeys = (await credentials.KeysAsync(cancellationToken)).Select(k => new
        {
            key = k.Key == Defaults.DefaultApiKey ? k.Key : SecretLabel.Masked(k.Key),
            tenant = k.TenantId,
            expired = k.Expired,
        }),
    };

    private static readonly AnyCheckOptions Defaults = new();

    /// <summary>The tenant a credential is registered into (a new name, taken as given); empty is a 400.</summary>
    private static string? NewTenant(System.Text.Json.JsonElement? body) =>
        ControlRequest.Text(body, "tenant") is { Length: 0 }
            ? throw ControlApiException.InvalidBody("'tenant' must not be empty.")
            : ControlRequest.Text(body, "tenant");

    public static void MapAnyCheckControl(this RouteGroupBuilder control)
    {
        control.MapPost("/accounts", async (HttpContext http, AnyCheckCredentials credentials) =>
        {
            var body = await ControlRequest.ReadBodyAsync(http);
            var email = ControlRequest.Text(body, "email") is { Length: > 0 } e ? e : throw ControlApiException.InvalidBody("Send {\"email\", \"password\", \"tenant\"?, \"name\"?}.");
            var password = ControlRequest.Text(body, "password") is { Length: > 0 } p ? p : throw ControlApiException.InvalidBody("'password' is required.");
            // TenantOf refuses an empty tenant, which no call could ever enter.
            var account = await credentials.RegisterAsync(email, password, NewTenant(body), ControlRequest.Text(body, "name"), http.RequestAborted);
            return ControlRequest.Json(new { email = account.Email, tenant = account.TenantId, userId = account.UserId }, StatusCodes.Status201Created);
        });

        control.MapPost("/api-keys", async (HttpContext http, AnyCheckCredentials credentials) =>
        {
            var body = await ControlRequest.ReadBodyAsync(http);
            var key = ControlRequest.Text(body, "key") is { Length: > 0 } k ? k : throw ControlApiException.InvalidBody("Send {\"key\", \"tenant\"?, \"expired\"?}.");
            var expired = body is { } b && b.TryGetProperty("expired", out var flag) && flag.ValueKind == System.Text.Json.JsonValueKind.True;
            var record = await credentials.RegisterKeyAsync(key, NewTenant(body), expired, http.RequestAborted);
            return ControlRequest.Json(new { key = SecretLabel.Masked(record.Key), tenant = record.TenantId, expired = record.Expired }, StatusCodes.Status201Created);
        });

        control.MapPost("/api-keys/{key}/expire", async (string key, HttpContext http, AnyCheckCredentials credentials) =>
            await credentials.ExpireKeyAsync(key, http.RequestAborted)
                ? ControlRequest.Json(new { key = SecretLabel.Masked(key), expired = true })
                : throw ControlApiException.NotFound($"No registered API key {key}. Register it first with POST /__simulator/api-keys."));

        // Puts a folder in another group that the tenant knows the id of: using it answers 403 FORBIDDEN.
        control.MapPost("/foreign-folders", async (HttpContext http, AnyCheckStore store) =>
        {
            var body = await ControlRequest.ReadBodyAsync(http);
            var tenant = (await ControlRequest.TenantAsync(http, body)) ?? AnyCheckCredentials.SandboxTenant;
            var group = ControlRequest.Text(body, "group") is { Length: > 0 } g ? g : "Another Group";
            Guid folderId;
            if (ControlRequest.Text(body, "folderId") is not { } given)
            {
                folderId = Guid.NewGuid();
            }
            else if (!Simulators.Core.StrictText.TryParseUuid(given, out folderId))
            {
                throw ControlApiException.InvalidBody("Send {\"folderId\"?: <uuid>, \"group\"?: <group name>, \"tenant\"?}.");
            }
            if (await store.Folders.GetAsync(tenant, folderId.ToString(), http.RequestAborted) is not null)
            {
                throw ControlApiException.InvalidBody($"Folder {folderId} already belongs to the tenant's own group.");
            }
            var foreign = new Folders.ForeignFolder(Simulators.Core.DeterministicIds.From("anycheck-foreign-group:" + group), group);
            await store.ForeignFolders.PutAsync(tenant, folderId.ToString(), foreign, cancellationToken: http.RequestAborted);
            return ControlRequest.Json(new { tenant, folderId, groupId = foreign.GroupId, group = foreign.GroupName }, StatusCodes.Status201Created);
        }).TenantScoped();

        control.MapGet("/balance", async (HttpContext http, AnyCheckStore store, AnyCheckOptions options) =>
        {
            var tenant = (await ControlRequest.TenantAsync(http, null)) ?? AnyCheckCredentials.SandboxTenant;
            var group = await store.Groups.GetAsync(tenant, AnyCheckStore.GroupId, http.RequestAborted);
            return ControlRequest.Json(new { tenant, credits = group?.Value.Credits ?? options.InitialCredits });
        }).TenantScoped();

        control.MapPost("/balance", async (HttpContext http, AnyCheckStore store) =>
        {
            var body = await ControlRequest.ReadBodyAsync(http);
            var tenant = (await ControlRequest.TenantAsync(http, body)) ?? AnyCheckCredentials.SandboxTenant;
            int? credits;
            try
            {
                credits = ControlRequest.Whole(body, "credits");
            }
            catch (ControlApiException)
            {
                credits = null;
            }
            if (credits is not >= 0)
            {
                throw ControlApiException.InvalidBody("Send {\"credits\": <whole number, 0 or more>, \"tenant\"?}.");
            }
            await store.Groups.PutAsync(tenant, AnyCheckStore.GroupId, new GroupAccount(credits.Value), cancellationToken: http.RequestAborted);
            return ControlRequest.Json(new { tenant, credits });
        }).TenantScoped();
    }
}
