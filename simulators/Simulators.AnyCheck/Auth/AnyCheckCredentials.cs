using Simulators.Core;
using Simulators.Core.State;

namespace Simulators.AnyCheck.Auth;

internal sealed record Account(string Email, string Password, string TenantId, Guid UserId, string Name);

/// <summary>An API key and its tenant.</summary>
internal sealed record ApiKeyRecord(string Key, string TenantId, bool Expired);

/// <summary>
/// Accounts and API keys, simulator-wide (a login must find the account before it knows the
/// tenant). The default account and key both belong to the <c>sandbox</c> tenant.
/// </summary>
internal sealed class AnyCheckCredentials(AnyCheckStore store, AnyCheckOptions options, Simulators.Core.Hosting.LimitsSettings limits)
{
    public const string SandboxTenant = "sandbox";
    public const string TestKeyPrefix = "ak_test_";
    public const string ExpiredKeyPrefix = "ak_expired_";

    private const string Global = StateStore.Global;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ApiKeyRecord> _openKeys = new(StringComparer.Ordinal);

    public AnyCheckOptions Options { get; } = options;

    /// <summary>The default account and key, where the store does not have them yet.</summary>
    public async ValueTask SeedAsync(CancellationToken cancellationToken)
    {
        await store.Accounts.AddAsync(Global, Options.DefaultEmail.ToLowerInvariant(), NewAccount(Options.DefaultEmail, Options.DefaultPassword, SandboxTenant, "Sandbox User"), cancellationToken);
        await store.ApiKeys.AddAsync(Global, Options.DefaultApiKey, new ApiKeyRecord(Options.DefaultApiKey, SandboxTenant, false), cancellationToken);
    }

    public async ValueTask<IReadOnlyList<Account>> AccountsAsync(CancellationToken cancellationToken = default) =>
        [.. (await store.Accounts.ListAsync(Global, cancellationToken)).Select(a => a.Value).OrderBy(a => a.Email, StringComparer.Ordinal)];

    /// <summary>The keys registered (the default one and those of the control API); open keys are never stored.</summary>
    public async ValueTask<IReadOnlyList<ApiKeyRecord>> KeysAsync(CancellationToken cancellationToken = default) =>
        [.. (await store.ApiKeys.ListAsync(Global, cancellationToken)).Select(k => k.Value).OrderBy(k => k.Key, StringComparer.Ordinal)];

    /// <summary>
    /// The tenant of a key that names none: a stable label of the key (<c>key-3f9a…</c>), never the
    /// key itself, so that journals, webhook logs and derived names (the group's) do not show it,
    /// and an e-mail login with the same text is another tenant.
    /// </summary>
    public static string KeyTenant(string key) => Simulators.Core.Security.SecretLabel.Stable("key-", "anycheck-key", key);

    /// <summary>
    /// What a verification's <c>api_key</c> shows of a key: its prefix up to and including the
    /// environment (<c>ak_test_</c>, <c>ak_live_</c>), <c>****</c>, and its last four characters, as in
    /// <c>ak_test_****2f9c</c>; of a part after the prefix shorter than eight characters only the last
    /// half shows (<c>ak_test_sandbox</c> is <c>ak_test_****box</c>). Never the whole key.
    /// </summary>
    public static string KeyLabel(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var prefix = 0;
        if (key.StartsWith("ak_", StringComparison.Ordinal) && key.IndexOf('_', 3) is var second and > 3)
        {
            prefix = second + 1;
        }
        var shown = Math.Min(4, (key.Length - prefix) / 2);
        return string.Concat(key.AsSpan(0, prefix), "****", key.AsSpan(key.Length - shown));
    }

    /// <summary>What a tenant name given to the control API stands for: a key's or an account's tenant.</summary>
    public async ValueTask<string?> AliasAsync(string name, CancellationToken cancellationToken)
    {
        if ((await store.ApiKeys.GetAsync(Global, name, cancellationToken))?.Value is { } key)
        {
            return key.TenantId;
        }
        if (name.Contains('@', StringComparison.Ordinal) && await FindAccountAsync(name, cancellationToken) is { } account)
        {
            return account.TenantId;
        }
        return name.Length > TestKeyPrefix.Length && name.StartsWith(TestKeyPrefix, StringComparison.Ordinal) ? KeyTenant(name) : null;
    }

    public async ValueTask<Account> RegisterAsync(string email, string password, string? tenantId, string? name, CancellationToken cancellationToken = default)
    {
        await CheckRoomAsync(await store.Accounts.GetAsync(Global, email.ToLowerInvariant(), cancellationToken) is not null, cancellationToken);
        var account = NewAccount(email, password, tenantId ?? email.ToLowerInvariant(), name ?? NameFrom(email));
        await store.Accounts.PutAsync(Global, email.ToLowerInvariant(), account, cancellationToken: cancellationToken);
        return account;
    }

