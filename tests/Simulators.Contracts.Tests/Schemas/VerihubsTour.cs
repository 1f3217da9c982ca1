using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// Drives one Verihubs simulator through every endpoint, every documented error code, every sandbox
/// magic code family and every scenario of its catalogue, with callbacks that succeed and callbacks
/// that fail, so that the request journal afterwards holds an example (at least) of each
/// (method, route, status, shape) the simulator can answer. It asserts only what it needs to know that
/// a step did what it was meant to (the status, the error code); the bodies are left to the schemas.
/// </summary>
internal sealed class VerihubsTour(SimulatorHarness sim) : IDisposable
{
    public const string ApiKey = "sandbox-api-key";
    public const string CallbackUser = "sandbox-callback-user";
    public const string CallbackPassword = "sandbox-callback-password";
    public const string OkHooks = "https://client.example/verihubs/ok/";
    public const string FailingHooks = "https://client.example/verihubs/fail/";
    public const string MutedHooks = "https://client.example/verihubs/muted/";

    /// <summary>Seconds an image URL may take before _TIMEOUT (the harness sets it low: a listener that never answers).</summary>
    public const string ImageFetchTimeoutSeconds = "0.3";

    private static readonly string[] Kinds = ["KTP", "KTP_RESULT", "FACE_COMPARE", "FACE_LIVENESS", "FACE_ENROLL", "FACE_VERIFY", "FACE_SEARCH", "FACE_DELETE", "ID_VERIFICATION", "CERTIFICATE_ELECTRONIC"];

    /// <summary>Kinds whose calls carry no image, so no SIMULATOR: marker, and (the result call) take no queued outcome.</summary>
    private static readonly string[] HeaderOnlyKinds = ["KTP_RESULT", "FACE_DELETE", "ID_VERIFICATION"];
    private static readonly string[] KtpImageCodes = ["KTP", "KTP_B", "KTP_D", "KTP_BD", "KTP_BF", "KTP_F", "KTP_G", "KTP_FG", "KTP_BG", "KTP_DG"];
    private static readonly string[] QualitySuffixes = ["B", "D", "BD", "F", "G", "FG", "DG", "BF", "BG"];
    private static readonly string[] FaceCodes =
    [
        "LIVE_PERSON_A_1", "LIVE_PERSON_M_A_1", "LIVE_PERSON_V_A_1", "LIVE_PERSON_S_A_1", "LIVE_PERSON_MV_A_1", "LIVE_PERSON_MS_A_1",
        "LIVE_PERSON_VS_A_1", "LIVE_PERSON_MVS_A_1", "LIVE_PERSON_BLUR_A_1", "LIVE_PERSON_DARK_A_1", "LIVE_PERSON_BLURDARK_A_1",
        "LIVE_PERSON_BLUR_MS_A_1", "LIVE_PERSON_DARK_MVS_A_3", "LIVE_PERSON_A_2", "LIVE_PERSON_J_9", "LIVE_PERSON_B_1",
    ];

    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'];

    private static readonly object AllFlagsOn = new { validate_quality = true, validate_attribute = true, validate_liveness = true, validate_nface = true };

