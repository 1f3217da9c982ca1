using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Simulators.Core;
using Simulators.Core.Errors;
using Simulators.Core.Journal;
using Simulators.Core.Tenants;

namespace Simulators.AnyCheck.Auth;

/// <summary>
/// Who made a call: the tenant (group) whose state it sees, the user recorded as creator, and the
/// key label for <c>api_key</c>. Bound as a handler parameter: a handler that takes a
/// <see cref="Caller"/> is authenticated before it runs, and cannot forget to be.
/// </summary>
internal sealed class Caller(TenantContext tenant, Guid userId, string? apiKeyLabel, Account? account)
{
    public TenantContext Tenant { get; } = tenant;

    public string TenantId => Tenant.Id;

    public Guid UserId { get; } = userId;

    public string? ApiKeyLabel { get; } = apiKeyLabel;

    /// <summary>The <c>user_id</c> of what this caller creates: the logged-in user, null for an API key (the seed's <c>uuid | null</c>).</summary>
    public Guid? CreatorUserId => ApiKeyLabel is null ? UserId : null;

    public Account? Account { get; } = account;

    public DateTimeOffset Now => Tenant.Now;

    public GroupIdentity Group => GroupIdentity.Of(TenantId);

    public static async ValueTask<Caller> BindAsync(HttpContext http, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(http);
        return await http.RequestServices.GetRequiredService<AnyCheckAuth>().AuthenticateAsync(http);
    }
}

/// <summary>The ids and name of a tenant's group and organization: derived from the tenant id, so the same tenant always has the same ones.</summary>
internal sealed record GroupIdentity(Guid GroupId, Guid OrganizationId, Guid ApiUserId, string GroupName)
{
    private static readonly ConcurrentDictionary<string, GroupIdentity> Known = new(StringComparer.Ordinal);

    public static GroupIdentity Of(string tenant) => Known.Count > 100_000
        ? Create(tenant)
        : Known.GetOrAdd(tenant, Create);

    private static GroupIdentity Create(string tenant) => new(
        DeterministicIds.From("anycheck-group:" + tenant),
        DeterministicIds.From("anycheck-org:" + tenant),
        DeterministicIds.From("anycheck-api-user:" + tenant),
        tenant == AnyCheckCredentials.SandboxTenant ? "Sandbox Group" : "Group " + tenant);
}

/// <summary>
/// AnyCheck's two credential types: a JWT from <c>/auth/login</c> as Bearer, or an API key in
/// <c>X-API-Key</c> (also accepted as Bearer, as one of the guides sends it).
/// </summary>
internal sealed class AnyCheckAuth(AnyCheckCredentials credentials, AnyCheckTokens tokens, TenantDirectory tenants, AnyCheckOptions options, TimeProvider clock)
{
    // Rate-limit windows are ephemeral counters, not state: a restart starts them afresh.
    private readonly ConcurrentDictionary<string, RateWindow> _windows = new(StringComparer.Ordinal);

    // Calls that carried a credential the simulator could not accept are counted per client address, on the simulator clock.
    private readonly ConcurrentDictionary<string, RateWindow> _clientWindows = new(StringComparer.Ordinal);

    public async ValueTask<Caller> AuthenticateAsync(HttpContext http)
    {
        var caller = await IdentifyAsync(http);
        // Counted before the tenant's fault rules may fire, so that their answers carry the headers too.
        var (count, resetAt) = ApplyRateLimit(http, caller);
        await http.EnterTenantAsync(caller.TenantId);
        if (options.RateLimitPerMinute > 0 && count > options.RateLimitPerMinute)
        {
            throw AnyCheckErrors.RateLimited.Raise(null, null, new Dictionary<string, string> { ["Retry-After"] = Math.Max(1, resetAt - caller.Now.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture) });
        }
        return caller;
    }

