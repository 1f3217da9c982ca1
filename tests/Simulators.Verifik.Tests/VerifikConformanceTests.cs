using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Simulators.Conformance;
using Simulators.Testing;
using Simulators.Verifik.Tests.Auth;
using Simulators.Verifik.Tests.Face;

namespace Simulators.Verifik.Tests;

/// <summary>
/// The engine's behaviours, as Verifik shows them: every call answers at once (no jobs, no webhooks), each
/// page family has its own answer to a missing token, and every error is one of the platform's documented
/// shapes (providers/verifik.md §4). Routes are discovered, so those mapped later join the bad-input table unasked.
/// </summary>
public class VerifikConformanceTests : ProviderConformanceTests
{
    private const string Liveness = "/v2/document-liveness";
    private const string Face = "/v2/face-recognition/";
    private static readonly string Image = Convert.ToBase64String(Tests.Liveness.Png());

    private static readonly string LivenessJson = JsonSerializer.Serialize(Tests.Liveness.Body(Tests.Liveness.Png()));
    private static readonly string FaceImage = Faces.Base64();

    protected override IReadOnlyList<ProviderCall> AuthenticatedEndpoints =>
    [
        new("POST", Liveness, LivenessJson),
        new("GET", Liveness),
        new("GET", Liveness + "/000000000000000000000000"),
        new("POST", Face + "liveness", JsonSerializer.Serialize(new { os = "DESKTOP", image = FaceImage })),
        new("POST", Face + "compare", JsonSerializer.Serialize(new { probe = new[] { FaceImage }, gallery = new[] { FaceImage }, search_mode = "FAST" })),
        new("POST", Face + "compare-with-liveness", JsonSerializer.Serialize(new { probe = FaceImage, gallery = new[] { FaceImage }, search_mode = "FAST" })),
        new("POST", Faces.ScanPromptPath, JsonSerializer.Serialize(new { image = FaceImage, documentType = "CC" })),
        new("POST", Faces.ScanStudioPath, JsonSerializer.Serialize(new { image = FaceImage, documentType = "CC" })),
        new("GET", "/v2/auth/session?origin=refresh"),
        new("POST", "/v2/auth/project-login", "{}"),
        new("POST", "/v2/auth/renew-and-revoke"),
        new("PUT", "/v2/clients/000000000000000000000000", """{"name":"Ana"}"""),
        new("POST", "/v2/app-registrations", """{"project":"6650aa00aa00aa00aa00aa01","projectFlow":"6650aa00aa00aa00aa00aa02","email":"ana@example.com"}"""),
        new("GET", "/v2/app-registrations"),
        new("GET", "/v2/app-registrations/000000000000000000000000"),
        new("POST", "/v2/document-validations/app-registration", JsonSerializer.Serialize(new { image = FaceImage })),
        new("POST", "/v2/biometric-validations/app-registration", JsonSerializer.Serialize(new { image = FaceImage, os = "IOS" })),
        new("POST", "/v2/webhooks", """{"url":"https://client.example/h","name":"n","isActive":true}"""),
        new("GET", "/v2/webhooks"),
        new("GET", "/v2/webhooks/000000000000000000000000"),
        new("PUT", "/v2/webhooks/000000000000000000000000", """{"name":"n"}"""),
        new("DELETE", "/v2/webhooks/000000000000000000000000"),
    ];

    protected override ProviderCall FaultTarget => new("GET", Liveness);

    protected override IReadOnlyList<string> ProviderControlReads => ["settings?tenant={tenant}"];

    protected override IReadOnlyList<string> QueryParameters =>
        ["email", "origin", "expiresIn", "page", "limit", "status", "populates", "populates[]", "where_status", "where_project", "where_projectFlow", "in_status[]"];

    protected override Task<SimulatorHarness> StartAsync(Action<SimulatorHarnessOptions> configure) => SimulatorHarness.StartVerifikAsync(configure);

    protected override async Task<(HttpClient Client, string Tenant)> NewTenantAsync(string name)
    {
        var (clientId, token) = await Sim.RegisterAsync(AuthSteps.Unique(name));
        var client = Sim.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (client, clientId);
    }

