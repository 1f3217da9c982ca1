using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.Verifik.Tests.Auth;

/// <summary>The OTP logins and token calls as a client makes them, and the control calls that read what a user would receive.</summary>
internal static class AuthSteps
{
    public static Task<HttpResponseMessage> EmailLoginAsync(this SimulatorHarness sim, string email) =>
        sim.Client.PostAsync(new Uri("/v2/projects/email-login?email=" + Uri.EscapeDataString(email), UriKind.Relative), null);

    public static Task<HttpResponseMessage> EmailConfirmAsync(this SimulatorHarness sim, string email, string otp) =>
        sim.Client.PostAsJsonAsync("/v2/projects/email-login/confirm", new { email, otp });

    public static Task<HttpResponseMessage> PhoneLoginAsync(this SimulatorHarness sim, string phone, string countryCode = "+1") =>
        sim.Client.PostAsJsonAsync("/v2/projects/phone-login", new { countryCode, phone, type = "login" });

    public static Task<HttpResponseMessage> PhoneConfirmAsync(this SimulatorHarness sim, string phone, string otp, string countryCode = "+1") =>
        sim.Client.PostAsJsonAsync("/v2/projects/phone-login/confirm", new { countryCode, phone, otp });

    /// <summary>The OTPs sent to a destination, newest first, from <c>GET /__simulator/otps</c>.</summary>
    public static async Task<JsonElement[]> OtpsAsync(this SimulatorHarness sim, string to) =>
        [.. (await sim.Control.GetAsync("otps?to=" + Uri.EscapeDataString(to))).GetProperty("items").EnumerateArray()];

    public static async Task<string> LatestOtpAsync(this SimulatorHarness sim, string to) =>
        (await sim.OtpsAsync(to))[0].GetProperty("otp").GetString()!;

    /// <summary>A full e-mail login: the token it ends with.</summary>
    public static async Task<string> LoginByEmailAsync(this SimulatorHarness sim, string email)
    {
        using (var sent = await sim.EmailLoginAsync(email))
        {
            sent.EnsureSuccessStatusCode();
        }
        using var confirmed = await sim.EmailConfirmAsync(email, await sim.LatestOtpAsync(email));
        confirmed.EnsureSuccessStatusCode();
        return (await VerifikFixture.JsonAsync(confirmed)).GetProperty("data").GetProperty("accessToken").GetString()!;
    }

    /// <summary>A client registered through the control API: its id (its tenant) and a token.</summary>
    public static async Task<(string ClientId, string Token)> RegisterAsync(this SimulatorHarness sim, string? email = null, string? countryCode = null, string? phone = null)
    {
        var created = await sim.Control.PostAsync("clients", new { email, countryCode, phone });
        return (created.GetProperty("clientId").GetString()!, created.GetProperty("token").GetString()!);
    }

    /// <summary>A call with <c>Authorization: &lt;token&gt;</c>, bare as the session pages show it, or with <c>Bearer</c>.</summary>
    public static Task<HttpResponseMessage> SendAsync(this SimulatorHarness sim, HttpMethod method, string path, string? authorization, string? json = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return sim.Client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> SessionAsync(this SimulatorHarness sim, string token, string query = "?origin=refresh") =>
        sim.SendAsync(HttpMethod.Get, "/v2/auth/session" + query, token);

    /// <summary>The claims of a token (its payload, base64url-decoded).</summary>
    public static JsonElement Claims(string token)
    {
        var text = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        text += new string('=', (4 - (text.Length % 4)) % 4);
        return JsonDocument.Parse(Convert.FromBase64String(text)).RootElement.Clone();
    }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.com";

    public static string UniquePhone() => "555" + Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
