using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Hosting;
using Simulators.Core.Journal;
using Simulators.Core.Json;

namespace Simulators.Verifik.Auth;

/// <summary>
/// The OTP logins (providers/verifik.md §1): <c>/v2/projects/email-login</c> and <c>/v2/projects/phone-login</c>,
/// each with its <c>/confirm</c>. No token needed; the OTP a user would receive is at <c>GET /__simulator/otps</c>.
/// </summary>
internal static class LoginApi
{
    private const string BcryptAlphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static void MapLogins(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/projects/email-login", EmailLogin);
        app.MapPost("/v2/projects/email-login/confirm", EmailConfirm);
        app.MapPost("/v2/projects/phone-login", PhoneLogin);
        app.MapPost("/v2/projects/phone-login/confirm", PhoneConfirm);
    }

    private static async Task<IResult> EmailLogin(HttpContext http, VerifikLogins logins)
    {
        // The docs send the e-mail in the query; a JSON body's is taken when the query has none.
        var email = http.Request.Query["email"].ToString() is { Length: > 0 } query ? query.Trim()
            : AuthRequestErrors.Text(await JsonRequest.ReadOptionalObjectAsync(http, AuthRequestErrors.Instance), "email");
        if (string.IsNullOrEmpty(email))
        {
            throw VerifikErrors.Missing("email");
        }
        var sent = IsEmail(email) ? await logins.SendAsync("email", VerifikLogins.EmailKey(email), http.RequestAborted) : null;
        if (sent is null)
        {
            throw AuthErrors.InvalidEmail.Raise();
        }
        await http.EnterTenantAsync(sent.ClientId);
        return new JsonBytes(VerifikJson.Envelope(sent.CreatedAt, w =>
        {
            w.WriteStartObject();
            w.WriteString("status", "sent");
            w.WriteString("email", email);
            w.WriteString("expiresAt", VerifikIds.Iso(sent.ExpiresAt));
            w.WriteEndObject();
        }));
    }

    private static async Task<IResult> EmailConfirm(HttpContext http, VerifikLogins logins)
    {
        var body = await VerifikJson.ReadBodyAsync(http, AuthRequestErrors.Instance);
        var (email, otp) = AuthRequestErrors.Required(body, "email", "otp") switch { var f => (f[0], f[1]) };
        var login = IsEmail(email)
            ? await logins.ConfirmAsync(VerifikLogins.EmailKey(email), otp, id => NewClient(id, email, null, null), http.RequestAborted)
            : null;
        return await LoggedInAsync(http, login ?? throw AuthErrors.InvalidOtp.Raise());
    }

    private static async Task<IResult> PhoneLogin(HttpContext http, VerifikLogins logins)
    {
        var body = await VerifikJson.ReadBodyAsync(http, AuthRequestErrors.Instance);
        var (countryCode, phone, type) = AuthRequestErrors.Required(body, "countryCode", "phone", "type") switch { var f => (f[0], f[1], f[2]) };
        var to = PhoneKeyOrThrow(countryCode, phone);
        var sent = await logins.SendAsync("phone", to, http.RequestAborted) ?? throw AuthErrors.InvalidPhoneLogin.Raise();
        await http.EnterTenantAsync(sent.ClientId);
        var at = VerifikIds.Iso(sent.CreatedAt);
        // The documented sample's keys in its order; phone is a string of digits there although the request sends a number.
        return new JsonBytes(VerifikJson.Envelope(sent.CreatedAt, w =>
        {
            w.WriteStartObject();
            w.WriteString("client", sent.ClientId);
            w.WriteString("project", DerivedId("project", sent.ClientId));
            w.WriteString("projectFlow", DerivedId("projectFlow", sent.ClientId));
            w.WriteString("status", "sent");
            w.WriteString("countryCode", countryCode);
            w.WriteString("phone", phone);
            w.WriteString("phoneGateway", "whatsapp");
            // A bcrypt-looking hash, as the docs show: never the OTP itself.
            w.WriteString("otp", "$2b$10$" + RandomNumberGenerator.GetString(BcryptAlphabet, 53));
            w.WriteString("expiresAt", VerifikIds.Iso(sent.ExpiresAt));
            w.WriteStartObject("phoneData");
            w.WriteString("title", "Verifik Client");
            w.WriteEndObject();
            w.WriteString("type", type);
            w.WriteString("redirectUrl", "https://verifik.co");
            w.WriteBoolean("requires2FA", false);
            w.WriteString("language", "en");
            w.WriteString("_id", sent.Id);
            w.WriteString("updatedAt", at);
            w.WriteString("createdAt", at);
            w.WriteNumber("__v", 0);
            w.WriteBoolean("new", true);
            w.WriteStartObject("providerConfirmation");
            w.WriteEndObject();
            w.WriteEndObject();
        }));
    }

    private static async Task<IResult> PhoneConfirm(HttpContext http, VerifikLogins logins)
    {
        var body = await VerifikJson.ReadBodyAsync(http, AuthRequestErrors.Instance);
        var (countryCode, phone, otp) = AuthRequestErrors.Required(body, "countryCode", "phone", "otp") switch { var f => (f[0], f[1], f[2]) };
        var to = PhoneKeyOrThrow(countryCode, phone);
        var login = await logins.ConfirmAsync(to, otp, id => NewClient(id, null, countryCode, phone), http.RequestAborted);
        return await LoggedInAsync(http, login ?? throw AuthErrors.InvalidOtpCode.Raise());
    }

    private static async Task<IResult> LoggedInAsync(HttpContext http, (ClientRecord Client, string Token) login)
    {
        await http.EnterTenantAsync(login.Client.ClientId);
        return AccessToken(login.Token);
    }

    /// <summary><c>{"data": {"accessToken", "tokenType": "bearer"}}</c>, as both confirm pages show it (no signature).</summary>
    public static JsonBytes AccessToken(string token) => new(VerifikJson.Object(w =>
    {
        w.WriteStartObject("data");
        w.WriteString("accessToken", token);
        w.WriteString("tokenType", "bearer");
        w.WriteEndObject();
    }));

    /// <summary>The client a new destination becomes (its creation time is set when it is stored).</summary>
    public static ClientRecord NewClient(string clientId, string? email, string? countryCode, string? phone) =>
        new(clientId, email?.Trim(), countryCode is null ? null : "+" + countryCode.TrimStart('+'), phone, default);

    /// <summary><c>+</c> and 1–3 digits, then 4–15 digits; else the documented 400 "Invalid phone number format.".</summary>
    public static string PhoneKeyOrThrow(string countryCode, string phone)
    {
        var code = countryCode.StartsWith('+') ? countryCode[1..] : countryCode;
        return code is { Length: >= 1 and <= 3 } && code.All(char.IsAsciiDigit) && phone is { Length: >= 4 and <= 15 } && phone.All(char.IsAsciiDigit)
            ? VerifikLogins.PhoneKey(code, phone)
            : throw AuthErrors.InvalidPhone.Raise();
    }

    public static bool IsEmail(string email) =>
        email.Length <= 254 && MailAddress.TryCreate(email.Trim(), out var parsed) && parsed.Address == email.Trim();

    /// <summary>A stable 24-hex id derived from the client (its login project and project flow).</summary>
    private static string DerivedId(string kind, string clientId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + ":" + clientId)).AsSpan(0, 12));
}
