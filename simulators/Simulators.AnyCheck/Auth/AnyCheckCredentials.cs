using System.Collections.Concurrent;
using Simulators.Core;

namespace Simulators.AnyCheck.Auth;

internal sealed record Account(string Email, string Password, string TenantId, Guid UserId, string Name);

internal sealed record ApiKeyRecord(string Key, string TenantId, bool Expired);

/// <summary>
/// Accounts and API keys, shared by all tenants (a login must find the account before it knows
/// the tenant). The default account and key both belong to the <c>sandbox</c> tenant.
/// </summary>
internal sealed class AnyCheckCredentials
{
    public const string SandboxTenant = "sandbox";
    public const string TestKeyPrefix = "ak_test_";
    public const string ExpiredKeyPrefix = "ak_expired_";

    private readonly ConcurrentDictionary<string, Account> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ApiKeyRecord> _keys = new(StringComparer.Ordinal);

    public AnyCheckCredentials(AnyCheckOptions options)
    {
        Options = options;
        Reset();
    }

    public AnyCheckOptions Options { get; }

    public IEnumerable<Account> Accounts => _accounts.Values.OrderBy(a => a.Email, StringComparer.Ordinal);

    public IEnumerable<ApiKeyRecord> Keys => _keys.Values.OrderBy(k => k.Key, StringComparer.Ordinal);

    public void Reset()
    {
        _accounts.Clear();
        _keys.Clear();
        Register(Options.DefaultEmail, Options.DefaultPassword, SandboxTenant, "Sandbox User");
        RegisterKey(Options.DefaultApiKey, SandboxTenant, expired: false);
    }

    public Account Register(string email, string password, string? tenantId, string? name) =>
        _accounts[email] = new Account(email, password, tenantId ?? email.ToLowerInvariant(), DeterministicIds.From("anycheck-user:" + email.ToLowerInvariant()), name ?? NameFrom(email));

    public ApiKeyRecord RegisterKey(string key, string? tenantId, bool expired) =>
        _keys[key] = new ApiKeyRecord(key, tenantId ?? key, expired);

    public bool ExpireKey(string key) =>
        _keys.TryGetValue(key, out var record) && _keys.TryUpdate(key, record with { Expired = true }, record);

    public bool IsRegisteredKey(string key) => _keys.ContainsKey(key);

    /// <summary>The account for a login, or null when the e-mail/password pair is not accepted.</summary>
    public Account? Login(string email, string password)
    {
        if (_accounts.TryGetValue(email, out var account))
        {
            return account.Password == password ? account : null;
        }
        // Open mode: any new e-mail with the default password becomes its own tenant.
        return Options.OpenTenants && password == Options.DefaultPassword ? Register(email, password, null, null) : null;
    }

    public Account? FindAccount(string email) => _accounts.GetValueOrDefault(email);

    /// <summary>Resolves an API key to its tenant; throws the documented 401 otherwise.</summary>
    public ApiKeyRecord ResolveKey(string key)
    {
        if (_keys.TryGetValue(key, out var record))
        {
            return record.Expired ? throw AnyCheckErrors.ApiKeyExpired.Raise() : record;
        }
        if (key.StartsWith(ExpiredKeyPrefix, StringComparison.Ordinal))
        {
            throw AnyCheckErrors.ApiKeyExpired.Raise();
        }
        if (Options.OpenTenants && key.Length > TestKeyPrefix.Length && key.StartsWith(TestKeyPrefix, StringComparison.Ordinal))
        {
            return _keys.GetOrAdd(key, static k => new ApiKeyRecord(k, k, false));
        }
        throw AnyCheckErrors.InvalidApiKey.Raise();
    }

    private static string NameFrom(string email)
    {
        var local = email.Split('@')[0].Replace('.', ' ').Replace('_', ' ');
        return local.Length == 0 ? "User" : char.ToUpperInvariant(local[0]) + local[1..];
    }
}
