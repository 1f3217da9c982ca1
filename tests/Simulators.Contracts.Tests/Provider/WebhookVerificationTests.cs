using System.Net.Http.Json;
using System.Text.Json;
using Simulators.Contracts.Tests.Client;
using Simulators.Contracts.Tests.Consumer;
using Simulators.Testing;

namespace Simulators.Contracts.Tests.Provider;

/// <summary>
/// The webhook and callback message contracts against what the simulators really send: every
/// delivery is captured from the simulator and replayed to the official Pact verifier through a
/// loopback message-provider endpoint; the verifier checks bodies and headers (signature, Basic auth).
/// </summary>
public sealed class WebhookVerificationTests
{
    private const string FolderId = "5d0e3f1e-2d7a-4c1b-9e55-7d1f2a9c8e01";
    private const string WebhookUrl = "http://127.0.0.1:9/anycheck-webhooks";

    [Fact]
    public async Task AnyCheckWebhooks_RealDeliveries_PassPactVerifier()
    {
        var deliveries = await AnyCheckDeliveriesAsync();

        foreach (var delivery in deliveries.Values)
        {
            var timestamp = delivery.Headers[AnyCheckWebhookHandler.TimestampHeader];
            delivery.Headers[AnyCheckWebhookHandler.SignatureHeader].Should().Be(AnyCheckWebhookHandler.Sign(WebhookContract.AnyCheckSecret, timestamp, delivery.Body));
        }
        var (exitCode, output) = await MessageProvider.VerifyAsync("anycheck", WebhookContract.CommittedPath("anycheck"), deliveries);

        exitCode.Should().Be(0, "the Pact verifier reported:\n{0}", output);
        output.Should().NotContain("(FAILED)").And.Contain(WebhookContract.AnyCheckDescription("FRAUD_DETECTED"));
    }

    [Fact]
    public async Task AnyCheckWebhooks_FieldRenamed_FailPactVerifier()
    {
        var deliveries = (await AnyCheckDeliveriesAsync()).ToDictionary(d => d.Key, d => MessageProvider.Renamed(d.Value, "verification_id", "verificationId"));

        var (exitCode, output) = await MessageProvider.VerifyAsync("anycheck", WebhookContract.CommittedPath("anycheck"), deliveries);

        exitCode.Should().NotBe(0);
        output.Should().Contain("missing the following keys: verification_id");
    }

    [Fact]
    public async Task VerihubsCallbacks_RealDeliveries_PassPactVerifier()
    {
        var deliveries = await VerihubsDeliveriesAsync();

        var (exitCode, output) = await MessageProvider.VerifyAsync("verihubs", WebhookContract.CommittedPath("verihubs"), deliveries);

        exitCode.Should().Be(0, "the Pact verifier reported:\n{0}", output);
        output.Should().NotContain("(FAILED)").And.Contain("a KTP callback of a finished extraction");
    }

    [Fact]
    public async Task VerihubsCallbacks_FieldRenamed_FailPactVerifier()
    {
        var deliveries = (await VerihubsDeliveriesAsync()).ToDictionary(d => d.Key, d => MessageProvider.Renamed(d.Value, "error_code", "errorCode"));

        var (exitCode, output) = await MessageProvider.VerifyAsync("verihubs", WebhookContract.CommittedPath("verihubs"), deliveries);

        exitCode.Should().NotBe(0);
        output.Should().Contain("missing the following keys: error_code");
    }

    [Fact]
    public async Task AdvanceAiNotices_RealDeliveries_PassPactVerifier()
    {
        var deliveries = await AdvanceAiDeliveriesAsync();

        foreach (var type in WebhookContract.AdvanceAiNoticeTypes)
        {
            var signed = deliveries[WebhookContract.AdvanceAiWebhookDescription(type)];
            signed.Headers[AdvanceAiNoticeHandler.SignatureHeader].Should().Be(AdvanceAiNoticeHandler.Sign(WebhookContract.AdvanceAiSecret,
                signed.Headers[AdvanceAiNoticeHandler.TimestampHeader], signed.Headers[AdvanceAiNoticeHandler.NonceHeader], signed.Body));
            deliveries[WebhookContract.AdvanceAiCallbackDescription(type)].Headers.Keys.Should().NotContain(AdvanceAiNoticeHandler.SignatureHeader);
        }
        var (exitCode, output) = await MessageProvider.VerifyAsync(AdvanceAiContract.Provider, WebhookContract.CommittedPath(AdvanceAiContract.Provider), deliveries);

        exitCode.Should().Be(0, "the Pact verifier reported:\n{0}", output);
        output.Should().NotContain("(FAILED)").And.Contain(WebhookContract.AdvanceAiWebhookDescription("COMPLETED"));
    }