    protected override Task<IReadOnlyList<ProviderCall>> JsonEndpointsAsync(HttpClient client)
    {
        var email = AuthSteps.Unique("bodies");
        return Task.FromResult<IReadOnlyList<ProviderCall>>(
        [
            .. AuthenticatedEndpoints.Where(c => c.Body is not null && c.Method != "PUT"),
            new("POST", "/v2/projects/email-login", "{}"),
            new("POST", "/v2/projects/email-login/confirm", JsonSerializer.Serialize(new { email, otp = "123456" })),
            new("POST", "/v2/projects/phone-login", """{"countryCode":"+1","phone":"5551234567","type":"login"}"""),
            new("POST", "/v2/projects/phone-login/confirm", """{"countryCode":"+1","phone":"5551234567","otp":"123456"}"""),
            new("POST", "/v2/email-validations", JsonSerializer.Serialize(new { email, project = "p", projectFlow = "f", type = "login" })),
            new("POST", "/v2/email-validations/validate", JsonSerializer.Serialize(new { email, otp = "123456", type = "login" })),
            new("POST", "/v2/phone-validations", """{"countryCode":"+1","phone":"5551234567","project":"p","projectFlow":"f","type":"login"}"""),
            new("POST", "/v2/phone-validations/validate", """{"countryCode":"+1","phone":"5551234567","otp":"123456","type":"login"}"""),
            new("POST", "/v2/auth/session?origin=refresh", "{}"),
        ]);
    }

