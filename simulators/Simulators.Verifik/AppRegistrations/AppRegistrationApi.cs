using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Hosting;
using Simulators.Core.Jobs;
using Simulators.Core.Json;
using Simulators.Core.Scenarios;
using Simulators.Core.Webhooks;
using Simulators.Verifik.Auth;

namespace Simulators.Verifik.AppRegistrations;

/// <summary>
/// Smart Enroll registrations (providers/verifik.md §2.7): a client starts one for a registrant and gets the registrant's
/// token; the registration's status follows its job on the client's clock. Reads take the client's token, or the
/// registrant's for its own registration (<c>/me</c>, or no id).
/// </summary>
internal static partial class AppRegistrationApi
{
    public const string Path = "/v2/app-registrations";

    public static void MapAppRegistrations(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, CreateAsync);
        app.MapGet(Path, ListAsync);
        app.MapGet(Path + "/{id}", RetrieveAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, VerifikAuth auth, AppRegistrationStore store, JobRegistry jobs, ScenarioResolver scenarios,
        VerifikTokens tokens, VerifikOptions options, WebhookOutbox outbox)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.AppRegistration);
        var body = await VerifikJson.ReadBodyAsync(http, AppRegistrationErrors.Request);
        var ids = AuthRequestErrors.Required(body, "project", "projectFlow");
        var (project, projectFlow) = (ObjectId(ids[0], "project"), ObjectId(ids[1], "projectFlow"));
        var email = AuthRequestErrors.Text(body, "email");
        var phone = AuthRequestErrors.Text(body, "phone");
        var countryCode = AuthRequestErrors.Text(body, "countryCode");
        if (email is null && phone is null)
        {
            throw AppRegistrationErrors.NeedsEmailOrPhone.Raise();
        }
        if (email is not null && !EmailPattern().IsMatch(email))
        {
            throw Invalid("email");
        }
        if (phone is not null)
        {
            if (!PhonePattern().IsMatch(phone))
            {
                throw Invalid("phone");
            }
            if (countryCode is null)
            {
                throw AppRegistrationErrors.MissingCountryCode.Raise();
            }
        }
        if (countryCode is not null && !CountryCodePattern().IsMatch(countryCode))
        {
            throw Invalid("countryCode");
        }
        var language = AuthRequestErrors.Text(body, "language") ?? "en";
        if (!LanguagePattern().IsMatch(language))
        {
            throw Invalid("language");
        }
        var (fullName, firstName, lastName) = Names(body);

        var scenario = await RegistrantApi.ResolveAsync(http, caller, scenarios, AppRegistrationScenarios.Registration, AppRegistrationScenarios.Completed, []);
        if (scenario == AppRegistrationScenarios.EmailDomainNotAllowed)
        {
            throw AppRegistrationErrors.EmailDomainNotAllowed.Raise();
        }
        var now = caller.Now;
        await outbox.EnsureRoomAsync(http.RequestAborted);

        // The same registrant again (same project, e-mail or phone) while the registration is open: the same one, a new token.
        var existing = await OpenRegistrationAsync(store, jobs, caller.ClientId, now,
            email is null ? null : (AppRegistrationStore.ByEmail, AppRegistrationStore.EmailKey(project, email)),
            phone is null ? null : (AppRegistrationStore.ByPhone, AppRegistrationStore.PhoneKey(project, countryCode, phone)), http.RequestAborted);
        AppRegistrationRecord record;
        if (existing is not null)
        {
            record = existing;
        }
        else
        {
            var id = VerifikIds.NewObjectId(now);
            record = new AppRegistrationRecord(id, caller.ClientId, project, projectFlow, email, phone, phone is null ? null : countryCode, language, "1",
                new InformationValidation(VerifikIds.NewObjectId(now), fullName, firstName, lastName), now, now, now + TimeSpan.FromHours(options.AppRegistrationValidityHours));
            await StartAsync(store, jobs, record, scenario, http.RequestAborted);
        }
        var token = await tokens.IssueRegistrantAsync(caller.Client, record.Id, now, record.ExpiresAt, http.RequestAborted);
        var stored = (await jobs.GetAsync(caller.ClientId, record.Id, http.RequestAborted))!.Value;
        var snapshot = await AppRegistrationWriter.SnapshotAsync(store, caller.ClientId, record, stored, now, http.RequestAborted, options.ProjectFlowType);
        return new JsonBytes(VerifikJson.Object(w =>
        {
            w.WriteStartObject("data");
            w.WritePropertyName("appRegistration");
            AppRegistrationWriter.WriteRegistration(w, snapshot, Populate.None);
            w.WritePropertyName("informationValidation");
            AppRegistrationWriter.WriteInformation(w, record.Information);
            w.WriteString("token", token);
            w.WriteEndObject();
        }));
    }

    private static async Task<IResult> RetrieveAsync(string id, HttpContext http, VerifikAuth auth, AppRegistrationStore store, JobRegistry jobs, VerifikOptions options)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.AppRegistration, registrants: true);
        var populate = AppRegistrationWriter.ParsePopulates(Populates(http.Request.Query));
        var own = caller.Claims.AppRegistration;
        // A registrant reads only its own (by id or /me); a client reads its own clients' registrations, never /me.
        var wanted = own is not null && (id == "me" || id == own) ? own : own is null ? id : null;
        var record = wanted is null ? null : await store.RegistrationAsync(caller.ClientId, wanted, http.RequestAborted);
        return record is null
            ? throw AppRegistrationErrors.NotFound.Raise()
            : new JsonBytes(await OneAsync(store, jobs, caller, record, populate, options, http.RequestAborted));
    }

    private static async Task<IResult> ListAsync(HttpContext http, VerifikAuth auth, AppRegistrationStore store, JobRegistry jobs, VerifikOptions options)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.AppRegistration, registrants: true);
        var query = http.Request.Query;
        var populate = AppRegistrationWriter.ParsePopulates(Populates(query));
        if (caller.Claims.AppRegistration is { } own)
        {
            // The registrant's token without an id: its own registration.
            var mine = await store.RegistrationAsync(caller.ClientId, own, http.RequestAborted) ?? throw AppRegistrationErrors.NotFound.Raise();
            return new JsonBytes(await OneAsync(store, jobs, caller, mine, populate, options, http.RequestAborted));
        }
        var (page, limit) = Paging.Read(query);
        var status = Paging.Single(query, "where_status");
        var project = Paging.Single(query, "where_project");
        var projectFlow = Paging.Single(query, "where_projectFlow");
        var inStatus = query["in_status[]"].Concat(query["in_status"]).Select(s => s ?? "").ToArray();
        foreach (var s in inStatus.Append(status ?? AppRegistrationStatus.Started))
        {
            if (!AppRegistrationStatus.All.Contains(s, StringComparer.Ordinal))
            {
                throw AppRegistrationErrors.InvalidParameter("status must be one of " + string.Join(", ", AppRegistrationStatus.All));
            }
        }
        var now = caller.Now;
        var plans = (await jobs.ListAsync(caller.ClientId, AppRegistrationJobs.KindName, http.RequestAborted)).ToDictionary(j => j.Id, j => j.Value, StringComparer.Ordinal);
        var matching = (await store.Registrations.ListAsync(caller.ClientId, http.RequestAborted))
            .Select(r => r.Value)
            .Where(r => plans.ContainsKey(r.Id))
            .Select(r => (Record: r, Job: plans[r.Id], Status: plans[r.Id].StateAt(now) ?? AppRegistrationStatus.Started))
            .Where(r => (status is null || r.Status == status) && (inStatus.Length == 0 || inStatus.Contains(r.Status, StringComparer.Ordinal))
                && (project is null || r.Record.Project == project) && (projectFlow is null || r.Record.ProjectFlow == projectFlow))
            .OrderByDescending(r => r.Record.CreatedAt).ThenByDescending(r => r.Record.Id, StringComparer.Ordinal)
            .ToList();
        var items = Paging.Slice(matching, page, limit);
        var snapshots = new List<RegistrationSnapshot>(items.Count);
        foreach (var item in items)
        {
            snapshots.Add(await AppRegistrationWriter.SnapshotAsync(store, caller.ClientId, item.Record, item.Job, now, http.RequestAborted, options.ProjectFlowType));
        }
        return new JsonBytes(VerifikJson.Object(w =>
        {
            w.WriteStartArray("data");
            foreach (var snapshot in snapshots)
            {
                AppRegistrationWriter.WriteRegistration(w, snapshot, populate);
            }
            w.WriteEndArray();
            Paging.Write(w, matching.Count, page, limit);
        }));
    }

    /// <summary>A new registration of its client (the tenant) and its job, <c>STARTED</c> at its creation and ending as <paramref name="scenario"/> says.</summary>
    public static async ValueTask StartAsync(AppRegistrationStore store, JobRegistry jobs, AppRegistrationRecord record, string scenario, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(record);
        var created = AppRegistrationWriter.Render(w => AppRegistrationWriter.WriteRegistration(w,
            new RegistrationSnapshot(record, AppRegistrationStatus.Started, record.UpdatedAt, null, null, null, ""), Populate.None));
        var job = JobRecord.Create(record.Id, AppRegistrationJobs.KindName, scenario, record.Id, record.CreatedAt, AppRegistrationPlan.Created(record.CreatedAt, record.ExpiresAt, created));
        await store.Raw.CommitAsync([store.Registrations.Put(record.Client, record.Id, record, expectedVersion: 0), jobs.Write(record.Client, job)], cancellationToken);
    }

    /// <summary><c>{data: &lt;registration&gt;}</c>, as it stands now.</summary>
    public static async ValueTask<byte[]> OneAsync(AppRegistrationStore store, JobRegistry jobs, Caller caller, AppRegistrationRecord record, Populate populate,
        VerifikOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(options);
        var job = (await jobs.GetAsync(caller.ClientId, record.Id, cancellationToken))?.Value ?? throw AppRegistrationErrors.NotFound.Raise();
        var snapshot = await AppRegistrationWriter.SnapshotAsync(store, caller.ClientId, record, job, caller.Now, cancellationToken, options.ProjectFlowType);
        return VerifikJson.Object(w =>
        {
            w.WritePropertyName("data");
            AppRegistrationWriter.WriteRegistration(w, snapshot, populate);
        });
    }

    /// <summary>The registrant's open registration found by either index key, if any.</summary>
    private static async ValueTask<AppRegistrationRecord?> OpenRegistrationAsync(AppRegistrationStore store, JobRegistry jobs, string client, DateTimeOffset now,
        (string Index, string Key)? byEmail, (string Index, string Key)? byPhone, CancellationToken cancellationToken)
    {
        foreach (var lookup in new[] { byEmail, byPhone })
        {
            if (lookup is not { } l)
            {
                continue;
            }
            foreach (var found in await store.Registrations.ByAsync(client, l.Index, l.Key, cancellationToken))
            {
                if ((await jobs.GetAsync(client, found.Id, cancellationToken))?.Value is { } job && AppRegistrationStatus.IsOpen(job.StateAt(now)))
                {
                    return found.Value;
                }
            }
        }
        return null;
    }

    private static IEnumerable<string?> Populates(IQueryCollection query) => query["populates[]"].Concat(query["populates"]);

    private static string ObjectId(string text, string name) => VerifikIds.IsObjectId(text) ? text : throw Invalid(name);

    private static Simulators.Core.Errors.ProviderException Invalid(string name) => (VerifikErrors.MissingParameter with { Message = $"invalid {name}\n" }).Raise();

    /// <summary><c>fullName</c>, or <c>firstName</c> + <c>lastName</c>; each derived from the other (the first word is the first name).</summary>
    private static (string Full, string First, string Last) Names(JsonElement body)
    {
        var full = AuthRequestErrors.Text(body, "fullName");
        var first = AuthRequestErrors.Text(body, "firstName");
        var last = AuthRequestErrors.Text(body, "lastName");
        if (full is null)
        {
            return (string.Join(' ', new[] { first, last }.Where(n => n is not null)), first ?? "", last ?? "");
        }
        var split = full.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (full, first ?? split[0], last ?? (split.Length > 1 ? split[1] : ""));
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[0-9]{4,15}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^\+[0-9]{1,3}$")]
    private static partial Regex CountryCodePattern();

    [GeneratedRegex(@"^[a-z]{2}$")]
    private static partial Regex LanguagePattern();
}

