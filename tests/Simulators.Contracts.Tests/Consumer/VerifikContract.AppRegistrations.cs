using Simulators.Contracts.Tests.Client;
using Simulators.Contracts.Tests.Pact;

namespace Simulators.Contracts.Tests.Consumer;

/// <summary>
/// Smart Enroll and webhooks: the client's token starts, reads and lists registrations and manages its webhooks; the
/// registrant's token (the create answer's <c>token</c>, injected from the provider state as <c>registrantToken</c>) reads
/// its own registration and sends the document and the selfie. The objects' keys are the wire's, in its order.
/// </summary>
internal static partial class VerifikContract
{
    /// <summary>Params <c>{id, email?, scenario?, biometricScenario?}</c>: a STARTED registration in <see cref="Project"/> / <see cref="ProjectFlow"/>.</summary>
    public const string AppRegistration = "an app registration of the client exists";
    public const string AppRegistrationWithDocument = "an app registration of the client with a document exists";
    public const string Webhook = "a webhook of the client exists";

    /// <summary>The project and flow the provider states make registrations and webhooks in (the create calls send them too).</summary>
    public const string Project = "6650aa00aa00aa00aa00aa01";
    public const string ProjectFlow = "6650aa00aa00aa00aa00aa02";

    public const string RegistrationId = "6a1b2c3d4e5f60718293a4c6";
    public const string WebhookId = "6a1b2c3d4e5f60718293a4d7";

    /// <summary>The registration states' registrant (their defaults).</summary>
    public const string RegistrantEmail = "registrant@verifik.example";
    public const string RegistrantName = "Ana Maria Perez";

    public const string WebhookUrl = "https://client.example/verifik/webhook";
    private const string WebhookName = "KYC events";

    /// <summary>A registrant's token: the client's id and its registration's in the claims.</summary>
    private const string ExampleRegistrantToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJjbGllbnRJZCI6IjY2NWYxYzJlOWIxZDRhMDAxMjM0NTY3OCIsImFwcFJlZ2lzdHJhdGlvbiI6IjZhMWIyYzNkNGU1ZjYwNzE4MjkzYTRjNiIsImlhdCI6MTc2MjE1NjgwMCwiZXhwIjoxNzYyMjQzMjAwfQ.c2lnbmF0dXJl";

    private static object EmailRegistrationBody => new { project = Project, projectFlow = ProjectFlow, email = "ana.perez@client.example", fullName = RegistrantName, language = "es" };

    private static object PhoneRegistrationBody => new { project = Project, projectFlow = ProjectFlow, phone = "3001234567", countryCode = "+57", firstName = "Juan", lastName = "Rojas" };

    private static object WebhookBody => new { url = WebhookUrl, name = WebhookName, isActive = true, description = "to the back office", link = new[] { ProjectFlow } };

    private static object RegistrationState => new { id = RegistrationId };

