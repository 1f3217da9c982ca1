using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// The Smart Enroll part of Verifik's tour: webhooks (create, list, read, update, delete, their errors), app
/// registrations created, read and listed with every populate, and run to each end by every scenario of their
/// kinds (by header, queued outcome, image marker and forced on the job), with the registrant's document and selfie
/// and every documented error of the three pages. Each registration's events go to a webhook linked to its flow,
/// so the deliveries are validated too. It asserts only the status each step was meant to get.
/// </summary>
internal sealed class VerifikEnrollTour(SimulatorHarness sim)
{
    public const string Project = "6650aa00aa00aa00aa00aa01";
    public const string Flow = "6650aa00aa00aa00aa00aa02";

    /// <summary>The scenario kinds of Smart Enroll.</summary>
    public static readonly string[] Kinds = ["APP_REGISTRATION", "DOCUMENT_VALIDATION", "BIOMETRIC_VALIDATION"];

    private static readonly string[] Ends =
        ["APP_REGISTRATION_COMPLETED", "APP_REGISTRATION_FAILED", "APP_REGISTRATION_NEEDS_MANUAL_VERIFICATION", "APP_REGISTRATION_COMPLETED_WITHOUT_KYC"];

    private int _registrant;

    /// <param name="runs">Where each (scenario, kind) run is recorded.</param>
    public async Task RunAsync(Dictionary<(string Scenario, string Kind), string> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var created = await sim.Control.PostAsync("clients", new { email = "enroll@tour.example" });
        var client = new Caller(sim, created.GetProperty("token").GetString()!);
        var tenant = created.GetProperty("clientId").GetString()!;
        await WebhooksAsync(client);

        // Each end, chosen in turn at create (header), at create (queued), on the document call (header), by a marker
        // in the document, and forced on the job while the document is assessed.
        var turn = 0;
        foreach (var end in Ends)
        {
            foreach (var how in new[] { "header on create", "queued for create", "header on the document call", "marker in the document", "forced on the job" })
            {
                var kind = how.Contains("document", StringComparison.Ordinal) ? "DOCUMENT_VALIDATION" : "APP_REGISTRATION";
                if (how == "queued for create")
                {
                    await sim.Control.QueueOutcomeAsync(end, tenant);
                }
                var (id, token) = await CreateAsync(client, how == "header on create" ? end : null);
                var registrant = new Caller(sim, token);
                var image = Png(how == "marker in the document" ? end : null);
                Status(await registrant.SendAsync("POST", VerifikSchemaMap.DocumentValidation, new { image = B64(image) }, how == "header on the document call" ? end : null), 200);
                Status(await registrant.SendAsync("POST", VerifikSchemaMap.BiometricValidation, new { image = "data:image/png;base64," + B64(Png()), os = "IOS" }), 200);
                if (how == "forced on the job")
                {
                    await sim.Control.ForceOutcomeAsync(id, end);
                }
                await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(5), tenant);
                runs.TryAdd((end, how == "forced on the job" ? "APP_REGISTRATION" : kind), how);
                if (end == "APP_REGISTRATION_NEEDS_MANUAL_VERIFICATION" && turn++ == 0)
                {
                    await sim.Control.ForceOutcomeAsync(id, "APP_REGISTRATION_COMPLETED");
                    await sim.Control.AdvanceAsync(TimeSpan.Zero, tenant);
                }
            }
        }

        // Expiry: forced, and by the clock.
        var (expired, expiredToken) = await CreateAsync(client);
        await sim.Control.ForceOutcomeAsync(expired, "APP_REGISTRATION_EXPIRED");
        runs.TryAdd(("APP_REGISTRATION_EXPIRED", "APP_REGISTRATION"), "forced on the job");
        Status(await new Caller(sim, expiredToken).SendAsync("POST", VerifikSchemaMap.DocumentValidation, new { image = B64(Png()) }), 409);
        var (_, lateToken) = await CreateAsync(client);
        await sim.Control.AdvanceAsync(TimeSpan.FromHours(24), tenant);
        Status(await new Caller(sim, lateToken).SendAsync("POST", VerifikSchemaMap.BiometricValidation, new { image = B64(Png()), os = "IOS" }), 403);

