using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Simulators.Verifik.Tests.AppRegistrations;
using Simulators.Verifik.Tests.Auth;
using Simulators.Verifik.Tests.Face;

namespace Simulators.Verifik.Tests;

/// <summary>The Pact provider states: what each sets up is what the API then answers, with the values it hands the contract.</summary>
public class ProviderStateTests(VerifikFixture fixture) : IClassFixture<VerifikFixture>
{
    private const string SandboxClientId = "665f1c2e9b1d4a0012345678";

    [Fact]
    public async Task ProviderState_SandboxClient_TokenIsTheSandboxClients()
    {
        var state = await SetUpAsync("the sandbox client exists");

        using var session = await fixture.Sim.SessionAsync(state.GetProperty("token").GetString()!, "?origin=app");

        session.StatusCode.Should().Be(HttpStatusCode.OK);
        (await VerifikFixture.JsonAsync(session)).GetProperty("user").GetProperty("_id").GetString().Should().Be(SandboxClientId);
        state.GetProperty("clientId").GetString().Should().Be(SandboxClientId);
        state.GetProperty("email").GetString().Should().Be("sandbox@verifik.example");
    }

    [Fact]
    public async Task ProviderState_Validation_RetrieveAndListShowOnlyIt()
    {
        // A record made before the setup is gone: the state starts the client afresh.
        using var before = await fixture.AuthorizedAsync();
        await Liveness.CreateAsync(before, Liveness.Body(Liveness.Png()));
        var state = await SetUpAsync("a document liveness validation of the client exists", new { id = "6a0000000000000000000001" });
        using var client = Bearer(state);

        var retrieved = await Liveness.GetAsync(client, Liveness.Path + "/6a0000000000000000000001");
        var listed = await Liveness.GetAsync(client, Liveness.Path);

        var data = retrieved.GetProperty("data");
        data.GetProperty("_id").GetString().Should().Be("6a0000000000000000000001");
        data.GetProperty("client").GetString().Should().Be(SandboxClientId);
        data.GetProperty("status").GetString().Should().Be("completed");
        data.GetProperty("isLive").GetBoolean().Should().BeTrue();
        data.GetProperty("chargesCount").GetInt32().Should().Be(4);
        listed.GetProperty("total").GetInt32().Should().Be(1);
        listed.GetProperty("data")[0].GetProperty("_id").GetString().Should().Be("6a0000000000000000000001");
    }