    /// <summary>A loopback port that accepts connections and never answers: image URLs on it time out.</summary>
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);

    /// <summary>Each (scenario, kind) the catalogue lists, with what happened (status and error code).</summary>
    public Dictionary<(string Scenario, string Kind), string> ScenarioRuns { get; } = [];

    /// <summary>Every (scenario, kind) pair GET /__simulator/scenarios asked for.</summary>
    public HashSet<(string Scenario, string Kind)> ScenarioCatalogue { get; } = [];

    /// <summary>The final result body of every async job submitted with a callback_url, by that URL.</summary>
    public Dictionary<string, string> ResultsByCallbackUrl { get; } = new(StringComparer.Ordinal);

    /// <summary>Callback URLs whose receiver answers 500 (every attempt).</summary>
    public HashSet<string> FailingCallbackUrls { get; } = new(StringComparer.Ordinal);

    /// <summary>Callback URLs of jobs whose App-ID has callbacks disabled: nothing may arrive there.</summary>
    public HashSet<string> MutedCallbackUrls { get; } = new(StringComparer.Ordinal);

    /// <summary>The Basic credentials each callback URL's App-ID uses.</summary>
    public Dictionary<string, string> CallbackAuthorization { get; } = new(StringComparer.Ordinal);

    private string SilentUrl => $"http://127.0.0.1:{((IPEndPoint)_silent.LocalEndpoint).Port}/slow.jpg";

    public async Task RunAsync()
    {
        _silent.Start();
        sim.Webhooks.Respond = w => w.Url.AbsoluteUri.StartsWith(FailingHooks, StringComparison.Ordinal) ? 500 : 200;
        await UnauthorizedEverywhereAsync();
        await SyncKtpAsync();
        await AsyncKtpAsync();
        await FaceAsync();
        await IdVerificationAsync();
        await CertificateAsync();
        await TestingModeAsync();
        await VendorSandboxAsync();
        await ScenariosAsync();
        await RoutingAsync();
        // Slow jobs (60 s) and every callback retry (10 s, 60 s, 300 s) run out.
        for (var i = 0; i < 6; i++)
        {
            await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(400));
        }
        await PollCallbackJobsAsync();
    }

    public void Dispose() => _silent.Dispose();

    /// <summary>Every endpoint with every credential mistake: no headers, a wrong API-Key, an API-Key without App-ID.</summary>
    private async Task UnauthorizedEverywhereAsync()
    {
        var credentials = new (string Name, string Value)[][]
        {
            [],
            [("App-ID", "schema-auth"), ("API-Key", "wrong-key")],
            [("API-Key", ApiKey)],
        };
        var calls = new (string Method, string Path, string? Json)[]
        {
            ("POST", VerihubsSchemaMap.SyncKtp, """{"image":"KTP"}"""),
            ("POST", VerihubsSchemaMap.AsyncKtp, """{"image":"KTP"}"""),
            ("GET", VerihubsSchemaMap.Result + "?reference_id=REFERENCE_ID_KTP", null),
            ("POST", VerihubsSchemaMap.Result, """{"reference_id":"REFERENCE_ID_KTP"}"""),
            ("POST", VerihubsSchemaMap.Compare, """{"image_1":"LIVE_PERSON_A_1","image_2":"LIVE_PERSON_A_1"}"""),
            ("POST", VerihubsSchemaMap.Liveness, """{"image":"LIVE_PERSON_A_1"}"""),
            ("POST", VerihubsSchemaMap.Enroll, """{"image":"LIVE_PERSON_A_1","subject_id":"s-1"}"""),
            ("POST", VerihubsSchemaMap.Verify, """{"image":"LIVE_PERSON_A_1","subject_id":"s-1"}"""),
            ("POST", VerihubsSchemaMap.Search, """{"image":"LIVE_PERSON_A_1"}"""),
            ("POST", VerihubsSchemaMap.IdVerification, """{"nik":"3174054509880002","name":"DEWI LESTARI","birth_date":"05-09-1988"}"""),
            ("POST", VerihubsSchemaMap.Certificate, CertificateJson()),
            ("DELETE", VerihubsSchemaMap.Enroll + "?subject_id=s-1", null),
        };
        using var anonymous = sim.CreateClient();
        foreach (var headers in credentials)
        {
            foreach (var (method, path, json) in calls)
            {
                var reply = Expect(await SendAsync(anonymous, method, path, json, headers), 401);
                if (path is VerihubsSchemaMap.IdVerification or VerihubsSchemaMap.Certificate)
                {
                    reply.ErrorCode.Should().Be("UNAUTHORIZED");
                }
            }
        }
    }

    private async Task SyncKtpAsync()
    {
        using var client = App("schema-sync");
        const string path = VerihubsSchemaMap.SyncKtp;

        // Extractions: real images (base64, data: prefix, a PNG big enough) and every KTP image code.
        Expect(await PostAsync(client, path, new { image = Image("sync real") }), 200);
        Expect(await PostAsync(client, path, new { image = "data:image/jpeg;base64," + Image("sync data"), reference_id = "sync-1" }), 200);
        Expect(await PostAsync(client, path, new { image = B64(Png(1280, 800)), validate_quality = true }), 200);
        foreach (var code in KtpImageCodes)
        {
            Expect(await PostAsync(client, path, new { image = code }), 200);
            var validated = Expect(await PostAsync(client, path, new { image = code, validate_quality = true, reference_id = "REFERENCE_ID" }), 200);
            validated.ErrorCodeAt200().Should().Be(code == "KTP" ? null : "FAIL_ON_1");
        }

        // Every documented sync error.
        Expect(await PostAsync(client, path, new { image = "NO_KTP_DETECTED" }), 400, "KTP_NOT_DETECTED");
        Expect(await PostAsync(client, path, new { image = "IMAGE_SIZE_EXCEED_LIMIT" }), 400, "INVALID_PAYLOAD_IMAGE_SIZE");
        Expect(await PostAsync(client, path, new { image = B64(Png(640, 480)) }), 400, "INVALID_PAYLOAD_IMAGE_SIZE");
        Expect(await PostAsync(client, path, new { image = B64([.. Jpeg, .. new byte[5 * 1024 * 1024]]) }), 400, "INVALID_PAYLOAD_IMAGE_SIZE");
        Expect(await PostAsync(client, path, new { image = "" }), 400, "INVALID_PAYLOAD_IMAGE_MISSING");
        Expect(await PostAsync(client, path, new { validate_quality = true }), 400, "MISSING_PAYLOAD_IMAGE");
        Expect(await PostAsync(client, path, new { image = "@@not base64@@" }), 400, "INVALID_PAYLOAD_IMAGE_FORMAT");
        Expect(await PostAsync(client, path, new { image = B64([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]) }), 400, "INVALID_PAYLOAD_IMAGE_FORMAT");
        Expect(await PostAsync(client, path, new { image = "https://images.example.com/ktp.jpg" }), 400, "INVALID_PAYLOAD_IMAGE_FORMAT");
        Expect(await PostAsync(client, path, new { image = SilentUrl }), 400, "INVALID_PAYLOAD_IMAGE_FORMAT");
        Expect(await PostAsync(client, path, new { image = 42 }), 400, "INVALID_PAYLOAD_IMAGE_FORMAT");
        foreach (var bad in new[] { "", "not json", "[1]", "{}", """{"image":"","reference_id":""}""", """{"image":"KTP","validate_quality":"yes"}""" })
        {
            Expect(await SendAsync(client, "POST", path, bad), 400, "INVALID_PAYLOAD");
        }
        Expect(await PostAsync(client, path, new { image = "KTP", reference_id = "REFERENCE_ID_EXIST" }), 400, "INVALID_PAYLOAD_REFERENCE_ID_EXISTS");
        Expect(await PostAsync(client, path, new { image = "KTP", reference_id = "sync-1" }), 400, "INVALID_PAYLOAD_REFERENCE_ID_EXISTS");
        Expect(await PostAsync(client, path, new { image = "KTP", reference_id = "REFERENCE_ID_TOO_LONG" }), 400, "INVALID_PAYLOAD_REFERENCE_ID");
        Expect(await PostAsync(client, path, new { image = "KTP", reference_id = "REFERENCE_ID_TOO_SHORT" }), 400, "INVALID_PAYLOAD_REFERENCE_ID");
        Expect(await PostAsync(client, path, new { image = "KTP", reference_id = "has space" }), 400, "INVALID_PAYLOAD_REFERENCE_ID");
        Expect(await PostAsync(client, path, new { image = "KTP", reference_id = new string('r', 65) }), 400, "INVALID_PAYLOAD_REFERENCE_ID");
        Expect(await PostAsync(client, path, new { image = "KTP", reference_id = 7 }), 400, "INVALID_PAYLOAD_REFERENCE_ID");
        Expect(await PostAsync(client, path, new { image = "KTP", validate_quality = true, is_quality = false }), 400, "INVALID_PAYLOAD_QUALITY_VALIDATION_DEPENDENCY");
        Expect(await PostAsync(client, path, new { image = "KTP" }, "NO_SUCH_SCENARIO"), 400, "INVALID_PAYLOAD");
        Expect(await PostAsync(client, path, new { image = "KTP" }, "FACE_MISMATCH"), 400, "INVALID_PAYLOAD");
        Expect(await SendAsync(client, "GET", path), 405, "METHOD_NOT_ALLOWED");

        // An App-ID set to the pre-2023 flat shape: the extraction without data, FAIL_ON_1 as before.
        const string legacy = "schema-legacy";
        await sim.Control.PostAsync($"apps/{legacy}", new { responseShape = "legacy-v2" });
        using var legacyClient = App(legacy);
        Expect(await PostAsync(legacyClient, path, new { image = Image("legacy real") }), 200).Json.TryGetProperty("data", out _).Should().BeFalse();
        Expect(await PostAsync(legacyClient, path, new { image = "KTP_BD" }), 200);
        Expect(await PostAsync(legacyClient, path, new { image = "KTP_BD", validate_quality = true }), 200).ErrorCodeAt200().Should().Be("FAIL_ON_1");
    }

    private async Task AsyncKtpAsync()
    {
        const string app = "schema-async";
        using var client = App(app);
        const string path = VerihubsSchemaMap.AsyncKtp;

        // Every KTP image code, with and without validate_quality, half of them with a callback that fails.
        var jobs = new List<string>();
        var turn = 0;
        foreach (var code in KtpImageCodes.Append("NO_KTP_DETECTED"))
        {
            foreach (var validate in new[] { false, true })
            {
                var referenceId = $"async-{code}-{validate}".Replace('_', '-');
                var hook = Hook(turn++ % 2 == 0 ? OkHooks : FailingHooks, app, referenceId);
                Expect(await PostAsync(client, path, new { image = code, reference_id = referenceId, validate_quality = validate, callback_url = hook }), 200);
                jobs.Add(referenceId);
            }
        }
        Expect(await PostAsync(client, path, new { image = Image("async real"), reference_id = "async-real", callback_url = Hook(OkHooks, app, "async-real") }), 200);
        Expect(await PostAsync(client, path, new { image = "KTP", reference_id = "REFERENCE_ID" }), 200);
        Expect(await PostAsync(client, path, new { image = "KTP", reference_id = "REFERENCE_ID" }), 200);
        var generated = Expect(await PostAsync(client, path, new { image = "KTP_G", callback_url = "http://127.0.0.1:9/cb" }), 200).Json.GetProperty("data").GetProperty("reference_id").GetString()!;
        var forced = Expect(await PostAsync(client, path, new { image = "KTP", reference_id = "async-forced", callback_url = Hook(OkHooks, app, "async-forced") }), 200);
        await sim.Control.ForceOutcomeAsync(forced.Json.GetProperty("data").GetProperty("id").GetString()!, "INTERNAL_SERVER_ERROR");

        // Every documented submit error.
        Expect(await PostAsync(client, path, new { image = "IMAGE_SIZE_EXCEED_LIMIT" }), 400, "INVALID_PAYLOAD_IMAGE_SIZE");
        Expect(await PostAsync(client, path, new { image = "" }), 400, "INVALID_PAYLOAD_IMAGE_MISSING");
        Expect(await PostAsync(client, path, new { reference_id = "x-1" }), 400, "MISSING_PAYLOAD_IMAGE");
        Expect(await PostAsync(client, path, new { image = "@@not base64@@" }), 400, "INVALID_PAYLOAD_IMAGE_FORMAT");
        foreach (var bad in new[] { "", "not json", "[1]", "{}", """{"image":"","reference_id":""}""" })
        {
            Expect(await SendAsync(client, "POST", path, bad), 400, "INVALID_PAYLOAD");
        }
        foreach (var url in new[] { "\"\"", "null", "\"not a url\"", "\"http://client.example/cb\"", "42" })
        {
            Expect(await SendAsync(client, "POST", path, $$"""{"image":"KTP","callback_url":{{url}}}"""), 400, "INVALID_PAYLOAD_CALLBACK_URL");
        }
        Expect(await PostAsync(client, path, new { image = "KTP", reference_id = "REFERENCE_ID_EXIST" }), 400, "INVALID_PAYLOAD_REFERENCE_ID_EXISTS");
        Expect(await PostAsync(client, path, new { image = "KTP", reference_id = "async-real" }), 400, "INVALID_PAYLOAD_REFERENCE_ID_EXISTS");
        Expect(await PostAsync(client, path, new { image = "KTP", reference_id = "REFERENCE_ID_TOO_LONG" }), 400, "INVALID_PAYLOAD_REFERENCE_ID");
        Expect(await PostAsync(client, path, new { image = "KTP", reference_id = "REFERENCE_ID_TOO_SHORT" }), 400, "INVALID_PAYLOAD_REFERENCE_ID");
        Expect(await PostAsync(client, path, new { image = "KTP", validate_quality = true, is_quality = false }), 400, "INVALID_PAYLOAD_QUALITY_VALIDATION_DEPENDENCY");
        Expect(await SendAsync(client, "GET", path), 405, "METHOD_NOT_ALLOWED");

        // While processing: the "processing" 200, by query string, by JSON body on GET, and by POST.
        Expect(await ResultAsync(client, "GET", "async-real"), 200).Json.TryGetProperty("data", out _).Should().BeFalse();
        Expect(await SendAsync(client, "GET", VerihubsSchemaMap.Result, """{"reference_id":"async-real"}"""), 200);
        Expect(await SendAsync(client, "POST", VerihubsSchemaMap.Result, """{"reference_id":"async-real"}"""), 200);
        Expect(await SendAsync(client, "POST", VerihubsSchemaMap.Result + "?reference_id=async-real"), 200);

        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3), app);
        foreach (var referenceId in jobs.Append("async-real").Append("REFERENCE_ID").Append(generated).Append("async-forced"))
        {
            Expect(await ResultAsync(client, "GET", referenceId), 200);
            Expect(await SendAsync(client, "POST", VerihubsSchemaMap.Result, JsonSerializer.Serialize(new { reference_id = referenceId })), 200);
        }

        // Every documented get-result code (plus _BG_V), by GET and by POST.
        var resultCodes = new[] { "REFERENCE_ID_KTP" }.Concat(QualitySuffixes.Select(s => "REFERENCE_ID_KTP_" + s)).Concat(QualitySuffixes.Select(s => $"REFERENCE_ID_KTP_{s}_V"));
        foreach (var code in resultCodes)
        {
            // Async validation leaves grayscale out: _G_V alone passes.
            Expect(await ResultAsync(client, "GET", code), 200).ErrorCodeAt200().Should().Be(code.EndsWith("_V", StringComparison.Ordinal) && code != "REFERENCE_ID_KTP_G_V" ? "FAIL_ON_1" : null);
            Expect(await ResultAsync(client, "POST", code), 200);
        }

        // Result errors, by GET and by POST.
        foreach (var method in new[] { "GET", "POST" })
        {
            Expect(await SendAsync(client, method, VerihubsSchemaMap.Result), 404, "INVALID_PAYLOAD_REFERENCE_ID_NOT_FOUND");
            Expect(await ResultAsync(client, method, "never-submitted"), 404, "INVALID_PAYLOAD_REFERENCE_ID_NOT_FOUND");
            Expect(await ResultAsync(client, method, "bad id!"), 400, "INVALID_PAYLOAD_REFERENCE_ID");
            Expect(await ResultAsync(client, method, "REFERENCE_ID_TOO_SHORT"), 400, "INVALID_PAYLOAD_REFERENCE_ID");
            Expect(await ResultAsync(client, method, "REFERENCE_ID_TOO_LONG"), 400, "INVALID_PAYLOAD_REFERENCE_ID");
        }
        Expect(await SendAsync(client, "GET", VerihubsSchemaMap.Result, """{"reference_id":7}"""), 400, "INVALID_PAYLOAD_REFERENCE_ID");

        // The result call's own 500 (the seed's {"message"}) by header and by a fault rule, and a forced 403.
        foreach (var method in new[] { "GET", "POST" })
        {
            Expect(await SendAsync(client, method, VerihubsSchemaMap.Result + "?reference_id=async-real", null, ("X-Simulator-Scenario", "INTERNAL_SERVER_ERROR")), 500).Json.GetRawText().Should().Be("""{"message":"Internal server error"}""");
            Expect(await SendAsync(client, method, VerihubsSchemaMap.Result + "?reference_id=async-real", null, ("X-Simulator-Scenario", "INSUFFICIENT_QUOTA")), 403, "INSUFFICIENT_QUOTA");
        }
        await sim.Control.PostAsync("faults", new { method = "GET", path = VerihubsSchemaMap.Result, status = 500, count = 1, tenant = app });
        Expect(await ResultAsync(client, "GET", "async-real"), 500).Json.GetRawText().Should().Be("""{"message":"Internal server error"}""");
        Expect(await SendAsync(client, "POST", VerihubsSchemaMap.Result, "not json"), 400, "INVALID_PAYLOAD");
        Expect(await SendAsync(client, "PUT", VerihubsSchemaMap.Result + "?reference_id=async-real"), 405, "METHOD_NOT_ALLOWED");

        // An App-ID whose callbacks are switched off, and one with its own Basic credentials.
        const string muted = "schema-muted";
        await sim.Control.PostAsync($"apps/{muted}", new { callbacksEnabled = false });
        using var mutedClient = App(muted);
        var mutedHook = Hook(MutedHooks, muted, "muted-1");
        MutedCallbackUrls.Add(mutedHook);
        Expect(await PostAsync(mutedClient, path, new { image = "KTP", reference_id = "muted-1", callback_url = mutedHook }), 200);

        const string own = "schema-own-credentials";
        await sim.Control.PostAsync($"apps/{own}", new { callbackUsername = "acme", callbackPassword = "s3cret" });
        using var ownClient = App(own);
        Expect(await PostAsync(ownClient, path, new { image = "KTP_BD", reference_id = "own-1", validate_quality = true, callback_url = Hook(OkHooks, own, "own-1", "acme", "s3cret") }), 200);
    }

    private async Task FaceAsync()
    {
        using var client = App("schema-face");

        // Compare: every code form against person A, with and without every validation, and with nothing measured.
        foreach (var code in FaceCodes)
        {
            Expect(await PostAsync(client, VerihubsSchemaMap.Compare, new { image_1 = code, image_2 = "LIVE_PERSON_A_1" }), 200);
            Expect(await PostAsync(client, VerihubsSchemaMap.Compare, With(AllFlagsOn, new { image_1 = code, image_2 = "LIVE_PERSON_A_1" })), 200);
        }
        Expect(await PostAsync(client, VerihubsSchemaMap.Compare, new { image_1 = Image("face 1"), image_2 = "data:image/png;base64," + B64(Png(640, 480)) }), 200);
        Expect(await PostAsync(client, VerihubsSchemaMap.Compare, new { image_1 = "LIVE_PERSON_A_1", image_2 = "LIVE_PERSON_B_1", is_quality = false, is_attribute = false, is_liveness = false }), 200)
            .ErrorCodeAt200().Should().Be("FAIL_ON_16");
        Expect(await PostAsync(client, VerihubsSchemaMap.Compare, new { image_1 = "LIVE_PERSON_A_1", image_2 = "LIVE_PERSON_A_1", validate_liveness = true }, "LIVENESS_FAIL"), 200)
            .ErrorCodeAt200().Should().Be("FAIL_ON_1");
        Expect(await PostAsync(client, VerihubsSchemaMap.Compare, With(AllFlagsOn, new { image_1 = "LIVE_PERSON_BLUR_MVS_A_3", image_2 = "LIVE_PERSON_A_1" }), "LIVENESS_FAIL"), 200)
            .ErrorCodeAt200().Should().Be("FAIL_ON_15");

        // Liveness, enroll, verify, search: success and FAIL_ON_n for every code form.
        foreach (var code in FaceCodes)
        {
            Expect(await PostAsync(client, VerihubsSchemaMap.Liveness, new { image = code }), 200);
            Expect(await PostAsync(client, VerihubsSchemaMap.Liveness, new { image = code, validate_quality = true, validate_attribute = true, validate_nface = true }), 200);
            Expect(await PostAsync(client, VerihubsSchemaMap.Enroll, With(AllFlagsOn, new { image = code, subject_id = "subject-" + code })), 200);
            Expect(await PostAsync(client, VerihubsSchemaMap.Verify, new { image = code, subject_id = "subject-LIVE_PERSON_A_1" }), 200);
            Expect(await PostAsync(client, VerihubsSchemaMap.Verify, With(AllFlagsOn, new { image = code, subject_id = "subject-LIVE_PERSON_A_1" })), 200);
            Expect(await PostAsync(client, VerihubsSchemaMap.Search, new { image = code, threshold = 80, limit = 5 }), 200);
            Expect(await PostAsync(client, VerihubsSchemaMap.Search, With(AllFlagsOn, new { image = code })), 200);
        }
        Expect(await PostAsync(client, VerihubsSchemaMap.Liveness, new { image = Image("live real"), is_quality = false, is_attribute = false }), 200);
        Expect(await PostAsync(client, VerihubsSchemaMap.Enroll, new { image = "LIVE_PERSON_A_1", subject_id = "subject-LIVE_PERSON_A_1" }), 200);
        Expect(await PostAsync(client, VerihubsSchemaMap.Enroll, new { image = Image("enrolled real"), subject_id = "real" }), 200);
        Expect(await PostAsync(client, VerihubsSchemaMap.Verify, new { image = Image("enrolled real"), subject_id = "real" }), 200);
        Expect(await PostAsync(client, VerihubsSchemaMap.Search, new { image = "LIVE_PERSON_A_1", threshold = 0, limit = 10 }), 200)
            .Json.GetProperty("matches").GetArrayLength().Should().BeGreaterThan(0);
        Expect(await PostAsync(client, VerihubsSchemaMap.Search, new { image = "LIVE_PERSON_F_1", threshold = 99.5 }), 200);

        // Image errors of image, image_1 and image_2.
        foreach (var (route, field, suffix, other) in new[]
        {
            (VerihubsSchemaMap.Compare, "image_1", "_1", ("image_2", (object)"LIVE_PERSON_A_1")),
            (VerihubsSchemaMap.Compare, "image_2", "_2", ("image_1", (object)"LIVE_PERSON_A_1")),
            (VerihubsSchemaMap.Liveness, "image", "", ("validate_nface", (object)true)),
            (VerihubsSchemaMap.Enroll, "image", "", ("subject_id", (object)"s-err")),
            (VerihubsSchemaMap.Search, "image", "", ("limit", (object)3)),
        })
        {
            var cases = new (object? Value, string Code)[]
            {
                (null, $"MISSING_PAYLOAD_IMAGE{suffix}"),
                ("", $"INVALID_PAYLOAD_IMAGE{suffix}_MISSING"),
                ("IMAGE_EXCEED_LIMIT", $"INVALID_PAYLOAD_IMAGE{suffix}_SIZE"),
                (B64([.. Jpeg, .. new byte[5 * 1024 * 1024]]), $"INVALID_PAYLOAD_IMAGE{suffix}_SIZE"),
                ("bm90IGFuIGltYWdl", $"INVALID_PAYLOAD_IMAGE{suffix}_FORMAT"),
                ("https://images.example.com/face.jpg", $"INVALID_PAYLOAD_IMAGE{suffix}_FORMAT"),
                (SilentUrl, $"INVALID_PAYLOAD_IMAGE{suffix}_TIMEOUT"),
                ("NO_FACE_PHOTO", "FACE_NOT_DETECTED"),
            };
            foreach (var (value, code) in cases)
            {
                var body = new Dictionary<string, object?> { [other.Item1] = other.Item2 };
                if (value is not null)
                {
                    body[field] = value;
                }
                Expect(await PostAsync(client, route, body), 400, code);
            }
        }

        // Payload, flag, subject, threshold and limit errors.
        var errors = new (string Route, string Json, string Code)[]
        {
            (VerihubsSchemaMap.Compare, """{"image_1":"","image_2":""}""", "INVALID_PAYLOAD"),
            (VerihubsSchemaMap.Compare, "not json", "INVALID_PAYLOAD"),
            (VerihubsSchemaMap.Compare, """{"image_1":"LIVE_PERSON_A_1","image_2":"LIVE_PERSON_A_1","is_quality":"no"}""", "INVALID_PAYLOAD"),
            (VerihubsSchemaMap.Compare, """{"image_1":"LIVE_PERSON_A_1","image_2":"LIVE_PERSON_A_1","is_quality":false,"validate_quality":true}""", "INVALID_PAYLOAD_QUALITY_VALIDATION_DEPENDENCY"),
            (VerihubsSchemaMap.Compare, """{"image_1":"LIVE_PERSON_A_1","image_2":"LIVE_PERSON_A_1","is_attribute":false,"validate_attribute":true}""", "INVALID_PAYLOAD_ATTRIBUTE_VALIDATION_DEPENDENCY"),
            (VerihubsSchemaMap.Compare, """{"image_1":"LIVE_PERSON_A_1","image_2":"LIVE_PERSON_A_1","is_liveness":false,"validate_liveness":true}""", "INVALID_PAYLOAD_LIVENESS_VALIDATION_DEPENDENCY"),
            (VerihubsSchemaMap.Liveness, "{}", "INVALID_PAYLOAD"),
            (VerihubsSchemaMap.Liveness, """{"image":"LIVE_PERSON_A_1","is_attribute":false,"validate_attribute":true}""", "INVALID_PAYLOAD_ATTRIBUTE_VALIDATION_DEPENDENCY"),
            (VerihubsSchemaMap.Liveness, """{"image":"LIVE_PERSON_A_1","is_quality":false,"validate_quality":true}""", "INVALID_PAYLOAD_QUALITY_VALIDATION_DEPENDENCY"),
            (VerihubsSchemaMap.Enroll, """{"image":"LIVE_PERSON_A_1"}""", "MISSING_PAYLOAD_SUBJECT_ID"),
            (VerihubsSchemaMap.Enroll, """{"image":"LIVE_PERSON_A_1","subject_id":""}""", "INVALID_PAYLOAD_SUBJECT_ID_MISSING"),
            (VerihubsSchemaMap.Enroll, """{"image":"LIVE_PERSON_A_1","subject_id":5}""", "INVALID_PAYLOAD"),
            (VerihubsSchemaMap.Enroll, "[]", "INVALID_PAYLOAD"),
            (VerihubsSchemaMap.Verify, """{"image":"LIVE_PERSON_A_1"}""", "MISSING_PAYLOAD_SUBJECT_ID"),
            (VerihubsSchemaMap.Verify, """{"image":"LIVE_PERSON_A_1","subject_id":""}""", "INVALID_PAYLOAD_SUBJECT_ID_MISSING"),
            (VerihubsSchemaMap.Verify, """{"image":"LIVE_PERSON_A_1","subject_id":"nobody"}""", "INVALID_PAYLOAD_SUBJECT_ID"),
            (VerihubsSchemaMap.Verify, """{"subject_id":"nobody"}""", "MISSING_PAYLOAD_IMAGE"),
            (VerihubsSchemaMap.Verify, """{"image":"NO_FACE_PHOTO","subject_id":"subject-LIVE_PERSON_A_1"}""", "FACE_NOT_DETECTED"),
            (VerihubsSchemaMap.Verify, "{}", "INVALID_PAYLOAD"),
            (VerihubsSchemaMap.Search, """{"image":"LIVE_PERSON_A_1","threshold":101}""", "INVALID_PAYLOAD_THRESHOLD"),
            (VerihubsSchemaMap.Search, """{"image":"LIVE_PERSON_A_1","threshold":"high"}""", "INVALID_PAYLOAD_THRESHOLD"),
            (VerihubsSchemaMap.Search, """{"image":"LIVE_PERSON_A_1","limit":0}""", "INVALID_PAYLOAD_LIMIT"),
            (VerihubsSchemaMap.Search, """{"image":"LIVE_PERSON_A_1","limit":11}""", "INVALID_PAYLOAD_LIMIT"),
            (VerihubsSchemaMap.Search, """{"image":"LIVE_PERSON_A_1","limit":2.5}""", "INVALID_PAYLOAD_LIMIT"),
            (VerihubsSchemaMap.Search, "{}", "INVALID_PAYLOAD"),
        };
        foreach (var (route, json, code) in errors)
        {
            Expect(await SendAsync(client, "POST", route, json), 400, code);
        }
        foreach (var route in VerihubsSchemaMap.FaceRoutes)
        {
            Expect(await SendAsync(client, "GET", route), 405, "METHOD_NOT_ALLOWED");
        }

        // Deleting enrolled faces: by query string and by JSON body; then what a delete can refuse.
        const string delete = VerihubsSchemaMap.Enroll;
        Expect(await PostAsync(client, VerihubsSchemaMap.Enroll, new { image = Image("to delete"), subject_id = "to-delete" }), 200);
        Expect(await PostAsync(client, VerihubsSchemaMap.Enroll, new { image = "LIVE_PERSON_C_1", subject_id = "to-delete-2" }), 200);
        Expect(await SendAsync(client, "DELETE", delete + "?subject_id=to-delete", "{}"), 200);
        Expect(await SendAsync(client, "DELETE", delete, """{"subject_id":"to-delete-2"}"""), 200);
        Expect(await SendAsync(client, "DELETE", delete + "?subject_id=to-delete"), 400, "INVALID_PAYLOAD_SUBJECT_ID");
        Expect(await SendAsync(client, "DELETE", delete), 400, "MISSING_PAYLOAD_SUBJECT_ID");
        Expect(await SendAsync(client, "DELETE", delete + "?subject_id="), 400, "INVALID_PAYLOAD_SUBJECT_ID_MISSING");
        Expect(await SendAsync(client, "DELETE", delete, """{"subject_id":5}"""), 400, "INVALID_PAYLOAD");
    }

    /// <summary>The certificate check: verified, not_verified from the photos, and every kind of bad field.</summary>
    private async Task CertificateAsync()
    {
        using var client = App("schema-certificate");
        const string path = VerihubsSchemaMap.Certificate;
        var selfie = B64(Simulators.Testing.Fixtures.Image("selfie-match.jpg"));
        var mismatch = B64(Simulators.Testing.Fixtures.Image("selfie-mismatch.png"));
        var ktp = B64(Simulators.Testing.Fixtures.Image("ktp-ok-male.jpg"));
        Expect(await SendAsync(client, "POST", path, CertificateJson()), 200).Json.GetProperty("data").GetProperty("status").GetString().Should().Be("verified");
        Expect(await SendAsync(client, "POST", path, CertificateJson(selfie, ktp, ""","reference_id":"cert-1","channel":"web" """)), 200)
            .Json.GetProperty("data").GetProperty("status").GetString().Should().Be("verified");
        Expect(await SendAsync(client, "POST", path, CertificateJson(mismatch, ktp)), 200).Json.GetProperty("data").GetProperty("reject_field")[0].GetString().Should().Be("selfie_photo");
        Expect(await SendAsync(client, "POST", path, CertificateJson("NO_FACE_PHOTO", "data:image/jpeg;base64," + ktp)), 200).Json.GetProperty("data").GetProperty("status").GetString().Should().Be("not_verified");

        var invalid = new[]
        {
            CertificateJson(extra: ""","reference_id":"cert-1" """),
            CertificateJson("", ""),
            CertificateJson("bm90IGFuIGltYWdl", "https://images.example.com/ktp.jpg"),
            """{"nik":"31740545","name":"DEWI 2","birth_date":"1988-09-05","email":"not-an-email","phone":"12345","selfie_photo":"LIVE_PERSON_A_1","ktp_photo":"KTP"}""",
            """{"nik":3174054509880002,"name":null,"channel":5}""",
            "{}",
            "not json",
        };
        foreach (var json in invalid)
        {
            Expect(await SendAsync(client, "POST", path, json), 400, "INVALID_PAYLOAD");
        }
        Expect(await SendAsync(client, "GET", path), 405, "METHOD_NOT_ALLOWED");
    }

    /// <summary>A valid certificate-check body (real JPEG stubs unless given), with <paramref name="extra"/> fields appended.</summary>
    private static string CertificateJson(string? selfie = null, string? ktp = null, string extra = "") =>
        $$"""{"nik":"3174054509880002","name":"DEWI LESTARI","birth_date":"05-09-1988","email":"dewi@example.com","phone":"081234567890","selfie_photo":"{{selfie ?? Image("cert selfie")}}","ktp_photo":"{{ktp ?? Image("cert ktp")}}"{{extra}}}""";

    private async Task IdVerificationAsync()
    {
        using var client = App("schema-idv");
        const string path = VerihubsSchemaMap.IdVerification;
        Expect(await PostAsync(client, path, new { nik = "3174054509880002", name = "DEWI LESTARI", birth_date = "05-09-1988" }), 200);
        Expect(await PostAsync(client, path, new { nik = "3174054509880002", name = "DEWI LESTARI", birth_date = "05-09-1988", reference_id = "idv-1" }), 200);
        Expect(await PostAsync(client, path, new { nik = "3174054509880002", name = "O'NEIL-PUTRI", birth_date = "29-02-2000", reference_id = "idv-2" }), 200);

        var invalid = new[]
        {
            """{"nik":"317405450988","name":"DEWI LESTARI","birth_date":"05-09-1988"}""",
            """{"nik":"31740545098800AB","name":"DEWI LESTARI","birth_date":"05-09-1988"}""",
            """{"nik":"3174054509880002","name":"DEWI 2","birth_date":"05-09-1988"}""",
            """{"nik":"3174054509880002","name":"DEWI LESTARI","birth_date":"1988-09-05"}""",
            """{"nik":"3174054509880002","name":"DEWI LESTARI","birth_date":"31-02-1988"}""",
            """{"nik":3174054509880002,"name":"","birth_date":null}""",
            """{"nik":"3174054509880002","name":"DEWI LESTARI","birth_date":"05-09-1988","reference_id":"idv-1"}""",
            $$"""{"nik":"3174054509880002","name":"DEWI LESTARI","birth_date":"05-09-1988","reference_id":"{{new string('r', 65)}}"}""",
            "{}",
            // Not a JSON object at all: the documented 400 still lists what is wrong in error_fields.
            "not json",
        };
        foreach (var json in invalid)
        {
            Expect(await SendAsync(client, "POST", path, json), 400, "INVALID_PAYLOAD");
        }
        Expect(await SendAsync(client, "GET", path), 405, "METHOD_NOT_ALLOWED");
    }

    /// <summary>A testing-mode App-ID with no quota left: every billable call is 403; the result call is never limited.</summary>
    private async Task TestingModeAsync()
    {
        const string app = "schema-testing";
        await sim.Control.PostAsync($"apps/{app}", new { mode = "testing", testingQuota = 1 });
        using var client = App(app);
        Expect(await PostAsync(client, VerihubsSchemaMap.SyncKtp, new { image = "KTP" }), 200);
        var calls = new (string Path, object Body)[]
        {
            (VerihubsSchemaMap.SyncKtp, new { image = "KTP" }),
            (VerihubsSchemaMap.AsyncKtp, new { image = "KTP" }),
            (VerihubsSchemaMap.Compare, new { image_1 = "LIVE_PERSON_A_1", image_2 = "LIVE_PERSON_A_1" }),
            (VerihubsSchemaMap.Liveness, new { image = "LIVE_PERSON_A_1" }),
            (VerihubsSchemaMap.Enroll, new { image = "LIVE_PERSON_A_1", subject_id = "q" }),
            (VerihubsSchemaMap.Verify, new { image = "LIVE_PERSON_A_1", subject_id = "q" }),
            (VerihubsSchemaMap.Search, new { image = "LIVE_PERSON_A_1" }),
            (VerihubsSchemaMap.IdVerification, new { nik = "3174054509880002", name = "DEWI LESTARI", birth_date = "05-09-1988" }),
            (VerihubsSchemaMap.Certificate, JsonSerializer.Deserialize<JsonElement>(CertificateJson())),
        };
        foreach (var (path, body) in calls)
        {
            Expect(await PostAsync(client, path, body), 403, "INSUFFICIENT_QUOTA");
        }
        Expect(await ResultAsync(client, "GET", "REFERENCE_ID_KTP"), 200);
    }

    /// <summary>A vendor-sandbox App-ID: magic codes only (anything else is INVALID_SANDBOX_CODE); ID Verification answers all true.</summary>
    private async Task VendorSandboxAsync()
    {
        const string app = "schema-vendor-sandbox";
        await sim.Control.PostAsync($"apps/{app}", new { mode = "vendor-sandbox" });
        using var client = App(app);
        Expect(await PostAsync(client, VerihubsSchemaMap.SyncKtp, new { image = "KTP_B" }), 200);
        Expect(await PostAsync(client, VerihubsSchemaMap.AsyncKtp, new { image = "KTP", reference_id = "REFERENCE_ID", callback_url = Hook(OkHooks, app, "REFERENCE_ID") }), 200);
        Expect(await ResultAsync(client, "GET", "REFERENCE_ID_KTP_D_V"), 200).ErrorCodeAt200().Should().Be("FAIL_ON_1");
        Expect(await PostAsync(client, VerihubsSchemaMap.Compare, new { image_1 = "LIVE_PERSON_C_1", image_2 = "LIVE_PERSON_C_2" }), 200);
        Expect(await PostAsync(client, VerihubsSchemaMap.IdVerification, new { nik = "3174054509880002", name = "DEWI LESTARI", birth_date = "05-09-1988" }), 200)
            .Json.GetProperty("data").GetProperty("name").GetBoolean().Should().BeTrue();
        Expect(await SendAsync(client, "POST", VerihubsSchemaMap.Certificate, CertificateJson()), 200)
            .Json.GetProperty("data").GetProperty("status").GetString().Should().Be("verified");

        Expect(await PostAsync(client, VerihubsSchemaMap.SyncKtp, new { image = Image("sandbox real") }), 400, "INVALID_SANDBOX_CODE");
        Expect(await PostAsync(client, VerihubsSchemaMap.AsyncKtp, new { image = Image("sandbox real") }), 400, "INVALID_SANDBOX_CODE");
        Expect(await PostAsync(client, VerihubsSchemaMap.AsyncKtp, new { image = "KTP", reference_id = "my-own-id" }), 400, "INVALID_SANDBOX_CODE");
        Expect(await ResultAsync(client, "GET", "my-own-id"), 400, "INVALID_SANDBOX_CODE");
        Expect(await ResultAsync(client, "POST", "my-own-id"), 400, "INVALID_SANDBOX_CODE");
        Expect(await PostAsync(client, VerihubsSchemaMap.Liveness, new { image = Image("sandbox face") }), 400, "INVALID_SANDBOX_CODE");
        Expect(await PostAsync(client, VerihubsSchemaMap.Compare, new { image_1 = "LIVE_PERSON_A_1", image_2 = Image("sandbox face") }), 400, "INVALID_SANDBOX_CODE");
    }

    /// <summary>
    /// Every scenario of the catalogue on every kind it applies to, chosen in each of the three ways
    /// in turn (header, queued outcome, SIMULATOR: marker in the image; the header where there is no image).
    /// KTP runs asynchronously (with a callback, succeeding or failing) and synchronously.
    /// </summary>
    private async Task ScenariosAsync()
    {
        const string app = "schema-scenarios";
        using var client = App(app);
        Expect(await PostAsync(client, VerihubsSchemaMap.Enroll, new { image = "LIVE_PERSON_A_1", subject_id = "scenario-subject" }), 200);
        var catalogue = await sim.Control.GetScenariosAsync();
        var asyncJobs = new List<(string ReferenceId, string Scenario)>();
        var turn = 0;
        foreach (var item in catalogue.GetProperty("items").EnumerateArray())
        {
            var name = item.GetProperty("name").GetString()!;
            var applies = item.GetProperty("appliesTo").EnumerateArray().Select(a => a.GetString()!).ToList();
            foreach (var kind in applies.Count == 0 ? Kinds : [.. applies])
            {
                ScenarioCatalogue.Add((name, kind));
                var how = turn % 3;
                var validate = turn % 2 == 0;
                turn++;
                if ((how == 2 && HeaderOnlyKinds.Contains(kind)) || kind == "KTP_RESULT")
                {
                    how = 0;
                }
                if (how == 1)
                {
                    await sim.Control.QueueOutcomeAsync(name, app);
                }
                var header = how == 0 ? name : null;
                var image = how == 2 ? B64([.. Jpeg, .. Encoding.ASCII.GetBytes($" SIMULATOR:{name} {turn}")]) : Image($"scenario {turn}");
                var flags = validate ? AllFlagsOn : new object();
                Reply reply;
                switch (kind)
                {
                    case "KTP":
                        var referenceId = $"scenario-{turn}";
                        var hook = Hook(turn % 4 < 2 ? OkHooks : FailingHooks, app, referenceId);
                        reply = await PostAsync(client, VerihubsSchemaMap.AsyncKtp, new { image, reference_id = referenceId, validate_quality = validate, callback_url = hook }, header);
                        if (reply.Status == 200)
                        {
                            asyncJobs.Add((referenceId, name));
                        }
                        var sync = await PostAsync(client, VerihubsSchemaMap.SyncKtp, new { image = Image($"scenario sync {turn}"), validate_quality = validate }, name);
                        ScenarioRuns[(name + " (sync)", kind)] = Outcome(sync);
                        break;
                    case "FACE_COMPARE":
                        reply = await PostAsync(client, VerihubsSchemaMap.Compare, With(flags, new { image_1 = image, image_2 = Image($"second {turn}") }), header);
                        break;
                    case "FACE_LIVENESS":
                        reply = await PostAsync(client, VerihubsSchemaMap.Liveness, validate ? new { image, validate_quality = true, validate_attribute = true, validate_nface = true } : (object)new { image }, header);
                        break;
                    case "FACE_ENROLL":
                        reply = await PostAsync(client, VerihubsSchemaMap.Enroll, With(flags, new { image, subject_id = $"scenario-enrolled-{turn}" }), header);
                        break;
                    case "FACE_VERIFY":
                        reply = await PostAsync(client, VerihubsSchemaMap.Verify, With(flags, new { image, subject_id = "scenario-subject" }), header);
                        break;
                    case "FACE_SEARCH":
                        reply = await PostAsync(client, VerihubsSchemaMap.Search, With(flags, new { image }), header);
                        break;
                    case "KTP_RESULT":
                        reply = await SendAsync(client, "GET", VerihubsSchemaMap.Result + "?reference_id=REFERENCE_ID_KTP", null, ("X-Simulator-Scenario", name));
                        break;
                    case "FACE_DELETE":
                        reply = await SendAsync(client, "DELETE", VerihubsSchemaMap.Enroll + "?subject_id=scenario-subject", null, header is null ? [] : [("X-Simulator-Scenario", header)]);
                        break;
                    case "CERTIFICATE_ELECTRONIC":
                        reply = await SendAsync(client, "POST", VerihubsSchemaMap.Certificate, CertificateJson(image), header is null ? [] : [("X-Simulator-Scenario", header)]);
                        break;
                    default:
                        reply = await PostAsync(client, VerihubsSchemaMap.IdVerification, new { nik = "3174054509880002", name = "DEWI LESTARI", birth_date = "05-09-1988" }, header);
                        break;
                }
                if (how == 1)
                {
                    (await sim.Control.GetAsync("outcomes?tenant=" + app)).GetProperty("queued").GetArrayLength().Should().Be(0, "the queued {0} was taken by {1}", name, kind);
                }
                reply.Status.Should().BeOneOf([200, 400, 403, 500], "{0} on {1} answered {2}", name, kind, reply.Text);
                ScenarioRuns[(name, kind)] = Outcome(reply);
            }
        }

        // Normal jobs finish after 2 s, SLOW_PROCESSING after 60 s: poll at both.
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3), app);
        foreach (var (referenceId, _) in asyncJobs)
        {
            Expect(await ResultAsync(client, "GET", referenceId), 200);
        }
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(57), app);
        foreach (var (referenceId, name) in asyncJobs)
        {
            var result = Expect(await ResultAsync(client, "GET", referenceId), 200);
            result.Json.TryGetProperty("data", out _).Should().BeTrue("{0} has had 60 s", name);
            ScenarioRuns[(name, "KTP")] = ScenarioRuns[(name, "KTP")] + " then result " + (result.ErrorCodeAt200() ?? "extraction");
        }
    }

    private async Task RoutingAsync()
    {
        using var client = App("schema-routing");
        Expect(await SendAsync(client, "GET", "/no/such/endpoint"), 404, "NOT_FOUND");
        Expect(await SendAsync(client, "POST", "/v1/face/unknown", """{"image":"LIVE_PERSON_A_1"}"""), 404, "NOT_FOUND");
        Expect(await SendAsync(client, "POST", "/v1/ktp/extract", """{"image":"KTP"}"""), 404, "NOT_FOUND");
    }

    /// <summary>After everything finished, the result each callback must have carried.</summary>
    private async Task PollCallbackJobsAsync()
    {
        foreach (var (url, _) in CallbackAuthorization.ToList())
        {
            var segments = new Uri(url).AbsolutePath.Trim('/').Split('/');
            var (app, referenceId) = (segments[^2], segments[^1]);
            using var client = App(app);
            var reply = await ResultAsync(client, "GET", referenceId);
            if (reply.Status == 200)
            {
                ResultsByCallbackUrl[url] = reply.Text;
            }
        }
    }

    private string Hook(string prefix, string app, string referenceId, string user = CallbackUser, string password = CallbackPassword)
    {
        var url = prefix + app + "/" + referenceId;
        CallbackAuthorization[url] = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
        if (prefix == FailingHooks)
        {
            FailingCallbackUrls.Add(url);
        }
        return url;
    }

    private HttpClient App(string appId) => sim.CreateClient(("App-ID", appId), ("API-Key", ApiKey));

    private static string Outcome(Reply reply) => $"{reply.Status}" + ((reply.ErrorCodeAt200() ?? ErrorCodeOf(reply)) is { } code ? " " + code : "");

    private static string? ErrorCodeOf(Reply reply) =>
        reply.MediaType?.Contains("json", StringComparison.Ordinal) == true && reply.Json.ValueKind == JsonValueKind.Object && reply.Json.TryGetProperty("error_code", out var code) ? code.GetString() : null;

    private static Dictionary<string, object?> With(object flags, object body)
    {
        var merged = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(flags))!;
        foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(body))!)
        {
            merged[key] = value;
        }
        return merged;
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes);

    /// <summary>A unique real image: a JPEG stub (no declared size) with some text after its header.</summary>
    private static string Image(string text) => B64([.. Jpeg, .. Encoding.ASCII.GetBytes(" " + text + " " + Guid.NewGuid().ToString("N"))]);

    /// <summary>A PNG header declaring <paramref name="width"/> x <paramref name="height"/>.</summary>
    private static byte[] Png(int width, int height)
    {
        var bytes = new byte[33];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        bytes[24] = 8;
        bytes[25] = 2;
        return bytes;
    }

    private static Task<Reply> ResultAsync(HttpClient client, string method, string referenceId) =>
        method == "GET"
            ? SendAsync(client, "GET", VerihubsSchemaMap.Result + "?reference_id=" + Uri.EscapeDataString(referenceId))
            : SendAsync(client, "POST", VerihubsSchemaMap.Result, JsonSerializer.Serialize(new { reference_id = referenceId }));

    private static Task<Reply> PostAsync(HttpClient client, string path, object body, string? scenario = null) =>
        SendAsync(client, "POST", path, JsonSerializer.Serialize(body), scenario is null ? [] : [("X-Simulator-Scenario", scenario)]);

    private static Reply Expect(Reply reply, int status, string? code = null)
    {
        reply.Status.Should().Be(status, "the body was {0}", reply.Text);
        if (code is not null)
        {
            ErrorCodeOf(reply).Should().Be(code, "the body was {0}", reply.Text);
        }
        return reply;
    }

    private static async Task<Reply> SendAsync(HttpClient client, string method, string path, string? json = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await client.SendAsync(request);
        return new Reply((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.MediaType);
    }
}

/// <summary>Verihubs reads of a <see cref="Reply"/>.</summary>
internal static class VerihubsReplies
{
    /// <summary>The error_code of a 200 (FAIL_ON_n, KTP_NOT_DETECTED…), or null.</summary>
    public static string? ErrorCodeAt200(this Reply reply) =>
        reply.Status == 200 && reply.Json.ValueKind == JsonValueKind.Object && reply.Json.TryGetProperty("error_code", out var code) ? code.GetString() : null;
}
