using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.Contracts.Tests.Http;

/// <summary>
/// Every request of every <c>contracts/http/*.http</c> file, in order, against a fresh simulator: the
/// status it expects (any 2xx unless <c># @expect</c> says), and each <c># @assert</c> on its JSON body.
/// </summary>
public sealed class HttpFileTests
{
    private static readonly string Folder = Path.Combine(Repository.Root, "contracts", "http");

    public static TheoryData<string> Files() => [.. Directory.GetFiles(Folder, "*.http").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal)];

    [Fact]
    public void Folder_HasAFilePerProvider()
    {
        Directory.GetFiles(Folder, "*.http").Select(Path.GetFileNameWithoutExtension).Should().BeEquivalentTo(["advanceai", "anycheck", "verifik", "verihubs"]);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task HttpFile_EveryRequestInOrder_AnswersWhatItExpects(string provider)
    {
        var file = HttpFile.Read(Path.Combine(Folder, provider + ".http"));
        file.Requests.Should().HaveCountGreaterThanOrEqualTo(5, "the file walks the provider's main flow");
        file.Variables.Should().ContainKey("baseUrl");
        await using var sim = await Start(provider);
        var overrides = await Overrides(provider, sim, file);

        var ran = await RunAsync(file, sim, overrides);

        ran.Should().Be(file.Requests.Count);
    }

    [Fact]
    public async Task HttpFile_AnAssertThatDoesNotHold_Fails()
    {
        var path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.http");
        await File.WriteAllTextAsync(path, """
            @baseUrl = http://127.0.0.1:5101

            ### Log in
            # @assert $.expires_in == nonsense
            POST {{baseUrl}}/auth/login
            Content-Type: application/json

            {"email": "sandbox@example.com", "password": "sandbox"}
            """);
        try
        {
            await using var sim = await SimulatorHarness.StartAnyCheckAsync();
            var run = async () => await RunAsync(HttpFile.Read(path), sim, Base(sim));

            (await run.Should().ThrowAsync<Exception>()).Which.Message.Should().Contain("nonsense");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<int> RunAsync(HttpFile file, SimulatorHarness sim, IReadOnlyDictionary<string, string> overrides)
    {
        var responses = new Dictionary<string, (HttpResponseMessage, string)>(StringComparer.Ordinal);
        var ran = 0;
        try
        {
            foreach (var request in file.Requests)
            {
                string Resolve(string text) => file.Resolve(text, overrides, responses);
                using var message = file.Message(request, Resolve);
                var response = await sim.Client.SendAsync(message);
                var body = await response.Content.ReadAsStringAsync();
                var where = $"{Path.GetFileName(file.Path)}:{request.Line} ({request.Title}) {request.Method} {message.RequestUri} answered {(int)response.StatusCode} {body}";
                if (request.Expect is { } expected)
                {
                    ((int)response.StatusCode).Should().Be(expected, where);
                }
                else
                {
                    response.IsSuccessStatusCode.Should().BeTrue(where);
                }
                foreach (var (path, value) in request.Asserts)
                {
                    HttpFile.Text(HttpFile.Select(JsonDocument.Parse(body).RootElement, path)).Should().Be(value, $"{path} of {where}");
                }
                if (request.Name is { } name)
                {
                    responses[name] = (response, body);
                }
                else
                {
                    response.Dispose();
                }
                ran++;
            }
        }
        finally
        {
            foreach (var (response, _) in responses.Values)
            {
                response.Dispose();
            }
        }
        return ran;
    }

    private static Task<SimulatorHarness> Start(string provider) => provider switch
    {
        "anycheck" => SimulatorHarness.StartAnyCheckAsync(),
        "verifik" => SimulatorHarness.StartVerifikAsync(),
        "advanceai" => SimulatorHarness.StartAdvanceAiAsync(),
        "verihubs" => SimulatorHarness.StartVerihubsAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "no simulator of that name"),
    };

    private static Dictionary<string, string> Base(SimulatorHarness sim) => new(StringComparer.Ordinal) { ["baseUrl"] = sim.BaseAddress.ToString().TrimEnd('/') };

    /// <summary>The base URL of the harness, and for ADVANCE.AI the signed timestamp a user computes by hand (the file says how).</summary>
    private static async Task<Dictionary<string, string>> Overrides(string provider, SimulatorHarness sim, HttpFile file)
    {
        var overrides = Base(sim);
        if (provider == "advanceai")
        {
            var accessKey = file.Variables["accessKey"];
            var timestamp = (await sim.Control.GetNowAsync(accessKey)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            overrides["timestamp"] = timestamp;
            overrides["signature"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(accessKey + "sandbox-secret-key" + timestamp)));
        }
        return overrides;
    }
}