    [Fact]
    public async Task ProviderState_ValidationWithScenario_ThatCheckFails()
    {
        var state = await SetUpAsync("a document liveness validation of the client exists", new { id = "6a0000000000000000000002", scenario = "PRINTED_COPY" });
        using var client = Bearer(state);

        var data = (await Liveness.GetAsync(client, Liveness.Path + "/6a0000000000000000000002")).GetProperty("data");

        data.GetProperty("isLive").GetBoolean().Should().BeFalse();
        data.GetProperty("validationResults").GetProperty("printedCopy").GetProperty("passed").GetBoolean().Should().BeFalse();
        data.GetProperty("validationResults").GetProperty("screenReplay").GetProperty("passed").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task ProviderState_EmailOtp_ConfirmLogsInAsTheSandboxClient()
    {
        var state = await SetUpAsync("an OTP was sent to the e-mail");

        using var confirmed = await fixture.Sim.EmailConfirmAsync("sandbox@verifik.example", state.GetProperty("otp").GetString()!);

        confirmed.StatusCode.Should().Be(HttpStatusCode.OK);
        var token = (await VerifikFixture.JsonAsync(confirmed)).GetProperty("data").GetProperty("accessToken").GetString()!;
        AuthSteps.Claims(token).GetProperty("clientId").GetString().Should().Be(SandboxClientId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ProviderState_PhoneOtp_ConfirmLogsInAsThePhonesClient(bool phoneAsNumber)
    {
        // A pact's params are JSON: the phone comes as a number when the contract wrote digits.
        var phone = AuthSteps.UniquePhone();
        var state = await SetUpAsync("an OTP was sent to the phone",
            phoneAsNumber ? new { countryCode = "+1", phone = (object)long.Parse(phone, System.Globalization.CultureInfo.InvariantCulture) } : new { countryCode = "+1", phone = (object)phone });

        using var confirmed = await fixture.Sim.PhoneConfirmAsync(phone, state.GetProperty("otp").GetString()!);

        confirmed.StatusCode.Should().Be(HttpStatusCode.OK);
        var token = (await VerifikFixture.JsonAsync(confirmed)).GetProperty("data").GetProperty("accessToken").GetString()!;
        AuthSteps.Claims(token).GetProperty("clientId").GetString().Should().Be(state.GetProperty("clientId").GetString());
        state.GetProperty("to").GetString().Should().Be("+1" + phone);
    }

    [Fact]
    public async Task ProviderState_AppRegistration_RetrieveMeAndListShowIt()
    {
        var state = await SetUpAsync("an app registration of the client exists", new { id = "6a0000000000000000000011" });
        var enroll = Enroll(state);

        var retrieved = await enroll.GetAsync("6a0000000000000000000011", "?populates[]=informationValidation");
        var me = (await enroll.OkAsync(HttpMethod.Get, "/v2/app-registrations/me", token: state.GetProperty("registrantToken").GetString())).GetProperty("data");
        var listed = await enroll.OkAsync(HttpMethod.Get, "/v2/app-registrations");

        retrieved.GetProperty("client").GetString().Should().Be(SandboxClientId);
        retrieved.GetProperty("status").GetString().Should().Be("STARTED");
        retrieved.GetProperty("email").GetString().Should().Be("registrant@verifik.example");
        retrieved.GetProperty("projectFlow").GetString().Should().Be("6650aa00aa00aa00aa00aa02");
        retrieved.GetProperty("informationValidation").GetProperty("lastName").GetString().Should().Be("Maria Perez");
        me.GetProperty("_id").GetString().Should().Be("6a0000000000000000000011");
        listed.GetProperty("total").GetInt32().Should().Be(1);
        state.GetProperty("id").GetString().Should().Be("6a0000000000000000000011");
    }

    [Fact]
    public async Task ProviderState_AppRegistrationWithDocument_IsAssessedAndAnotherIsAlreadyExists()
    {
        var state = await SetUpAsync("an app registration of the client with a document exists", new { id = "6a0000000000000000000012" });
        var enroll = Enroll(state);

        var retrieved = await enroll.GetAsync("6a0000000000000000000012", "?populates[]=documentValidation");
        var (status, text) = await enroll.SendAsync(HttpMethod.Post, "/v2/document-validations/app-registration", new { image = Faces.Base64() },
            state.GetProperty("registrantToken").GetString());

        retrieved.GetProperty("status").GetString().Should().Be("ONGOING");
        retrieved.GetProperty("currentStep").GetString().Should().Be("2");
        retrieved.GetProperty("documentValidation").GetProperty("status").GetString().Should().Be("ASSESSING");
        ((int)status).Should().Be(409);
        text.Should().Be("""{"code":"already_exists","message":"409:already_exists"}""");
    }

    [Fact]
    public async Task ProviderState_AppRegistrationWithScenario_EndsAsTheScenarioSaysOnceTheSelfieIsIn()
    {
        var state = await SetUpAsync("an app registration of the client with a document exists", new { id = "6a0000000000000000000013", scenario = "APP_REGISTRATION_FAILED" });
        var enroll = Enroll(state);

        await enroll.SelfieAsync(state.GetProperty("registrantToken").GetString()!);
        await enroll.AdvanceAsync(5);

        (await enroll.StatusAsync("6a0000000000000000000013")).Should().Be("FAILED");
    }

    [Fact]
    public async Task ProviderState_AppRegistrationWithBiometricScenario_TheNextSelfieFailsLiveness()
    {
        var state = await SetUpAsync("an app registration of the client exists", new { id = "6a0000000000000000000014", biometricScenario = "BIOMETRIC_LIVENESS_FAILED" });
        var enroll = Enroll(state);
        var registrant = state.GetProperty("registrantToken").GetString();

        var (status, text) = await enroll.SendAsync(HttpMethod.Post, "/v2/biometric-validations/app-registration", new { image = Faces.Base64(), os = "IOS" }, registrant);
        var (again, _) = await enroll.SendAsync(HttpMethod.Post, "/v2/biometric-validations/app-registration", new { image = Faces.Base64(), os = "IOS" }, registrant);

        ((int)status).Should().Be(409);
        text.Should().MatchRegex("""^\{"code":"liveness_failed","message":"409:liveness_failed@0\.\d{1,2}"\}$""");
        again.Should().Be(HttpStatusCode.OK, "the scenario was queued for one selfie");
    }

    [Fact]
    public async Task ProviderState_Webhook_RetrieveAndListShowIt_AndARegistrationOfItsFlowIsAnnouncedToIt()
    {
        var state = await SetUpAsync("a webhook of the client exists", new { id = "6a0000000000000000000015" });
        var enroll = Enroll(state);

        var retrieved = (await enroll.OkAsync(HttpMethod.Get, "/v2/webhooks/6a0000000000000000000015")).GetProperty("data");
        var listed = await enroll.OkAsync(HttpMethod.Get, "/v2/webhooks");
        var (id, _) = await enroll.CreateAsync();
        await enroll.AdvanceAsync(0);

        retrieved.GetProperty("url").GetString().Should().Be("https://client.example/verifik/webhook");
        retrieved.GetProperty("name").GetString().Should().Be("KYC events");
        retrieved.GetProperty("isActive").GetBoolean().Should().BeTrue();
        retrieved.GetProperty("projectFlow").EnumerateArray().Select(f => f.GetString()).Should().Equal("6650aa00aa00aa00aa00aa02");
        listed.GetProperty("total").GetInt32().Should().Be(1);
        enroll.TypesFor(id).Should().Equal("onboarding_app_registration_created");
    }

    [Theory]
    [InlineData("an app registration of the client exists", """{"id":"not-an-object-id"}""")]
    [InlineData("an app registration of the client exists", """{"id":"6a0000000000000000000016","email":"nope"}""")]
    [InlineData("an app registration of the client exists", """{"id":"6a0000000000000000000016","scenario":"APP_REGISTRATION_EXPIRED"}""")]
    [InlineData("an app registration of the client with a document exists", """{"id":"6a0000000000000000000016","biometricScenario":"APP_REGISTRATION_FAILED"}""")]
    [InlineData("a webhook of the client exists", """{}""")]
    [InlineData("a webhook of the client exists", """{"id":"6a0000000000000000000016","url":"ftp://client.example/h"}""")]
    [InlineData("a document liveness validation of the client exists", """{"id":"not-an-object-id"}""")]
    [InlineData("a document liveness validation of the client exists", """{"id":"6a0000000000000000000003","scenario":"FACE_SPOOF"}""")]
    [InlineData("a document liveness validation of the client exists", """{}""")]
    [InlineData("the sandbox client exists", """{"clientId":"6a00000000000000000000ff"}""")]
    [InlineData("the sandbox client exists", """{"clientId":""}""")]
    [InlineData("an OTP was sent to the e-mail", """{"email":"not-an-e-mail"}""")]
    [InlineData("an OTP was sent to the phone", """{"countryCode":"+1","phone":"12"}""")]
    public async Task ProviderState_BadParams_Answers400(string state, string parameters)
    {
        using var response = await fixture.Sim.Client.PostAsJsonAsync("/__simulator/provider-states",
            new { state, @params = JsonDocument.Parse(parameters).RootElement, action = "setup" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("invalid_params");
    }

    private Task<JsonElement> SetUpAsync(string state, object? parameters = null) =>
        fixture.Sim.Control.PostAsync("provider-states", new { state, @params = parameters ?? new { }, action = "setup" });

    private Enrollment Enroll(JsonElement state) => Enrollment.For(fixture.Sim, state.GetProperty("clientId").GetString()!, state.GetProperty("token").GetString()!);

    private HttpClient Bearer(JsonElement state)
    {
        var client = fixture.Sim.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", state.GetProperty("token").GetString());
        return client;
    }
}