    [Fact]
    public async Task AdvanceAiNotices_FieldRenamed_FailPactVerifier()
    {
        var deliveries = (await AdvanceAiDeliveriesAsync()).ToDictionary(d => d.Key, d => MessageProvider.Renamed(d.Value, "signatureId", "signature_id"));

        var (exitCode, output) = await MessageProvider.VerifyAsync(AdvanceAiContract.Provider, WebhookContract.CommittedPath(AdvanceAiContract.Provider), deliveries);

        exitCode.Should().NotBe(0);
        output.Should().Contain("missing the following keys: signatureId");
    }

    [Fact]
    public async Task VerifikWebhooks_RealDeliveries_PassPactVerifier()
    {
        var deliveries = await VerifikDeliveriesAsync();

        deliveries.Values.Should().OnlyContain(d => d.Url.AbsoluteUri == VerifikContract.WebhookUrl && !d.Headers.ContainsKey("X-Verifik-Signature"));
        var (exitCode, output) = await MessageProvider.VerifyAsync(VerifikContract.Provider, WebhookContract.CommittedPath(VerifikContract.Provider), deliveries);

        exitCode.Should().Be(0, "the Pact verifier reported:\n{0}", output);
        output.Should().NotContain("(FAILED)").And.Contain(WebhookContract.VerifikDescription("onboarding_app_registration_failed"));
    }

    [Fact]
    public async Task VerifikWebhooks_FieldRenamed_FailPactVerifier()
    {
        var deliveries = (await VerifikDeliveriesAsync()).ToDictionary(d => d.Key, d => MessageProvider.Renamed(d.Value, "appRegistration", "registration"));

        var (exitCode, output) = await MessageProvider.VerifyAsync(VerifikContract.Provider, WebhookContract.CommittedPath(VerifikContract.Provider), deliveries);

        exitCode.Should().NotBe(0);
        output.Should().Contain("missing the following keys: appRegistration");
    }

    /// <summary>
    /// The events of two Smart Enroll runs as the simulator sends them, to the webhook the provider state links to the
    /// flow: a registration started over HTTP, the registrant's document and live selfie with its own token, the client's
    /// clock moved past the document's assessment (COMPLETED); then the same with the run failing (APP_REGISTRATION_FAILED).
    /// </summary>
    private static async Task<Dictionary<string, ReceivedWebhook>> VerifikDeliveriesAsync()
    {
        await using var simulator = await SimulatorHarness.StartVerifikAsync();
        var state = await simulator.Control.PostAsync("provider-states", new { state = VerifikContract.Webhook, @params = new { id = VerifikContract.WebhookId }, action = "setup" });
        var clientId = state.GetProperty("clientId").GetString()!;
        using var api = simulator.CreateClient(("Authorization", "Bearer " + state.GetProperty("token").GetString()));

        async Task<string> RunAsync(string? scenario)
        {
            using var create = new HttpRequestMessage(HttpMethod.Post, VerifikClient.AppRegistrationsPath)
            {
                Content = JsonContent.Create(new { project = VerifikContract.Project, projectFlow = VerifikContract.ProjectFlow, email = VerifikContract.RegistrantEmail, fullName = VerifikContract.RegistrantName }),
            };
            if (scenario is not null)
            {
                create.Headers.Add("X-Simulator-Scenario", scenario);
            }
            using var created = await SucceededAsync(await api.SendAsync(create));
            var data = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
            // Each event's object is the registration as its step finds it: the client's due work runs after each call, as on a live clock.
            await simulator.Control.AdvanceAsync(TimeSpan.Zero, clientId);
            using var registrant = simulator.CreateClient(("Authorization", "Bearer " + data.GetProperty("token").GetString()));
            (await SucceededAsync(await registrant.PostAsJsonAsync(VerifikClient.DocumentValidationPath, new { image = VerifikContract.DocumentImage }))).Dispose();
            await simulator.Control.AdvanceAsync(TimeSpan.Zero, clientId);
            (await SucceededAsync(await registrant.PostAsJsonAsync(VerifikClient.BiometricValidationPath, new { image = VerifikContract.SelfieImage, os = "IOS" }))).Dispose();
            await simulator.Control.AdvanceAsync(TimeSpan.FromSeconds(5), clientId);
            return data.GetProperty("appRegistration").GetProperty("_id").GetString()!;
        }

        var completed = await RunAsync(scenario: null);
        var failed = await RunAsync("APP_REGISTRATION_FAILED");

        var deliveries = new Dictionary<string, ReceivedWebhook>();
        foreach (var delivery in simulator.Webhooks.Received)
        {
            var type = JsonDocument.Parse(delivery.Body).RootElement.GetProperty("type").GetString()!;
            if (delivery.BodyText.Contains(completed, StringComparison.Ordinal) || type.EndsWith("_failed", StringComparison.Ordinal))
            {
                deliveries.Add(WebhookContract.VerifikDescription(type), delivery);
            }
        }
        deliveries.Keys.Should().BeEquivalentTo(WebhookContract.VerifikEvents.Select(e => WebhookContract.VerifikDescription(e.Type)));
        simulator.Webhooks.Received.Where(d => d.BodyText.Contains(failed, StringComparison.Ordinal)).Should().HaveCount(5, "the failed run announces its steps too");
        return deliveries;
    }