    /// <summary>Verifik's body parser leaves no body as <c>{}</c>: every call that needs a field names it in the 409, as for a body without it.</summary>
    [Fact]
    public async Task EmptyBody_EveryJsonEndpoint_AnswersMissingParameter409OrSucceeds()
    {
        var (client, _) = await NewTenantAsync("empty");
        foreach (var call in await JsonEndpointsAsync(client))
        {
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(call.Method), call.Path) { Content = new ByteArrayContent([]) });
            var text = await response.Content.ReadAsStringAsync();
            if (call.Path.StartsWith("/v2/auth/", StringComparison.Ordinal))
            {
                // Every field of the session calls is optional.
                response.StatusCode.Should().Be(HttpStatusCode.OK, $"{call}: {text}");
                continue;
            }
            if (call.Path == "/v2/document-validations/app-registration")
            {
                // The registrant's document page documents its own 422.
                response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, $"{call}: {text}");
                text.Should().Be("""{"code":"MissingParameter","message":"Either image or backImage must be provided"}""");
                continue;
            }
            response.StatusCode.Should().Be(HttpStatusCode.Conflict, $"{call}: {text}");
            var body = JsonDocument.Parse(text).RootElement;
            body.GetProperty("code").GetString().Should().Be("MissingParameter", call.ToString());
            body.GetProperty("message").GetString().Should().MatchRegex(@"\Amissing \w+\n|\A""\w+"" is required\z|\AdocumentType must be one of", call.ToString());
        }
    }

    protected override async Task AssertUnauthorizedAsync(HttpResponseMessage response, ProviderCall endpoint)
    {
        var text = await response.Content.ReadAsStringAsync();
        var (status, expected) = endpoint.Path switch
        {
            var p when p.StartsWith(Face, StringComparison.Ordinal) => (HttpStatusCode.Unauthorized, """{"message":"Authentication required","code":"UNAUTHORIZED"}"""),
            var p when p.StartsWith("/v2/auth/", StringComparison.Ordinal) => (HttpStatusCode.Conflict, """{"code":"MissingParameter","message":"missing Authorization header"}"""),
            var p when p.StartsWith("/v2/app-registrations", StringComparison.Ordinal) || p.StartsWith("/v2/webhooks", StringComparison.Ordinal)
                || p.EndsWith("/app-registration", StringComparison.Ordinal) => (HttpStatusCode.Unauthorized, """{"message":"Access forbidden","code":"Forbidden"}"""),
            _ => (HttpStatusCode.Unauthorized, """{"error":"Protected resource, use Authorization header to get access"}"""),
        };
        response.StatusCode.Should().Be(status, endpoint.ToString());
        text.Should().Be(expected, endpoint.ToString());
    }

    protected override async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/json", text);
        var body = JsonDocument.Parse(text).RootElement;
        VerifikErrorShapes.Check(body, (int)status).Should().BeNull(text);
    }

    protected override async Task<IReadOnlyList<string>> SendSecretsAsync()
    {
        var email = AuthSteps.Unique("secrets");
        using (var sent = await Sim.EmailLoginAsync(email))
        {
            sent.EnsureSuccessStatusCode();
        }
        var otp = await Sim.LatestOtpAsync(email);
        using var confirmed = await Sim.EmailConfirmAsync(email, otp);
        confirmed.EnsureSuccessStatusCode();
        var token = (await VerifikFixture.JsonAsync(confirmed)).GetProperty("data").GetProperty("accessToken").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Liveness, UriKind.Relative)) { Content = JsonContent.Create(new { image = Image, validateScreenReplay = true }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var created = await Sim.Client.SendAsync(request);
        created.StatusCode.Should().Be(HttpStatusCode.OK, await created.Content.ReadAsStringAsync());
        return [otp, token, Image];
    }

    /// <summary>A document-liveness record of the tenant's.</summary>
    protected override async Task<string> BadInputSubjectAsync(HttpClient client)
    {
        using var response = await client.PostAsync(new Uri(Liveness, UriKind.Relative), new StringContent(LivenessJson, System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("data").GetProperty("_id").GetString()!;
    }

    protected override Task<BadInputBaseline> BadInputBaselineAsync(HttpClient client, string tenant, string jobId)
    {
        var email = AuthSteps.Unique("bad-input");
        var bodies = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PUT /v2/clients/{id}"] = """{"name":"Ana","company":"Acme","address":"Calle 1","email":"ana@example.com","countryCode":"+57","phone":"3001234567","avatar":"https://cdn.example/a.png"}""",
            ["POST /v2/auth/session"] = """{"origin":"refresh","expiresIn":"3"}""",
            ["POST /v2/projects/email-login"] = JsonSerializer.Serialize(new { email }),
            ["POST /v2/projects/email-login/confirm"] = JsonSerializer.Serialize(new { email, otp = "123456" }),
            ["POST /v2/projects/phone-login"] = """{"countryCode":"+1","phone":"5551234567","type":"login"}""",
            ["POST /v2/projects/phone-login/confirm"] = """{"countryCode":"+1","phone":"5551234567","otp":"123456"}""",
            ["POST /v2/email-validations"] = JsonSerializer.Serialize(new { email, project = "p", projectFlow = "f", type = "login" }),
            ["POST /v2/email-validations/validate"] = JsonSerializer.Serialize(new { email, otp = "123456", type = "login" }),
            ["POST /v2/phone-validations"] = """{"countryCode":"+1","phone":"5551234567","project":"p","projectFlow":"f","type":"login"}""",
            ["POST /v2/phone-validations/validate"] = """{"countryCode":"+1","phone":"5551234567","otp":"123456","type":"login"}""",
            ["POST /__simulator/clients"] = """{"email":"control@example.com","countryCode":"+1","phone":"5550001111"}""",
            ["POST /__simulator/settings"] = JsonSerializer.Serialize(new { tenant, responseShape = "both" }),
            [$"POST {Face}compare-with-liveness"] = JsonSerializer.Serialize(new
            {
                probe = FaceImage, gallery = new[] { FaceImage }, search_mode = "FAST", cropFace = false, liveness_min_score = 0.6, compare_min_score = 0.8,
            }),
            [$"POST {Face}compare"] = JsonSerializer.Serialize(new { probe = new[] { FaceImage }, gallery = new[] { FaceImage }, search_mode = "FAST", compare_min_score = 0.8 }),
            [$"POST {Face}liveness"] = JsonSerializer.Serialize(new { os = "DESKTOP", image = FaceImage, collection_id = "c", liveness_min_score = 0.6 }),
            [$"POST {Faces.ScanPromptPath}"] = JsonSerializer.Serialize(new { image = FaceImage, documentType = "CC", cropFace = false }),
        };
        foreach (var call in AuthenticatedEndpoints.Where(c => c.Body is not null))
        {
            bodies.TryAdd($"{call.Method} {call.Path}", call.Body!);
        }
        // {id} is the caller's own client id: PUT /v2/clients/{id} then reads the body, and a record of that id does not exist.
        return Task.FromResult(new BadInputBaseline(bodies, new Dictionary<string, string> { ["id"] = tenant }));
    }
}

/// <summary>The same, on the SQLite store: what the sandbox runs.</summary>
public sealed class VerifikConformanceOnSqliteTests : VerifikConformanceTests
{
    protected override bool OnSqlite => true;
}
