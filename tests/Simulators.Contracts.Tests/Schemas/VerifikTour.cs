using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// Drives one Verifik simulator through what it serves today: document liveness (create, list, retrieve) for
/// three clients, one in each <c>responseShape</c>, with every scenario of the catalogue chosen in turn by the
/// header, a queued outcome and an image marker, under each calibration, with checks disabled, and every error of
/// its pages; face recognition (liveness, compare, compare-with-liveness) and OCR (scan-prompt, scan-studio) with
/// each of their scenarios chosen the same three ways, their options and every error; the OTP logins by e-mail and phone, the session renewal, renew-and-revoke, project-login and the
/// api-client's validation logins, with their errors; the engine's own answers (unknown path, wrong method, a body
/// over the limit, injected faults). It asserts only the status each step was meant to get; the bodies are left to
/// the schemas.
/// </summary>
internal sealed class VerifikTour(SimulatorHarness sim)
{
    private static readonly string[] Checks = ["ScreenReplay", "PrintedCopy", "PortraitSubstitution", "DigitalManipulation"];
    private static readonly string[] Calibrations = ["SOFT", "REGULAR", "HARD"];

    private const string DocumentLivenessKind = "DOCUMENT_LIVENESS";

    private int _turn;

    /// <summary>Each (scenario, kind) the catalogue lists, with what happened.</summary>
    public Dictionary<(string Scenario, string Kind), string> ScenarioRuns { get; } = [];

    /// <summary>Every (scenario, DOCUMENT_LIVENESS) pair GET /__simulator/scenarios listed.</summary>
    public HashSet<(string Scenario, string Kind)> ScenarioCatalogue { get; } = [];

    /// <summary>The responseShape of each client (tenant) the tour set one for; the others answer both.</summary>
    public Dictionary<string, string> ShapeOfTenant { get; } = new(StringComparer.Ordinal);

    public async Task RunAsync()
    {
        var catalogue = await sim.Control.GetScenariosAsync();
        foreach (var item in catalogue.GetProperty("items").EnumerateArray())
        {
            foreach (var kind in item.GetProperty("appliesTo").EnumerateArray().Select(k => k.GetString()!))
            {
                ScenarioCatalogue.Add((item.GetProperty("name").GetString()!, kind));
            }
        }

        var sandbox = new Client(sim, (await sim.Control.GetCredentialsAsync()).GetProperty("defaults").GetProperty("token").GetString()!);
        var captured = await ClientWithShapeAsync("captured@tour.example", VerifikSchemaMap.Captured);
        var documented = await ClientWithShapeAsync("documented@tour.example", VerifikSchemaMap.Documented);
        foreach (var client in new[] { sandbox, captured, documented })
        {
            await LivenessAsync(client);
        }
        await LivenessErrorsAsync(sandbox, captured);
        await FaceAsync(sandbox);
        await FaceErrorsAsync(sandbox);
        await OcrAsync(sandbox);
        await OcrErrorsAsync(sandbox);
        await LoginsAsync();
        await SessionsAsync();
        await ValidationLoginsAsync();
        await new VerifikEnrollTour(sim).RunAsync(ScenarioRuns);
        await EngineAsync(sandbox);
    }

