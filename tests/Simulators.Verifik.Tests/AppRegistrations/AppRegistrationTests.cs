using System.Net;
using System.Text.Json;
using Simulators.Verifik.Tests.Auth;
using Simulators.Verifik.Tests.Face;

namespace Simulators.Verifik.Tests.AppRegistrations;

public class AppRegistrationTests(VerifikFixture fixture) : IClassFixture<VerifikFixture>
{
    private static readonly HttpMethod Post = HttpMethod.Post;

    [Fact]
    public async Task Create_WithEmailAndFullName_AnswersTheDocumentedKeysAndARegistrantToken()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        var email = AuthSteps.Unique("ana");
        var created = await enroll.OkAsync(Post, "/v2/app-registrations",
            new { project = Enrollment.Project, projectFlow = Enrollment.Flow, email, fullName = "Ana Maria Perez", language = "es" });

        var data = created.GetProperty("data");
        Faces.KeyList(data).Should().Be("appRegistration,informationValidation,token");
        var registration = data.GetProperty("appRegistration");
        Faces.KeyList(registration).Should().Be("_id,client,project,projectFlow,status,email,currentStep,language,createdAt,updatedAt,informationValidation,__v");
        registration.GetProperty("client").GetString().Should().Be(enroll.ClientId);
        registration.GetProperty("status").GetString().Should().Be("STARTED");
        registration.GetProperty("currentStep").GetString().Should().Be("1");
        registration.GetProperty("language").GetString().Should().Be("es");
        registration.GetProperty("email").GetString().Should().Be(email);
        registration.GetProperty("_id").GetString().Should().MatchRegex("^[0-9a-f]{24}$");
        var information = data.GetProperty("informationValidation");
        information.GetProperty("fullName").GetString().Should().Be("Ana Maria Perez");
        information.GetProperty("firstName").GetString().Should().Be("Ana");
        information.GetProperty("lastName").GetString().Should().Be("Maria Perez");
        registration.GetProperty("informationValidation").GetString().Should().Be(information.GetProperty("_id").GetString());
        created.TryGetProperty("signature", out _).Should().BeFalse("plain CRUD answers carry no signature");

