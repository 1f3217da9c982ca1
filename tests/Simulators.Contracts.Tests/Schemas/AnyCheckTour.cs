using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>An answer, read whole.</summary>
internal sealed record Reply(int Status, byte[] Bytes, string? MediaType)
{
    public string Text => Encoding.UTF8.GetString(Bytes);

    public JsonElement Json
    {
        get
        {
            using var doc = JsonDocument.Parse(Bytes);
            return doc.RootElement.Clone();
        }
    }

    public string? ErrorCode => Status >= 400 && Json.TryGetProperty("error_code", out var code) ? code.GetString() : null;

    public string Get(string property) => Json.GetProperty(property).GetString()!;
}

/// <summary>
/// Drives one AnyCheck simulator through every endpoint, every documented error kind and every
/// scenario of its catalogue, so that the request journal afterwards holds one example (at least)
/// of each (method, route, status) the simulator can answer. It asserts only what it needs to know
/// that a step did what it was meant to (the status, the error code); the bodies are left to the schemas.
/// </summary>
internal sealed class AnyCheckTour(SimulatorHarness sim)
{
    public const string KtpServiceId = "3fc8b757-57d3-4607-998c-9bfbc4efa6cf";
    public const string HookUrl = "https://client.example/hooks/anycheck";
    public const string HookSecret = "s3cr3t-at-least-32-characters-long!!";
    public const string RateLimitPerMinute = "200";

    /// <summary>A well-formed id that names nothing.</summary>
    private const string Absent = "7b3e9d10-4a2f-4f0e-b1c3-55e2d0a9f311";

    private static readonly string[] VerificationTypes = ["KTP_SELFIE", "KTP_PEP"];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Pages /Count 2 >>\n2 0 obj << /Type /Page >>\n3 0 obj << /Type /Page >>\n%%EOF");
    private static readonly byte[] LockedPdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Page >>\ntrailer << /Encrypt 5 0 R >>\n%%EOF");

    /// <summary>Each (scenario, verification type) the catalogue lists, with what happened: the final status or the refusal code.</summary>
    public Dictionary<(string Scenario, string Type), string> ScenarioRuns { get; } = [];

    /// <summary>Every (scenario, verification type) pair GET /__simulator/scenarios asked for.</summary>
    public HashSet<(string Scenario, string Type)> ScenarioCatalogue { get; } = [];