    /// <summary>Every scenario in turn (header, queued outcome, marker), each calibration, checks disabled; then lists and reads.</summary>
    private async Task LivenessAsync(Client client)
    {
        var ids = new List<string>();
        foreach (var (name, kind) in ScenarioCatalogue.Where(p => p.Kind == DocumentLivenessKind).ToList())
        {
            var how = _turn++ % 3;
            if (how == 1)
            {
                await sim.Control.QueueOutcomeAsync(name, client.ClientId);
            }
            var body = Body(Png(how == 2 ? name : null), Calibrations[_turn % Calibrations.Length]);
            var reply = await client.SendAsync("POST", VerifikSchemaMap.Liveness, body, how == 0 ? name : null);
            Status(reply, 200);
            ids.Add(Id(reply));
            ScenarioRuns.TryAdd((name, kind), $"{(how switch { 0 => "header", 1 => "queued", _ => "marker" })} on a {ShapeOf(client)} client");
        }
        // One check, two checks, no calibration given; the optional flags.
        Status(await client.SendAsync("POST", VerifikSchemaMap.Liveness, Body(Png(), null, "PrintedCopy")), 200);
        var flags = Body(Png(), "HARD", "ScreenReplay", "DigitalManipulation");
        flags["saveImage"] = true;
        flags["ignoreDocumentCroppedValidation"] = true;
        flags["ignoreColourLessValidation"] = false;
        Status(await client.SendAsync("POST", VerifikSchemaMap.Liveness, flags), 200);
        Status(await client.SendAsync("POST", VerifikSchemaMap.Liveness, Body(Jpeg(), "SOFT")), 200);

        Status(await client.SendAsync("GET", VerifikSchemaMap.Liveness), 200);
        Status(await client.SendAsync("GET", VerifikSchemaMap.Liveness + "?page=2&limit=3&status=completed&populates[]=client&populates[]=appRegistration"), 200);
        Status(await client.SendAsync("GET", VerifikSchemaMap.Liveness + "?page=99"), 200);
        Status(await client.SendAsync("GET", VerifikSchemaMap.Liveness + "?status=failed"), 200);
        foreach (var id in ids.Take(3))
        {
            Status(await client.SendAsync("GET", VerifikSchemaMap.Liveness + "/" + id), 200);
        }
    }

    private async Task LivenessErrorsAsync(Client client, Client other)
    {
        var path = VerifikSchemaMap.Liveness;
        var anonymous = new Client(sim, null);
        var forged = new Client(sim, "eyJhbGciOiJIUzI1NiJ9.eyJjbGllbnRJZCI6Im5vYm9keSJ9.AAAA");
        var record = Id(await other.SendAsync("POST", path, Body(Png())));
        foreach (var (method, route) in new[] { ("POST", path), ("GET", path), ("GET", path + "/" + record) })
        {
            object? body = method == "POST" ? Body(Png()) : null;
            Status(await anonymous.SendAsync(method, route, body), 401);
            Status(await forged.SendAsync(method, route, body), 401);
        }

        // Create: the image missing, no check enabled, a wrong type or calibration, an unreadable body or image, too large.
        Status(await client.SendAsync("POST", path, new { validateScreenReplay = true }), 409);
        Status(await client.SendAsync("POST", path, Body(Png(), null, "None")), 409);
        var wrongType = Body(Png());
        wrongType["validatePrintedCopy"] = "yes";
        Status(await client.SendAsync("POST", path, wrongType), 409);
        Status(await client.SendAsync("POST", path, Body(Png(), "ULTRA")), 409);
        Status(await client.SendAsync("POST", path, "{\"image\":"), 400);
        Status(await client.SendAsync("POST", path, "[1]"), 400);
        var notAnImage = Body(Png());
        notAnImage["image"] = Convert.ToBase64String(Encoding.ASCII.GetBytes("plain text, not an image"));
        Status(await client.SendAsync("POST", path, notAnImage), 400);
        notAnImage["image"] = "%%% not base64 %%%";
        Status(await client.SendAsync("POST", path, notAnImage), 400);
        Status(await client.SendAsync("POST", path, Body([.. Png(), .. new byte[VerifikSchemaMap.MaxImageBytes]])), 413);
        Status(await client.SendAsync("POST", path, JsonSerializer.Serialize(new { image = new string('A', VerifikSchemaMap.RequestBodyBytes), validateScreenReplay = true })), 413);
        Status(await client.SendAsync("POST", path, Body(Png()), "NO_SUCH_SCENARIO"), 400);

        // List: each bad query parameter; retrieve: unknown, not an id, another client's.
        foreach (var query in new[] { "?status=bogus", "?limit=0", "?limit=101", "?page=x", "?populates[]=nobody", "?status=completed&status=failed" })
        {
            Status(await client.SendAsync("GET", path + query), 400);
        }
        Status(await client.SendAsync("GET", path + "/0123456789abcdef01234567"), 404);
        Status(await client.SendAsync("GET", path + "/not-an-id"), 404);
        Status(await client.SendAsync("GET", path + "/" + record), 404);
        Status(await client.SendAsync("PUT", path, Body(Png())), 405);
        Status(await client.SendAsync("DELETE", path + "/" + record), 405);

        await sim.Control.PostAsync("faults", new { path, status = 500, count = 1, tenant = client.ClientId });
        Status(await client.SendAsync("POST", path, Body(Png())), 500);
        await sim.Control.PostAsync("faults", new { path, status = 503, count = 1, tenant = client.ClientId });
        Status(await client.SendAsync("POST", path, Body(Png())), 503);
    }

