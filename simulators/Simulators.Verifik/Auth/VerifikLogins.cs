using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Simulators.Core.State;
using Simulators.Core.Tenants;

namespace Simulators.Verifik.Auth;

/// <summary>One OTP sent to a destination: the client it logs in as (named when it was sent, created when it is used).</summary>
internal sealed record OtpEntry(string Id, string Channel, string To, string Otp, string ClientId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, bool Used = false);

/// <summary>The OTPs of one destination (an e-mail, or a phone as <c>+&lt;country code&gt;&lt;number&gt;</c>), newest first.</summary>
internal sealed record OtpBox(string To, OtpEntry[] Items);

/// <summary>Which client an e-mail or a phone logs in as.</summary>
internal sealed record LoginRecord(string To, string ClientId);

/// <summary>
/// The OTP logins: OTPs per destination and the destination → client map, both in the global partition so
/// a persistent sandbox keeps them. A destination's time is its client's clock, or the simulator's before it has one.
/// </summary>
internal sealed class VerifikLogins(VerifikStore store, TenantDirectory tenants, VerifikTokens tokens, VerifikOptions options)
{
    public static readonly RecordSet<OtpBox> OtpSet = new("verifik.otp", VerifikLoginJson.Default.OtpBox);
    public static readonly RecordSet<LoginRecord> LoginSet = new("verifik.login", VerifikLoginJson.Default.LoginRecord);

    private Records<OtpBox> Otps => new(store.Raw, OtpSet);

    private Records<LoginRecord> Logins => new(store.Raw, LoginSet);

    /// <summary>An e-mail's key: trimmed, lower case.</summary>
    public static string EmailKey(string email) => email.Trim().ToLowerInvariant();

    /// <summary>A phone's key: <c>+</c>, the country code's digits, the number's digits (<c>+15551234567</c>).</summary>
    public static string PhoneKey(string countryCode, string phone) => "+" + Digits(countryCode) + Digits(phone);

    /// <summary>A destination as the control API is given it: an e-mail, or a phone with or without its <c>+</c> (a bare <c>+</c> in a query arrives as a space).</summary>
    public static string ControlKey(string to) => to.Contains('@', StringComparison.Ordinal) ? EmailKey(to) : "+" + Digits(to);

    private static string Digits(string text) => string.Concat(text.Where(char.IsAsciiDigit));

    /// <summary>The client a destination logs in as: its registered client, the sandbox client for <c>DefaultEmail</c>, or null.</summary>
    public async ValueTask<string?> ClientOfAsync(string to, CancellationToken cancellationToken)
    {
        if (string.Equals(to, EmailKey(options.DefaultEmail), StringComparison.Ordinal))
        {
            return options.DefaultClientId;
        }
        return (await Logins.GetAsync(VerifikStore.Global, to, cancellationToken))?.Value.ClientId;
    }

    /// <summary>The destination's time: its client's clock, or the simulator's.</summary>
    public async ValueTask<DateTimeOffset> NowAsync(string? clientId, CancellationToken cancellationToken) =>
        clientId is null ? tenants.Clock.GetUtcNow() : (await tenants.FindAsync(clientId, cancellationToken)).Now;

    /// <summary>
    /// Sends a new 6-digit OTP to <paramref name="to"/>, for its client or (null: refused in strict mode) a new one.
    /// Both bounds refuse rather than drop an OTP a user could still confirm: a destination holding <c>OtpsKept</c>
    /// live OTPs, or a new destination while <c>OtpDestinations</c> hold live ones, is Verifik's 429 until some expire or are used.
    /// </summary>
    public async ValueTask<OtpEntry?> SendAsync(string channel, string to, CancellationToken cancellationToken)
    {
        var clientId = await ClientOfAsync(to, cancellationToken);
        if (clientId is null && options.StrictLogins)
        {
            return null;
        }
        var now = await NowAsync(clientId, cancellationToken);
        if ((await Otps.GetAsync(VerifikStore.Global, to, cancellationToken))?.Value.Items.Any(e => IsLive(e, now)) != true)
        {
            await MakeRoomAsync(cancellationToken);
        }
        var entry = new OtpEntry(VerifikIds.NewObjectId(now), channel, to, RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
            clientId ?? VerifikIds.NewObjectId(now), now, now.AddMinutes(options.OtpMinutes));
        var full = false;
        await Otps.UpdateAsync(VerifikStore.Global, to, box =>
        {
            var kept = Beside(box, now, options.OtpsKept - 1);
            full = kept is null;
            return kept is null ? null : new OtpBox(to, [entry, .. kept]);
        }, cancellationToken);
        return full ? throw VerifikErrors.TooManyRequests.Raise() : entry;
    }

    /// <summary>An OTP a user could still confirm: unused and unexpired on the destination's clock.</summary>
    private static bool IsLive(OtpEntry entry, DateTimeOffset now) => !entry.Used && entry.ExpiresAt > now;

