using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Hosting;
using Simulators.Core.Journal;
using Simulators.Core.Json;

namespace Simulators.Verifik.Auth;

/// <summary>
/// The project-flow logins Verifik's own api-client makes (<c>packages/api-client</c> of
/// <c>Open-Verifik/verifik-human-authn-demo-app</c>): <c>POST /v2/email-validations</c> and
/// <c>/v2/phone-validations</c> send an OTP, their <c>/validate</c> answers <c>{data: {token, type: "login", …}}</c>,
/// a token <c>/v2/auth/project-login</c> exchanges for a session. Only <c>type: "login"</c>: registrations are Smart Enroll's.
/// The OTPs, clients and strict mode are the <c>/v2/projects/*-login</c> ones; the bodies are the simulator's (not in the docs found).
/// </summary>
internal static class ValidationLoginApi
{
    public static void MapValidationLogins(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/email-validations", (HttpContext http, VerifikLogins logins) => SendAsync(http, logins, "email"));
        app.MapPost("/v2/phone-validations", (HttpContext http, VerifikLogins logins) => SendAsync(http, logins, "phone"));
        app.MapPost("/v2/email-validations/validate", (HttpContext http, VerifikLogins logins) => ValidateAsync(http, logins, "email"));
        app.MapPost("/v2/phone-validations/validate", (HttpContext http, VerifikLogins logins) => ValidateAsync(http, logins, "phone"));
    }

    private static async Task<IResult> SendAsync(HttpContext http, VerifikLogins logins, string channel)
    {
        var body = await VerifikJson.ReadBodyAsync(http, AuthRequestErrors.Instance);
        var (to, fields) = Destination(body, channel, "project", "projectFlow", "type");
        var sent = await logins.SendAsync(channel, to, http.RequestAborted)
            ?? throw (channel == "email" ? AuthErrors.InvalidEmail : AuthErrors.InvalidPhoneLogin).Raise();
        await http.EnterTenantAsync(sent.ClientId);
        var at = VerifikIds.Iso(sent.CreatedAt);
        return new JsonBytes(VerifikJson.Envelope(sent.CreatedAt, w =>
        {
            w.WriteStartObject();
            w.WriteString("_id", sent.Id);
            w.WriteString("client", sent.ClientId);
            foreach (var (name, value) in fields)
            {
                w.WriteString(name, value);
            }
            w.WriteString("status", "sent");
            w.WriteString("expiresAt", VerifikIds.Iso(sent.ExpiresAt));
            w.WriteString("createdAt", at);
            w.WriteString("updatedAt", at);
            w.WriteNumber("__v", 0);
            w.WriteEndObject();
        }));
    }

    private static async Task<IResult> ValidateAsync(HttpContext http, VerifikLogins logins, string channel)
    {
        var body = await VerifikJson.ReadBodyAsync(http, AuthRequestErrors.Instance);
        var (to, fields) = Destination(body, channel, "otp", "type");
        var otp = fields.First(f => f.Name == "otp").Value;
        var login = await logins.ConfirmAsync(to, otp, id => channel == "email"
                ? LoginApi.NewClient(id, fields[0].Value, null, null)
                : LoginApi.NewClient(id, null, fields[0].Value, fields[1].Value), http.RequestAborted)
            ?? throw (channel == "email" ? AuthErrors.InvalidOtp : AuthErrors.InvalidOtpCode).Raise();
        await http.EnterTenantAsync(login.Client.ClientId);
        return new JsonBytes(VerifikJson.Envelope((await logins.NowAsync(login.Client.ClientId, http.RequestAborted)), w =>
        {
            w.WriteStartObject();
            w.WriteString("token", login.Token);
            w.WriteString("type", "login");
            foreach (var (name, value) in fields.Where(f => f.Name is "email" or "countryCode" or "phone"))
            {
                w.WriteString(name, value);
            }
            w.WriteEndObject();
        }));
    }

    /// <summary>The destination's key and the fields given (the destination's first), or Verifik's 409 naming the absent ones.</summary>
    private static (string To, List<(string Name, string Value)> Fields) Destination(JsonElement body, string channel, params string[] required)
    {
        string[] names = channel == "email" ? ["email", .. required] : ["countryCode", "phone", .. required];
        var fields = names.Zip(AuthRequestErrors.Required(body, names)).ToList();
        if (fields.First(f => f.First == "type").Second != "login")
        {
            throw (VerifikErrors.MissingParameter with { Message = "type must be login\n" }).Raise();
        }
        var to = channel == "email"
            ? LoginApi.IsEmail(fields[0].Second) ? VerifikLogins.EmailKey(fields[0].Second) : throw AuthErrors.InvalidEmail.Raise()
            : LoginApi.PhoneKeyOrThrow(fields[0].Second, fields[1].Second);
        return (to, fields);
    }
}