    /// <summary>Each face scenario on each call it applies to (header, queued outcome, marker in turn); each call's options.</summary>
    private async Task FaceAsync(Client client)
    {
        foreach (var (name, kind) in ScenarioCatalogue.Where(p => FacePaths.ContainsKey(p.Kind)).ToList())
        {
            var how = await ChooseAsync(client, name);
            var image = FaceImage(how == 2 ? name : null);
            Status(await client.SendAsync("POST", FacePaths[kind], FaceBody(kind, image), how == 0 ? name : null), name == "FACE_ERROR" ? 500 : 200);
            ScenarioRuns.TryAdd((name, kind), How(how));
        }
        Status(await client.SendAsync("POST", VerifikSchemaMap.FaceLiveness, new { os = "IOS", image = FaceImage(), collection_id = "6650a1b2c3d4e5f601234567", liveness_min_score = 0.95 }), 200);
        Status(await client.SendAsync("POST", VerifikSchemaMap.FaceLiveness, new { os = "ANDROID", image = "data:image/png;base64," + FaceImage() }), 200);
        Status(await client.SendAsync("POST", VerifikSchemaMap.FaceCompare, new { probe = new[] { FaceImage() }, gallery = new[] { FaceImage(), FaceImage() }, search_mode = "ACCURATE", compare_min_score = 0.9 }), 200);
        Status(await client.SendAsync("POST", VerifikSchemaMap.FaceCompare, new { probe = new[] { FaceImage() }, gallery = new[] { FaceImage() }, search_mode = "FAST" }, "FACE_NO_MATCH"), 200);
        // A threshold the comparison misses: the liveness is skipped (null).
        Status(await client.SendAsync("POST", VerifikSchemaMap.FaceCompareWithLiveness,
            new { probe = FaceImage(), gallery = new[] { FaceImage() }, search_mode = "FAST", compare_min_score = 0.9, liveness_min_score = 0.5 }, "FACE_NO_MATCH"), 200);
        Status(await client.SendAsync("POST", VerifikSchemaMap.FaceCompareWithLiveness, new { probe = FaceImage(), gallery = new[] { FaceImage() }, search_mode = "ACCURATE", compare_min_score = 0.8 }), 200);
    }

