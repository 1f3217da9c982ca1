using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Control;
using Simulators.Core.Tenants;
using Simulators.Verifik.Auth;

namespace Simulators.Verifik.Control;

/// <summary>The logins' control calls: the OTPs a user would receive, and the registered clients (the strict mode's list).</summary>
internal static class VerifikLoginControl
{
    public static void MapVerifikLogins(this RouteGroupBuilder control)
    {
        // What was sent to an e-mail or a phone (+15551234567, with or without the +), newest first.
        control.MapGet("/otps", async (HttpContext http, VerifikLogins logins) =>
        {
            var to = http.Request.Query["to"].ToString().Trim();
            if (to.Length == 0)
            {
                throw ControlApiException.InvalidBody("Name the destination: ?to=<e-mail> or ?to=<+countrycode and phone>.");
            }
            var items = await logins.ListAsync(VerifikLogins.ControlKey(to), http.RequestAborted);
            return ControlRequest.Json(new { items = items.Select(e => new { channel = e.Channel, to = e.To, otp = e.Otp, expiresAt = e.ExpiresAt }) });
        });

        control.MapPost("/clients", async (HttpContext http, VerifikLogins logins, VerifikTokens tokens, TenantDirectory tenants) =>
        {
            var body = await ControlRequest.ReadBodyAsync(http);
            var email = ControlRequest.Text(body, "email") is { Length: > 0 } e ? e.Trim() : null;
            var countryCode = ControlRequest.Text(body, "countryCode") is { Length: > 0 } c ? "+" + c.Trim().TrimStart('+') : null;
            var phone = ControlRequest.Text(body, "phone") is { Length: > 0 } p ? p.Trim() : null;
            if ((countryCode is null) != (phone is null))
            {
                throw ControlApiException.InvalidBody("Send {\"email\"?, \"countryCode\"?, \"phone\"?}: a phone needs its countryCode (\"+1\") and the other way round.");
            }
            if (countryCode is not null && !(countryCode[1..] is { Length: >= 1 and <= 3 } code && code.All(char.IsAsciiDigit) && phone!.Length is >= 4 and <= 15 && phone.All(char.IsAsciiDigit)))
            {
                throw ControlApiException.InvalidBody("'countryCode' is + and 1 to 3 digits, 'phone' 4 to 15 digits.");
            }
            foreach (var to in new[] { email is null ? null : VerifikLogins.EmailKey(email), phone is null ? null : VerifikLogins.PhoneKey(countryCode!, phone) })
            {
                if (to is not null && await logins.ClientOfAsync(to, http.RequestAborted) is { } taken)
                {
                    throw new ControlApiException(StatusCodes.Status409Conflict, "conflict", $"{to} already logs in as client {taken}.");
                }
            }
            var now = tenants.Clock.GetUtcNow();
            var client = await logins.RegisterAsync(new ClientRecord(VerifikIds.NewObjectId(now), email, countryCode, phone, now), http.RequestAborted);
            var token = await tokens.IssueAsync(client, (await tenants.FindAsync(client.ClientId, http.RequestAborted)).Now, http.RequestAborted);
            return ControlRequest.Json(new { clientId = client.ClientId, email, countryCode, phone, tenant = client.ClientId, token }, StatusCodes.Status201Created);
        });

        control.MapGet("/clients", async (HttpContext http, VerifikLogins logins) =>
            ControlRequest.Json(new
            {
                items = (await logins.ClientsAsync(http.RequestAborted)).Select(c => new
                {
                    clientId = c.ClientId,
                    email = c.Email,
                    countryCode = c.CountryCode,
                    phone = c.Phone,
                    createdAt = c.CreatedAt,
                    tokenGeneration = c.TokenGeneration,
                }),
            }));
    }
}
