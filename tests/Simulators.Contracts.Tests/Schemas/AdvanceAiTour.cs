using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// Drives one ADVANCE.AI simulator through every endpoint, every code it answers and every scenario of
/// its catalogue on every kind of transaction: tokens, the six generate-url calls, hosted journeys driven
/// headless (open, submit with each scenario chosen in each way, abandon, the user timeout), get-result
/// before, during and after processing as links and as Base64, the journey page and the image links,
/// clear-data, face-search, the Document API, address and database-ID verification, injected faults, and
/// notices to callbackUrls and to signed account webhooks, some of whose receivers fail every attempt.
/// It asserts only what it needs to know that a step did what it was meant to (the code); the bodies are
/// left to the schemas.
/// </summary>
internal sealed class AdvanceAiTour(SimulatorHarness sim)
{
    public const string CallbackOk = "https://merchant.example/advance-ai/callback/ok/";
    public const string CallbackFailing = "https://merchant.example/advance-ai/callback/fail/";
    public const string WebhookOk = "https://merchant.example/advance-ai/webhook/ok";
    public const string WebhookFailing = "https://merchant.example/advance-ai/webhook/fail";

    /// <summary>The seconds from submit to the final result, and from generate-url to the user timeout (the defaults).</summary>
    private const int Processing = 5;
    private const int UserTimeout = 3600;

    private static readonly string[] Variants =
    [
        "generate-ekyc-verification-url", "generate-url", "generate-document-verification-url",
        "generate-liveness-detection-url", "generate-face-authentication-url", "generate-non-document-verification-url",
    ];

    /// <summary>Variants whose product takes a face: face-search applies to them.</summary>
    private static readonly string[] FaceVariants = ["generate-ekyc-verification-url", "generate-url", "generate-liveness-detection-url", "generate-face-authentication-url"];

    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'];

    private readonly List<Account> _accounts = [];
    private int _turn;

    /// <summary>Each (scenario, kind) the catalogue lists, with what happened.</summary>
    public Dictionary<(string Scenario, string Kind), string> ScenarioRuns { get; } = [];

    /// <summary>Every (scenario, kind) pair GET /__simulator/scenarios listed.</summary>
    public HashSet<(string Scenario, string Kind)> ScenarioCatalogue { get; } = [];

    /// <summary>The notice types each transaction must have produced, in order, and where they go.</summary>
    public Dictionary<string, (string Url, List<string> Types)> ExpectedNotices { get; } = new(StringComparer.Ordinal);

    /// <summary>Receivers that answer 500 to every attempt.</summary>
    public HashSet<string> FailingUrls { get; } = new(StringComparer.Ordinal) { WebhookFailing };

    /// <summary>The Base64 secret and algorithm of each account webhook URL.</summary>
    public Dictionary<string, (string Secret, string Algorithm)> WebhookKeys { get; } = new(StringComparer.Ordinal);