    public async Task RunAsync()
    {
        await AuthAsync();
        await UploadsServicesFoldersAsync();
        await VerificationsAsync();
        await ScenariosAsync();
        await UnauthorizedEverywhereAsync();
        await RoutingAsync();
        await FaultsAsync();
        await RateLimitAsync();
        // Whatever a review or a force made due is announced before anyone reads the webhooks.
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(1));
    }

    private async Task AuthAsync()
    {
        var anonymous = sim.Client;
        Expect(await SendAsync(anonymous, "GET", "/auth/methods"), 200);

        var login = Expect(await SendAsync(anonymous, "POST", "/auth/login", JsonOf(new { email = "sandbox@example.com", password = "sandbox" })), 200);
        Expect(await SendAsync(anonymous, "POST", "/auth/login", JsonOf(new { email = "sandbox@example.com", password = "wrong" })), 401, "INVALID_CREDENTIALS");
        Expect(await SendAsync(anonymous, "POST", "/auth/login", JsonOf(new { email = "stranger@example.com", password = "not-the-default" })), 401, "INVALID_CREDENTIALS");
        foreach (var bad in new[] { "{}", """{"email":"not-an-email","password":"x"}""", """{"email":"sandbox@example.com"}""", """{"email":42,"password":"x"}""", "{not json", "[1,2]" })
        {
            Expect(await SendAsync(anonymous, "POST", "/auth/login", JsonText(bad)), 400, "INVALID_REQUEST");
        }

        var access = login.Get("access_token");
        var refresh = login.Get("refresh_token");
        var rotated = Expect(await SendAsync(anonymous, "POST", "/auth/refresh", JsonOf(new { refresh_token = refresh })), 200);
        Expect(await SendAsync(anonymous, "POST", "/auth/refresh", JsonOf(new { refresh_token = refresh })), 401, "INVALID_TOKEN");
        Expect(await SendAsync(anonymous, "POST", "/auth/refresh", JsonOf(new { refresh_token = access })), 401, "INVALID_TOKEN");
        Expect(await SendAsync(anonymous, "POST", "/auth/refresh", JsonText("{}")), 400, "INVALID_REQUEST");
        Expect(await SendAsync(anonymous, "POST", "/auth/refresh", JsonText("""{"refresh_token":5}""")), 400, "INVALID_REQUEST");

        // A refresh token past its 30 days, on its own tenant's clock.
        var old = Expect(await SendAsync(anonymous, "POST", "/auth/login", JsonOf(new { email = "refresh-expiry@example.com", password = "sandbox" })), 200);
        await sim.Control.AdvanceAsync(TimeSpan.FromDays(30), "refresh-expiry@example.com");
        Expect(await SendAsync(anonymous, "POST", "/auth/refresh", JsonOf(new { refresh_token = old.Get("refresh_token") })), 401, "TOKEN_EXPIRED");

        var jwt = rotated.Get("access_token");
        Expect(await SendAsync(anonymous, "GET", "/profile", null, ("Authorization", "Bearer " + jwt)), 200);
        Expect(await SendAsync(anonymous, "GET", "/profile", null, ("X-API-Key", "ak_test_sandbox")), 200);
        Expect(await SendAsync(anonymous, "GET", "/profile", null, ("Authorization", "Bearer ak_test_schema_bearer")), 200);
        Expect(await SendAsync(anonymous, "GET", "/profile", null, ("Authorization", "Bearer " + rotated.Get("refresh_token"))), 401, "INVALID_TOKEN");
        var tampered = jwt[..^2] + (jwt[^2] == 'A' ? "B" : "A") + jwt[^1];
        Expect(await SendAsync(anonymous, "GET", "/profile", null, ("Authorization", "Bearer " + tampered)), 401, "INVALID_TOKEN");
        Expect(await SendAsync(anonymous, "GET", "/profile", null, ("Authorization", "Basic c2FuZGJveDpzYW5kYm94")), 401, "UNAUTHORIZED");
        SandboxJwt = jwt;
    }

    /// <summary>An access token of the default account (tenant <c>sandbox</c>).</summary>
    private string SandboxJwt { get; set; } = "";

    private async Task UploadsServicesFoldersAsync()
    {
        using var client = sim.CreateClient(("X-API-Key", "ak_test_schema_files"));
        using var stranger = sim.CreateClient(("X-API-Key", "ak_test_schema_stranger"));

        var images = Expect(await SendAsync(client, "POST", "/uploads", Form("VERIFICATION_INPUT_FILE", ("ktp.jpg", Jpeg), ("selfie.png", Png))), 201);
        var documents = Expect(await SendAsync(client, "POST", "/uploads", Form("VERIFICATION_INPUT_FILE", ("statement.pdf", Pdf))), 201);
        using (var locked = Form("VERIFICATION_INPUT_FILE", ("locked.pdf", LockedPdf)))
        {
            locked.Add(new StringContent("hunter2"), "file_passwords[0]");
            Expect(await SendAsync(client, "POST", "/uploads", locked), 201);
        }
        using (var repeated = Form("VERIFICATION_INPUT_FILE", ("photo.jpg", Jpeg), ("locked.pdf", LockedPdf)))
        {
            repeated.Add(new StringContent(""), "file_passwords");
            repeated.Add(new StringContent("hunter2"), "file_passwords");
            Expect(await SendAsync(client, "POST", "/uploads", repeated), 201);
        }
        Expect(await SendAsync(client, "POST", "/uploads", Form("PROFILE_PICTURE", ("me.jpg", Jpeg))), 201);

        Expect(await SendAsync(client, "POST", "/uploads", Form("SELFIE", ("ktp.jpg", Jpeg))), 400, "INVALID_VALUE");
        Expect(await SendAsync(client, "POST", "/uploads", Form(null, ("ktp.jpg", Jpeg))), 400, "INVALID_REQUEST");
        Expect(await SendAsync(client, "POST", "/uploads", Form("VERIFICATION_INPUT_FILE")), 400, "INVALID_REQUEST");
        Expect(await SendAsync(client, "POST", "/uploads", Form("VERIFICATION_INPUT_FILE", ("notes.jpg", Encoding.ASCII.GetBytes("just text")))), 400, "INVALID_REQUEST");
        Expect(await SendAsync(client, "POST", "/uploads", Form("VERIFICATION_INPUT_FILE", ("ok.jpg", Jpeg), ("empty.jpg", []))), 400, "INVALID_REQUEST");
        Expect(await SendAsync(client, "POST", "/uploads", Form("VERIFICATION_INPUT_FILE", ("locked.pdf", LockedPdf))), 400, "INVALID_REQUEST");
        Expect(await SendAsync(client, "POST", "/uploads", Form("VERIFICATION_INPUT_FILE", [.. Enumerable.Range(0, 21).Select(i => ($"f{i}.jpg", Jpeg))])), 400, "INVALID_REQUEST");
        Expect(await SendAsync(client, "POST", "/uploads", Form("VERIFICATION_INPUT_FILE", ("huge.jpg", [.. Jpeg, .. new byte[10 * 1024 * 1024]]))), 400, "INVALID_REQUEST");
        Expect(await SendAsync(client, "POST", "/uploads", JsonText("{}")), 400, "INVALID_REQUEST");

        foreach (var file in images.Json.GetProperty("files").EnumerateArray().Concat(documents.Json.GetProperty("files").EnumerateArray()))
        {
            Expect(await SendAsync(client, "GET", file.GetProperty("url").GetString()!), 200);
        }
        Expect(await SendAsync(stranger, "GET", images.Json.GetProperty("files")[0].GetProperty("url").GetString()!), 404, "NOT_FOUND");
        Expect(await SendAsync(client, "GET", $"/files/{Absent}"), 404, "NOT_FOUND");
        Expect(await SendAsync(client, "GET", "/files/xyz"), 400, "INVALID_ID");

        Expect(await SendAsync(client, "GET", "/services"), 200);
        Expect(await SendAsync(client, "GET", $"/services/{KtpServiceId}"), 200);
        Expect(await SendAsync(client, "GET", $"/services/{Absent}"), 404, "NOT_FOUND");
        Expect(await SendAsync(client, "GET", "/services/abc"), 400, "INVALID_ID");

        var folder = Expect(await SendAsync(client, "POST", "/folders", JsonOf(new { name = "Onboarding" })), 201).Get("id");
        Expect(await SendAsync(client, "POST", "/folders", JsonOf(new { name = "Archive", description = "from the legacy guide" })), 201);
        Expect(await SendAsync(client, "POST", "/folders", JsonOf(new { name = "onboarding" })), 400, "ALREADY_EXISTS");
        Expect(await SendAsync(client, "POST", "/folders", JsonText("{}")), 400, "INVALID_REQUEST");
        Expect(await SendAsync(client, "POST", "/folders", JsonOf(new { name = "   " })), 400, "INVALID_REQUEST");
        Expect(await SendAsync(client, "POST", "/folders", JsonOf(new { name = new string('x', 256) })), 400, "INVALID_REQUEST");
        Expect(await SendAsync(client, "POST", "/folders", JsonText("""{"name":7}""")), 400, "INVALID_REQUEST");
        Expect(await SendAsync(client, "POST", "/folders", JsonText("{")), 400, "INVALID_REQUEST");

        Expect(await SendAsync(client, "GET", $"/folders/{folder}"), 200);
        Expect(await SendAsync(client, "GET", $"/folders/{Absent}"), 404, "NOT_FOUND");
        Expect(await SendAsync(client, "GET", "/folders/not-a-uuid"), 400, "INVALID_ID");

        var group = Expect(await SendAsync(client, "GET", "/profile"), 200).Json.GetProperty("group").GetProperty("id").GetString();
        Expect(await SendAsync(client, "GET", $"/groups/{group}/folders"), 200);
        Expect(await SendAsync(client, "GET", $"/groups/{group}/folders?page_size=1&page_offset=1"), 200);
        Expect(await SendAsync(client, "GET", $"/groups/{group}/folders?search=ONB"), 200);
        Expect(await SendAsync(client, "GET", $"/groups/{Absent}/folders"), 404, "NOT_FOUND");
        Expect(await SendAsync(client, "GET", "/groups/abc/folders"), 400, "INVALID_ID");
        Expect(await SendAsync(client, "GET", $"/groups/{group}/folders?page_size=101"), 400, "INVALID_REQUEST");
        Expect(await SendAsync(client, "GET", $"/groups/{group}/folders?page_offset=-1"), 400, "INVALID_REQUEST");

        // A folder of another group whose id the tenant knows (seeded by the control API).
        var foreign = await sim.Control.PostAsync("foreign-folders", new { tenant = "ak_test_schema_files", group = "Risk Team" });
        Expect(await SendAsync(client, "GET", $"/folders/{foreign.GetProperty("folderId").GetString()}"), 403, "FORBIDDEN");
        Expect(await SendAsync(client, "GET", $"/groups/{foreign.GetProperty("groupId").GetString()}/folders"), 403, "FORBIDDEN");
    }

    private async Task VerificationsAsync()
    {
        using var main = sim.CreateClient(("X-API-Key", "ak_test_schema_main"));
        using var jwt = sim.CreateClient(("Authorization", "Bearer " + SandboxJwt));
        var m = await KitAsync(main, "Main");
        var j = await KitAsync(jwt, "Sandbox");
        var result = Guid.NewGuid().ToString();

        // Created at t0: one to follow, one to cancel while queued, one to cancel while running, two sharing a result_id (JWT caller).
        var v1 = Expect(await CreateAsync(main, Request(m, "KTP_SELFIE", hook: true, secret: true)), 201).Get("id");
        var v2 = Expect(await CreateAsync(main, Request(m, "KTP_SELFIE")), 201).Get("id");
        var v3 = Expect(await CreateAsync(jwt, Request(j, "KTP_PEP", fraud: true, result: result, hook: true)), 201).Get("id");
        var v4 = Expect(await CreateAsync(jwt, Request(j, "KTP_SELFIE", result: result, hook: true, secret: true), "KTP_UNREADABLE"), 201).Get("id");
        var v5 = Expect(await CreateAsync(main, Request(m, "KTP_PEP", hook: true)), 201).Get("id");
        Expect(await CreateAsync(main, Request(m, "KTP_PEP", ktp: "/" + m.Ktp)), 201);
        Status(Expect(await SendAsync(main, "GET", $"/verifications/{v1}"), 200)).Should().Be("IN_QUEUE");

        Status(Expect(await SendAsync(main, "POST", $"/verifications/{v2}/cancel"), 200)).Should().Be("CANCELLED");
        Status(Expect(await SendAsync(main, "GET", $"/verifications/{v2}"), 200)).Should().Be("CANCELLED");
        Expect(await SendAsync(main, "POST", $"/verifications/{v2}/cancel"), 400, "INVALID_REQUEST");
        Expect(await SendAsync(main, "POST", $"/verifications/{v1}/retry?force=true"), 400, "INVALID_REQUEST");
        Expect(await SendAsync(main, "PUT", $"/verifications/{v1}", JsonOf(new { verification_status = "COMPLETED" })), 400, "INVALID_REQUEST");
        Expect(await SendAsync(jwt, "GET", $"/verifications?result_id={result}"), 200);

        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(1));
        Status(Expect(await SendAsync(main, "GET", $"/verifications/{v1}"), 200)).Should().Be("IN_PROGRESS");
        Status(Expect(await SendAsync(main, "POST", $"/verifications/{v5}/cancel"), 200)).Should().Be("CANCELLED");
        Expect(await SendAsync(jwt, "GET", $"/verifications?result_id={result}"), 200);

        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(2));
        var completed = Expect(await SendAsync(main, "GET", $"/verifications/{v1}"), 200);
        Status(completed).Should().Be("COMPLETED");
        Status(Expect(await SendAsync(jwt, "GET", $"/verifications/{v3}"), 200)).Should().Be("COMPLETED");
        Status(Expect(await SendAsync(jwt, "GET", $"/verifications/{v4}"), 200)).Should().Be("FAILED");
        Expect(await SendAsync(main, "GET", completed.Get("output_file_url")), 200);
        Expect(await SendAsync(main, "POST", $"/verifications/{v1}/cancel"), 400, "INVALID_REQUEST");

        // Listing by result_id.
        Expect(await SendAsync(jwt, "GET", $"/verifications?result_id={result}"), 200);
        Expect(await SendAsync(jwt, "GET", $"/verifications?result_id={result}&page_size=1&page_offset=1"), 200);
        Expect(await SendAsync(jwt, "GET", $"/verifications?result_id={Guid.NewGuid()}"), 200);
        Expect(await SendAsync(jwt, "GET", "/verifications"), 400, "INVALID_REQUEST");
        Expect(await SendAsync(jwt, "GET", "/verifications?result_id=not-a-uuid"), 400, "INVALID_ID");
        Expect(await SendAsync(jwt, "GET", $"/verifications?result_id={result}&page_size=101"), 400, "INVALID_REQUEST");
        Expect(await SendAsync(jwt, "GET", $"/verifications?result_id={result}&page_size=ten"), 400, "INVALID_REQUEST");
        Expect(await SendAsync(jwt, "GET", $"/verifications?result_id={result}&page_offset=-1"), 400, "INVALID_REQUEST");

        // Retry: a failed one (again, then with another scenario), a completed one (only with force, in the query or the body).
        Status(Expect(await SendAsync(jwt, "POST", $"/verifications/{v4}/retry"), 200)).Should().Be("IN_QUEUE");
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        Status(Expect(await SendAsync(jwt, "GET", $"/verifications/{v4}"), 200)).Should().Be("FAILED");
        Expect(await SendAsync(jwt, "POST", $"/verifications/{v4}/retry", JsonOf(new { force = false }), ("X-Simulator-Scenario", "QUOTA_EXCEEDED")), 403, "QUOTA_EXCEEDED");
        Expect(await SendAsync(jwt, "POST", $"/verifications/{v4}/retry", null, ("X-Simulator-Scenario", "FACE_MATCH_LOW")), 200);
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        Status(Expect(await SendAsync(jwt, "GET", $"/verifications/{v4}"), 200)).Should().Be("COMPLETED");
        Expect(await SendAsync(jwt, "POST", $"/verifications/{v4}/retry?force=true", null, ("X-Simulator-Scenario", "INSUFFICIENT_BALANCE")), 403, "INSUFFICIENT_BALANCE");
        Expect(await SendAsync(jwt, "POST", $"/verifications/{v4}/retry?force=true", null, ("X-Simulator-Scenario", "PEP_HIT")), 400, "INVALID_REQUEST");

        Expect(await SendAsync(main, "POST", $"/verifications/{v1}/retry"), 400, "INVALID_REQUEST");
        Expect(await SendAsync(main, "POST", $"/verifications/{v1}/retry?force=false"), 400, "INVALID_REQUEST");
        Expect(await SendAsync(main, "POST", $"/verifications/{v1}/retry?force=maybe"), 400, "INVALID_REQUEST");
        Expect(await SendAsync(main, "POST", $"/verifications/{v1}/retry", JsonOf(new { force = false })), 400, "INVALID_REQUEST");
        Expect(await SendAsync(main, "POST", $"/verifications/{v1}/retry", JsonText("""{"force":null}""")), 400, "INVALID_REQUEST");
        Expect(await SendAsync(main, "POST", $"/verifications/{v1}/retry", JsonText("""{"force":"yes"}""")), 400, "INVALID_REQUEST");
        Expect(await SendAsync(main, "POST", $"/verifications/{v1}/retry", JsonText("{")), 400, "INVALID_REQUEST");
        Expect(await SendAsync(main, "POST", $"/verifications/{v1}/retry?force=true"), 200);
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        Expect(await SendAsync(main, "POST", $"/verifications/{v1}/retry", JsonOf(new { force = true })), 200);
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        Expect(await SendAsync(main, "POST", $"/verifications/{Absent}/retry"), 404, "NOT_FOUND");
        Expect(await SendAsync(main, "POST", "/verifications/xyz/retry"), 400, "INVALID_ID");

        // Review through every settled status (each one announced by a webhook), then with output and configuration.
        foreach (var status in new[] { "NEED_REVIEW", "PARTIALLY_COMPLETED", "PARTIALLY_FAILED", "FRAUD_DETECTED", "FAILED", "CANCELLED" })
        {
            Status(Expect(await SendAsync(main, "PUT", $"/verifications/{v1}", JsonOf(new { verification_status = status })), 200)).Should().Be(status);
            await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(1));
            if (status == "NEED_REVIEW")
            {
                Status(Expect(await SendAsync(main, "GET", $"/verifications/{v1}"), 200)).Should().Be("NEED_REVIEW");
            }
        }
        var output = new Dictionary<string, object> { ["face_match_confidence_level"] = "MEDIUM", ["face_match_confidence_score"] = 6.5, ["is_match_face"] = true, ["reviewer_note"] = "checked by hand" };
        var configuration = new Dictionary<string, object> { ["verification_type"] = "KTP_SELFIE", ["fraud_detection"] = false, ["files"] = new Dictionary<string, string[]> { ["ktp_file"] = [m.Ktp], ["selfie_file"] = [m.Selfie] } };
        Expect(await SendAsync(main, "PUT", $"/verifications/{v1}", JsonOf(new { verification_status = "COMPLETED", output, configuration })), 200);
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(1));
        Expect(await SendAsync(main, "PUT", $"/verifications/{v1}", JsonOf(new { output })), 200);
        Expect(await SendAsync(main, "PUT", $"/verifications/{v1}", JsonOf(new { configuration })), 200);
        Expect(await SendAsync(jwt, "PUT", $"/verifications/{v3}", JsonOf(new { verification_status = "NEED_REVIEW" })), 200);
        Expect(await SendAsync(main, "PUT", $"/verifications/{v1}", JsonOf(new { verification_status = "DONE" })), 400, "INVALID_VALUE");
        Expect(await SendAsync(main, "PUT", $"/verifications/{v1}", JsonOf(new { verification_status = "IN_PROGRESS" })), 400, "INVALID_VALUE");
        Expect(await SendAsync(main, "PUT", $"/verifications/{v1}", JsonText("{}")), 400, "INVALID_REQUEST");
        Expect(await SendAsync(main, "PUT", $"/verifications/{v1}", JsonText("""{"output":"text"}""")), 400, "INVALID_REQUEST");
        Expect(await SendAsync(main, "PUT", $"/verifications/{v1}", JsonText("nope")), 400, "INVALID_REQUEST");
        Expect(await SendAsync(main, "PUT", $"/verifications/{Absent}", JsonOf(new { verification_status = "COMPLETED" })), 404, "NOT_FOUND");
        Expect(await SendAsync(main, "PUT", "/verifications/xyz", JsonOf(new { verification_status = "COMPLETED" })), 400, "INVALID_ID");

        Expect(await SendAsync(main, "GET", $"/verifications/{Absent}"), 404, "NOT_FOUND");
        Expect(await SendAsync(main, "GET", "/verifications/not-a-uuid"), 400, "INVALID_ID");
        Expect(await SendAsync(main, "POST", $"/verifications/{Absent}/cancel"), 404, "NOT_FOUND");
        Expect(await SendAsync(main, "POST", "/verifications/123/cancel"), 400, "INVALID_ID");

        await CreateRefusalsAsync(main, m);
    }

    /// <summary>Every way POST /verifications says no.</summary>
    private async Task CreateRefusalsAsync(HttpClient main, Kit m)
    {
        var folder = m.Folder;
        var files = $$"""{"ktp_file":["{{m.Ktp}}"]}""";
        string Body(string configuration, string extra = "") =>
            $$"""{"service_id":"{{KtpServiceId}}","folder_id":"{{folder}}","configuration":{{configuration}}{{extra}}}""";
        var pep = $$"""{"verification_type":"KTP_PEP","files":{{files}}}""";

        var invalid = new[]
        {
            "{",
            "[1]",
            $$"""{"folder_id":"{{folder}}","configuration":{{pep}}}""",
            $$"""{"service_id":123,"folder_id":"{{folder}}","configuration":{{pep}}}""",
            $$"""{"service_id":"abc","folder_id":"{{folder}}","configuration":{{pep}}}""",
            $$"""{"service_id":"{{KtpServiceId}}","configuration":{{pep}}}""",
            $$"""{"service_id":"{{KtpServiceId}}","folder_id":"{{folder}}"}""",
            Body("[]"),
            Body($$"""{"files":{{files}}}"""),
            Body($$"""{"verification_type":"KTP_PEP","fraud_detection":"yes","files":{{files}}}"""),
            Body("""{"verification_type":"KTP_PEP"}"""),
            Body("""{"verification_type":"KTP_PEP","files":{"ktp_file":[]}}"""),
            Body("""{"verification_type":"KTP_PEP","files":{"ktp_file":[5]}}"""),
            Body("""{"verification_type":"KTP_PEP","files":{"ktp_file":["uploads/nothing.jpg"]}}"""),
            Body($$"""{"verification_type":"KTP_SELFIE","files":{{files}}}"""),
            Body(pep, ""","result_id":"xyz" """),
            Body(pep, ""","webhook_url":"not a url" """),
            Body(pep, ""","webhook_url":"ftp://client.example/hook" """),
            Body(pep, ""","webhook_metadata":"text" """),
            Body(pep, ""","webhook_metadata":{"webhook_secret":42}"""),
        };
        foreach (var json in invalid)
        {
            Expect(await SendAsync(main, "POST", "/verifications", JsonText(json)), 400, "INVALID_REQUEST");
        }
        Expect(await SendAsync(main, "POST", "/verifications", JsonText(Body($$"""{"verification_type":"PASSPORT","files":{{files}}}"""))), 400, "INVALID_VALUE");
        Expect(await CreateAsync(main, Request(m, "KTP_PEP") with { ServiceId = Absent }), 404, "NOT_FOUND");
        Expect(await CreateAsync(main, Request(m, "KTP_PEP") with { FolderId = Absent }), 404, "NOT_FOUND");
        var foreign = (await sim.Control.PostAsync("foreign-folders", new { tenant = "ak_test_schema_main" })).GetProperty("folderId").GetString()!;
        Expect(await CreateAsync(main, Request(m, "KTP_PEP") with { FolderId = foreign }), 403, "FORBIDDEN");
        Expect(await CreateAsync(main, Request(m, "KTP_PEP"), "FRAUD_DETECTED"), 400, "INVALID_REQUEST");
        Expect(await CreateAsync(main, Request(m, "KTP_SELFIE"), "NO_SUCH_SCENARIO"), 400, "INVALID_REQUEST");
        Expect(await CreateAsync(main, Request(m, "KTP_SELFIE"), "PEP_HIT"), 400, "INVALID_REQUEST");
        Expect(await CreateAsync(main, Request(m, "KTP_SELFIE"), "INSUFFICIENT_BALANCE"), 403, "INSUFFICIENT_BALANCE");
        Expect(await CreateAsync(main, Request(m, "KTP_PEP"), "QUOTA_EXCEEDED"), 403, "QUOTA_EXCEEDED");

        // A tenant whose balance is below the service's cost.
        using var poor = sim.CreateClient(("X-API-Key", "ak_test_schema_poor"));
        var p = await KitAsync(poor, "Poor");
        await sim.Control.PostAsync("balance", new { credits = 5, tenant = "ak_test_schema_poor" });
        Expect(await CreateAsync(poor, Request(p, "KTP_PEP")), 403, "INSUFFICIENT_BALANCE");
    }

    /// <summary>Every scenario of the catalogue, for each verification type it applies to, chosen in each of the three ways in turn, with webhooks signed and unsigned.</summary>
    private async Task ScenariosAsync()
    {
        const string tenant = "ak_test_schema_scenarios";
        using var client = sim.CreateClient(("X-API-Key", tenant));
        var folder = Expect(await SendAsync(client, "POST", "/folders", JsonOf(new { name = "Scenarios" })), 201).Get("id");
        var selfie = (await UploadAsync(client, ("selfie.jpg", JpegWith("selfie"))))[0];
        var catalogue = await sim.Control.GetScenariosAsync();
        var running = new List<(string Id, string Scenario, string Type)>();
        var turn = 0;
        foreach (var item in catalogue.GetProperty("items").EnumerateArray())
        {
            var name = item.GetProperty("name").GetString()!;
            var applies = item.GetProperty("appliesTo").EnumerateArray().Select(a => a.GetString()!).ToList();
            foreach (var type in applies.Count == 0 ? VerificationTypes : applies.ToArray())
            {
                ScenarioCatalogue.Add((name, type));
                var how = turn % 3;
                var signed = turn % 2 == 0;
                turn++;
                var ktp = (await UploadAsync(client, ("ktp.jpg", JpegWith($"ktp {turn} " + (how == 2 ? $"SIMULATOR:{name} " : "")))))[0];
                if (how == 1)
                {
                    await sim.Control.QueueOutcomeAsync(name, tenant);
                }
                var kit = new Kit(client, folder, ktp, selfie);
                var reply = await CreateAsync(client, Request(kit, type, fraud: name == "FRAUD_DETECTED", hook: true, secret: signed), how == 0 ? name : null);
                if (how == 1)
                {
                    (await sim.Control.GetAsync("outcomes?tenant=" + tenant)).GetProperty("queued").GetArrayLength().Should().Be(0, "the queued {0} was taken", name);
                }
                if (reply.Status >= 400)
                {
                    reply.ErrorCode.Should().Be(name, "a refusal scenario answers with its own code");
                    ScenarioRuns[(name, type)] = "refused " + reply.ErrorCode;
                    continue;
                }
                running.Add((Expect(reply, 201).Get("id"), name, type));
            }
        }

        // The lifecycle checkpoints of the normal and the slow plans: +1 s, +3 s, +30 s, +120 s.
        foreach (var step in new[] { 1, 2, 27, 90 })
        {
            await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(step));
            foreach (var (id, _, _) in running)
            {
                Expect(await SendAsync(client, "GET", $"/verifications/{id}"), 200);
            }
        }
        var drafts = new List<string>();
        foreach (var (id, name, type) in running)
        {
            var status = Status(Expect(await SendAsync(client, "GET", $"/verifications/{id}"), 200));
            if (StatusScenarios.Contains(name))
            {
                status.Should().Be(name, "{0} on {1} ends in its own status", name, type);
            }
            else
            {
                status.Should().BeOneOf(["COMPLETED", "FAILED"], "{0} on {1} has had 120 s", name, type);
            }
            if (status == "DRAFT")
            {
                drafts.Add(id);
            }
            ScenarioRuns[(name, type)] = status;
        }

        // A draft goes on when it is submitted; only a draft can be.
        foreach (var id in drafts)
        {
            Status(Expect(await SendAsync(client, "POST", $"/verifications/{id}/submit"), 200)).Should().Be("IN_QUEUE");
            Expect(await SendAsync(client, "POST", $"/verifications/{id}/submit"), 400, "INVALID_REQUEST");
        }
        Expect(await SendAsync(client, "POST", $"/verifications/{Absent}/submit"), 404, "NOT_FOUND");
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        foreach (var id in drafts)
        {
            Status(Expect(await SendAsync(client, "GET", $"/verifications/{id}"), 200)).Should().Be("COMPLETED");
        }

        // Forced outcomes: on a queued verification, then on a finished one.
        var forced = Expect(await CreateAsync(client, Request(new Kit(client, folder, (await UploadAsync(client, ("ktp.jpg", JpegWith("forced"))))[0], selfie), "KTP_SELFIE", hook: true, secret: true)), 201).Get("id");
        await sim.Control.ForceOutcomeAsync(forced, "FACE_MATCH_LOW");
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        Expect(await SendAsync(client, "GET", $"/verifications/{forced}"), 200).Json.GetProperty("output").GetProperty("face_match_confidence_level").GetString().Should().Be("LOW");
        await sim.Control.ForceOutcomeAsync(forced, "KTP_UNREADABLE");
        Status(Expect(await SendAsync(client, "GET", $"/verifications/{forced}"), 200)).Should().Be("FAILED");
    }

    /// <summary>Scenarios that end in a status of their own name (the others end COMPLETED or FAILED, or refuse the call).</summary>
    private static readonly HashSet<string> StatusScenarios = new(["NEED_REVIEW", "FRAUD_DETECTED", "PARTIALLY_COMPLETED", "PARTIALLY_FAILED", "DRAFT"], StringComparer.Ordinal);

    /// <summary>Fault rules answer AnyCheck's own 408, 429 and 500 on a call that otherwise succeeds.</summary>
    private async Task FaultsAsync()
    {
        using var client = sim.CreateClient(("X-API-Key", "ak_test_schema_faults"));
        var kit = await KitAsync(client, "Faults");
        var id = Expect(await CreateAsync(client, Request(kit, "KTP_SELFIE")), 201).Get("id");
        foreach (var (status, code) in new[] { (408, "REQUEST_TIMEOUT"), (429, "RATE_LIMITED"), (500, "INTERNAL_SERVER_ERROR") })
        {
            await sim.Control.PostAsync("faults", new { method = "GET", path = "/verifications/*", status, count = 1, tenant = "ak_test_schema_faults" });
            Expect(await SendAsync(client, "GET", $"/verifications/{id}"), status, code);
        }
        Expect(await SendAsync(client, "GET", $"/verifications/{id}"), 200);
    }

    /// <summary>Every authenticated endpoint with every credential mistake AnyCheck documents.</summary>
    private async Task UnauthorizedEverywhereAsync()
    {
        var anonymous = sim.Client;
        var login = Expect(await SendAsync(anonymous, "POST", "/auth/login", JsonOf(new { email = "jwt-expiry@example.com", password = "sandbox" })), 200);
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3600), "jwt-expiry@example.com");
        var credentials = new (string Code, (string, string)[] Headers)[]
        {
            ("UNAUTHORIZED", []),
            ("INVALID_TOKEN", [("Authorization", "Bearer not-a.jwt")]),
            ("TOKEN_EXPIRED", [("Authorization", "Bearer " + login.Get("access_token"))]),
            ("INVALID_API_KEY", [("X-API-Key", "live_key_nobody_issued")]),
            ("API_KEY_EXPIRED", [("X-API-Key", "ak_expired_schema")]),
        };
        var endpoints = new (string Method, string Path, Func<HttpContent?> Body)[]
        {
            ("GET", "/profile", () => null),
            ("POST", "/uploads", () => Form("VERIFICATION_INPUT_FILE", ("ktp.jpg", Jpeg))),
            ("GET", $"/files/{Absent}", () => null),
            ("GET", "/services", () => null),
            ("GET", $"/services/{KtpServiceId}", () => null),
            ("POST", "/folders", () => JsonOf(new { name = "Never created" })),
            ("GET", $"/folders/{Absent}", () => null),
            ("GET", $"/groups/{Absent}/folders", () => null),
            ("POST", "/verifications", () => JsonOf(Request(new Kit(anonymous, Absent, "uploads/ktp.jpg", "uploads/selfie.jpg"), "KTP_SELFIE").ToJson())),
            ("GET", $"/verifications?result_id={Absent}", () => null),
            ("GET", $"/verifications/{Absent}", () => null),
            ("PUT", $"/verifications/{Absent}", () => JsonOf(new { verification_status = "COMPLETED" })),
            ("POST", $"/verifications/{Absent}/retry", () => null),
            ("POST", $"/verifications/{Absent}/cancel", () => null),
            ("POST", $"/verifications/{Absent}/submit", () => null),
        };
        foreach (var (code, headers) in credentials)
        {
            foreach (var (method, path, body) in endpoints)
            {
                Expect(await SendAsync(anonymous, method, path, body(), headers), 401, code);
            }
        }
    }

    private async Task RoutingAsync()
    {
        using var client = sim.CreateClient(("X-API-Key", "ak_test_schema_files"));
        Expect(await SendAsync(client, "GET", "/no/such/endpoint"), 404, "NOT_FOUND");
        Expect(await SendAsync(client, "POST", "/v1/verifications", JsonText("{}")), 404, "NOT_FOUND");
        Expect(await SendAsync(client, "DELETE", $"/verifications/{Absent}"), 405, "INVALID_REQUEST");
        Expect(await SendAsync(client, "GET", "/auth/login"), 405, "INVALID_REQUEST");
        Expect(await SendAsync(client, "PATCH", $"/folders/{Absent}", JsonText("{}")), 405, "INVALID_REQUEST");
    }

    /// <summary>The harness runs with a per-minute limit; one tenant goes over it.</summary>
    private async Task RateLimitAsync()
    {
        using var client = sim.CreateClient(("X-API-Key", "ak_test_schema_rate"));
        var limit = int.Parse(RateLimitPerMinute, System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < limit; i++)
        {
            Expect(await SendAsync(client, "GET", "/services"), 200);
        }
        Expect(await SendAsync(client, "GET", "/services"), 429, "RATE_LIMITED");
    }

    /// <summary>A finished KTP_SELFIE verification exactly as GET /verifications/{id} returns it (for tests that tamper with a real body).</summary>
    public static async Task<string> CompletedVerificationJsonAsync(SimulatorHarness sim)
    {
        using var client = sim.CreateClient(("X-API-Key", "ak_test_schema_sample"));
        var kit = await KitAsync(client, "Sample");
        var id = Expect(await CreateAsync(client, Request(kit, "KTP_SELFIE", hook: true, secret: true)), 201).Get("id");
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        return Expect(await SendAsync(client, "GET", $"/verifications/{id}"), 200).Text;
    }

    private sealed record Kit(HttpClient Client, string Folder, string Ktp, string Selfie);

    /// <summary>A create body; nulls are left out.</summary>
    private sealed record CreateBody(string ServiceId, string FolderId, Dictionary<string, object> Configuration, string? ResultId, string? WebhookUrl, Dictionary<string, object>? WebhookMetadata)
    {
        public Dictionary<string, object> ToJson()
        {
            var body = new Dictionary<string, object> { ["service_id"] = ServiceId, ["folder_id"] = FolderId, ["configuration"] = Configuration };
            if (ResultId is not null)
            {
                body["result_id"] = ResultId;
            }
            if (WebhookUrl is not null)
            {
                body["webhook_url"] = WebhookUrl;
            }
            if (WebhookMetadata is not null)
            {
                body["webhook_metadata"] = WebhookMetadata;
            }
            return body;
        }
    }

    private static async Task<Kit> KitAsync(HttpClient client, string folderName)
    {
        var paths = await UploadAsync(client, ("ktp.jpg", JpegWith("ktp " + folderName)), ("selfie.jpg", JpegWith("selfie " + folderName)));
        var folder = Expect(await SendAsync(client, "POST", "/folders", JsonOf(new { name = folderName })), 201).Get("id");
        return new Kit(client, folder, paths[0], paths[1]);
    }

    private static CreateBody Request(Kit kit, string type, bool fraud = false, string? result = null, bool hook = false, bool secret = false, string? ktp = null)
    {
        var files = new Dictionary<string, string[]> { ["ktp_file"] = [ktp ?? kit.Ktp] };
        if (type == "KTP_SELFIE")
        {
            files["selfie_file"] = [kit.Selfie];
        }
        var configuration = new Dictionary<string, object> { ["verification_type"] = type, ["fraud_detection"] = fraud, ["files"] = files };
        var metadata = hook
            ? secret
                ? new Dictionary<string, object> { ["webhook_secret"] = HookSecret, ["order_ref"] = "A-17" }
                : new Dictionary<string, object> { ["order_ref"] = "A-17" }
            : null;
        return new CreateBody(KtpServiceId, kit.Folder, configuration, result, hook ? HookUrl : null, metadata);
    }

    private static Task<Reply> CreateAsync(HttpClient client, CreateBody body, string? scenario = null) =>
        scenario is null
            ? SendAsync(client, "POST", "/verifications", JsonOf(body.ToJson()))
            : SendAsync(client, "POST", "/verifications", JsonOf(body.ToJson()), ("X-Simulator-Scenario", scenario));

    private static async Task<IReadOnlyList<string>> UploadAsync(HttpClient client, params (string Name, byte[] Bytes)[] files)
    {
        var reply = Expect(await SendAsync(client, "POST", "/uploads", Form("VERIFICATION_INPUT_FILE", files)), 201);
        return [.. reply.Json.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!)];
    }

    private static byte[] JpegWith(string text) => [.. Jpeg, .. Encoding.ASCII.GetBytes(" " + text + " " + Guid.NewGuid().ToString("N"))];

    private static MultipartFormDataContent Form(string? category, params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        if (category is not null)
        {
            form.Add(new StringContent(category), "file_category");
        }
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".pdf", StringComparison.Ordinal) ? "application/pdf" : name.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg");
            form.Add(part, "files", name);
        }
        return form;
    }

    private static StringContent JsonText(string json) => new(json, Encoding.UTF8, "application/json");

    private static StringContent JsonOf(object value) => JsonText(JsonSerializer.Serialize(value));

    private static string Status(Reply reply) => reply.Get("status");

    private static Reply Expect(Reply reply, int status, string? code = null)
    {
        reply.Status.Should().Be(status, "the body was {0}", reply.MediaType?.Contains("json", StringComparison.Ordinal) == true ? reply.Text : reply.MediaType);
        if (code is not null)
        {
            reply.ErrorCode.Should().Be(code, "the body was {0}", reply.Text);
        }
        return reply;
    }

    private static async Task<Reply> SendAsync(HttpClient client, string method, string path, HttpContent? content = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, path.StartsWith('/') ? UriKind.Relative : UriKind.Absolute)) { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await client.SendAsync(request);
        return new Reply((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.MediaType);
    }
}