    /// <summary>
    /// The OTPs of <paramref name="box"/> kept beside a new one, newest first, at most <paramref name="room"/>: every live
    /// one, then used ones (finished: they are shown, never confirmed again) while room is left; expired ones go. Null
    /// when the live ones alone fill the room.
    /// </summary>
    private static OtpEntry[]? Beside(OtpBox? box, DateTimeOffset now, int room)
    {
        var unexpired = (box?.Items ?? []).Where(e => e.ExpiresAt > now).ToArray();
        var usedRoom = room - unexpired.Count(e => !e.Used);
        return usedRoom < 0 ? null : [.. unexpired.Where(e => !e.Used || usedRoom-- > 0)];
    }

    /// <summary>
    /// Below <c>OtpDestinations</c> destinations with OTPs, nothing to do; at it, the boxes whose OTPs are all expired or
    /// used are swept (each on its own clock; one sent to meanwhile stays), and if every box still holds a live OTP the
    /// new destination is refused with Verifik's 429. Only a send to a destination without a live OTP pays for this.
    /// </summary>
    private async ValueTask MakeRoomAsync(CancellationToken cancellationToken)
    {
        if (await Otps.CountAsync(VerifikStore.Global, cancellationToken: cancellationToken) < options.OtpDestinations)
        {
            return;
        }
        foreach (var stored in await Otps.ListAsync(VerifikStore.Global, cancellationToken))
        {
            var now = await NowAsync(await ClientOfAsync(stored.Id, cancellationToken), cancellationToken);
            if (!stored.Value.Items.Any(e => IsLive(e, now)))
            {
                try
                {
                    await Otps.DeleteAsync(VerifikStore.Global, stored.Id, stored.Version, cancellationToken);
                }
                catch (StoreConflictException)
                {
                    // A new OTP arrived since it was read: the box stays.
                }
            }
        }
        if (await Otps.CountAsync(VerifikStore.Global, cancellationToken: cancellationToken) >= options.OtpDestinations)
        {
            throw VerifikErrors.TooManyRequests.Raise();
        }
    }

    /// <summary>The unexpired OTPs of a destination, newest first.</summary>
    public async ValueTask<IReadOnlyList<OtpEntry>> ListAsync(string to, CancellationToken cancellationToken)
    {
        var box = (await Otps.GetAsync(VerifikStore.Global, to, cancellationToken))?.Value;
        if (box is null)
        {
            return [];
        }
        var now = await NowAsync(await ClientOfAsync(to, cancellationToken), cancellationToken);
        return [.. box.Items.Where(e => e.ExpiresAt > now)];
    }

    /// <summary>
    /// Uses <paramref name="otp"/> of <paramref name="to"/> (unexpired, unused: once only) and logs in: the client it
    /// was sent for, created with its own tenant if new. Null when the OTP is wrong, used or expired, or the client is refused.
    /// </summary>
    public async ValueTask<(ClientRecord Client, string Token)?> ConfirmAsync(string to, string otp, Func<string, ClientRecord> newClient, CancellationToken cancellationToken)
    {
        var now = await NowAsync(await ClientOfAsync(to, cancellationToken), cancellationToken);
        OtpEntry? used = null;
        await Otps.UpdateAsync(VerifikStore.Global, to, box =>
        {
            used = null;
            if (box is null || Array.FindIndex(box.Items, e => !e.Used && e.ExpiresAt > now && FixedEquals(e.Otp, otp)) is not (>= 0 and var at))
            {
                return null;
            }
            used = box.Items[at];
            var items = (OtpEntry[])box.Items.Clone();
            items[at] = used with { Used = true };
            return box with { Items = items };
        }, cancellationToken);
        if (used is null)
        {
            return null;
        }
        var client = await store.ClientAsync(await ClientOfAsync(to, cancellationToken) ?? used.ClientId, cancellationToken);
        if (client is null)
        {
            if (options.StrictLogins)
            {
                return null;
            }
            client = await RegisterAsync(newClient(used.ClientId) with { CreatedAt = now }, cancellationToken);
        }
        var tenant = await tenants.EnsureAsync(client.ClientId, cancellationToken);
        return (client, await tokens.IssueAsync(client, tenant.Now, cancellationToken));
    }

    /// <summary>Stores a client and the logins of its e-mail and phone (a destination already taken keeps its client).</summary>
    public async ValueTask<ClientRecord> RegisterAsync(ClientRecord client, CancellationToken cancellationToken)
    {
        if (!await store.Clients.AddAsync(VerifikStore.Global, client.ClientId, client, cancellationToken))
        {
            return await store.ClientAsync(client.ClientId, cancellationToken) ?? client;
        }
        if (client.Email is { } email)
        {
            await Logins.AddAsync(VerifikStore.Global, EmailKey(email), new LoginRecord(EmailKey(email), client.ClientId), cancellationToken);
        }
        if (client is { CountryCode: { } code, Phone: { } phone })
        {
            await Logins.AddAsync(VerifikStore.Global, PhoneKey(code, phone), new LoginRecord(PhoneKey(code, phone), client.ClientId), cancellationToken);
        }
        await tenants.EnsureAsync(client.ClientId, cancellationToken);
        return client;
    }

    public async ValueTask<IReadOnlyList<ClientRecord>> ClientsAsync(CancellationToken cancellationToken) =>
        [.. (await store.Clients.ListAsync(VerifikStore.Global, cancellationToken)).Select(s => s.Value)];

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(OtpBox))]
[JsonSerializable(typeof(LoginRecord))]
internal sealed partial class VerifikLoginJson : JsonSerializerContext;