    public async Task RunAsync()
    {
        sim.Webhooks.Respond = w => FailingUrls.Contains(w.Url.AbsoluteUri) ? 500 : 200;
        await TokenAsync();
        await IamFailedEverywhereAsync();
        await GenerateUrlErrorsAsync();
        await JourneysAsync();
        await RefusalsAsync();
        await ResultReadsAsync();
        await DocumentApiAsync();
        await AddressAsync();
        await DatabaseIdAsync();
        await FaultsAndRoutingAsync();
        // Every notice retry (5, 10 and 20 s) runs out on every account's clock.
        foreach (var account in _accounts)
        {
            for (var i = 0; i < 4; i++)
            {
                await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(30), account.AccessKey);
            }
        }
    }

    private async Task TokenAsync()
    {
        var main = await AccountAsync("tour-token");
        var now = await main.NowMsAsync();
        var stamp = now.ToString(CultureInfo.InvariantCulture);
        Ok(await main.TokenAsync(new { accessKey = main.AccessKey, timestamp = stamp, signature = main.Sign(stamp) }));
        Ok(await main.TokenAsync(new { accessKey = main.AccessKey, timestamp = now, signature = main.Sign(stamp), periodSecond = 60 }));
        Ok(await main.TokenAsync(new { accessKey = main.AccessKey, timestamp = stamp, signature = main.Sign(stamp).ToUpperInvariant(), periodSecond = "86400" }));
        var sample = new Account(sim, "sampleaccesskey", "samplesecretkey");
        var sampleStamp = (await sample.NowMsAsync()).ToString(CultureInfo.InvariantCulture);
        Ok(await sample.TokenAsync(new { accessKey = sample.AccessKey, timestamp = sampleStamp, signature = sample.Sign(sampleStamp) }));

        Code(await main.TokenAsync(new { }), "PARAMETER_ERROR");
        Code(await main.TokenAsync(new { accessKey = main.AccessKey, timestamp = stamp }), "PARAMETER_ERROR");
        Code(await main.TokenAsync(new { accessKey = main.AccessKey, timestamp = "", signature = main.Sign("") }), "PARAMETER_ERROR");
        var late = (now - 301_000).ToString(CultureInfo.InvariantCulture);
        Code(await main.TokenAsync(new { accessKey = main.AccessKey, timestamp = late, signature = main.Sign(late) }), "PARAMETER_ERROR");
        Code(await main.TokenAsync(new { accessKey = main.AccessKey, timestamp = "16659935x2952", signature = main.Sign(stamp) }), "PARAMETER_ERROR");
        Code(await main.TokenAsync(new { accessKey = main.AccessKey, timestamp = stamp, signature = new string('0', 64) }), "PARAMETER_ERROR");
        Code(await main.TokenAsync(new { accessKey = "no-such-key", timestamp = stamp, signature = main.Sign(stamp) }), "PARAMETER_ERROR");
        Code(await main.TokenAsync(new { accessKey = main.AccessKey, timestamp = stamp, signature = main.Sign(stamp), periodSecond = 59 }), "PARAMETER_ERROR");
        Code(await main.TokenAsync(new { accessKey = main.AccessKey, timestamp = stamp, signature = main.Sign(stamp), periodSecond = "86401" }), "PARAMETER_ERROR");
        Code(await main.TokenAsync(new { accessKey = main.AccessKey, timestamp = true, signature = main.Sign(stamp) }), "CLIENT_ERROR", 400);
        Code(await main.SendAsync("POST", Map.Token, "{not json", token: null), "CLIENT_ERROR", 400);
        Code(await main.SendAsync("POST", Map.Token, "[1]", token: null), "CLIENT_ERROR", 400);

        var disabled = await AccountAsync("tour-disabled", token: false);
        await sim.Control.PostAsync($"accounts/{disabled.AccessKey}", new { disabled = true });
        var disabledStamp = (await disabled.NowMsAsync()).ToString(CultureInfo.InvariantCulture);
        Code(await disabled.TokenAsync(new { accessKey = disabled.AccessKey, timestamp = disabledStamp, signature = disabled.Sign(disabledStamp) }), "ACCOUNT_DISABLED");
    }

    /// <summary>Every IDVS call without a token, with an unknown one, an expired one and one of a disabled account.</summary>
    private async Task IamFailedEverywhereAsync()
    {
        var expired = await AccountAsync("tour-expired", token: false);
        await expired.AuthenticateAsync(periodSecond: 60);
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(61), expired.AccessKey);
        var turnedOff = await AccountAsync("tour-turned-off");
        await sim.Control.PostAsync($"accounts/{turnedOff.AccessKey}", new { disabled = true });

        var calls = Variants.Select(v => (Path: Map.Prefix + v, Body: JsonSerializer.Serialize(JourneyBody(v))))
            .Concat(
            [
                (Map.GetResult, """{"signatureId":"0123456789abcdef"}"""),
                (Map.ClearData + "?signatureId=0123456789abcdef", ""),
                (Map.FaceSearch, """{"signatureId":"0123456789abcdef"}"""),
                (Map.Document, JsonSerializer.Serialize(new { bizId = "doc", region = "PHL", frontImageBase64 = Image("iam") })),
                (Map.Address, JsonSerializer.Serialize(AddressBody())),
                (Map.DatabaseId, JsonSerializer.Serialize(DatabaseBody())),
            ]).ToList();
        foreach (var (path, body) in calls)
        {
            foreach (var token in new[] { null, "no-such-token", expired.Token, turnedOff.Token })
            {
                Code(await expired.SendAsync("POST", path, body, token), "IAM_FAILED");
            }
        }
    }

    private async Task GenerateUrlErrorsAsync()
    {
        var account = await AccountAsync("tour-generate");
        foreach (var variant in Variants)
        {
            var path = Map.Prefix + variant;
            var required = variant == "generate-non-document-verification-url"
                ? new[] { "returnUrl", "failReturnUrl", "bizId", "userId", "region", "numberType", "numberValue" }
                : ["returnUrl", "failReturnUrl", "bizId", "userId", "region"];
            if (variant == "generate-url")
            {
                required = [.. required, "docType"];
            }
            foreach (var field in required)
            {
                Code(await account.CallAsync(path, JourneyBody(variant, (field, null))), "PARAMETER_ERROR");
                Code(await account.CallAsync(path, JourneyBody(variant, (field, ""))), "PARAMETER_ERROR");
            }
            Code(await account.CallAsync(path, JourneyBody(variant, ("returnUrl", "javascript:alert(1)"))), "PARAMETER_ERROR");
            Code(await account.CallAsync(path, JourneyBody(variant, ("failReturnUrl", "ftp//nowhere"))), "PARAMETER_ERROR");
            Code(await account.CallAsync(path, JourneyBody(variant, ("returnUrl", "https://merchant.example/" + new string('a', 2048)))), "PARAMETER_ERROR");
            Code(await account.CallAsync(path, JourneyBody(variant, ("callbackUrl", "ftp://merchant.example/cb"))), "PARAMETER_ERROR");
            Code(await account.CallAsync(path, JourneyBody(variant, ("bizId", new string('b', 100)))), "PARAMETER_ERROR");
            Code(await account.CallAsync(path, JourneyBody(variant, ("userId", new string('u', 201)))), "PARAMETER_ERROR");
            Code(await account.CallAsync(path, JourneyBody(variant, ("region", "ph"))), "PARAMETER_ERROR");
            Code(await account.CallAsync(path, JourneyBody(variant, ("prefersColorScheme", "blue"))), "PARAMETER_ERROR");
            Code(await account.CallAsync(path, JourneyBody(variant, ("bizCode", "not a code!"))), "PARAMETER_ERROR");
            Code(await account.CallAsync(path, JourneyBody(variant, ("language", new string('l', 33)))), "PARAMETER_ERROR");
            Code(await account.CallAsync(path, JourneyBody(variant, ("bizId", 7))), "CLIENT_ERROR", 400);
            Code(await account.CallAsync(path, JourneyBody(variant, ("ignoreFailWhenJump", "yes"))), "CLIENT_ERROR", 400);
            Code(await account.SendAsync("POST", path, "{\"returnUrl\":", account.Token), "CLIENT_ERROR", 400);
            if (variant is "generate-ekyc-verification-url" or "generate-url" or "generate-document-verification-url")
            {
                Code(await account.CallAsync(path, JourneyBody(variant, ("docType", "XX-NOT-A-DOC"))), "PARAMETER_ERROR");
            }
            if (variant is "generate-ekyc-verification-url" or "generate-document-verification-url")
            {
                Code(await account.CallAsync(path, JourneyBody(variant, ("productLevel", "ULTRA"))), "PARAMETER_ERROR");
            }
            if (variant == "generate-url")
            {
                Code(await account.CallAsync(path, JourneyBody(variant, ("solutionCode", "09"))), "PARAMETER_ERROR");
            }
            if (variant == "generate-non-document-verification-url")
            {
                Code(await account.CallAsync(path, JourneyBody(variant, ("numberType", "bvn"))), "PARAMETER_ERROR");
                Code(await account.CallAsync(path, JourneyBody(variant, ("numberType", "NIK"))), "PARAMETER_ERROR");
            }
            // Every optional field given, and a second transaction for the same bizId (duplicates are allowed).
            Ok(await account.CallAsync(path, Full(variant)));
            Ok(await account.CallAsync(path, JourneyBody(variant, ("bizId", "duplicate-biz"))));
            Ok(await account.CallAsync(path, JourneyBody(variant, ("bizId", "duplicate-biz"))));
        }
        Code(await account.CallAsync(Map.Prefix + "generate-ekyc-verification-url", JourneyBody("generate-ekyc-verification-url"), ("X-Simulator-Scenario", "NO_SUCH_SCENARIO")), "CLIENT_ERROR", 400);
    }

    /// <summary>
    /// Every scenario on a hosted journey of each variant in turn, chosen in turn by the submit's scenario, the
    /// X-Simulator-Scenario header at generate-url and a queued outcome; get-result read before the user opens the
    /// page, before and after the submit, and after processing, as links and as Base64; the notices to a callbackUrl
    /// (succeeding or failing) or to the account's signed webhook (SHA-256 succeeding, SHA-512 failing).
    /// </summary>
    private async Task JourneysAsync()
    {
        var callbacks = await AccountAsync("tour-journeys");
        var sha256 = await WebhookAccountAsync("tour-webhook-256", WebhookOk, "HmacSHA256");
        var sha512 = await WebhookAccountAsync("tour-webhook-512", WebhookFailing, "HmacSHA512");
        var catalogue = await sim.Control.GetScenariosAsync();
        var names = new List<string>();
        foreach (var item in catalogue.GetProperty("items").EnumerateArray())
        {
            var name = item.GetProperty("name").GetString()!;
            names.Add(name);
            var applies = item.GetProperty("appliesTo").EnumerateArray().Select(a => a.GetString()!).ToList();
            foreach (var kind in applies.Count == 0 ? Map.Kinds : [.. applies])
            {
                ScenarioCatalogue.Add((name, kind));
            }
            if (applies.Contains(Map.GetResultKind))
            {
                // A refusal answers the call instead of creating a journey: RefusalsAsync runs it.
                names.Remove(name);
            }
        }

        var face = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var turn = _turn++;
            var variant = Variants[turn % Variants.Length];
            var account = (turn % 4) switch { 0 or 1 => callbacks, 2 => sha256, _ => sha512 };
            var how = turn % 3;
            string? callbackUrl = account == callbacks ? (turn % 2 == 0 ? CallbackOk : CallbackFailing) + "t" + turn : null;
            if (callbackUrl?.StartsWith(CallbackFailing, StringComparison.Ordinal) == true)
            {
                FailingUrls.Add(callbackUrl);
            }
            if (how == 2)
            {
                await sim.Control.QueueOutcomeAsync(name, account.AccessKey);
            }
            var generated = Ok(await account.CallAsync(Map.Prefix + variant, JourneyBody(variant, ("callbackUrl", callbackUrl)), how == 1 ? [("X-Simulator-Scenario", name)] : []));
            var signatureId = generated.GetProperty("data").GetProperty("signatureId").GetString()!;
            var url = new Uri(generated.GetProperty("data").GetProperty("url").GetString()!);
            Ok(await account.ResultAsync(signatureId));
            (await account.SendAsync("GET", url.PathAndQuery, null, null)).Status.Should().Be(200);
            await account.JourneyAsync(signatureId, new { action = "open" });
            Ok(await account.ResultAsync(signatureId, "BASE64"));
            var submitted = await account.JourneyAsync(signatureId, how == 0 ? new { action = "submit", scenario = name, face = "face-" + turn % 2 } : (object)new { action = "submit", face = "face-" + turn % 2 });
            submitted.GetProperty("scenario").GetString().Should().Be(name, "the scenario was chosen by {0}", how switch { 0 => "the submit", 1 => "the header", _ => "a queued outcome" });
            Ok(await account.ResultAsync(signatureId));
            Ok(await account.ResultAsync(signatureId, "BASE64"));
            await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(Processing), account.AccessKey);
            var final = Ok(await account.ResultAsync(signatureId)).GetProperty("data");
            Ok(await account.ResultAsync(signatureId, "BASE64"));
            var overall = final.GetProperty("overallResult").GetString()!;
            ScenarioRuns[(name, Map.Journey)] = $"{variant}: {overall} {final.GetProperty("errorCode").GetString()}";
            Expect(signatureId, callbackUrl ?? (account == sha256 ? WebhookOk : WebhookFailing), overall == "INCOMPLETE" ? ["SUBMIT_COMPLETED"] : ["SUBMIT_COMPLETED", "COMPLETED"]);
            if (FaceVariants.Contains(variant) && account == callbacks)
            {
                face[signatureId] = overall;
            }
            if (name == "PASS")
            {
                await ImagesAsync(account, final);
            }
        }

        // Face search: a passed face transaction (with others of the same face), one that did not pass.
        foreach (var (signatureId, overall) in face)
        {
            Code(await callbacks.CallAsync(Map.FaceSearch, new { signatureId }), overall == "PASS" ? "SUCCESS" : "PARAMETER_ERROR");
        }
        foreach (var turn in Enumerable.Range(0, 3))
        {
            var passed = await JourneyAsync(callbacks, "generate-ekyc-verification-url", "PASS", "same-face");
            if (turn > 0)
            {
                Ok(await callbacks.CallAsync(Map.FaceSearch, new { signatureId = passed }));
            }
        }
        var documentOnly = await JourneyAsync(callbacks, "generate-document-verification-url", "PASS", null);
        Code(await callbacks.CallAsync(Map.FaceSearch, new { signatureId = documentOnly }), "PARAMETER_ERROR");
        Code(await callbacks.CallAsync(Map.FaceSearch, new { signatureId = "0123456789abcdef" }), "PARAMETER_ERROR");
        Code(await callbacks.CallAsync(Map.FaceSearch, new { }), "PARAMETER_ERROR");
        Code(await callbacks.CallAsync(Map.FaceSearch, new { signatureId = 7 }), "CLIENT_ERROR", 400);

        // Abandon, the user timeout, and the page of each; no notices for either.
        foreach (var variant in Variants)
        {
            var abandoned = await GenerateAsync(callbacks, variant, CallbackOk + "abandon-" + variant);
            await callbacks.JourneyAsync(abandoned, new { action = "abandon" });
            Ok(await callbacks.ResultAsync(abandoned));
            Ok(await callbacks.ResultAsync(abandoned, "BASE64"));
            Expect(abandoned, CallbackOk + "abandon-" + variant, []);
        }
        var timedOut = new List<string>();
        foreach (var variant in Variants)
        {
            timedOut.Add(await GenerateAsync(sha256, variant, null));
        }
        var opened = await GenerateAsync(sha256, "generate-ekyc-verification-url", null);
        await sha256.JourneyAsync(opened, new { action = "open" });
        await LongAdvanceAsync(sha256, TimeSpan.FromSeconds(UserTimeout + 1));
        foreach (var id in timedOut.Append(opened))
        {
            Ok(await sha256.ResultAsync(id));
            Ok(await sha256.ResultAsync(id, "BASE64"));
            (await sha256.SendAsync("GET", "/h5/idvs/" + id, null, null)).Status.Should().Be(200);
            Expect(id, WebhookOk, []);
        }
        (await callbacks.SendAsync("GET", "/h5/idvs/0123456789abcdef", null, null)).Status.Should().Be(404);
        var document = Ok(await callbacks.CallAsync(Map.Document, new { bizId = "doc", region = "PHL", frontImageBase64 = Image("no page") })).GetProperty("data").GetProperty("signatureId").GetString()!;
        (await callbacks.SendAsync("GET", "/h5/idvs/" + document, null, null)).Status.Should().Be(404);
    }

    /// <summary>get-result and clear-data beyond the journeys: unknown ids, bad input, clearing at each stage.</summary>
    private async Task ResultReadsAsync()
    {
        var account = await AccountAsync("tour-results");
        Code(await account.ResultAsync("0123456789abcdef"), "SIGNATURE_NOT_EXIST");
        Code(await account.CallAsync(Map.GetResult, new { }), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.GetResult, new { signatureId = "" }), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.GetResult, new { signatureId = "0123456789abcdef", returnImageType = "PNG" }), null);
        Code(await account.CallAsync(Map.GetResult, new { signatureId = 42 }), "CLIENT_ERROR", 400);
        Code(await account.SendAsync("POST", Map.GetResult, "", account.Token), "CLIENT_ERROR", 400);

        // Another account's transaction does not exist for this one.
        var other = await AccountAsync("tour-results-other");
        var foreign = await JourneyAsync(other, "generate-ekyc-verification-url", "PASS", null);
        Code(await account.ResultAsync(foreign), "SIGNATURE_NOT_EXIST");

        var pending = await GenerateAsync(account, "generate-ekyc-verification-url", null);
        var submitted = await GenerateAsync(account, "generate-liveness-detection-url", null);
        await account.JourneyAsync(submitted, new { action = "submit", scenario = "PASS" });
        Code(await account.ClearAsync(pending), "PARAMETER_ERROR");
        Code(await account.ClearAsync(submitted), "PARAMETER_ERROR");
        Code(await account.ClearAsync("0123456789abcdef"), "PARAMETER_ERROR");
        Code(await account.ClearAsync(""), "PARAMETER_ERROR");
        Code(await account.SendAsync("POST", Map.ClearData, null, account.Token), "PARAMETER_ERROR");
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(Processing), account.AccessKey);
        foreach (var id in new[] { submitted, await JourneyAsync(account, "generate-ekyc-verification-url", "ID_FORGERY_DETECTED", null) })
        {
            Ok(await account.ClearAsync(id));
            Ok(await account.ClearAsync(id));
            Ok(await account.ResultAsync(id));
            Ok(await account.ResultAsync(id, "BASE64"));
        }
    }

    private async Task DocumentApiAsync()
    {
        var account = await AccountAsync("tour-document");
        await ScenarioEachWayAsync(account, Map.DocumentApi, async (name, how, image, headers) =>
        {
            var body = new Dictionary<string, object?>
            {
                ["region"] = (how % 2) == 0 ? "PHL" : "THA",
                ["frontImageBase64"] = image,
                ["returnImageType"] = (how % 2) == 0 ? "URL" : "BASE64",
                ["bizId"] = "doc-" + how,
                ["userId"] = "doc-user",
            };
            if (how % 2 == 1)
            {
                body["backImageBase64"] = Image("back");
                body["docType"] = "TH-ID-N";
            }
            var answer = Ok(await account.CallAsync(Map.Document, body, headers)).GetProperty("data");
            return $"{answer.GetProperty("overallResult").GetString()} {answer.GetProperty("errorCode").GetString()}";
        });
        Ok(await account.CallAsync(Map.Document, new { bizId = "doc", region = "IDN", frontImageUrl = "https://merchant.example/ktp.jpg", solutionCode = "05", noForgeryDetect = true }));
        Ok(await account.CallAsync(Map.Document, new { bizId = "doc", region = "MYS", frontImageBase64 = Image("front"), backImageUrl = "https://merchant.example/back.jpg", docType = "MY-ID-MYKAD", returnImageType = "BASE64" }));
        Code(await account.CallAsync(Map.Document, new { bizId = "doc", frontImageBase64 = Image("no region") }), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.Document, new { region = "PHL", frontImageBase64 = Image("no bizId") }), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.Document, new { bizId = "doc", region = "PHL" }), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.Document, new { bizId = "doc", region = "PHL", frontImageBase64 = "@@not base64@@" }), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.Document, new { bizId = "doc", region = "PHL", frontImageUrl = "ftp://merchant.example/front.jpg" }), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.Document, new { bizId = "doc", region = "PHL", frontImageBase64 = Image("x"), solutionCode = "01" }), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.Document, new { bizId = "doc", region = "PHL", frontImageBase64 = Image("x"), docType = "XX-NOT-A-DOC" }), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.Document, new { bizId = "doc", region = "phl", frontImageBase64 = Image("x") }), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.Document, new { bizId = "doc", region = "PHL", frontImageBase64 = Image("x"), returnImageType = "PNG" }), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.Document, new { bizId = "doc", region = "PHL", frontImageBase64 = Image("x"), noForgeryDetect = "no" }), "CLIENT_ERROR", 400);
    }

    private async Task AddressAsync()
    {
        var account = await AccountAsync("tour-address");
        var started = new List<(string Id, string Name)>();
        await ScenarioEachWayAsync(account, Map.AddressVerification, async (name, how, image, headers) =>
        {
            var callbackUrl = how % 2 == 0 ? CallbackOk + "address-" + name : null;
            var body = AddressBody(("proofFileBase64", image), ("callbackUrl", callbackUrl));
            if (how % 2 == 1)
            {
                body.Remove("fullName");
                body["firstName"] = "Juan";
                body["lastName"] = "Dela Cruz";
            }
            var id = Ok(await account.CallAsync(Map.Address, body, headers)).GetProperty("data").GetProperty("signatureId").GetString()!;
            Ok(await account.ResultAsync(id));
            started.Add((id, name));
            if (callbackUrl is not null)
            {
                Expect(id, callbackUrl, ["COMPLETED"]);
            }
            return "started";
        });
        Ok(await account.CallAsync(Map.Address, AddressBody(("proofFileBase64", null), ("proofFileUrl", "https://merchant.example/bill.pdf"))));
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(Processing), account.AccessKey);
        foreach (var (id, name) in started)
        {
            var data = Ok(await account.ResultAsync(id)).GetProperty("data");
            Ok(await account.ResultAsync(id, "BASE64"));
            ScenarioRuns[(name, Map.AddressVerification)] = "result " + data.GetProperty("overallResult").GetString();
        }
        Ok(await account.ClearAsync(started[0].Id));
        Ok(await account.ResultAsync(started[0].Id));
        foreach (var field in new[] { "bizId", "userId", "region" })
        {
            Code(await account.CallAsync(Map.Address, AddressBody((field, null))), "PARAMETER_ERROR");
        }
        Code(await account.CallAsync(Map.Address, AddressBody(("proofFileBase64", null))), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.Address, AddressBody(("proofFileBase64", "@@"))), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.Address, AddressBody(("callbackUrl", "ftp://merchant.example/cb"))), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.Address, AddressBody(("region", "PH"))), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.Address, AddressBody(("bizCode", "no spaces allowed"))), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.Address, AddressBody(("fullName", new string('n', 201)))), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.Address, AddressBody(("issueDate", 20250101))), "CLIENT_ERROR", 400);
    }

    private async Task DatabaseIdAsync()
    {
        var account = await AccountAsync("tour-database");
        await ScenarioEachWayAsync(account, Map.DatabaseIdVerification, async (name, how, _, headers) =>
        {
            var body = how % 2 == 0 ? DatabaseBody() : DatabaseBody(("region", "NGA"), ("numberType", "BVN"), ("numberValue", "22222222222"));
            var data = Ok(await account.CallAsync(Map.DatabaseId, body, headers)).GetProperty("data");
            return data.GetRawText();
        }, markerInImage: false);
        foreach (var field in new[] { "bizId", "userId", "region", "numberType", "numberValue" })
        {
            Code(await account.CallAsync(Map.DatabaseId, DatabaseBody((field, null))), "PARAMETER_ERROR");
        }
        Code(await account.CallAsync(Map.DatabaseId, DatabaseBody(("numberType", "nik"))), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.DatabaseId, DatabaseBody(("numberType", "BVN"))), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.DatabaseId, DatabaseBody(("bizId", new string('b', 100)))), "PARAMETER_ERROR");
        Code(await account.CallAsync(Map.DatabaseId, DatabaseBody(("numberValue", 3174054509880002))), "CLIENT_ERROR", 400);
    }

    /// <summary>
    /// Each refusal of the catalogue (the scenarios that apply to get-result) on generate-*-url and get-result, by the
    /// X-Simulator-Scenario header and by a queued outcome: HTTP 200 with its code.
    /// </summary>
    private async Task RefusalsAsync()
    {
        var account = await AccountAsync("tour-refusals");
        var signatureId = await GenerateAsync(account, "generate-ekyc-verification-url", null);
        foreach (var (name, _) in ScenarioCatalogue.Where(p => p.Kind == Map.GetResultKind).ToList())
        {
            var code = name == "SERVER_ERROR" ? "ERROR" : name;
            for (var how = 0; how < 2; how++)
            {
                var variant = Variants[_turn++ % Variants.Length];
                if (how == 1)
                {
                    await sim.Control.QueueOutcomeAsync(name, account.AccessKey);
                }
                Code(await account.CallAsync(Map.Prefix + variant, JourneyBody(variant), how == 0 ? [("X-Simulator-Scenario", name)] : []), code);
                if (how == 1)
                {
                    await sim.Control.QueueOutcomeAsync(name, account.AccessKey);
                    Code(await account.ResultAsync(signatureId), code);
                }
                else
                {
                    Code(await account.SendAsync("POST", Map.GetResult, JsonSerializer.Serialize(new { signatureId }), account.Token, ("X-Simulator-Scenario", name)), code);
                }
            }
            (await sim.Control.GetAsync("outcomes?tenant=" + account.AccessKey)).GetProperty("queued").GetArrayLength().Should().Be(0, "the queued {0} was taken", name);
            ScenarioRuns[(name, Map.Journey)] = "generate-url refused " + code;
            ScenarioRuns[(name, Map.GetResultKind)] = "get-result refused " + code;
        }
        Ok(await account.ResultAsync(signatureId));
    }

    /// <summary>Injected 500, 503 and 429; an unknown path, a wrong method, a body over the limit.</summary>
    private async Task FaultsAndRoutingAsync()
    {
        var account = await AccountAsync("tour-faults");
        await sim.Control.PostAsync("faults", new { path = Map.GetResult, status = 500, count = 1, tenant = account.AccessKey });
        Code(await account.ResultAsync("0123456789abcdef"), "ERROR", 500);
        await sim.Control.PostAsync("faults", new { path = Map.Prefix + "generate-url", status = 503, count = 1, tenant = account.AccessKey });
        Code(await account.CallAsync(Map.Prefix + "generate-url", JourneyBody("generate-url")), "SERVICE_BUSY", 503);
        await sim.Control.PostAsync("faults", new { path = Map.Document, status = 429, count = 1, tenant = account.AccessKey });
        Code(await account.CallAsync(Map.Document, new { bizId = "doc", region = "PHL", frontImageBase64 = Image("busy") }), "SERVICE_BUSY", 429);

        Code(await account.SendAsync("GET", "/no/such/endpoint", null, null), "CLIENT_ERROR", 404);
        Code(await account.SendAsync("POST", Map.Prefix + "no-such-call", "{}", account.Token), "CLIENT_ERROR", 404);
        Code(await account.SendAsync("GET", Map.GetResult, null, account.Token), "CLIENT_ERROR", 405);
        Code(await account.SendAsync("GET", Map.Token, null, null), "CLIENT_ERROR", 405);
        Code(await account.SendAsync("POST", "/h5/images/0123456789abcdef/front.jpg", "{}", null), "CLIENT_ERROR", 405);
        var huge = JsonSerializer.Serialize(new { bizId = "doc", region = "PHL", frontImageBase64 = Convert.ToBase64String(new byte[AdvanceAiSchemaMap.RequestBodyBytes]) });
        Code(await account.SendAsync("POST", Map.Document, huge, account.Token), "CLIENT_ERROR", 413);
    }

    /// <summary>A link of the passed result downloads; a tampered or unknown one is 404; after the link's day it is 403.</summary>
    private async Task ImagesAsync(Account account, JsonElement final)
    {
        var links = new List<string>();
        Collect(final, links);
        links.Should().NotBeEmpty("a passed result has images: {0}", final.GetRawText());
        var path = new Uri(links[0]).PathAndQuery;
        (await account.SendAsync("GET", path, null, null)).MediaType.Should().Be("image/jpeg");
        Code(await account.SendAsync("GET", path.Replace("sign=", "sign=0", StringComparison.Ordinal), null, null), "CLIENT_ERROR", 404);
        Code(await account.SendAsync("GET", "/h5/images/0123456789abcdef/front.jpg?expires=1&sign=00", null, null), "CLIENT_ERROR", 404);
        Code(await account.SendAsync("GET", path.Replace("/front.jpg", "/selfie.jpg", StringComparison.Ordinal), null, null), "CLIENT_ERROR", 404);
        await LongAdvanceAsync(account, TimeSpan.FromDays(1));
        Code(await account.SendAsync("GET", path, null, null), "CLIENT_ERROR", 403);
    }

    private static void Collect(JsonElement element, List<string> links)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, links);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, links);
                }
                break;
            case JsonValueKind.String when element.GetString()!.Contains("/h5/images/", StringComparison.Ordinal):
                links.Add(element.GetString()!);
                break;
        }
    }

    /// <summary>
    /// Each scenario of the catalogue on one kind of call, chosen in turn by the X-Simulator-Scenario header, a
    /// queued outcome, and (where the call carries an image) the SIMULATOR:&lt;NAME&gt; marker in it.
    /// </summary>
    private async Task ScenarioEachWayAsync(Account account, string kind, Func<string, int, string, (string, string)[], Task<string>> run, bool markerInImage = true)
    {
        foreach (var (name, _) in ScenarioCatalogue.Where(p => p.Kind == kind).ToList())
        {
            var how = _turn++ % (markerInImage ? 3 : 2);
            if (how == 1)
            {
                await sim.Control.QueueOutcomeAsync(name, account.AccessKey);
            }
            var image = how == 2 ? Convert.ToBase64String([.. Jpeg, .. Encoding.ASCII.GetBytes($" SIMULATOR:{name} ")]) : Image("scenario " + name);
            var outcome = await run(name, how, image, how == 0 ? [("X-Simulator-Scenario", name)] : []);
            if (how == 1)
            {
                (await sim.Control.GetAsync("outcomes?tenant=" + account.AccessKey)).GetProperty("queued").GetArrayLength().Should().Be(0, "the queued {0} was taken", name);
            }
            ScenarioRuns.TryAdd((name, kind), outcome);
        }
    }

    /// <summary>Moves an account's clock past its token's hour, then gets it a new token.</summary>
    private async Task LongAdvanceAsync(Account account, TimeSpan by)
    {
        await sim.Control.AdvanceAsync(by, account.AccessKey);
        await account.AuthenticateAsync();
    }

    /// <summary>A hosted journey submitted with a scenario and processed: its signatureId.</summary>
    private async Task<string> JourneyAsync(Account account, string variant, string scenario, string? faceKey)
    {
        var id = await GenerateAsync(account, variant, null);
        await account.JourneyAsync(id, faceKey is null ? new { action = "submit", scenario } : new { action = "submit", scenario, face = faceKey });
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(Processing), account.AccessKey);
        Ok(await account.ResultAsync(id));
        return id;
    }

    private static async Task<string> GenerateAsync(Account account, string variant, string? callbackUrl) =>
        Ok(await account.CallAsync(Map.Prefix + variant, JourneyBody(variant, ("callbackUrl", callbackUrl)))).GetProperty("data").GetProperty("signatureId").GetString()!;

    private void Expect(string signatureId, string url, List<string> types) => ExpectedNotices[signatureId] = (url, types);

    private async Task<Account> AccountAsync(string accessKey, bool token = true)
    {
        var account = new Account(sim, accessKey, "secret-of-" + accessKey);
        await sim.Control.PostAsync("accounts", new { accessKey, secretKey = account.SecretKey });
        if (token)
        {
            await account.AuthenticateAsync();
        }
        _accounts.Add(account);
        return account;
    }

    private async Task<Account> WebhookAccountAsync(string accessKey, string url, string algorithm)
    {
        var account = await AccountAsync(accessKey);
        var secret = Convert.ToBase64String(Encoding.UTF8.GetBytes("webhook secret of " + accessKey));
        await sim.Control.PostAsync($"accounts/{accessKey}/webhook", new { url, secretKey = secret, algorithm });
        WebhookKeys[url] = (secret, algorithm);
        return account;
    }

    /// <summary>A variant's body with its required fields, then the changes (a null removes the field).</summary>
    private static Dictionary<string, object?> JourneyBody(string variant, params (string Name, object? Value)[] changes) =>
        Changed(Client.AdvanceAiClient.JourneyBody(variant, "order-" + Guid.NewGuid().ToString("N")[..8], "user-" + variant.Length), changes);

    /// <summary>Every optional field the variant reads.</summary>
    private static Dictionary<string, object?> Full(string variant)
    {
        var body = JourneyBody(variant, ("callbackUrl", CallbackOk + "full-" + variant), ("language", "en"), ("prefersColorScheme", "dark"), ("bizCode", "tour01"),
            ("iframeEnabled", true), ("ignoreFailWhenJump", true));
        switch (variant)
        {
            case "generate-ekyc-verification-url" or "generate-document-verification-url":
                body["docType"] = "TH-ID-N";
                body["region"] = "THA";
                body["productLevel"] = "PRO";
                break;
            case "generate-url":
                body["solutionCode"] = "03";
                break;
            case "generate-liveness-detection-url" or "generate-face-authentication-url":
                body["livenessType"] = "DISTANT_NEAR";
                break;
        }
        return body;
    }

    private static Dictionary<string, object?> AddressBody(params (string Name, object? Value)[] changes)
    {
        var body = new Dictionary<string, object?>
        {
            ["bizId"] = "address-" + Guid.NewGuid().ToString("N")[..8],
            ["userId"] = "address-user",
            ["region"] = "PHL",
            ["proofFileBase64"] = Image("utility bill"),
            ["issueDate"] = "2025-10-01",
            ["fullName"] = "Juan Dela Cruz",
            ["bizCode"] = "poa",
        };
        return Changed(body, changes);
    }

    private static Dictionary<string, object?> DatabaseBody(params (string Name, object? Value)[] changes)
    {
        var body = new Dictionary<string, object?>
        {
            ["bizId"] = "db-" + Guid.NewGuid().ToString("N")[..8],
            ["userId"] = "db-user",
            ["region"] = "IDN",
            ["numberType"] = "NIK",
            ["numberValue"] = "3174054509880002",
        };
        return Changed(body, changes);
    }

    /// <summary>The body with each change applied: a value set, a null removed.</summary>
    private static Dictionary<string, object?> Changed(Dictionary<string, object?> body, (string Name, object? Value)[] changes)
    {
        foreach (var (name, value) in changes)
        {
            if (value is null)
            {
                body.Remove(name);
            }
            else
            {
                body[name] = value;
            }
        }
        return body;
    }

    private static string Image(string text) => Convert.ToBase64String([.. Jpeg, .. Encoding.ASCII.GetBytes(" " + text + " " + Guid.NewGuid().ToString("N"))]);

    private static JsonElement Ok(Reply reply) => Code(reply, "SUCCESS").Json;

    /// <summary>The reply had <paramref name="status"/> and (when given) the envelope's <paramref name="code"/>; null: any code but SUCCESS.</summary>
    private static Reply Code(Reply reply, string? code, int status = 200)
    {
        reply.Status.Should().Be(status, "the body was {0}", reply.Text);
        var actual = reply.Json.GetProperty("code").GetString();
        if (code is null)
        {
            actual.Should().NotBe("SUCCESS", "the body was {0}", reply.Text);
        }
        else
        {
            actual.Should().Be(code, "the body was {0}", reply.Text);
        }
        return reply;
    }

    private static class Map
    {
        public const string Prefix = AdvanceAiSchemaMap.Prefix;
        public const string Token = AdvanceAiSchemaMap.Token;
        public const string GetResult = AdvanceAiSchemaMap.GetResult;
        public const string ClearData = AdvanceAiSchemaMap.ClearData;
        public const string FaceSearch = AdvanceAiSchemaMap.FaceSearch;
        public const string Document = AdvanceAiSchemaMap.Document;
        public const string Address = AdvanceAiSchemaMap.Address;
        public const string DatabaseId = AdvanceAiSchemaMap.DatabaseId;

        public const string Journey = "JOURNEY";
        public const string DocumentApi = "DOCUMENT_API";
        public const string AddressVerification = "ADDRESS_VERIFICATION";
        public const string DatabaseIdVerification = "DATABASE_ID";
        public const string GetResultKind = "GET_RESULT";

        public static readonly string[] Kinds = [Journey, DocumentApi, AddressVerification, DatabaseIdVerification];
    }

    /// <summary>One access key pair and its token: the calls an ADVANCE.AI backend makes.</summary>
    private sealed class Account(SimulatorHarness sim, string accessKey, string secretKey)
    {
        private readonly HttpClient _http = sim.CreateClient();

        public string AccessKey { get; } = accessKey;

        public string SecretKey { get; } = secretKey;

        public string? Token { get; private set; }

        public string Sign(string timestamp) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AccessKey + SecretKey + timestamp)));

        public async Task<long> NowMsAsync() => (await sim.Control.GetNowAsync(AccessKey)).ToUnixTimeMilliseconds();

        public async Task AuthenticateAsync(int? periodSecond = null)
        {
            var stamp = (await NowMsAsync()).ToString(CultureInfo.InvariantCulture);
            var body = new Dictionary<string, object> { ["accessKey"] = AccessKey, ["timestamp"] = stamp, ["signature"] = Sign(stamp) };
            if (periodSecond is { } period)
            {
                body["periodSecond"] = period;
            }
            Token = Ok(await TokenAsync(body)).GetProperty("data").GetProperty("token").GetString();
        }

        public Task<Reply> TokenAsync(object body) => SendAsync("POST", Map.Token, JsonSerializer.Serialize(body), null);

        public Task<Reply> CallAsync(string path, object body, params (string Name, string Value)[] headers) =>
            SendAsync("POST", path, JsonSerializer.Serialize(body), Token, headers);

        public Task<Reply> ResultAsync(string signatureId, string? returnImageType = null) =>
            CallAsync(Map.GetResult, returnImageType is null ? new { signatureId } : new { signatureId, returnImageType });

        public Task<Reply> ClearAsync(string signatureId) => SendAsync("POST", Map.ClearData + "?signatureId=" + Uri.EscapeDataString(signatureId), null, Token);

        public async Task<JsonElement> JourneyAsync(string signatureId, object action) => await sim.Control.PostAsync($"journeys/{signatureId}", action);

        public async Task<Reply> SendAsync(string method, string path, string? json, string? token, params (string Name, string Value)[] headers)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }
            if (token is not null)
            {
                request.Headers.TryAddWithoutValidation("X-ACCESS-TOKEN", token);
            }
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
            using var response = await _http.SendAsync(request);
            return new Reply((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.MediaType);
        }
    }
}
