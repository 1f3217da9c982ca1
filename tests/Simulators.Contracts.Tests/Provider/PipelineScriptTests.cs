using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Simulators.Contracts.Tests.Provider;

/// <summary>
/// The scripts a user's pipeline runs, run for real. <c>contracts/publish-pacts.sh</c>: the official pact
/// CLI publishes every committed pact to a stand-in broker on loopback, which answers the two calls a
/// broker answers (the HAL index, <c>POST /contracts/publish</c>) and keeps what it was sent.
/// <c>contracts/verify-provider.sh</c>: the official verifier against a sandbox URL, with credentials
/// from the environment.
/// </summary>
public sealed class PipelineScriptTests
{
    private static readonly string Script = Path.Combine(Repository.Root, "contracts", "publish-pacts.sh");

    [Fact]
    public async Task PublishScript_ToABroker_SendsEveryPactWithTheVersionBranchAndToken()
    {
        await using var broker = await StandInBroker.StartAsync();

        var (code, output) = await RunAsync(new()
        {
            ["PACT_BROKER_BASE_URL"] = broker.Url,
            ["PACT_BROKER_TOKEN"] = "broker-token-123",
            ["PACT_CONSUMER_VERSION"] = "1.2.3",
            ["PACT_CONSUMER_BRANCH"] = "feature/x",
        });

        code.Should().Be(0, output);
        var files = Directory.GetFiles(Path.Combine(Repository.Root, "contracts", "pacts"), "*.json");
        broker.Published.Should().HaveCount(files.Length, output);
        broker.Authorizations.Should().OnlyContain(a => a == "Bearer broker-token-123");
        foreach (var file in files)
        {
            using var pact = JsonDocument.Parse(File.ReadAllText(file));
            var consumer = pact.RootElement.GetProperty("consumer").GetProperty("name").GetString();
            var provider = pact.RootElement.GetProperty("provider").GetProperty("name").GetString();
            var sent = broker.Published.Where(p => p.Contract.GetProperty("consumerName").GetString() == consumer && p.Contract.GetProperty("providerName").GetString() == provider).ToList();
            sent.Should().ContainSingle($"{Path.GetFileName(file)} is published once");
            var body = sent[0];
            body.Request.GetProperty("pacticipantVersionNumber").GetString().Should().Be("1.2.3");
            body.Request.GetProperty("branch").GetString().Should().Be("feature/x");
            using var content = JsonDocument.Parse(Convert.FromBase64String(body.Contract.GetProperty("content").GetString()!));
            content.RootElement.GetProperty("interactions").GetArrayLength().Should().Be(pact.RootElement.GetProperty("interactions").GetArrayLength(), file);
        }
    }

    [Fact]
    public async Task PublishScript_WithoutABrokerUrl_StopsSayingWhatToSet()
    {
        var (code, output) = await RunAsync(new());

        code.Should().NotBe(0);
        output.Should().Contain("PACT_BROKER_BASE_URL");
    }

    [Fact]
    public async Task VerifyScript_AgainstASandboxUrl_PassesAndItsCredentialsReplaceTheRecordedOnes()
    {
        await using var sim = await Simulators.Testing.SimulatorHarness.StartVerihubsAsync(o => o.ListenOnLoopback = true);
        var url = sim.BaseAddress.ToString().TrimEnd('/');
        string[] args = ["verihubs", url, "--state-change-url", url + "/__simulator/provider-states"];

        var (code, output) = await RunAsync(Path.Combine(Repository.Root, "contracts", "verify-provider.sh"), new(), args);
        code.Should().Be(0, output);

        var (refused, refusedOutput) = await RunAsync(Path.Combine(Repository.Root, "contracts", "verify-provider.sh"), new() { ["VERIHUBS_API_KEY"] = "not-the-sandbox-key" }, args);
        refused.Should().NotBe(0, "a wrong API-Key sent on every request fails the interactions that need the right one");
        refusedOutput.Should().Contain("401");
    }

    [Fact]
    public async Task VerifyScript_AgainstASandboxWithAControlToken_NeedsItForTheProviderStates()
    {
        const string Token = "pipeline-control-token-0123";
        await using var sim = await Simulators.Testing.SimulatorHarness.StartVerihubsAsync(o =>
        {
            o.ListenOnLoopback = true;
            o.Configuration["Sandbox:ControlToken"] = Token;
        });
        var url = sim.BaseAddress.ToString().TrimEnd('/');
        string[] args = ["verihubs", url, "--state-change-url", url + "/__simulator/provider-states"];
        var script = Path.Combine(Repository.Root, "contracts", "verify-provider.sh");

        var (withoutToken, refusedOutput) = await RunAsync(script, new(), args);
        withoutToken.Should().NotBe(0);
        refusedOutput.Should().Contain("state change").And.Contain("401");

        var (withToken, output) = await RunAsync(script, new() { ["SIMULATOR_CONTROL_TOKEN"] = Token }, args);
        withToken.Should().Be(0, output);
    }

    private static Task<(int ExitCode, string Output)> RunAsync(Dictionary<string, string> environment) => RunAsync(Script, environment);

    private static Task<(int ExitCode, string Output)> RunAsync(string script, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("PACT_", StringComparison.Ordinal) || k.EndsWith("_API_KEY", StringComparison.Ordinal) || k.EndsWith("_TOKEN", StringComparison.Ordinal) || k.EndsWith("_APP_ID", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return PactTools.RunProcessAsync(start, TimeSpan.FromSeconds(60));
    }

    private sealed class StandInBroker : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private StandInBroker(WebApplication app) => _app = app;

        public string Url => _app.Urls.First();

        public ConcurrentQueue<(JsonElement Request, JsonElement Contract)> Published { get; } = new();

        public ConcurrentQueue<string> Authorizations { get; } = new();

        public static async Task<StandInBroker> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var broker = new StandInBroker(app);
            app.MapGet("/", (HttpContext http) =>
            {
                broker.Authorizations.Enqueue(http.Request.Headers.Authorization.ToString());
                var links = new { _links = new Dictionary<string, object> { ["self"] = new { href = broker.Url }, ["pb:publish-contracts"] = new { href = broker.Url + "/contracts/publish" } } };
                return Results.Text(JsonSerializer.Serialize(links), "application/hal+json", Encoding.UTF8);
            });
            app.MapPost("/contracts/publish", async (HttpContext http) =>
            {
                broker.Authorizations.Enqueue(http.Request.Headers.Authorization.ToString());
                using var body = await JsonDocument.ParseAsync(http.Request.Body);
                foreach (var contract in body.RootElement.GetProperty("contracts").EnumerateArray())
                {
                    broker.Published.Enqueue((body.RootElement.Clone(), contract.Clone()));
                }
                return Results.Text("""{"notices":[{"type":"success","text":"published"}],"_embedded":{"pacticipant":{"name":"consumer","_links":{}},"version":{"number":"1","_links":{}}},"_links":{}}""", "application/hal+json", Encoding.UTF8);
            });
            await app.StartAsync();
            return broker;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