    /// <summary>
    /// Registers a key. A tenant's keys must differ in <see cref="KeyLabel"/>, the only thing its
    /// verifications show of them: a key whose label another key of the tenant has is a 409.
    /// </summary>
    public async ValueTask<ApiKeyRecord> RegisterKeyAsync(string key, string? tenantId, bool expired, CancellationToken cancellationToken = default)
    {
        await CheckRoomAsync(await store.ApiKeys.GetAsync(Global, key, cancellationToken) is not null, cancellationToken);
        var tenant = tenantId ?? KeyTenant(key);
        var label = KeyLabel(key);
        if ((await KeysAsync(cancellationToken)).Any(k => k.TenantId == tenant && k.Key != key && KeyLabel(k.Key) == label))
        {
            throw new Simulators.Core.Control.ControlApiException(409, "label_taken",
                $"Tenant {tenant} already has a key shown as {label} in api_key; give this key other last characters, or another tenant.");
        }
        var record = new ApiKeyRecord(key, tenant, expired);
        await store.ApiKeys.PutAsync(Global, key, record, cancellationToken: cancellationToken);
        return record;
    }

    public async ValueTask<bool> ExpireKeyAsync(string key, CancellationToken cancellationToken = default) =>
        await store.ApiKeys.UpdateAsync(Global, key, k => k is null ? null : k with { Expired = true }, cancellationToken) is not null;

    public async ValueTask<bool> IsRegisteredKeyAsync(string key, CancellationToken cancellationToken = default) =>
        await store.ApiKeys.GetAsync(Global, key, cancellationToken) is not null;

    /// <summary>The account for a login, or null when the e-mail/password pair is not accepted.</summary>
    public async ValueTask<Account?> LoginAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        if (await FindAccountAsync(email, cancellationToken) is { } account)
        {
            return account.Password == password ? account : null;
        }
        // Open mode: any new e-mail with the default password becomes its own tenant.
        return Options.OpenTenants && password == Options.DefaultPassword ? await RegisterAsync(email, password, null, null, cancellationToken) : null;
    }

    public async ValueTask<Account?> FindAccountAsync(string email, CancellationToken cancellationToken = default) =>
        (await store.Accounts.GetAsync(Global, email.ToLowerInvariant(), cancellationToken))?.Value;

    /// <summary>Resolves an API key to its tenant; throws the documented 401 otherwise.</summary>
    public async ValueTask<ApiKeyRecord> ResolveKeyAsync(string key, CancellationToken cancellationToken = default)
    {
        if ((await store.ApiKeys.GetAsync(Global, key, cancellationToken))?.Value is { } record)
        {
            return record.Expired ? throw AnyCheckErrors.ApiKeyExpired.Raise() : record;
        }
        if (key.StartsWith(ExpiredKeyPrefix, StringComparison.Ordinal))
        {
            throw AnyCheckErrors.ApiKeyExpired.Raise();
        }
        if (Options.OpenTenants && key.Length > TestKeyPrefix.Length && key.StartsWith(TestKeyPrefix, StringComparison.Ordinal))
        {
            // Not stored: an open key is its own tenant by its text alone, so thousands of them cost nothing.
            // Its record is remembered (a bounded memo): the label is a hash, not worth making on every call.
            return _openKeys.Count < 10_000
                ? _openKeys.GetOrAdd(key, static k => new ApiKeyRecord(k, KeyTenant(k), false))
                : _openKeys.TryGetValue(key, out var known) ? known : new ApiKeyRecord(key, KeyTenant(key), false);
        }
        throw AnyCheckErrors.InvalidApiKey.Raise();
    }

    /// <summary>A new credential must fit within <c>Limits:MaxCredentials</c> (accounts and keys together); replacing one always does.</summary>
    private async ValueTask CheckRoomAsync(bool replacing, CancellationToken cancellationToken)
    {
        if (replacing)
        {
            return;
        }
        var held = await store.Accounts.CountAsync(Global, cancellationToken: cancellationToken) + await store.ApiKeys.CountAsync(Global, cancellationToken: cancellationToken);
        if (held >= limits.MaxCredentials)
        {
            throw new Simulators.Core.Control.ControlApiException(409, "limit_reached",
                $"This simulator holds {held} registered credentials, its limit (Limits:MaxCredentials). Reset it, or raise the limit.");
        }
    }

    private static Account NewAccount(string email, string password, string tenantId, string name) =>
        new(email, password, tenantId, DeterministicIds.From("anycheck-user:" + email.ToLowerInvariant()), name);

    private static string NameFrom(string email)
    {
        var local = email.Split('@')[0].Replace('.', ' ').Replace('_', ' ');
        return local.Length == 0 ? "User" : char.ToUpperInvariant(local[0]) + local[1..];
    }
}
