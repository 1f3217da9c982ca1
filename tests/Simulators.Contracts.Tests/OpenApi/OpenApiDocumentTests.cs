using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Simulators.Contracts.Tests.Schemas;
using Simulators.Core.Control;
using Simulators.Testing;
using Xunit.Abstractions;

namespace Simulators.Contracts.Tests.OpenApi;

/// <summary>
/// <c>contracts/openapi/&lt;provider&gt;.json</c> against its table, its simulator's routes, what the simulator
/// answers and the document it serves at <c>/__simulator/openapi.json</c>.
/// Set <c>OPENAPI_WRITE=1</c> to rewrite the committed documents from their tables.
/// </summary>
public sealed partial class OpenApiDocumentTests(ITestOutputHelper output)
{
    public static TheoryData<string> Providers => [.. OpenApiProvider.All.Select(p => p.Id)];

    [Theory]
    [MemberData(nameof(Providers))]
    public void CommittedDocument_ComparedWithItsTable_IsTheSame(string id)
    {
        var provider = OpenApiProvider.Get(id);
        var expected = OpenApiDocumentBuilder.Text(provider);
        if (Environment.GetEnvironmentVariable("OPENAPI_WRITE") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(provider.DocumentPath)!);
            File.WriteAllText(provider.DocumentPath, expected);
        }
        File.Exists(provider.DocumentPath).Should().BeTrue("{0} is committed (OPENAPI_WRITE=1 writes it)", provider.DocumentPath);
        File.ReadAllText(provider.DocumentPath).ReplaceLineEndings("\n").Should().Be(expected, "the document is generated from the coverage table; rerun with OPENAPI_WRITE=1 after changing the table");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Document_EveryRegisteredRoute_IsAnOperationAndEveryOperationARoute(string id)
    {
        var contract = OpenApiContract.Load(OpenApiProvider.Get(id));
        await using var sim = await StartAsync(id);
        var registered = RegisteredOperations(sim.Services);
        output.WriteLine(string.Join("\n", registered.Order()));
        // Parameter names aside: the document keeps the provider's own ({group_id}), the code may name it otherwise.
        var documented = contract.Operations.Select(o => $"{o.Method} {ParameterNames().Replace(o.Path, "{}")}").ToHashSet(StringComparer.Ordinal);

        registered.Should().NotBeEmpty();
        registered.Except(documented).Should().BeEmpty("every provider route the simulator maps is in {0}.json", id);
        documented.Except(registered).Should().BeEmpty("every operation of {0}.json is a route the simulator maps", id);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ServedDocument_ComparedWithCommittedFile_IsItBundledWithItsOwnServer(string id)
    {
        var provider = OpenApiProvider.Get(id);
        await using var sim = await StartAsync(id);
        using var response = await sim.Client.GetAsync(new Uri("/__simulator/openapi.json", UriKind.Relative));
        ((int)response.StatusCode).Should().Be(200);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        var server = sim.BaseAddress.ToString().TrimEnd('/');
        var committed = JsonNode.Parse(File.ReadAllText(provider.DocumentPath))!.AsObject();
        var expected = OpenApiBundle.Bundle(committed, path => JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, path))), server);

        ((string)served["servers"]![0]!["url"]!).Should().Be(server);
        JsonNode.DeepEquals(served, expected).Should().BeTrue("the served document is the committed file with its schemas bundled in");
        var references = References(served).ToList();
        references.Should().NotBeEmpty().And.OnlyContain(r => r.StartsWith("#/", StringComparison.Ordinal), "the served document is self-contained");
        references.Where(r => Resolve(served, r) is null).Should().BeEmpty("every reference resolves within the served document");
        var components = (JsonObject)served["components"]!["schemas"]!;
        References(committed).Select(r => OpenApiBundle.NameOf(r.Split('#')[0])).Distinct().Should().OnlyContain(n => components.ContainsKey(n), "each schema file the document names is a component");
    }

    [Fact]
    public async Task ServedDocument_ControlTokenSet_IsOpenLikeHealth()
    {
        await using var sim = await SimulatorHarness.StartVerihubsAsync(o => o.Configuration["Sandbox:ControlToken"] = "openapi-test-control-token");
        using var document = await sim.Client.GetAsync(new Uri("/__simulator/openapi.json", UriKind.Relative));
        using var tenants = await sim.Client.GetAsync(new Uri("/__simulator/tenants", UriKind.Relative));

        ((int)tenants.StatusCode).Should().Be(401, "the rest of the control API needs the token");
        ((int)document.StatusCode).Should().Be(200, "the document holds no state and needs no token");
        JsonNode.Parse(await document.Content.ReadAsStringAsync())!["openapi"]!.GetValue<string>().Should().Be("3.1.0");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RealCalls_EveryOperationWithAndWithoutCredentials_MatchTheDocument(string id)
    {
        var contract = OpenApiContract.Load(OpenApiProvider.Get(id));
        await using var sim = await StartAsync(id);
        using var anonymous = sim.CreateClient();
        using var credentialed = Credentials(id) is { } headers ? sim.CreateClient(headers) : null;
        var sent = 0;
        foreach (var (method, template) in contract.Operations)
        {
            var path = string.Join('/', template.Split('/').Select(s => s.StartsWith('{') ? "openapi-probe" : s));
            var operation = contract.Operation(method, template);
            foreach (var client in new[] { anonymous, credentialed }.OfType<HttpClient>())
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
                if (operation["requestBody"] is not null)
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }
                using var answer = await client.SendAsync(request);
                sent++;
            }
        }

        sent += await SucceedAsync(id, sim);

        var calls = (await SchemaCoverage.ReadWholeJournalAsync(sim)).Where(c => !c.Path.StartsWith(ControlApi.Prefix, StringComparison.Ordinal)).ToList();
        calls.Should().HaveCount(sent, "the journal holds every call sent");
        var problems = new List<string>();
        foreach (var call in calls)
        {
            problems.AddRange(await contract.CheckAsync(call.Method, call.Path, call.Status, call.ContentType, call.Body));
        }
        output.WriteLine($"{calls.Count} calls, statuses: {string.Join(", ", calls.GroupBy(c => c.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}");
        problems.Should().BeEmpty();
    }

    /// <summary>
    /// The consumers' Pact interactions (verified against the simulators by the provider tests): each one's path,
    /// method and status is an operation's documented response. Their bodies are what each consumer reads, not
    /// whole answers, so they are not validated against the schemas (the real calls are).
    /// </summary>
    [Theory]
    [InlineData("anycheck", "ekyc-client-anycheck.json")]
    [InlineData("verifik", "ekyc-client-verifik.json")]
    [InlineData("advanceai", "ekyc-client-advance-ai.json")]
    [InlineData("verihubs", "ekyc-client-verihubs.json")]
    public void PactInteractions_EveryRecordedStatus_IsDocumented(string id, string pact)
    {
        var contract = OpenApiContract.Load(OpenApiProvider.Get(id));
        var interactions = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "contracts", "pacts", pact)))!["interactions"]!.AsArray();
        interactions.Should().NotBeEmpty();
        var problems = interactions.Select(i => (i!["description"], Found: contract.Find((string)i["request"]!["method"]!, (string)i["request"]!["path"]!, (int)i["response"]!["status"]!)))
            .Where(f => f.Found.Problem is not null)
            .Select(f => $"{f.Item1}: {f.Found.Problem}");
        problems.Should().BeEmpty();
    }

    internal static Task<SimulatorHarness> StartAsync(string id)
    {
        // The journal masks passwords, tokens and OTPs by default; checking their shapes needs them as sent.
        static void Unmasked(SimulatorHarnessOptions o) => o.Configuration["Journal:MaskSecretFields"] = "false";
        return id switch
        {
            "anycheck" => SimulatorHarness.StartAnyCheckAsync(Unmasked),
            "verifik" => SimulatorHarness.StartVerifikAsync(Unmasked),
            "advanceai" => SimulatorHarness.StartAdvanceAiAsync(Unmasked),
            _ => SimulatorHarness.StartVerihubsAsync(Unmasked),
        };
    }

    /// <summary>A few calls each provider answers with success, so that 2xx bodies are checked too; how many were sent.</summary>
    private static async Task<int> SucceedAsync(string id, SimulatorHarness sim)
    {
        using var client = Credentials(id) is { } headers ? sim.CreateClient(headers) : sim.CreateClient();
        (string Method, string Path, string? Body)[] calls = id switch
        {
            "anycheck" => [("GET", "/auth/methods", null), ("GET", "/services", null), ("GET", "/verifications?result_id=c2f1d3e4-5a6b-4c7d-8e9f-0a1b2c3d4e5f", null), ("POST", "/folders", """{"name":"openapi-probe"}""")],
            "verihubs" => [("POST", "/v2/ktp/extract", """{"image":"KTP"}"""), ("POST", "/ktp/id/extract-async", """{"image":"KTP_B","reference_id":"openapi-1"}"""),
                           ("GET", "/ktp/id/extract-async/result?reference_id=openapi-1", null)],
            "verifik" => [("POST", "/v2/projects/email-login?email=dev@example.com", null), ("POST", "/v2/projects/phone-login", """{"countryCode":"+1","phone":5551234567,"type":"login"}""")],
            _ => [],
        };
        foreach (var (method, path, body) in calls)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }
            using var answer = await client.SendAsync(request);
            ((int)answer.StatusCode).Should().BeInRange(200, 299, "{0} {1} succeeds: {2}", method, path, await answer.Content.ReadAsStringAsync());
        }
        if (id != "advanceai")
        {
            return calls.Length;
        }
        // ADVANCE.AI: a token signed as the docs say, then a journey and its pending result.
        var timestamp = sim.Services.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("sandbox-access-keysandbox-secret-key" + timestamp)));
        var token = await PostJsonAsync(client, AdvanceAiSchemaMap.Token, $$"""{"accessKey":"sandbox-access-key","timestamp":"{{timestamp}}","signature":"{{signature}}"}""");
        client.DefaultRequestHeaders.Add("X-ACCESS-TOKEN", (string)token["data"]!["token"]!);
        var journey = await PostJsonAsync(client, AdvanceAiSchemaMap.Prefix + "generate-ekyc-verification-url",
            """{"returnUrl":"https://merchant.example/ok","failReturnUrl":"https://merchant.example/fail","bizId":"openapi-1","userId":"user-1","region":"PHL"}""");
        var signatureId = (string)journey["data"]!["signatureId"]!;
        await PostJsonAsync(client, AdvanceAiSchemaMap.GetResult, $$"""{"signatureId":"{{signatureId}}"}""");
        using var page = await client.GetAsync(new Uri(AdvanceAiSchemaMap.JourneyPage.Replace("{signatureId}", signatureId, StringComparison.Ordinal), UriKind.Relative));
        ((int)page.StatusCode).Should().Be(200);
        return 4;
    }

    private static async Task<JsonNode> PostJsonAsync(HttpClient client, string path, string body)
    {
        using var answer = await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        var json = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        ((string?)json["code"]).Should().Be("SUCCESS", "{0} succeeds: {1}", path, json.ToJsonString());
        return json;
    }

    private static (string, string)[]? Credentials(string id) => id switch
    {
        "anycheck" => [("X-API-Key", "ak_test_openapi_probe")],
        "verihubs" => [("App-ID", "sandbox-app-id"), ("API-Key", "sandbox-api-key")],
        _ => null,
    };

    /// <summary>Every provider (METHOD, template) the endpoint data source lists, templates without constraints.</summary>
    private static HashSet<string> RegisteredOperations(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !(e.RoutePattern.RawText ?? "").StartsWith(ControlApi.Prefix, StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get, HttpMethods.Post]).Select(m => $"{m} {Template(e.RoutePattern)}"))
            .ToHashSet(StringComparer.Ordinal);

    private static string Template(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart => "{}",
            _ => "",
        }))));

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject obj => (obj["$ref"] is JsonValue v && v.TryGetValue<string>(out var r) ? [r] : Array.Empty<string>())
            .Concat(obj.Where(p => p.Key != "$ref").SelectMany(p => References(p.Value))),
        JsonArray array => array.SelectMany(References),
        _ => [],
    };

    private static JsonNode? Resolve(JsonNode root, string reference)
    {
        JsonNode? node = root;
        foreach (var token in reference[2..].Split('/'))
        {
            var name = Uri.UnescapeDataString(token).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject obj => obj[name],
                JsonArray array when int.TryParse(name, out var i) && i < array.Count => array[i],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }
        return node;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{[^}]*\}")]
    private static partial System.Text.RegularExpressions.Regex ParameterNames();
}