    private static ContractCase[] AppRegistrations =>
    [
        Started("an app registration is started for a registrant's e-mail", EmailRegistrationBody, [("email", "ana.perez@client.example")],
            Information(RegistrantName, "Ana", "Maria Perez"), "es",
            data => data.GetProperty("appRegistration").GetProperty("email").GetString().Should().Be("ana.perez@client.example")),

        Started("an app registration is started for a registrant's phone", PhoneRegistrationBody, [("phone", "3001234567"), ("countryCode", "+57")],
            Information("Juan Rojas", "Juan", "Rojas"), "en",
            data => data.GetProperty("appRegistration").GetProperty("phone").GetString().Should().Be("3001234567")),

        RegistrationRefusal("an app registration without an e-mail or a phone", new { project = Project, projectFlow = ProjectFlow, fullName = RegistrantName },
            "Needs an email or a phone at least"),
        RegistrationRefusal("an app registration of a phone without countryCode", new { project = Project, projectFlow = ProjectFlow, phone = "3001234567" },
            "missing countryCode"),

        Case("an app registration is retrieved",
            i => Authenticated(i.Given(AppRegistration, RegistrationState).WithRequest("GET", VerifikClient.AppRegistrationsPath + "/" + RegistrationId))
                .WillRespondWith(200)
                .WithResponseJsonBody(new { data = Registration(RegistrationId, "STARTED", "1", [("email", RegistrantEmail)]) }),
            async client => (await client.RetrieveAppRegistrationAsync(RegistrationId)).GetProperty("status").GetString().Should().Be("STARTED")),

        Case("the registrant reads its own app registration",
            i => Registrant(i.Given(AppRegistration, RegistrationState).WithRequest("GET", VerifikClient.AppRegistrationsPath + "/me"))
                .WillRespondWith(200)
                .WithResponseJsonBody(new { data = Registration(RegistrationId, "STARTED", "1", [("email", RegistrantEmail)]) }),
            async client => (await client.RetrieveAppRegistrationAsync("me")).GetProperty("_id").GetString().Should().Be(RegistrationId),
            token: ExampleRegistrantToken),

        Case("an app registration that does not exist",
            i => Authenticated(i.Given(Client).WithRequest("GET", VerifikClient.AppRegistrationsPath + "/" + UnknownId))
                .WillRespondWith(404)
                .WithResponseJsonBody(new { message = "AppRegistration_not_found", code = "NotFound" }),
            async client => (await Refused(() => client.RetrieveAppRegistrationAsync(UnknownId))).Should().Be((404, "AppRegistration_not_found"))),

        Case("the app registrations of the client are listed a page at a time",
            i => Authenticated(i.Given(AppRegistration, RegistrationState).WithRequest("GET", VerifikClient.AppRegistrationsPath))
                .WithQuery("limit", "5").WithQuery("page", "1")
                .WillRespondWith(200)
                .WithResponseJsonBody(new { data = new[] { Registration(RegistrationId, "STARTED", "1", [("email", RegistrantEmail)]) }, total = 1, limit = 5, page = 1, pages = 1 }),
            async client =>
            {
                var page = await client.ListAppRegistrationsAsync(page: 1, limit: 5);
                page.GetProperty("data")[0].GetProperty("_id").GetString().Should().Be(RegistrationId);
                page.GetProperty("pages").GetInt32().Should().Be(1);
            }),

        Case("the app registrations listed with a limit over 100",
            i => Authenticated(i.Given(Client).WithRequest("GET", VerifikClient.AppRegistrationsPath))
                .WithQuery("limit", "101").WithQuery("page", "1")
                .WillRespondWith(409)
                .WithResponseJsonBody(new { message = "Invalid parameter: limit must be between 1 and 100", code = "MissingParameter" }),
            async client => (await Refused(() => client.ListAppRegistrationsAsync(page: 1, limit: 101))).Status.Should().Be(409)),
    ];