    /// <summary>The face pages' errors: no or a bad token, each parameter missing or wrong, images too short or too large, unreadable bodies, the wrong method.</summary>
    private async Task FaceErrorsAsync(Client client)
    {
        var anonymous = new Client(sim, null);
        var forged = new Client(sim, "eyJhbGciOiJIUzI1NiJ9.eyJjbGllbnRJZCI6Im5vYm9keSJ9.AAAA");
        foreach (var (kind, path) in FacePaths)
        {
            Status(await anonymous.SendAsync("POST", path, FaceBody(kind, FaceImage())), 401);
            Status(await forged.SendAsync("POST", path, FaceBody(kind, FaceImage())), 403);
            Status(await client.SendAsync("POST", path, new { }), 409);
            Status(await client.SendAsync("POST", path, FaceBody(kind, "too short")), 412);
            Status(await client.SendAsync("POST", path, FaceBody(kind, Convert.ToBase64String([.. Png(), .. new byte[VerifikSchemaMap.MaxImageBytes]]))), 413);
            Status(await client.SendAsync("POST", path, JsonSerializer.Serialize(new { image = new string('A', VerifikSchemaMap.RequestBodyBytes) })), 413);
            Status(await client.SendAsync("POST", path, "{\"os\":"), 400);
            Status(await client.SendAsync("GET", path), 405);
        }
        Status(await client.SendAsync("POST", VerifikSchemaMap.FaceLiveness, new { os = "WINDOWS", image = FaceImage() }), 409);
        Status(await client.SendAsync("POST", VerifikSchemaMap.FaceLiveness, new { os = "DESKTOP", image = FaceImage(), liveness_min_score = 2 }), 409);
        Status(await client.SendAsync("POST", VerifikSchemaMap.FaceCompare, new { probe = FaceImage(), gallery = new[] { FaceImage() }, search_mode = "FAST" }), 409);
        Status(await client.SendAsync("POST", VerifikSchemaMap.FaceCompare, new { probe = new[] { FaceImage() }, gallery = Array.Empty<string>(), search_mode = "FAST" }), 409);
        Status(await client.SendAsync("POST", VerifikSchemaMap.FaceCompare, new { probe = new[] { FaceImage() }, gallery = new[] { FaceImage() }, search_mode = "FAST", compare_min_score = 0.5 }), 409);
        Status(await client.SendAsync("POST", VerifikSchemaMap.FaceCompareWithLiveness, new { probe = FaceImage(), gallery = new[] { FaceImage() }, search_mode = "SLOW" }), 409);
        Status(await client.SendAsync("POST", VerifikSchemaMap.FaceCompareWithLiveness, new { probe = FaceImage(), gallery = new[] { FaceImage() }, search_mode = "FAST", cropFace = "yes" }), 409);
    }

    /// <summary>Each OCR scenario on each call (header, queued outcome, marker in turn); every scan-studio document type and scan-prompt's options.</summary>
    private async Task OcrAsync(Client client)
    {
        foreach (var (name, kind) in ScenarioCatalogue.Where(p => OcrPaths.ContainsKey(p.Kind)).ToList())
        {
            var how = await ChooseAsync(client, name);
            Status(await client.SendAsync("POST", OcrPaths[kind], new { image = FaceImage(how == 2 ? name : null), documentType = "CC" }, how == 0 ? name : null),
                name == "OCR_DOCUMENT_NOT_FOUND" ? 404 : 200);
            ScenarioRuns.TryAdd((name, kind), How(how));
        }
        foreach (var type in new[] { "CC", "RUT", "PA", "ENSAPA", "DNI", "CCVE", "RIFVE", "TLCC" })
        {
            Status(await client.SendAsync("POST", VerifikSchemaMap.ScanStudio, new { image = FaceImage(), documentType = type }), 200);
        }
        Status(await client.SendAsync("POST", VerifikSchemaMap.ScanPrompt, new { image = FaceImage() }), 200);
        Status(await client.SendAsync("POST", VerifikSchemaMap.ScanPrompt, new { image = "data:image/jpeg;base64," + FaceImage(), cropFace = true, documentType = "DNI" }), 200);
    }

    /// <summary>The OCR pages' errors: no or a bad token, the image or document type missing or wrong, images too short or too large, unreadable bodies, the wrong method.</summary>
    private async Task OcrErrorsAsync(Client client)
    {
        var anonymous = new Client(sim, null);
        var forged = new Client(sim, "eyJhbGciOiJIUzI1NiJ9.eyJjbGllbnRJZCI6Im5vYm9keSJ9.AAAA");
        foreach (var path in OcrPaths.Values)
        {
            Status(await anonymous.SendAsync("POST", path, new { image = FaceImage(), documentType = "CC" }), 401);
            Status(await forged.SendAsync("POST", path, new { image = FaceImage(), documentType = "CC" }), 401);
            Status(await client.SendAsync("POST", path, new { documentType = "CC" }), 409);
            Status(await client.SendAsync("POST", path, new { image = 42, documentType = "CC" }), 409);
            Status(await client.SendAsync("POST", path, new { image = "too short", documentType = "CC" }), 412);
            Status(await client.SendAsync("POST", path, new { image = Convert.ToBase64String([.. Png(), .. new byte[VerifikSchemaMap.MaxImageBytes]]), documentType = "CC" }), 413);
            Status(await client.SendAsync("POST", path, JsonSerializer.Serialize(new { image = new string('A', VerifikSchemaMap.RequestBodyBytes), documentType = "CC" })), 413);
            Status(await client.SendAsync("POST", path, "{\"image\":"), 400);
            Status(await client.SendAsync("GET", path), 405);
        }
        Status(await client.SendAsync("POST", VerifikSchemaMap.ScanStudio, new { image = FaceImage(), documentType = "PASSPORT" }), 409);
        Status(await client.SendAsync("POST", VerifikSchemaMap.ScanPrompt, new { image = FaceImage(), cropFace = "yes" }), 409);
    }