        var claims = AuthSteps.Claims(data.GetProperty("token").GetString()!);
        claims.GetProperty("clientId").GetString().Should().Be(enroll.ClientId);
        claims.GetProperty("appRegistration").GetString().Should().Be(registration.GetProperty("_id").GetString());
    }

    [Fact]
    public async Task Create_WithPhoneAndNames_JoinsTheNames()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        var data = (await enroll.OkAsync(Post, "/v2/app-registrations",
            new { project = Enrollment.Project, projectFlow = Enrollment.Flow, phone = "3001234567", countryCode = "+57", firstName = "Juan", lastName = "Rojas" })).GetProperty("data");
        var registration = data.GetProperty("appRegistration");
        registration.GetProperty("phone").GetString().Should().Be("3001234567");
        registration.GetProperty("countryCode").GetString().Should().Be("+57");
        registration.GetProperty("language").GetString().Should().Be("en");
        registration.TryGetProperty("email", out _).Should().BeFalse();
        data.GetProperty("informationValidation").GetProperty("fullName").GetString().Should().Be("Juan Rojas");
    }

    public static TheoryData<string, string?, int, string> CreateErrors => new()
    {
        { """{"project":"6650aa00aa00aa00aa00aa01","projectFlow":"6650aa00aa00aa00aa00aa02"}""", null, 409, """{"message":"Needs an email or a phone at least","code":"MissingParameter","status":409}""" },
        { """{"project":"6650aa00aa00aa00aa00aa01","projectFlow":"6650aa00aa00aa00aa00aa02","phone":"3001234567"}""", null, 409, """{"message":"missing countryCode","code":"MissingParameter","status":409}""" },
        { """{"email":"a@b.co"}""", null, 409, "{\"code\":\"MissingParameter\",\"message\":\"missing project\\n. missing projectFlow\\n\"}" },
        { """{"project":"nope","projectFlow":"6650aa00aa00aa00aa00aa02","email":"a@b.co"}""", null, 409, "{\"code\":\"MissingParameter\",\"message\":\"invalid project\\n\"}" },
        { """{"project":"6650aa00aa00aa00aa00aa01","projectFlow":"6650aa00aa00aa00aa00aa02","email":"not-an-email"}""", null, 409, "{\"code\":\"MissingParameter\",\"message\":\"invalid email\\n\"}" },
        { """{"project":"6650aa00aa00aa00aa00aa01","projectFlow":"6650aa00aa00aa00aa00aa02","phone":"300","countryCode":"+57"}""", null, 409, "{\"code\":\"MissingParameter\",\"message\":\"invalid phone\\n\"}" },
        { """{"project":"6650aa00aa00aa00aa00aa01","projectFlow":"6650aa00aa00aa00aa00aa02","phone":"3001234567","countryCode":"57"}""", null, 409, "{\"code\":\"MissingParameter\",\"message\":\"invalid countryCode\\n\"}" },
        { """{"project":"6650aa00aa00aa00aa00aa01","projectFlow":"6650aa00aa00aa00aa00aa02","email":"a@b.co"}""", "EMAIL_DOMAIN_NOT_ALLOWED", 409, """{"message":"email domain not allowed","code":"PreconditionFailed","status":409}""" },
        { """{"project":""", null, 400, """{"error":"Invalid request"}""" },
        { """[1]""", null, 400, """{"error":"Invalid request"}""" },
    };

    [Theory]
    [MemberData(nameof(CreateErrors))]
    public async Task Create_BadInput_AnswersTheDocumentedError(string json, string? scenario, int status, string expected)
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        var (code, text) = await enroll.SendRawAsync(Post, "/v2/app-registrations", json, enroll.Token, scenario);
        ((int)code).Should().Be(status, text);
        text.Should().Be(expected);
    }

    [Fact]
    public async Task Calls_WithoutOrWithABadToken_AnswerTheRegistrationPagesForbiddenBody()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        foreach (var path in new[] { "/v2/app-registrations", "/v2/webhooks", "/v2/document-validations/app-registration" })
        {
            var (missing, missingText) = await enroll.SendRawAsync(path.Contains("validations", StringComparison.Ordinal) ? Post : HttpMethod.Get, path, null, token: null);
            ((int)missing).Should().Be(401, path);
            missingText.Should().Be("""{"message":"Access forbidden","code":"Forbidden"}""");
            var (bad, badText) = await enroll.SendRawAsync(HttpMethod.Get, "/v2/app-registrations", null, token: "not.a.token");
            ((int)bad).Should().Be(403);
            badText.Should().Be("""{"message":"Access forbidden","code":"Forbidden"}""");
        }
    }

    [Fact]
    public async Task FullFlow_DocumentThenSelfie_EndsCompletedOnceTheDocumentIsAssessed_AndAnnouncesEachStep()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        await enroll.WebhookAsync();
        var (id, token) = await enroll.CreateAsync();
        await enroll.AdvanceAsync(0);

        var document = (await enroll.DocumentAsync(token)).GetProperty("data").GetProperty("documentValidation");
        Faces.KeyList(document).Should().Be("_id,appRegistration,client,project,projectFlow,documentType,documentCategory,status,validationMethod,inputMethod,"
            + "imageValidated,namesMatch,fullNameMatchPercentage,firstNameMatchPercentage,lastNameMatchPercentage,type,createdAt,updatedAt,__v");
        document.GetProperty("status").GetString().Should().Be("ASSESSING");
        document.GetProperty("appRegistration").GetString().Should().Be(id);
        (await enroll.StatusAsync(id)).Should().Be("ONGOING");

        var selfie = (await enroll.SelfieAsync(token)).GetProperty("data");
        selfie.GetProperty("_id").GetString().Should().Be(id);
        selfie.GetProperty("status").GetString().Should().Be("ONGOING", "the document is still being assessed");
        selfie.GetProperty("currentStep").GetString().Should().Be("3");
        foreach (var reference in new[] { "biometricValidation", "person", "assignedCollection" })
        {
            selfie.GetProperty(reference).GetString().Should().MatchRegex("^[0-9a-f]{24}$", reference);
        }

        await enroll.AdvanceAsync(4);
        (await enroll.StatusAsync(id)).Should().Be("ONGOING");
        await enroll.AdvanceAsync(1);
        var done = await enroll.GetAsync(id, "?populates[]=documentValidation&populates[]=biometricValidation&populates[]=informationValidation");
        done.GetProperty("status").GetString().Should().Be("COMPLETED");
        done.GetProperty("documentValidation").GetProperty("status").GetString().Should().Be("VALIDATED");
        done.GetProperty("documentValidation").GetProperty("namesMatch").GetBoolean().Should().BeTrue();
        done.GetProperty("biometricValidation").GetProperty("status").GetString().Should().Be("validated");
        done.GetProperty("informationValidation").GetProperty("firstName").GetString().Should().Be("Ana");

        enroll.TypesFor(id).Should().Equal(
            "onboarding_app_registration_created",
            "onboarding_document_validation_created",
            "onboarding_biometric_validation_validated",
            "onboarding_biometric_validation_created_person",
            "onboarding_app_registration_completed");
        var events = enroll.EventsFor(id);
        events.Should().OnlyContain(e => e.Url.ToString() == Enrollment.Receiver);
        foreach (var received in events)
        {
            var body = JsonDocument.Parse(received.Body).RootElement;
            Faces.KeyList(body).Should().Be("type,object");
            body.GetProperty("object").GetProperty("_id").GetString().Should().MatchRegex("^[0-9a-f]{24}$");
            received.Headers["Content-Type"].Should().StartWith("application/json");
            received.Headers.Should().NotContainKey("X-Verifik-Signature", "the docs give no signing scheme; it is off by default");
        }
        JsonDocument.Parse(events[1].Body).RootElement.GetProperty("object").GetProperty("status").GetString().Should().Be("ASSESSING");
        JsonDocument.Parse(events[^1].Body).RootElement.GetProperty("object").GetProperty("status").GetString().Should().Be("COMPLETED");
    }

    [Fact]
    public async Task Events_SentLate_ShowEachEntityAsTheCallLeftIt()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        await enroll.WebhookAsync();
        var (id, token) = await enroll.CreateAsync();
        var first = (await enroll.DocumentAsync(token)).GetProperty("data").GetProperty("documentValidation").GetProperty("_id").GetString();
        var second = (await enroll.DocumentAsync(token, force: true)).GetProperty("data").GetProperty("documentValidation").GetProperty("_id").GetString();
        await enroll.SelfieAsync(token);
        // Nothing ran in between: every event goes out now, after all three calls.
        await enroll.AdvanceAsync(0);

        var objects = enroll.EventsFor(id).Select(e => JsonDocument.Parse(e.Body).RootElement).ToList();
        var created = objects.Single(o => o.GetProperty("type").GetString() == "onboarding_app_registration_created").GetProperty("object");
        created.GetProperty("status").GetString().Should().Be("STARTED");
        created.GetProperty("currentStep").GetString().Should().Be("1");
        created.TryGetProperty("documentValidation", out _).Should().BeFalse();
        objects.Where(o => o.GetProperty("type").GetString() == "onboarding_document_validation_created")
            .Select(o => o.GetProperty("object").GetProperty("_id").GetString()).Should().Equal(first, second);
    }

    [Fact]
    public async Task SelfieFirst_ThenDocument_EndsAfterTheAssessment()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        var (id, token) = await enroll.CreateAsync();
        await enroll.SelfieAsync(token);
        await enroll.DocumentAsync(token);
        await enroll.AdvanceAsync(5);
        (await enroll.StatusAsync(id)).Should().Be("COMPLETED");
    }

    [Theory]
    [InlineData("APP_REGISTRATION_FAILED", "FAILED", "FAILED")]
    [InlineData("APP_REGISTRATION_COMPLETED_WITHOUT_KYC", "COMPLETED_WITHOUT_KYC", "VALIDATED")]
    [InlineData("APP_REGISTRATION_NEEDS_MANUAL_VERIFICATION", "NEEDS_MANUAL_VERIFICATION", "VALIDATED")]
    public async Task Scenario_AtCreate_DecidesHowTheRegistrationEnds(string scenario, string status, string documentStatus)
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        await enroll.WebhookAsync();
        var (id, token) = await enroll.CreateAsync(scenario);
        await enroll.DocumentAsync(token);
        await enroll.SelfieAsync(token);
        await enroll.AdvanceAsync(5);
        var done = await enroll.GetAsync(id, "?populates[]=documentValidation");
        done.GetProperty("status").GetString().Should().Be(status);
        done.GetProperty("documentValidation").GetProperty("status").GetString().Should().Be(documentStatus);
        enroll.TypesFor(id)[^1].Should().Be("onboarding_app_registration_" + status.ToLowerInvariant());
    }

    [Fact]
    public async Task Scenario_OnTheDocumentCall_DecidesTheEnd()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        var (id, token) = await enroll.CreateAsync();
        await enroll.DocumentAsync(token, "APP_REGISTRATION_FAILED");
        await enroll.SelfieAsync(token);
        await enroll.AdvanceAsync(5);
        (await enroll.StatusAsync(id)).Should().Be("FAILED");
    }

    [Fact]
    public async Task ManualVerification_IsClearedByForcingAnOutcomeOnTheJob()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        await enroll.WebhookAsync();
        var (id, token) = await enroll.CreateAsync("APP_REGISTRATION_NEEDS_MANUAL_VERIFICATION");
        await enroll.DocumentAsync(token);
        await enroll.SelfieAsync(token);
        await enroll.AdvanceAsync(5);
        (await enroll.StatusAsync(id)).Should().Be("NEEDS_MANUAL_VERIFICATION");
        enroll.TypesFor(id).Should().Contain("onboarding_document_validation_manual_verification_required");

        await fixture.Sim.Control.ForceOutcomeAsync(id, "APP_REGISTRATION_COMPLETED");
        (await enroll.StatusAsync(id)).Should().Be("COMPLETED");
        await enroll.AdvanceAsync(0);
        enroll.TypesFor(id)[^1].Should().Be("onboarding_app_registration_completed");
    }

    [Fact]
    public async Task ForcedOutcome_WhileTheDocumentIsAssessed_ChangesTheEnd()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        var (id, token) = await enroll.CreateAsync();
        await enroll.DocumentAsync(token);
        await enroll.SelfieAsync(token);
        await fixture.Sim.Control.ForceOutcomeAsync(id, "APP_REGISTRATION_FAILED");
        (await enroll.StatusAsync(id)).Should().Be("ONGOING");
        await enroll.AdvanceAsync(5);
        (await enroll.StatusAsync(id)).Should().Be("FAILED");
    }

    [Fact]
    public async Task Registration_LeftOpen_ExpiresAfterADay_AndRefusesFurtherValidations()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        await enroll.WebhookAsync();
        var (id, token) = await enroll.CreateAsync();
        await enroll.DocumentAsync(token);
        await enroll.AdvanceAsync(24 * 3600 - 1);
        (await enroll.StatusAsync(id)).Should().Be("ONGOING");
        await enroll.AdvanceAsync(1);
        (await enroll.StatusAsync(id)).Should().Be("EXPIRED");
        enroll.TypesFor(id)[^1].Should().Be("onboarding_app_registration_expired");
        var (status, text) = await enroll.SendAsync(Post, "/v2/biometric-validations/app-registration", new { image = Faces.Base64(), os = "IOS" }, token);
        status.Should().Be(HttpStatusCode.Forbidden, "the registrant's token lives as long as the registration is open");
        text.Should().Be("""{"message":"Access forbidden","code":"Forbidden"}""");
    }

    [Fact]
    public async Task ForcedExpiry_EndsAnOpenRegistrationNow()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        var (id, token) = await enroll.CreateAsync();
        await fixture.Sim.Control.ForceOutcomeAsync(id, "APP_REGISTRATION_EXPIRED");
        (await enroll.StatusAsync(id)).Should().Be("EXPIRED");
        var (status, text) = await enroll.SendAsync(Post, "/v2/document-validations/app-registration", new { image = Faces.Base64() }, token);
        ((int)status).Should().Be(409);
        text.Should().Be("""{"code":"PreconditionFailed","message":"409:app_registration_not_in_progress"}""");
    }

    [Fact]
    public async Task Selfie_Spoofed_Answers409WithTheScore_IsAnnounced_AndCanBeRetried()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        await enroll.WebhookAsync();
        var (id, token) = await enroll.CreateAsync();
        var (status, text) = await enroll.SendAsync(Post, "/v2/biometric-validations/app-registration", new { image = Faces.Base64(), os = "IOS" }, token, "BIOMETRIC_LIVENESS_FAILED");
        ((int)status).Should().Be(409);
        text.Should().MatchRegex("""^\{"code":"liveness_failed","message":"409:liveness_failed@0\.[0-4][0-9]?"\}$""");
        await enroll.AdvanceAsync(0);
        enroll.TypesFor(id).Should().Contain("onboarding_biometric_validation_liveness_failed");
        (await enroll.StatusAsync(id)).Should().Be("ONGOING");

        var retried = (await enroll.SelfieAsync(token)).GetProperty("data");
        retried.GetProperty("person").GetString().Should().NotBeNullOrEmpty();
    }

    public static TheoryData<string, string, string?, int, string> ValidationErrors => new()
    {
        { "/v2/document-validations/app-registration", "{}", null, 422, """{"code":"MissingParameter","message":"Either image or backImage must be provided"}""" },
        { "/v2/document-validations/app-registration", """{"image":"aGVsbG8="}""", null, 412, """{"message":"only_images_in_base64","code":"ERROR"}""" },
        { "/v2/document-validations/app-registration", """{"image":"%IMG%"}""", "DOCUMENT_SETTINGS_NOT_SET", 404, """{"code":"document_settings_not_set","message":"404:document_settings_not_set"}""" },
        { "/v2/document-validations/app-registration", """{"image":"%IMG%"}""", "NOT_A_SCENARIO", 400, "" },
        { "/v2/biometric-validations/app-registration", "{}", null, 409, "{\"code\":\"MissingParameter\",\"message\":\"missing image\\n. missing os\\n\"}" },
        { "/v2/biometric-validations/app-registration", """{"image":"%IMG%","os":"WINDOWS"}""", null, 409, "{\"code\":\"MissingParameter\",\"message\":\"invalid os\\n\"}" },
        { "/v2/biometric-validations/app-registration", """{"image":"%IMG%","os":"IOS"}""", "COLLECTION_NOT_SET", 409, """{"code":"collection_not_set","message":"409:collection_not_set"}""" },
        { "/v2/biometric-validations/app-registration", """{"image":"%IMG%","os":"IOS","force":"yes"}""", null, 409, "{\"code\":\"MissingParameter\",\"message\":\"invalid force\\n\"}" },
    };

    [Theory]
    [MemberData(nameof(ValidationErrors))]
    public async Task Validation_BadInput_AnswersTheDocumentedError(string path, string json, string? scenario, int status, string expected)
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        var (_, token) = await enroll.CreateAsync();
        var (code, text) = await enroll.SendRawAsync(Post, path, json.Replace("%IMG%", Faces.Base64(), StringComparison.Ordinal), token, scenario);
        ((int)code).Should().Be(status, text);
        if (expected.Length > 0)
        {
            text.Should().Be(expected);
        }
        else
        {
            text.Should().Contain("NOT_A_SCENARIO");
        }
    }

    [Fact]
    public async Task Validations_Repeated_AnswerAlreadyExistsAndPersonAlreadySet_UnlessForced()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        var (_, token) = await enroll.CreateAsync();
        var first = (await enroll.DocumentAsync(token)).GetProperty("data").GetProperty("documentValidation").GetProperty("_id").GetString();
        var (status, text) = await enroll.SendAsync(Post, "/v2/document-validations/app-registration", new { image = Faces.Base64() }, token);
        ((int)status).Should().Be(409);
        text.Should().Be("""{"code":"already_exists","message":"409:already_exists"}""");
        var forced = (await enroll.DocumentAsync(token, force: true)).GetProperty("data").GetProperty("documentValidation").GetProperty("_id").GetString();
        forced.Should().NotBe(first);

        await enroll.SelfieAsync(token);
        (status, text) = await enroll.SendAsync(Post, "/v2/biometric-validations/app-registration", new { image = Faces.Base64(), os = "DESKTOP" }, token);
        ((int)status).Should().Be(409);
        text.Should().Be("""{"code":"person_already_set","message":"409:person_already_set"}""");
    }

    [Fact]
    public async Task Tokens_AreKeptApart_ClientTokenNamesNoRegistration_RegistrantTokenOpensNothingElse()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        var (id, token) = await enroll.CreateAsync();
        var (status, text) = await enroll.SendAsync(Post, "/v2/document-validations/app-registration", new { image = Faces.Base64() });
        ((int)status).Should().Be(404);
        text.Should().Be("""{"code":"appRegistration_not_found","message":"404:appRegistration_not_found"}""");

        (status, _) = await enroll.SendAsync(HttpMethod.Get, "/v2/document-liveness", token: token);
        ((int)status).Should().Be(401, "a registrant's token is no client token");
        (status, _) = await enroll.SendAsync(HttpMethod.Get, "/v2/webhooks", token: token);
        ((int)status).Should().Be(403);

        var me = (await enroll.OkAsync(HttpMethod.Get, "/v2/app-registrations/me", token: token)).GetProperty("data");
        me.GetProperty("_id").GetString().Should().Be(id);
        var own = (await enroll.OkAsync(HttpMethod.Get, "/v2/app-registrations", token: token)).GetProperty("data");
        own.GetProperty("_id").GetString().Should().Be(id);
        (status, text) = await enroll.SendAsync(HttpMethod.Get, "/v2/app-registrations/me");
        ((int)status).Should().Be(404, "a client has no registration of its own");
        text.Should().Be("""{"message":"AppRegistration_not_found","code":"NotFound"}""");
    }

    [Fact]
    public async Task Retrieve_AnotherClientsRegistration_IsNotFound()
    {
        var owner = await Enrollment.NewAsync(fixture.Sim);
        var other = await Enrollment.NewAsync(fixture.Sim);
        var (id, _) = await owner.CreateAsync();
        var (status, text) = await other.SendAsync(HttpMethod.Get, "/v2/app-registrations/" + id);
        ((int)status).Should().Be(404);
        text.Should().Be("""{"message":"AppRegistration_not_found","code":"NotFound"}""");
        (await owner.GetAsync(id)).GetProperty("_id").GetString().Should().Be(id);
    }

    [Fact]
    public async Task Create_SameRegistrantAgain_ReturnsTheOpenRegistrationWithANewToken()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        var body = new { project = Enrollment.Project, projectFlow = Enrollment.Flow, email = AuthSteps.Unique("again"), fullName = "Ana Perez" };
        var (first, firstToken) = await enroll.CreateAsync(body: body);
        await enroll.AdvanceAsync(1);
        var (second, secondToken) = await enroll.CreateAsync(body: body);
        second.Should().Be(first);
        secondToken.Should().NotBe(firstToken);
    }

    [Fact]
    public async Task List_FiltersAndPages_AsDocumented()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await enroll.CreateAsync()).Id);
            await enroll.AdvanceAsync(1);
        }
        await fixture.Sim.Control.ForceOutcomeAsync(ids[0], "APP_REGISTRATION_EXPIRED");

        var all = await enroll.OkAsync(HttpMethod.Get, "/v2/app-registrations?limit=2");
        Faces.KeyList(all).Should().Be("data,total,limit,page,pages");
        all.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("_id").GetString()).Should().Equal(ids[2], ids[1]);
        all.GetProperty("total").GetInt32().Should().Be(3);
        all.GetProperty("pages").GetInt32().Should().Be(2);
        var second = await enroll.OkAsync(HttpMethod.Get, "/v2/app-registrations?limit=2&page=2");
        second.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("_id").GetString()).Should().Equal(ids[0]);

        var expired = await enroll.OkAsync(HttpMethod.Get, "/v2/app-registrations?where_status=EXPIRED");
        expired.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("_id").GetString()).Should().Equal(ids[0]);
        var started = await enroll.OkAsync(HttpMethod.Get, "/v2/app-registrations?in_status[]=STARTED&in_status[]=ONGOING");
        started.GetProperty("total").GetInt32().Should().Be(2);
        var otherFlow = await enroll.OkAsync(HttpMethod.Get, "/v2/app-registrations?where_projectFlow=6650aa00aa00aa00aa00aa09");
        otherFlow.GetProperty("total").GetInt32().Should().Be(0);

        foreach (var limit in new[] { "0", "101", "ten" })
        {
            var (status, text) = await enroll.SendAsync(HttpMethod.Get, "/v2/app-registrations?limit=" + limit);
            ((int)status).Should().Be(409);
            text.Should().Be("""{"message":"Invalid parameter: limit must be between 1 and 100","code":"MissingParameter"}""");
        }
        var (badStatus, _) = await enroll.SendAsync(HttpMethod.Get, "/v2/app-registrations?where_status=DONE");
        ((int)badStatus).Should().Be(409);
        var (badPopulate, _) = await enroll.SendAsync(HttpMethod.Get, $"/v2/app-registrations/{ids[1]}?populates[]=everything");
        ((int)badPopulate).Should().Be(409);
    }

    [Fact]
    public async Task Retrieve_WithPopulatedProjectAndFlow_AnswersObjects()
    {
        var enroll = await Enrollment.NewAsync(fixture.Sim);
        var (id, _) = await enroll.CreateAsync();
        var data = await enroll.GetAsync(id, "?populates[]=project&populates[]=projectFlow&populates[]=person");
        data.GetProperty("project").GetProperty("_id").GetString().Should().Be(Enrollment.Project);
        data.GetProperty("projectFlow").GetProperty("type").GetString().Should().Be("onboarding");
    }
}