/// <summary>The platform's list convention: <c>page</c> (1-based), <c>limit</c> (10, at most 100), paging at the top level.</summary>
internal static class Paging
{
    public static (int Page, int Limit) Read(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Single(query, "limit") is { } l ? int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 100 ? n
            : throw AppRegistrationErrors.InvalidLimit.Raise() : 10;
        var page = Single(query, "page") is { } p ? int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m >= 1 ? m
            : throw AppRegistrationErrors.InvalidParameter("page must be a positive number") : 1;
        return (page, limit);
    }

    /// <summary>A parameter given once (or not at all); twice is a bad parameter.</summary>
    public static string? Single(IQueryCollection query, string name) => query[name].Count switch
    {
        0 => null,
        1 => query[name][0],
        _ => throw AppRegistrationErrors.InvalidParameter(name + " must be given once"),
    };

    public static List<T> Slice<T>(List<T> all, int page, int limit)
    {
        ArgumentNullException.ThrowIfNull(all);
        var skip = (long)(page - 1) * limit;
        return skip >= all.Count ? [] : all.GetRange((int)skip, Math.Min(limit, all.Count - (int)skip));
    }

    public static void Write(Utf8JsonWriter w, int total, int page, int limit)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteNumber("total", total);
        w.WriteNumber("limit", limit);
        w.WriteNumber("page", page);
        w.WriteNumber("pages", (total + limit - 1) / limit);
    }
}