    /// <summary>How the next scenario is chosen, in turn: 0 the header, 1 a queued outcome (queued here), 2 an image marker.</summary>
    private async Task<int> ChooseAsync(Client client, string scenario)
    {
        var how = _turn++ % 3;
        if (how == 1)
        {
            await sim.Control.QueueOutcomeAsync(scenario, client.ClientId);
        }
        return how;
    }

    private static string How(int how) => how switch { 0 => "header", 1 => "queued", _ => "marker" };

    private static readonly Dictionary<string, string> FacePaths = new(StringComparer.Ordinal)
    {
        ["FACE_LIVENESS"] = VerifikSchemaMap.FaceLiveness,
        ["FACE_COMPARE"] = VerifikSchemaMap.FaceCompare,
        ["FACE_COMPARE_WITH_LIVENESS"] = VerifikSchemaMap.FaceCompareWithLiveness,
    };

    private static readonly Dictionary<string, string> OcrPaths = new(StringComparer.Ordinal)
    {
        ["OCR_SCAN_PROMPT"] = VerifikSchemaMap.ScanPrompt,
        ["OCR_SCAN_STUDIO"] = VerifikSchemaMap.ScanStudio,
    };

    /// <summary>A valid body of the face call <paramref name="kind"/> with <paramref name="image"/> in every image field.</summary>
    private static object FaceBody(string kind, string image) => kind switch
    {
        "FACE_LIVENESS" => new { os = "DESKTOP", image },
        "FACE_COMPARE" => new { probe = new[] { image }, gallery = new[] { image }, search_mode = "FAST" },
        _ => (object)new { probe = image, gallery = new[] { image }, search_mode = "FAST" },
    };

    /// <summary>A PNG long enough for the face pages (their base64 is over 100 characters), with an optional scenario marker.</summary>
    private static string FaceImage(string? marker = null) =>
        Convert.ToBase64String([.. Png(marker), .. RandomNumberGenerator.GetBytes(64)]);