    /// <summary>
    /// Each notice of a hosted journey as the simulator sends it: generate-url over HTTP (with a callbackUrl,
    /// then without one on an account with a signed webhook), the user's submit by the headless journey
    /// control call (SUBMIT_COMPLETED), and the account's clock moved past the processing time (COMPLETED).
    /// </summary>
    private static async Task<Dictionary<string, ReceivedWebhook>> AdvanceAiDeliveriesAsync()
    {
        const string callbackUrl = "https://merchant.example/advance-ai/callback";
        const string webhookUrl = "https://merchant.example/advance-ai/webhook";
        await using var simulator = await SimulatorHarness.StartAdvanceAiAsync();
        var account = await simulator.Control.PostAsync("provider-states", new { state = AdvanceAiContract.Account, action = "setup" });
        var accessKey = account.GetProperty("accessKey").GetString()!;
        using var api = simulator.CreateClient(("X-ACCESS-TOKEN", account.GetProperty("token").GetString()!));

        async Task JourneyAsync(string? callback)
        {
            var body = new Dictionary<string, object>
            {
                ["returnUrl"] = "https://merchant.example/kyc/done", ["failReturnUrl"] = "https://merchant.example/kyc/failed",
                ["bizId"] = "notice-contract", ["userId"] = "user-contract", ["region"] = "PHL",
            };
            if (callback is not null)
            {
                body["callbackUrl"] = callback;
            }
            using var response = await SucceededAsync(await api.PostAsJsonAsync(AdvanceAiClient.Prefix + "generate-ekyc-verification-url", body));
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            answer.GetProperty("code").GetString().Should().Be("SUCCESS", answer.GetRawText());
            var signatureId = answer.GetProperty("data").GetProperty("signatureId").GetString()!;
            await simulator.Control.PostAsync($"journeys/{signatureId}", new { action = "submit", scenario = "PASS" });
            await simulator.Control.AdvanceAsync(TimeSpan.FromSeconds(10), accessKey);
        }

        await JourneyAsync(callbackUrl);
        await simulator.Control.PostAsync($"accounts/{accessKey}/webhook", new { url = webhookUrl, secretKey = WebhookContract.AdvanceAiSecret, algorithm = "HmacSHA256" });
        await JourneyAsync(null);

        var received = simulator.Webhooks.Received;
        received.Should().HaveCount(4);
        var deliveries = new Dictionary<string, ReceivedWebhook>();
        foreach (var delivery in received)
        {
            var type = JsonDocument.Parse(delivery.Body).RootElement.GetProperty("type").GetString()!;
            var description = delivery.Url.AbsoluteUri == webhookUrl ? WebhookContract.AdvanceAiWebhookDescription(type) : WebhookContract.AdvanceAiCallbackDescription(type);
            deliveries.Add(description, delivery);
        }
        return deliveries;
    }