    private static ContractCase[] RegistrantValidations =>
    [
        Case("the registrant sends its document",
            i => Registrant(i.Given(AppRegistration, RegistrationState).WithRequest("POST", VerifikClient.DocumentValidationPath))
                .WithJsonBody(new { image = DocumentImage })
                .WillRespondWith(200)
                .WithResponseJsonBody(new { data = new { documentValidation = DocumentValidation(Match.Regex(ObjectId, ValidationId), RegistrationId, "ASSESSING") } }),
            async client => (await client.SendDocumentAsync(new { image = DocumentImage })).GetProperty("status").GetString().Should().Be("ASSESSING"),
            token: ExampleRegistrantToken),

        Case("the registrant sends a document without an image",
            i => Registrant(i.Given(AppRegistration, RegistrationState).WithRequest("POST", VerifikClient.DocumentValidationPath))
                .WithJsonBody(new { })
                .WillRespondWith(422)
                .WithResponseJsonBody(new { code = "MissingParameter", message = "Either image or backImage must be provided" }),
            async client => (await Refused(() => client.SendDocumentAsync(new { }))).Status.Should().Be(422),
            token: ExampleRegistrantToken),

        Case("the registrant sends a second document",
            i => Registrant(i.Given(AppRegistrationWithDocument, RegistrationState).WithRequest("POST", VerifikClient.DocumentValidationPath))
                .WithJsonBody(new { image = DocumentImage })
                .WillRespondWith(409)
                .WithResponseJsonBody(new { code = "already_exists", message = "409:already_exists" }),
            async client => (await Refused(() => client.SendDocumentAsync(new { image = DocumentImage }))).Should().Be((409, "409:already_exists")),
            token: ExampleRegistrantToken),

        Case("a document sent with the client's token, which names no registration",
            i => Authenticated(i.Given(Client).WithRequest("POST", VerifikClient.DocumentValidationPath))
                .WithJsonBody(new { image = DocumentImage })
                .WillRespondWith(404)
                .WithResponseJsonBody(new { code = "appRegistration_not_found", message = "404:appRegistration_not_found" }),
            async client => (await Refused(() => client.SendDocumentAsync(new { image = DocumentImage }))).Should().Be((404, "404:appRegistration_not_found"))),

        Case("the registrant sends a live selfie",
            i => Registrant(i.Given(AppRegistration, RegistrationState).WithRequest("POST", VerifikClient.BiometricValidationPath))
                .WithJsonBody(new { image = SelfieImage, os = "IOS" })
                .WillRespondWith(200)
                .WithResponseJsonBody(new
                {
                    data = Registration(RegistrationId, "ONGOING", "3", [("email", RegistrantEmail)],
                        references: [("biometricValidation", Match.Regex(ObjectId, ValidationId)), ("person", Match.Regex(ObjectId, ValidationId)), ("assignedCollection", Match.Regex(ObjectId, ValidationId))]),
                }),
            async client =>
            {
                var registration = await client.SendSelfieAsync(new { image = SelfieImage, os = "IOS" });
                registration.GetProperty("currentStep").GetString().Should().Be("3");
                registration.GetProperty("person").GetString().Should().MatchRegex(ObjectId);
            },
            token: ExampleRegistrantToken),

        Case("the registrant sends a selfie that fails liveness",
            i => Registrant(i.Given(AppRegistration, new { id = RegistrationId, biometricScenario = "BIOMETRIC_LIVENESS_FAILED" })
                    .WithRequest("POST", VerifikClient.BiometricValidationPath))
                .WithJsonBody(new { image = SelfieImage, os = "ANDROID" })
                .WillRespondWith(409)
                .WithResponseJsonBody(new { code = "liveness_failed", message = Match.Regex(@"^409:liveness_failed@0\.\d{1,2}$", "409:liveness_failed@0.32") }),
            async client => (await Refused(() => client.SendSelfieAsync(new { image = SelfieImage, os = "ANDROID" }))).Message.Should().StartWith("409:liveness_failed@"),
            token: ExampleRegistrantToken),
    ];

    private static ContractCase[] Webhooks =>
    [
        Case("a webhook is created for the project flow",
            i => Authenticated(i.Given(Client).WithRequest("POST", VerifikClient.WebhooksPath))
                .WithJsonBody(WebhookBody)
                .WillRespondWith(200)
                .WithResponseJsonBody(new { data = WebhookData(Match.Regex(ObjectId, WebhookId), WebhookName, isActive: true, description: "to the back office") }),
            async client => (await client.CreateWebhookAsync(WebhookBody)).GetProperty("notification").GetProperty("fail").GetBoolean().Should().BeTrue()),

        Case("a webhook without url",
            i => Authenticated(i.Given(Client).WithRequest("POST", VerifikClient.WebhooksPath))
                .WithJsonBody(new { name = WebhookName, isActive = true })
                .WillRespondWith(409)
                .WithResponseJsonBody(new { code = "MissingParameter", message = "missing url\n" }),
            async client => (await Refused(() => client.CreateWebhookAsync(new { name = WebhookName, isActive = true }))).Should().Be((409, "missing url\n"))),

        Case("the webhooks of the client are listed",
            i => Authenticated(i.Given(Webhook, new { id = WebhookId }).WithRequest("GET", VerifikClient.WebhooksPath))
                .WillRespondWith(200)
                .WithResponseJsonBody(new { data = new[] { WebhookData(WebhookId, WebhookName, isActive: true) }, total = 1, limit = 10, page = 1, pages = 1 }),
            async client => (await client.ListWebhooksAsync()).GetProperty("data")[0].GetProperty("_id").GetString().Should().Be(WebhookId)),

        Case("a webhook is retrieved",
            i => Authenticated(i.Given(Webhook, new { id = WebhookId }).WithRequest("GET", VerifikClient.WebhooksPath + "/" + WebhookId))
                .WillRespondWith(200)
                .WithResponseJsonBody(new { data = WebhookData(WebhookId, WebhookName, isActive: true) }),
            async client => (await client.RetrieveWebhookAsync(WebhookId)).GetProperty("url").GetString().Should().Be(WebhookUrl)),

        Case("a webhook is renamed and paused",
            i => Authenticated(i.Given(Webhook, new { id = WebhookId }).WithRequest("PUT", VerifikClient.WebhooksPath + "/" + WebhookId))
                .WithJsonBody(new { name = "paused events", isActive = false })
                .WillRespondWith(200)
                .WithResponseJsonBody(new { data = WebhookData(WebhookId, "paused events", isActive: false) }),
            async client => (await client.UpdateWebhookAsync(WebhookId, new { name = "paused events", isActive = false })).GetProperty("isActive").GetBoolean().Should().BeFalse()),

        Case("a webhook is deleted",
            i => Authenticated(i.Given(Webhook, new { id = WebhookId }).WithRequest("DELETE", VerifikClient.WebhooksPath + "/" + WebhookId))
                .WillRespondWith(200)
                .WithResponseJsonBody(new { data = WebhookData(WebhookId, WebhookName, isActive: true) }),
            async client => (await client.DeleteWebhookAsync(WebhookId)).GetProperty("_id").GetString().Should().Be(WebhookId)),

        Case("a webhook that does not exist",
            i => Authenticated(i.Given(Client).WithRequest("GET", VerifikClient.WebhooksPath + "/" + UnknownId))
                .WillRespondWith(404)
                .WithResponseJsonBody(new { code = "NotFound", message = "Record not found." }),
            async client => (await Refused(() => client.RetrieveWebhookAsync(UnknownId))).Should().Be((404, "Record not found."))),
    ];