    /// <summary>E-mail and phone OTP logins for new destinations and the sandbox e-mail, with each error.</summary>
    private async Task LoginsAsync()
    {
        var anonymous = new Client(sim, null);
        foreach (var email in new[] { "sandbox@verifik.example", "new-login@tour.example" })
        {
            Status(await anonymous.SendAsync("POST", VerifikSchemaMap.EmailLogin + "?email=" + Uri.EscapeDataString(email), null), 200);
            Status(await anonymous.SendAsync("POST", VerifikSchemaMap.EmailConfirm, new { email, otp = "000000x" }), 400);
            Status(await anonymous.SendAsync("POST", VerifikSchemaMap.EmailConfirm, new { email, otp = await OtpAsync(email) }), 200);
        }
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.EmailLogin + "?email=not-an-email", null), 404);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.EmailLogin, null), 409);
        Status(await anonymous.SendAsync("GET", VerifikSchemaMap.EmailLogin + "?email=x%40tour.example", null), 405);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.EmailConfirm, new { email = "new-login@tour.example" }), 409);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.EmailConfirm, new { }), 409);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.EmailConfirm, new { email = "new-login@tour.example", otp = true }), 409);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.EmailConfirm, "{\"email\":"), 400);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.EmailConfirm, JsonSerializer.Serialize(new { email = "a@tour.example", otp = new string('1', VerifikSchemaMap.RequestBodyBytes) })), 413);

        var phone = "5551234567";
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.PhoneLogin, new { countryCode = "+1", phone, type = "login" }), 200);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.PhoneConfirm, new { countryCode = "+1", phone, otp = "999999x" }), 400);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.PhoneConfirm, new { countryCode = "+1", phone, otp = await OtpAsync("+1" + phone) }), 200);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.PhoneLogin, new { countryCode = "+57", phone = 3001234567L, type = "login" }), 200);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.PhoneLogin, new { countryCode = "+1", phone = "12ab", type = "login" }), 400);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.PhoneLogin, new { countryCode = "+1" }), 409);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.PhoneConfirm, new { phone }), 409);
        await sim.Control.PostAsync("faults", new { path = VerifikSchemaMap.PhoneLogin, status = 429, count = 1 });
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.PhoneLogin, new { countryCode = "+1", phone, type = "login" }), 429);
    }

    /// <summary>Renewal with and without a query, POST's body, renew-and-revoke (the earlier token refused after it), project-login.</summary>
    private async Task SessionsAsync()
    {
        var client = await ClientAsync("sessions@tour.example");
        var anonymous = new Client(sim, null);
        Status(await client.SendAsync("GET", VerifikSchemaMap.Session + "?origin=refresh&expiresIn=3"), 200);
        Status(await client.SendAsync("GET", VerifikSchemaMap.Session + "?origin=refresh"), 200);
        Status(await client.SendAsync("GET", VerifikSchemaMap.Session), 200);
        Status(await client.SendAsync("POST", VerifikSchemaMap.Session, new { origin = "app" }), 200);
        Status(await new Client(sim, client.Token, bare: true).SendAsync("GET", VerifikSchemaMap.Session + "?origin=refresh&expiresIn=12"), 200);
        Status(await client.SendAsync("GET", VerifikSchemaMap.Session + "?origin=refresh&expiresIn=13"), 409);
        Status(await anonymous.SendAsync("GET", VerifikSchemaMap.Session), 409);
        Status(await new Client(sim, "not-a-token").SendAsync("GET", VerifikSchemaMap.Session), 401);
        Status(await client.SendAsync("DELETE", VerifikSchemaMap.Session), 405);

        Status(await client.SendAsync("POST", VerifikSchemaMap.ProjectLogin, new { }), 200);
        Status(await client.SendAsync("POST", VerifikSchemaMap.ProjectLogin, null), 200);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.ProjectLogin, new { }), 409);
        Status(await new Client(sim, "not-a-token").SendAsync("POST", VerifikSchemaMap.ProjectLogin, new { }), 401);

        var renewed = await client.SendAsync("POST", VerifikSchemaMap.RenewAndRevoke, null);
        Status(renewed, 200);
        Status(await client.SendAsync("GET", VerifikSchemaMap.Session), 401);
        Status(await client.SendAsync("POST", VerifikSchemaMap.RenewAndRevoke, null), 401);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.RenewAndRevoke, null), 409);
        Status(await new Client(sim, renewed.Json.GetProperty("token").GetString()).SendAsync("GET", VerifikSchemaMap.Session), 200);
    }

    /// <summary>The api-client's project-flow logins by e-mail and phone, with each error.</summary>
    private async Task ValidationLoginsAsync()
    {
        var anonymous = new Client(sim, null);
        var project = "6650a1b2c3d4e5f601234567";
        var projectFlow = "6650a1b2c3d4e5f601234568";
        var email = "validation@tour.example";
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.EmailValidations, new { email, project, projectFlow, type = "login" }), 200);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.EmailValidate, new { email, otp = "12345x", type = "login" }), 400);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.EmailValidate, new { email, otp = await OtpAsync(email), type = "login" }), 200);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.EmailValidations, new { email = "not-an-email", project, projectFlow, type = "login" }), 404);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.EmailValidations, new { email, project, projectFlow, type = "signup" }), 409);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.EmailValidations, new { email }), 409);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.EmailValidate, new { email }), 409);

        var phone = "3009876543";
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.PhoneValidations, new { countryCode = "+57", phone, project, projectFlow, type = "login" }), 200);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.PhoneValidate, new { countryCode = "+57", phone, otp = "12345x", type = "login" }), 400);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.PhoneValidate, new { countryCode = "+57", phone, otp = await OtpAsync("+57" + phone), type = "login" }), 200);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.PhoneValidations, new { countryCode = "+57", phone = "12ab", project, projectFlow, type = "login" }), 400);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.PhoneValidations, new { phone }), 409);
        Status(await anonymous.SendAsync("POST", VerifikSchemaMap.PhoneValidate, new { countryCode = "+57", phone }), 409);
    }

    /// <summary>The engine's answers: unknown paths.</summary>
    private static async Task EngineAsync(Client client)
    {
        Status(await client.SendAsync("GET", "/v2/no-such-endpoint"), 404);
        Status(await client.SendAsync("POST", "/v3/document-liveness", new { }), 404);
        Status(await new Client(client.Sim, null).SendAsync("GET", "/"), 404);
    }

    private async Task<Client> ClientWithShapeAsync(string email, string shape)
    {
        var client = await ClientAsync(email);
        await sim.Control.PostAsync("settings", new { tenant = client.ClientId, responseShape = shape });
        ShapeOfTenant[client.ClientId] = shape;
        return client;
    }

    /// <summary>A client registered on the control API (its tenant and token).</summary>
    private async Task<Client> ClientAsync(string email)
    {
        var created = await sim.Control.PostAsync("clients", new { email });
        return new Client(sim, created.GetProperty("token").GetString()!);
    }

    private string ShapeOf(Client client) => ShapeOfTenant.GetValueOrDefault(client.ClientId, VerifikSchemaMap.Both);

    private async Task<string> OtpAsync(string to) =>
        (await sim.Control.GetAsync("otps?to=" + Uri.EscapeDataString(to))).GetProperty("items")[0].GetProperty("otp").GetString()!;

    /// <summary>A create body with the named checks on (every check when none is named), and the documented calibrations.</summary>
    private static Dictionary<string, object?> Body(byte[] image, string? calibration = null, params string[] checks)
    {
        var body = new Dictionary<string, object?> { ["image"] = Convert.ToBase64String(image) };
        foreach (var check in Checks)
        {
            body["validate" + check] = checks.Length == 0 || checks.Contains(check);
            // The documented calibrations: no digitalManipulationCalibration is documented (the simulator reads one all the same).
            if (calibration is not null && check != "DigitalManipulation")
            {
                body[char.ToLowerInvariant(check[0]) + check[1..] + "Calibration"] = calibration;
            }
        }
        return body;
    }

    /// <summary>A PNG by its signature, random bytes (each call hashes differently) and an optional scenario marker.</summary>
    private static byte[] Png(string? marker = null) =>
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. RandomNumberGenerator.GetBytes(48), .. Encoding.ASCII.GetBytes(marker is null ? "" : " SIMULATOR:" + marker + " ")];

    private static byte[] Jpeg() => [0xFF, 0xD8, 0xFF, 0xE0, .. RandomNumberGenerator.GetBytes(48), 0xFF, 0xD9];

    private static string Id(Reply reply)
    {
        var data = reply.Json.GetProperty("data");
        return data.GetProperty("_id").GetString()!;
    }

    private static Reply Status(Reply reply, int status)
    {
        reply.Status.Should().Be(status, "the body was {0}", reply.Text);
        return reply;
    }

    /// <summary>One client's token (or none) and the calls it makes.</summary>
    private sealed class Client(SimulatorHarness sim, string? token, bool bare = false)
    {
        private readonly HttpClient _http = sim.CreateClient();

        public SimulatorHarness Sim => sim;

        public string? Token => token;

        /// <summary>The token's clientId claim (its tenant).</summary>
        public string ClientId
        {
            get
            {
                var text = token!.Split('.')[1].Replace('-', '+').Replace('_', '/');
                text += new string('=', (4 - (text.Length % 4)) % 4);
                using var claims = JsonDocument.Parse(Convert.FromBase64String(text));
                return claims.RootElement.GetProperty("clientId").GetString()!;
            }
        }

        public async Task<Reply> SendAsync(string method, string path, object? body = null, string? scenario = null)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
            if (body is not null)
            {
                request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
            }
            if (token is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", bare ? token : "Bearer " + token);
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