    /// <summary>
    /// One delivery per announced status, each by the simulator's own asynchronous path: the lifecycle
    /// (IN_PROGRESS, COMPLETED), the scenario of each other outcome, and a cancel while in progress.
    /// </summary>
    private static async Task<Dictionary<string, ReceivedWebhook>> AnyCheckDeliveriesAsync()
    {
        await using var simulator = await SimulatorHarness.StartAnyCheckAsync();
        await simulator.Control.PostAsync("provider-states", new
        {
            state = "a folder with an uploaded KTP and selfie exists",
            @params = new { folderId = FolderId, ktpPath = "uploads/contract_ktp.jpg", selfiePath = "uploads/contract_selfie.jpg" },
            action = "setup",
        });
        using var api = simulator.CreateClient(("X-API-Key", AnyCheckContract.ApiKey));

        await CreateAsync(api, scenario: null);
        await CreateAsync(api, "KTP_UNREADABLE");
        foreach (var status in new[] { "NEED_REVIEW", "FRAUD_DETECTED", "PARTIALLY_COMPLETED", "PARTIALLY_FAILED" })
        {
            await CreateAsync(api, status);
        }
        var cancelled = await CreateAsync(api, scenario: null);
        await simulator.Control.AdvanceAsync(TimeSpan.FromSeconds(1), AnyCheckContract.ApiKey);
        await SucceededAsync(await api.PostAsync($"/verifications/{cancelled}/cancel", null));
        await simulator.Control.AdvanceAsync(TimeSpan.FromSeconds(4), AnyCheckContract.ApiKey);

        var byStatus = simulator.Webhooks.Received
            .GroupBy(d => JsonDocument.Parse(d.Body).RootElement.GetProperty("status").GetString()!)
            .ToDictionary(g => g.Key, g => g.First());
        byStatus.Keys.Should().BeEquivalentTo(WebhookContract.AnnouncedStatuses);
        return byStatus.ToDictionary(d => WebhookContract.AnyCheckDescription(d.Key), d => d.Value);
    }

    private static async Task<string> CreateAsync(HttpClient api, string? scenario)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/verifications")
        {
            Content = JsonContent.Create(new
            {
                service_id = "3fc8b757-57d3-4607-998c-9bfbc4efa6cf",
                folder_id = FolderId,
                configuration = new { verification_type = "KTP_SELFIE", fraud_detection = scenario == "FRAUD_DETECTED", files = new { ktp_file = new[] { "uploads/contract_ktp.jpg" }, selfie_file = new[] { "uploads/contract_selfie.jpg" } } },
                webhook_url = WebhookUrl,
                webhook_metadata = new { webhook_secret = WebhookContract.AnyCheckSecret, order_ref = "A-17" },
            }),
        };
        if (scenario is not null)
        {
            request.Headers.Add("X-Simulator-Scenario", scenario);
        }
        using var response = await SucceededAsync(await api.SendAsync(request));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<HttpResponseMessage> SucceededAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return response;
    }

    /// <summary>One callback per result the message pact describes, each from an async KTP job with a callback_url.</summary>
    private static async Task<Dictionary<string, ReceivedWebhook>> VerihubsDeliveriesAsync()
    {
        await using var simulator = await SimulatorHarness.StartVerihubsAsync();
        using var api = simulator.CreateClient(("App-ID", "sandbox-app-id"), ("API-Key", "sandbox-api-key"));
        var submits = new (string ReferenceId, string? Scenario, string Description)[]
        {
            ("ktp-callback-001", null, "a KTP callback of a finished extraction"),
            ("ktp-callback-002", "KTP_BLUR", "a KTP callback of an extraction that failed on quality"),
            ("ktp-callback-003", "KTP_NOT_DETECTED", "a KTP callback of an image that is not a KTP"),
        };
        foreach (var (referenceId, scenario, _) in submits)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/ktp/id/extract-async")
            {
                Content = JsonContent.Create(new { image = "KTP", reference_id = referenceId, validate_quality = true, callback_url = "http://127.0.0.1:9/verihubs-callbacks" }),
            };
            if (scenario is not null)
            {
                request.Headers.Add("X-Simulator-Scenario", scenario);
            }
            (await SucceededAsync(await api.SendAsync(request))).Dispose();
        }
        await simulator.Control.AdvanceAsync(TimeSpan.FromSeconds(5), "sandbox-app-id");

        var received = simulator.Webhooks.Received;
        received.Should().HaveCount(submits.Length);
        return submits.ToDictionary(
            s => s.Description,
            s => received.Single(d => d.BodyText.Contains(s.ReferenceId, StringComparison.Ordinal) || (s.Scenario == "KTP_NOT_DETECTED" && d.BodyText.Contains("KTP_NOT_DETECTED", StringComparison.Ordinal))));
    }
}