    /// <summary>
    /// A registration as the pages and the webhooks print it: <c>_id, client, project, projectFlow, status</c>, the registrant's
    /// e-mail or phone, <c>currentStep, language, createdAt, updatedAt, informationValidation</c>, the validations' and the
    /// person's ids once there (<paramref name="references"/>), <c>__v</c>.
    /// </summary>
    internal static Dictionary<string, object?> Registration(object id, string status, string currentStep, (string Key, object? Value)[] contact,
        (string Key, object? Value)[]? references = null, string language = "en")
    {
        var registration = new Dictionary<string, object?>
        {
            ["_id"] = id,
            ["client"] = Match.Regex(ObjectId, ClientId),
            ["project"] = Project,
            ["projectFlow"] = ProjectFlow,
            ["status"] = status,
        };
        foreach (var (key, value) in contact)
        {
            registration[key] = value;
        }
        registration["currentStep"] = currentStep;
        registration["language"] = language;
        registration["createdAt"] = Match.Regex(Iso, ExampleIso);
        registration["updatedAt"] = Match.Regex(Iso, ExampleIso);
        registration["informationValidation"] = Match.Regex(ObjectId, ValidationId);
        foreach (var (key, value) in references ?? [])
        {
            registration[key] = value;
        }
        registration["__v"] = 0;
        return registration;
    }

    /// <summary>The registrant's document validation; the names match (100) once it is <c>VALIDATED</c>, not while it is <c>ASSESSING</c> (0).</summary>
    internal static Dictionary<string, object?> DocumentValidation(object id, object appRegistration, string status)
    {
        var validated = status == "VALIDATED";
        var match = validated ? 100 : 0;
        return new Dictionary<string, object?>
        {
            ["_id"] = id,
            ["appRegistration"] = appRegistration,
            ["client"] = Match.Regex(ObjectId, ClientId),
            ["project"] = Project,
            ["projectFlow"] = ProjectFlow,
            ["documentType"] = "CC",
            ["documentCategory"] = "ID",
            ["status"] = status,
            ["validationMethod"] = "OCR",
            ["inputMethod"] = "FILE_UPLOAD",
            ["imageValidated"] = validated,
            ["namesMatch"] = validated,
            ["fullNameMatchPercentage"] = match,
            ["firstNameMatchPercentage"] = match,
            ["lastNameMatchPercentage"] = match,
            ["type"] = "validation",
            ["createdAt"] = Match.Regex(Iso, ExampleIso),
            ["updatedAt"] = Match.Regex(Iso, ExampleIso),
            ["__v"] = 0,
        };
    }