    /// <summary>
    /// Puts the <c>X-RateLimit-*</c> headers on an error answer (the error writer starts from a cleared response):
    /// the tenant's window once the caller is known; before that (a 401, a fault that fired before authentication)
    /// a window of the client's address, when the call carried a credential or the answer is a 429. A 429 also gets
    /// <c>Retry-After</c> (the window's end) unless it has its own, and <c>X-RateLimit-Remaining: 0</c>.
    /// </summary>
    public void AddRateLimitHeaders(HttpContext http, int status)
    {
        ArgumentNullException.ThrowIfNull(http);
        var tooMany = status == StatusCodes.Status429TooManyRequests;
        long nowSeconds;
        int count;
        long resetAt;
        if (http.Features.Get<SimulatorCallFeature>()?.Tenant is { } tenant && _windows.TryGetValue(tenant, out var window))
        {
            (count, resetAt, nowSeconds) = window.Last;
        }
        else if (tooMany || CarriesCredential(http.Request))
        {
            var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var client = _clientWindows.Count < 10_000 ? _clientWindows.GetOrAdd(address, static _ => new RateWindow(0)) : new RateWindow(0);
            var now = clock.GetUtcNow();
            (count, resetAt) = client.Hit(now);
            nowSeconds = now.ToUnixTimeSeconds();
        }
        else
        {
            return;
        }
        var limit = options.RateLimitPerMinute > 0 ? options.RateLimitPerMinute : options.ReportedRateLimit;
        var headers = http.Response.Headers;
        headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = tooMany ? "0" : Number(Math.Max(0, limit - count));
        headers["X-RateLimit-Reset"] = resetAt.ToString(CultureInfo.InvariantCulture);
        if (tooMany && !headers.ContainsKey("Retry-After"))
        {
            headers["Retry-After"] = Math.Max(1, resetAt - nowSeconds).ToString(CultureInfo.InvariantCulture);
        }
    }

    private static bool CarriesCredential(HttpRequest request) =>
        request.Headers["X-API-Key"].Count > 0 || request.Headers.Authorization.Count > 0;

    /// <summary>The tenant of the provider credential a control call carries, or null when it has none that is valid.</summary>
    public async ValueTask<string?> ControlTenantAsync(HttpContext http)
    {
        if (http.Request.Headers["X-API-Key"].Count == 0 && http.Request.Headers.Authorization.Count == 0)
        {
            return null;
        }
        try
        {
            return (await IdentifyAsync(http)).TenantId;
        }
        catch (ProviderException)
        {
            return null;
        }
    }

