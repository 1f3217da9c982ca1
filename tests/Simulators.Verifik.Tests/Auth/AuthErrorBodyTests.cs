using System.Net;

namespace Simulators.Verifik.Tests.Auth;

/// <summary>Every documented error body of the token endpoints (providers/verifik.md §1), byte for byte.</summary>
public class AuthErrorBodyTests(VerifikFixture fixture) : IClassFixture<VerifikFixture>
{
    // The harness's frozen simulator clock, as the signature writes it.
    private const string Signature = "\"signature\":{\"dateTime\":\"November 3, 2025 8:00 AM\",\"message\":\"Certified by Verifik.co\"}";

    public static TheoryData<string, string, string?, string?, int, string> Cases => new()
    {
        { "POST", "/v2/projects/email-login", null, null, 409, """{"code":"MissingParameter","message":"missing email\n"}""" },
        { "POST", "/v2/projects/email-login?email=not-an-email", null, null, 404, """{"code":"NotFound","message":"invalid_email"}""" },
        { "POST", "/v2/projects/email-login/confirm", null, """{"email":"sandbox@verifik.example","otp":"000000x"}""", 400, """{"message":"invalid_otp","code":"ERROR"}""" },
        { "POST", "/v2/projects/email-login/confirm", null, """{}""", 409, """{"code":"MissingParameter","message":"missing email\n. missing otp\n"}""" },
        { "POST", "/v2/projects/email-login/confirm", null, """{"otp":"123456"}""", 409, """{"code":"MissingParameter","message":"missing email\n"}""" },
        { "POST", "/v2/projects/phone-login", null, """{}""", 409, """{"code":"MissingParameter","message":"missing countryCode\n. missing phone\n. missing type\n"}""" },
        { "POST", "/v2/projects/phone-login", null, """{"countryCode":"+1"}""", 409, """{"code":"MissingParameter","message":"missing phone\n. missing type\n"}""" },
        { "POST", "/v2/projects/phone-login", null, """{"phone":5551234567,"type":"login"}""", 409, """{"code":"MissingParameter","message":"missing countryCode\n"}""" },
        { "POST", "/v2/projects/phone-login", null, """{"countryCode":"+1","phone":"555-ABC","type":"login"}""", 400, """{"code":"BadRequest","message":"Invalid phone number format.",""" + Signature + "}" },
        { "POST", "/v2/projects/phone-login", null, """{"countryCode":"+12345","phone":"5551234567","type":"login"}""", 400, """{"code":"BadRequest","message":"Invalid phone number format.",""" + Signature + "}" },
        { "POST", "/v2/projects/phone-login/confirm", null, """{"countryCode":"+1","phone":"5550000000","otp":"123456"}""", 400, """{"code":"BadRequest","message":"Invalid OTP code.",""" + Signature + "}" },
        { "POST", "/v2/projects/phone-login/confirm", null, """{"countryCode":"+1","phone":"12","otp":"123456"}""", 400, """{"code":"BadRequest","message":"Invalid phone number format.",""" + Signature + "}" },
        { "POST", "/v2/projects/phone-login/confirm", null, """{"phone":"5550000000"}""", 409, """{"code":"MissingParameter","message":"missing countryCode\n. missing otp\n"}""" },
        { "GET", "/v2/auth/session?origin=refresh&expiresIn=1", null, null, 409, """{"code":"MissingParameter","message":"missing Authorization header"}""" },
        { "POST", "/v2/auth/session", null, null, 409, """{"code":"MissingParameter","message":"missing Authorization header"}""" },
        { "GET", "/v2/auth/session?origin=refresh", "not-a-token", null, 401, """{"code":"Unauthorized","message":"Invalid or expired token.",""" + Signature + "}" },
        { "GET", "/v2/auth/session?origin=refresh", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJjbGllbnRJZCI6IngifQ.AAAA", null, 401, """{"code":"Unauthorized","message":"Invalid or expired token.",""" + Signature + "}" },
        { "POST", "/v2/auth/renew-and-revoke", null, null, 409, """{"code":"MissingParameter","message":"missing Authorization header"}""" },
        { "POST", "/v2/auth/renew-and-revoke", "forged", null, 401, """{"code":"Unauthorized","message":"Invalid or expired token.",""" + Signature + "}" },
        { "POST", "/v2/projects/email-login/confirm", null, "{not json", 400, """{"error":"Invalid request"}""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AuthCall_BadInput_AnswersTheDocumentedBody(string method, string path, string? authorization, string? json, int status, string body)
    {
        using var response = await fixture.Sim.SendAsync(new HttpMethod(method), path, authorization, json);

        ((int)response.StatusCode).Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await response.Content.ReadAsStringAsync()).Should().Be(body);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("13")]
    [InlineData("two")]
    public async Task Session_ExpiresInOutOfRange_Returns409(string expiresIn)
    {
        var (_, token) = await fixture.Sim.RegisterAsync();

        using var response = await fixture.Sim.SessionAsync(token, "?origin=refresh&expiresIn=" + expiresIn);

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"code":"MissingParameter","message":"invalid expiresIn\n"}""");
    }
}