    /// <summary>The registrant's selfie validation as the webhooks print it: <c>validated</c> with its liveness score over the 0.6 minimum.</summary>
    internal static Dictionary<string, object?> BiometricValidation(object appRegistration) => new()
    {
        ["_id"] = Match.Regex(ObjectId, ValidationId),
        ["appRegistration"] = appRegistration,
        ["client"] = Match.Regex(ObjectId, ClientId),
        ["status"] = "validated",
        ["os"] = Match.Regex("^(DESKTOP|IOS|ANDROID)$", "IOS"),
        ["livenessScore"] = Match.Decimal(0.95),
        ["minScore"] = 0.6,
        ["passed"] = true,
        ["createdAt"] = Match.Regex(Iso, ExampleIso),
        ["updatedAt"] = Match.Regex(Iso, ExampleIso),
        ["__v"] = 0,
    };

    internal static Dictionary<string, object?> ObjectIdLike(string example) => Match.Regex(ObjectId, example);

    private static object Information(string fullName, string firstName, string lastName) =>
        new { _id = Match.Regex(ObjectId, ValidationId), fullName, firstName, lastName };

    /// <summary>A webhook of <see cref="WebhookUrl"/> linked to <see cref="ProjectFlow"/>, its e-mail notices at their defaults (on failure only).</summary>
    private static Dictionary<string, object?> WebhookData(object id, string name, bool isActive, string? description = null)
    {
        var webhook = new Dictionary<string, object?>
        {
            ["_id"] = id,
            ["client"] = Match.Regex(ObjectId, ClientId),
            ["projectFlow"] = new[] { ProjectFlow },
            ["statistics"] = new { },
            ["isActive"] = isActive,
            ["name"] = name,
            ["url"] = WebhookUrl,
        };
        if (description is not null)
        {
            webhook["description"] = description;
        }
        webhook["notification"] = new { success = false, fail = true, _id = Match.Regex(ObjectId, ValidationId) };
        webhook["createdAt"] = Match.Regex(Iso, ExampleIso);
        webhook["updatedAt"] = Match.Regex(Iso, ExampleIso);
        webhook["__v"] = 0;
        return webhook;
    }

    /// <summary>A registration started by the client: <c>{data: {appRegistration, informationValidation, token}}</c>, the registrant's token a JWT.</summary>
    private static ContractCase Started(string name, object body, (string Key, object? Value)[] contact, object information, string language,
        Action<System.Text.Json.JsonElement> check) => Case(name,
        i => Authenticated(i.Given(Client).WithRequest("POST", VerifikClient.AppRegistrationsPath))
            .WithJsonBody(body)
            .WillRespondWith(200)
            .WithResponseJsonBody(new
            {
                data = new
                {
                    appRegistration = Registration(Match.Regex(ObjectId, RegistrationId), "STARTED", "1", contact, language: language),
                    informationValidation = information,
                    token = Match.Regex("^" + Jwt + "$", ExampleRegistrantToken),
                },
            }),
        async client =>
        {
            var data = await client.CreateAppRegistrationAsync(body);
            data.GetProperty("appRegistration").GetProperty("status").GetString().Should().Be("STARTED");
            data.GetProperty("token").GetString()!.Split('.').Should().HaveCount(3);
            check(data);
        });

    /// <summary>The create call's 409 of a missing registrant: <c>{message, code: "MissingParameter", status: 409}</c>.</summary>
    private static ContractCase RegistrationRefusal(string name, object body, string message) => Case(name,
        i => Authenticated(i.Given(Client).WithRequest("POST", VerifikClient.AppRegistrationsPath))
            .WithJsonBody(body)
            .WillRespondWith(409)
            .WithResponseJsonBody(new { message, code = "MissingParameter", status = 409 }),
        async client => (await Refused(() => client.CreateAppRegistrationAsync(body))).Should().Be((409, message)));

    /// <summary>The registrant's token the provider state issued, as <c>Authorization: Bearer</c>.</summary>
    private static InteractionBuilder Registrant(InteractionBuilder interaction) =>
        interaction.WithHeader("Authorization", Match.FromProviderState("Bearer ${registrantToken}", Match.Regex("^Bearer " + Jwt + "$", "Bearer " + ExampleRegistrantToken)));
}