        await RegistrationErrorsAsync(client, tenant, runs);
        await ReadsAsync(client);
    }

    private async Task WebhooksAsync(Caller client)
    {
        Status(await client.SendAsync("POST", VerifikSchemaMap.Webhooks,
            new { url = "https://client.example/verifik/events", name = "events", isActive = true, description = "every event", link = new[] { Flow },
                notification = new { email = "ops@client.example", success = true, fail = true } }), 200);
        var spare = Status(await client.SendAsync("POST", VerifikSchemaMap.Webhooks, new { url = "https://client.example/spare", name = "spare", isActive = false }), 200);
        var id = spare.Json.GetProperty("data").GetProperty("_id").GetString()!;
        Status(await client.SendAsync("GET", VerifikSchemaMap.Webhooks), 200);
        Status(await client.SendAsync("GET", VerifikSchemaMap.Webhooks + "?page=1&limit=1"), 200);
        Status(await client.SendAsync("GET", VerifikSchemaMap.Webhooks + "/" + id), 200);
        Status(await client.SendAsync("PUT", VerifikSchemaMap.Webhooks + "/" + id, new { name = "renamed", isActive = false, link = new[] { "6650aa00aa00aa00aa00aa09" } }), 200);
        Status(await client.SendAsync("DELETE", VerifikSchemaMap.Webhooks + "/" + id), 200);
        foreach (var method in new[] { "GET", "PUT", "DELETE" })
        {
            Status(await client.SendAsync(method, VerifikSchemaMap.Webhooks + "/" + id, method == "PUT" ? new { name = "x" } : null), 404);
        }
        Status(await client.SendAsync("POST", VerifikSchemaMap.Webhooks, new { }), 409);
        Status(await client.SendAsync("POST", VerifikSchemaMap.Webhooks, new { url = "ftp://client.example/x", name = "n", isActive = true }), 409);
        Status(await client.SendAsync("POST", VerifikSchemaMap.Webhooks, new { url = "https://client.example/x", name = "n", isActive = "yes" }), 409);
        Status(await client.SendAsync("POST", VerifikSchemaMap.Webhooks, "{\"url\":"), 400);
        Status(await client.SendAsync("GET", VerifikSchemaMap.Webhooks + "?limit=500"), 409);
        // Without a token and with one not the simulator's: the registration pages' own Access forbidden, 401 and 403.
        var hook = new { url = "https://client.example/x", name = "n", isActive = true };
        var registration = new { project = Project, projectFlow = Flow, email = "a@b.co" };
        foreach (var token in new[] { null, "not.a.token" })
        {
            var status = token is null ? 401 : 403;
            var stranger = new Caller(sim, token);
            Status(await stranger.SendAsync("GET", VerifikSchemaMap.Webhooks), status);
            Status(await stranger.SendAsync("POST", VerifikSchemaMap.Webhooks, hook), status);
            Status(await stranger.SendAsync("GET", VerifikSchemaMap.AppRegistrations), status);
            Status(await stranger.SendAsync("POST", VerifikSchemaMap.AppRegistrations, registration), status);
        }
        Status(await client.SendAsync("PATCH", VerifikSchemaMap.Webhooks + "/" + id, new { }), 405);
    }

    private async Task RegistrationErrorsAsync(Caller client, string tenant, Dictionary<(string, string), string> runs)
    {
        var reg = VerifikSchemaMap.AppRegistrations;
        Status(await client.SendAsync("POST", reg, new { project = Project, projectFlow = Flow }), 409);
        Status(await client.SendAsync("POST", reg, new { project = Project, projectFlow = Flow, phone = "3001234567" }), 409);
        Status(await client.SendAsync("POST", reg, new { email = "a@b.co" }), 409);
        Status(await client.SendAsync("POST", reg, new { project = Project, projectFlow = Flow, email = "not-an-email" }), 409);
        Status(await client.SendAsync("POST", reg, new { project = Project, projectFlow = Flow, email = Email() }, "EMAIL_DOMAIN_NOT_ALLOWED"), 409);
        runs.TryAdd(("EMAIL_DOMAIN_NOT_ALLOWED", "APP_REGISTRATION"), "header on create");
        Status(await client.SendAsync("POST", reg, "[1]"), 400);

        var (id, token) = await CreateAsync(client);
        var registrant = new Caller(sim, token);
        Status(await client.SendAsync("POST", VerifikSchemaMap.DocumentValidation, new { image = B64(Png()) }), 404);
        Status(await registrant.SendAsync("POST", VerifikSchemaMap.DocumentValidation, new { }), 422);
        Status(await registrant.SendAsync("POST", VerifikSchemaMap.DocumentValidation, new { image = "aGVsbG8=" }), 412);
        Status(await registrant.SendAsync("POST", VerifikSchemaMap.DocumentValidation, new { image = B64(Png()) }, "DOCUMENT_SETTINGS_NOT_SET"), 404);
        runs.TryAdd(("DOCUMENT_SETTINGS_NOT_SET", "DOCUMENT_VALIDATION"), "header on the document call");
        Status(await registrant.SendAsync("POST", VerifikSchemaMap.DocumentValidation, new { backImage = B64(Png()) }), 200);
        Status(await registrant.SendAsync("POST", VerifikSchemaMap.DocumentValidation, new { image = B64(Png()) }), 409);
        Status(await registrant.SendAsync("POST", VerifikSchemaMap.DocumentValidation, new { image = B64(Png()), backImage = B64(Png()), force = true }), 200);
        Status(await registrant.SendAsync("POST", VerifikSchemaMap.DocumentValidation, "{\"image\":"), 400);

        Status(await registrant.SendAsync("POST", VerifikSchemaMap.BiometricValidation, new { }), 409);
        Status(await registrant.SendAsync("POST", VerifikSchemaMap.BiometricValidation, new { image = B64(Png()), os = "WINDOWS" }), 409);
        Status(await registrant.SendAsync("POST", VerifikSchemaMap.BiometricValidation, new { image = B64(Png()), os = "IOS" }, "COLLECTION_NOT_SET"), 409);
        runs.TryAdd(("COLLECTION_NOT_SET", "BIOMETRIC_VALIDATION"), "header on the biometric call");
        Status(await registrant.SendAsync("POST", VerifikSchemaMap.BiometricValidation, new { image = B64(Png()), os = "IOS" }, "BIOMETRIC_LIVENESS_FAILED"), 409);
        runs.TryAdd(("BIOMETRIC_LIVENESS_FAILED", "BIOMETRIC_VALIDATION"), "header on the biometric call");
        await sim.Control.QueueOutcomeAsync("BIOMETRIC_LIVE", tenant);
        Status(await registrant.SendAsync("POST", VerifikSchemaMap.BiometricValidation, new { image = B64(Png()), os = "ANDROID" }), 200);
        runs.TryAdd(("BIOMETRIC_LIVE", "BIOMETRIC_VALIDATION"), "queued for the biometric call");
        Status(await registrant.SendAsync("POST", VerifikSchemaMap.BiometricValidation, new { image = B64(Png()), os = "DESKTOP" }), 409);
        Status(await registrant.SendAsync("POST", VerifikSchemaMap.BiometricValidation, new { image = B64(Png("BIOMETRIC_LIVENESS_FAILED")), os = "DESKTOP", force = true }), 409);
        Status(await registrant.SendAsync("POST", VerifikSchemaMap.BiometricValidation, new { image = B64(Png()), os = "DESKTOP", force = true }), 200);
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(5), tenant);
        Status(await client.SendAsync("GET", reg + "/" + id), 200);
    }

    private async Task ReadsAsync(Caller client)
    {
        var reg = VerifikSchemaMap.AppRegistrations;
        var (id, token) = await CreateAsync(client, body: new { project = Project, projectFlow = Flow, phone = "3001234567", countryCode = "+57", firstName = "Juan", lastName = "Rojas", language = "es" });
        var registrant = new Caller(sim, token);
        Status(await registrant.SendAsync("POST", VerifikSchemaMap.DocumentValidation, new { image = B64(Png()) }), 200);
        Status(await registrant.SendAsync("POST", VerifikSchemaMap.BiometricValidation, new { image = B64(Png()), os = "IOS" }), 200);
        var all = "populates[]=" + string.Join("&populates[]=", "project", "projectFlow", "emailValidation", "phoneValidation", "biometricValidation", "documentValidation",
            "informationValidation", "person", "face", "documentFace", "compareFaceVerification", "cryptoValidation", "formSubmittion", "signature", "accessControlLog");
        Status(await client.SendAsync("GET", $"{reg}/{id}"), 200);
        Status(await client.SendAsync("GET", $"{reg}/{id}?{all}"), 200);
        Status(await registrant.SendAsync("GET", reg + "/me"), 200);
        Status(await registrant.SendAsync("GET", reg + "?populates[]=documentValidation"), 200);
        Status(await client.SendAsync("GET", reg + "/me"), 404);
        Status(await client.SendAsync("GET", reg + "/6650aa00aa00aa00aa00aa0f"), 404);
        Status(await client.SendAsync("GET", $"{reg}/{id}?populates[]=everything"), 409);
        Status(await client.SendAsync("GET", reg), 200);
        Status(await client.SendAsync("GET", $"{reg}?page=2&limit=3&{all}"), 200);
        Status(await client.SendAsync("GET", $"{reg}?where_status=COMPLETED&where_project={Project}&where_projectFlow={Flow}"), 200);
        Status(await client.SendAsync("GET", reg + "?in_status[]=STARTED&in_status[]=ONGOING&in_status[]=EXPIRED"), 200);
        Status(await client.SendAsync("GET", reg + "?limit=0"), 409);
        Status(await client.SendAsync("GET", reg + "?where_status=DONE"), 409);
        Status(await client.SendAsync("GET", reg + "?page=0"), 409);
        Status(await client.SendAsync("DELETE", $"{reg}/{id}"), 405);
    }

    private async Task<(string Id, string Token)> CreateAsync(Caller client, string? scenario = null, object? body = null)
    {
        var reply = Status(await client.SendAsync("POST", VerifikSchemaMap.AppRegistrations,
            body ?? new { project = Project, projectFlow = Flow, email = Email(), fullName = "Ana Maria Perez" }, scenario), 200);
        var data = reply.Json.GetProperty("data");
        return (data.GetProperty("appRegistration").GetProperty("_id").GetString()!, data.GetProperty("token").GetString()!);
    }

    private string Email() => $"registrant{++_registrant}@tour.example";

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes);

    private static byte[] Png(string? marker = null) =>
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. RandomNumberGenerator.GetBytes(96), .. Encoding.ASCII.GetBytes(marker is null ? "" : " SIMULATOR:" + marker + " ")];

    private static Reply Status(Reply reply, int status)
    {
        reply.Status.Should().Be(status, "the body was {0}", reply.Text);
        return reply;
    }

    /// <summary>A token (a client's or a registrant's, or none) and its calls.</summary>
    private sealed class Caller(SimulatorHarness sim, string? token)
    {
        private readonly HttpClient _http = sim.CreateClient();

        public async Task<Reply> SendAsync(string method, string path, object? body = null, string? scenario = null)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
            if (body is not null)
            {
                request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
            }
            if (token is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            }
            if (scenario is not null)
            {
                request.Headers.TryAddWithoutValidation("X-Simulator-Scenario", scenario);
            }
            using var response = await _http.SendAsync(request);
            return new Reply((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.MediaType);
        }
    }
}
