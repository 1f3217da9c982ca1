using System.Net;
using System.Net.Http.Json;

namespace Simulators.Verifik.Tests.Auth;

/// <summary>
/// The auth calls of Verifik's own TypeScript api-client (packages/api-client of Open-Verifik/verifik-human-authn-demo-app),
/// replayed with its bodies and headers: validation OTP, validate, project-login, session, renew-and-revoke.
/// </summary>
public class ApiClientFlowTests(VerifikFixture fixture) : IClassFixture<VerifikFixture>
{
    private const string Project = "6332941ccde4f719d9c00f9e";
    private const string ProjectFlow = "6332941ccde4f719d9c00f9f";

    [Theory]
    [InlineData("email")]
    [InlineData("phone")]
    public async Task ApiClientLogin_ValidationThenProjectLoginThenSession_EndsWithAWorkingToken(string method)
    {
        var sim = fixture.Sim;
        var email = AuthSteps.Unique("app");
        var phone = AuthSteps.UniquePhone();
        object Destination(object rest) => method == "email" ? new { email, rest } : new { phone, countryCode = "+1", rest };
        var path = method == "email" ? "/v2/email-validations" : "/v2/phone-validations";

        using var sent = await sim.Client.PostAsJsonAsync(path, Flatten(Destination(new { project = Project, projectFlow = ProjectFlow, type = "login", validationMethod = "verificationCode", language = "en" })));
        sent.StatusCode.Should().Be(HttpStatusCode.OK);
        var otp = await sim.LatestOtpAsync(method == "email" ? email : "+1" + phone);
        using var validated = await sim.Client.PostAsJsonAsync(path + "/validate", Flatten(Destination(new { otp, project = Project, projectFlow = ProjectFlow, type = "login", validationMethod = "verificationCode" })));
        validated.StatusCode.Should().Be(HttpStatusCode.OK);
        var data = (await VerifikFixture.JsonAsync(validated)).GetProperty("data");
        data.GetProperty("type").GetString().Should().Be("login");
        var validationToken = data.GetProperty("token").GetString()!;

        using var projectLogin = await sim.SendAsync(HttpMethod.Post, "/v2/auth/project-login", "Bearer " + validationToken, "{}");
        projectLogin.StatusCode.Should().Be(HttpStatusCode.OK);
        var accessToken = (await VerifikFixture.JsonAsync(projectLogin)).GetProperty("data").GetProperty("accessToken").GetString()!;
        using var session = await sim.SendAsync(HttpMethod.Get, "/v2/auth/session?origin=app", "Bearer " + accessToken);
        session.StatusCode.Should().Be(HttpStatusCode.OK);
        var hydrated = await VerifikFixture.JsonAsync(session);
        hydrated.GetProperty("accessToken").GetString().Should().Be(accessToken);
        // The app keeps user._id as the id it later PUTs to /v2/clients/:id, and shows user.email or user.phone.
        var user = hydrated.GetProperty("user");
        user.GetProperty("_id").GetString().Should().Be(AuthSteps.Claims(validationToken).GetProperty("clientId").GetString());
        user.GetProperty(method).GetString().Should().Be(method == "email" ? email : phone);
        using var revoked = await sim.SendAsync(HttpMethod.Post, "/v2/auth/renew-and-revoke", "Bearer " + accessToken, "{}");
        var renewed = (await VerifikFixture.JsonAsync(revoked)).GetProperty("token").GetString()!;
        using var old = await sim.SessionAsync("Bearer " + accessToken, "?origin=app");

        AuthSteps.Claims(renewed).GetProperty("clientId").GetString().Should().Be(AuthSteps.Claims(validationToken).GetProperty("clientId").GetString());
        old.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task EmailValidation_TypeRegister_Answers409()
    {
        using var response = await fixture.Sim.Client.PostAsJsonAsync("/v2/email-validations",
            new { email = AuthSteps.Unique("reg"), project = Project, projectFlow = ProjectFlow, type = "register", validationMethod = "verificationCode" });

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"code":"MissingParameter","message":"type must be login\n"}""");
    }

    [Fact]
    public async Task EmailValidation_MissingProjectFlow_Answers409NamingIt()
    {
        using var response = await fixture.Sim.Client.PostAsJsonAsync("/v2/email-validations", new { email = AuthSteps.Unique("pf"), project = Project, type = "login" });

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"code":"MissingParameter","message":"missing projectFlow\n"}""");
    }

    /// <summary>Merges the destination and the rest into one JSON object, as the client spreads them.</summary>
    private static Dictionary<string, object?> Flatten(object value)
    {
        var result = new Dictionary<string, object?>();
        foreach (var property in value.GetType().GetProperties())
        {
            var item = property.GetValue(value);
            if (property.Name == "rest" && item is not null)
            {
                foreach (var inner in item.GetType().GetProperties())
                {
                    result[inner.Name] = inner.GetValue(item);
                }
            }
            else
            {
                result[property.Name] = item;
            }
        }
        return result;
    }
}