    private async ValueTask<Caller> IdentifyAsync(HttpContext http)
    {
        var headers = http.Request.Headers;
        var apiKey = headers["X-API-Key"].ToString();
        if (apiKey.Length > 0)
        {
            return await FromKeyAsync(apiKey.Trim(), http.RequestAborted);
        }
        var authorization = headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            throw AnyCheckErrors.Unauthorized.Raise();
        }
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw AnyCheckErrors.Unauthorized.Raise("Unsupported authorization scheme. Send Authorization: Bearer <token> or X-API-Key.");
        }
        var credential = authorization[7..].Trim();
        if (credential.Length == 0)
        {
            throw AnyCheckErrors.Unauthorized.Raise();
        }
        return credential.StartsWith("ak_", StringComparison.Ordinal) || await credentials.IsRegisteredKeyAsync(credential, http.RequestAborted)
            ? await FromKeyAsync(credential, http.RequestAborted)
            : await FromJwtAsync(credential, http.RequestAborted);
    }

    private async ValueTask<Caller> FromKeyAsync(string key, CancellationToken cancellationToken)
    {
        var record = await credentials.ResolveKeyAsync(key, cancellationToken);
        var tenant = await tenants.EnsureAsync(record.TenantId, cancellationToken);
        return new Caller(tenant, GroupIdentity.Of(record.TenantId).ApiUserId, Label(key), null);
    }

    private async ValueTask<Caller> FromJwtAsync(string token, CancellationToken cancellationToken)
    {
        if (await tokens.IsMarkedExpiredAsync(token, cancellationToken))
        {
            throw AnyCheckErrors.TokenExpired.Raise();
        }
        var claims = await tokens.ReadAsync(token, cancellationToken);
        if (claims is null || claims.Kind != TokenKind.Access || !Guid.TryParse(claims.Subject, out var subject))
        {
            throw AnyCheckErrors.InvalidToken.Raise();
        }
        var tenant = await tenants.EnsureAsync(claims.TenantId, cancellationToken);
        if (tenant.Now.ToUnixTimeSeconds() >= claims.ExpiresAt)
        {
            throw AnyCheckErrors.TokenExpired.Raise();
        }
        return new Caller(tenant, subject, null, await credentials.FindAccountAsync(claims.Email, cancellationToken));
    }

    private (int Count, long ResetAt) ApplyRateLimit(HttpContext http, Caller caller)
    {
        var created = caller.Tenant.Record?.CreatedAt.UtcTicks ?? 0;
        // A read first: the update path takes a lock, and the window of a tenant rarely changes.
        if (!_windows.TryGetValue(caller.TenantId, out var window) || window.Generation != created)
        {
            window = _windows.AddOrUpdate(caller.TenantId, static (_, c) => new RateWindow(c), static (_, w, c) => w.Generation == c ? w : new RateWindow(c), created);
        }
        var (count, resetAt) = window.Hit(caller.Now);
        var limit = options.RateLimitPerMinute > 0 ? options.RateLimitPerMinute : options.ReportedRateLimit;
        var headers = http.Response.Headers;
        headers["X-RateLimit-Limit"] = _limitText ??= limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = Number(Math.Max(0, limit - count));
        headers["X-RateLimit-Reset"] = window.ResetText(resetAt);
        return (count, resetAt);
    }

    private static readonly string[] SmallNumbers = [.. Enumerable.Range(0, 1025).Select(i => i.ToString(CultureInfo.InvariantCulture))];
    private string? _limitText;

    private static string Number(int value) => value < SmallNumbers.Length ? SmallNumbers[value] : value.ToString(CultureInfo.InvariantCulture);

    private readonly ConcurrentDictionary<string, string> _labels = new(StringComparer.Ordinal);

    /// <summary>What <c>api_key</c> shows (<see cref="AnyCheckCredentials.KeyLabel"/>), made once per key; stored with every verification.</summary>
    private string Label(string key) =>
        _labels.Count < 10_000 ? _labels.GetOrAdd(key, AnyCheckCredentials.KeyLabel) : AnyCheckCredentials.KeyLabel(key);
}

/// <summary>A fixed one-minute window of request counts on the tenant's clock; <see cref="Generation"/> tells a tenant created afresh (after a reset).</summary>
internal sealed class RateWindow(long generation)
{
    private long _windowStartMinute = long.MinValue;
    private int _count;
    private long _lastSeconds;

    private (long ResetAt, string Text) _reset;

    public long Generation { get; } = generation;

    /// <summary>The window's end as header text, made once per window.</summary>
    public string ResetText(long resetAt)
    {
        var known = _reset;
        if (known.ResetAt == resetAt && known.Text is not null)
        {
            return known.Text;
        }
        var text = resetAt.ToString(CultureInfo.InvariantCulture);
        _reset = (resetAt, text);
        return text;
    }

    /// <returns>Requests counted in the current window, including this one, and when the window ends (unix seconds).</returns>
    public (int Count, long ResetAt) Hit(DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeSeconds();
        if (Volatile.Read(ref _lastSeconds) != seconds)
        {
            Volatile.Write(ref _lastSeconds, seconds);
        }
        var minute = seconds / 60;
        // Read first: the window changes once a minute, and an exchange on every call would pull the line from the other cores.
        if (Volatile.Read(ref _windowStartMinute) != minute && Interlocked.Exchange(ref _windowStartMinute, minute) != minute)
        {
            Interlocked.Exchange(ref _count, 0);
        }
        return (Interlocked.Increment(ref _count), (minute + 1) * 60);
    }

    /// <summary>The latest hit as it left the window: its count, the window's end and the time of the hit (unix seconds).</summary>
    public (int Count, long ResetAt, long NowSeconds) Last =>
        (Volatile.Read(ref _count), (Volatile.Read(ref _windowStartMinute) + 1) * 60, Volatile.Read(ref _lastSeconds));
}
