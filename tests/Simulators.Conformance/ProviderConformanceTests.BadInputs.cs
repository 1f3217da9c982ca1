using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Simulators.Core.Hosting;

namespace Simulators.Conformance;

/// <summary>
/// The bad-input table: every route the simulator registered (found in its endpoint data source, so
/// a new provider joins by mapping its routes), provider and control API alike, gets a fixed table of
/// bad inputs. None may answer a 5xx (the table forces no scenario or fault); every error is in the
/// provider's own shape (the control API's <c>{"error","message"}</c> under <c>/__simulator/</c>); and
/// the simulator still answers afterwards.
/// </summary>
public abstract partial class ProviderConformanceTests
{
    private static readonly string[] ControlQueryParameters = ["tenant", "seconds", "kind", "status", "limit", "method", "path", "subject"];

    /// <summary>
    /// Valid bodies for the provider's calls (by <c>"METHOD /pattern"</c>, its control extras included) and
    /// plausible route parameter values (by name), for the table to spoil; <paramref name="jobId"/> is a job
    /// of <paramref name="tenant"/>'s. Fields are also read from the provider's request schemas; without
    /// either, a route still gets every body-level bad input.
    /// </summary>
    protected virtual Task<BadInputBaseline> BadInputBaselineAsync(HttpClient client, string tenant, string jobId) => Task.FromResult(BadInputBaseline.Empty);

    /// <summary>An id of one of the tenant's things (a job, a record) for the table's <c>{id}</c> and the provider's baseline.</summary>
    protected abstract Task<string> BadInputSubjectAsync(HttpClient client);

    /// <summary>The query parameters the provider's routes read.</summary>
    protected virtual IReadOnlyList<string> QueryParameters => [];

    [Fact]
    public async Task BadInputs_EveryProviderRoute_AnswerInTheProvidersShapeNeverA5xx()
    {
        var (client, tenant) = await NewTenantAsync("bad-input");
        var baseline = await BaselineAsync(client, tenant);
        var routes = DiscoveredRoute.Of(Sim.Services).Where(r => !r.IsControl).ToList();
        routes.Should().NotBeEmpty();
        var fields = RequestSchemaFields.For(Sim.Services.GetRequiredService<ModuleDefinition>().Module.Id);

        var table = routes.SelectMany(r => BadInputTable.For(r, baseline, fields.GetValueOrDefault(r.Template, []), QueryParameters, eachQueryParameterAlone: true)).ToList();
        var failures = await RunAsync(client, table, r => AssertErrorAsync(r, r.StatusCode));
        var anonymous = routes.SelectMany(r => BadInputTable.Unauthenticated(r, baseline)).ToList();
        failures.AddRange(await RunAsync(Sim.Client, anonymous, r => AssertErrorAsync(r, r.StatusCode)));

        Report(failures, table.Count + anonymous.Count);
        await AssertStillAnswersAsync();
    }

    [Fact]
    public async Task BadInputs_EveryControlRoute_AnswerInTheControlShapeNeverA5xx()
    {
        var (client, tenant) = await NewTenantAsync("bad-control");
        var baseline = await BaselineAsync(client, tenant);
        var routes = DiscoveredRoute.Of(Sim.Services).Where(r => r.IsControl).ToList();
        routes.Should().NotBeEmpty();

        var table = routes.SelectMany(r => BadInputTable.For(r, baseline, [], ControlQueryParameters, eachQueryParameterAlone: false)).ToList();
        var failures = await RunAsync(Sim.Control.Http, table, AssertControlErrorAsync);

        Report(failures, table.Count);
        // The table may have left faults, odd clocks and credentials behind: start afresh, then a normal call.
        await Sim.Control.ResetAsync();
        await AssertStillAnswersAsync();
    }

    private async Task<BadInputBaseline> BaselineAsync(HttpClient client, string tenant)
    {
        var job = await BadInputSubjectAsync(client);
        var scenario = await AnyScenarioAsync();
        string Body(object value) => JsonSerializer.Serialize(value);
        var engine = new BadInputBaseline(
            new Dictionary<string, string>
            {
                ["POST /__simulator/reset"] = Body(new { tenant }),
                ["POST /__simulator/clock/freeze"] = Body(new { tenant }),
                ["POST /__simulator/clock/resume"] = Body(new { tenant }),
                ["POST /__simulator/clock/advance"] = Body(new { seconds = 1, tenant }),
                ["POST /__simulator/outcomes"] = Body(new { scenario, tenant, count = 1 }),
                ["POST /__simulator/jobs/{id}/outcome"] = Body(new { scenario, tenant }),
                ["POST /__simulator/webhooks/{id}/replay"] = Body(new { tenant }),
                ["POST /__simulator/faults"] = Body(new { path = "/never/matches", method = "GET", status = 500, count = 1, probability = 0.5, tenant }),
            },
            new Dictionary<string, string> { ["id"] = job, ["name"] = "bad-input" });
        return engine.With(await BadInputBaselineAsync(client, tenant, job));
    }

    private static async Task<List<string>> RunAsync(HttpClient client, IReadOnlyList<BadInput> table, Func<HttpResponseMessage, Task> assertError)
    {
        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(table, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (input, _) =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                using var request = input.Request();
                using var response = await client.SendAsync(request, timeout.Token);
                if ((int)response.StatusCode >= 500)
                {
                    var text = await response.Content.ReadAsStringAsync(timeout.Token);
                    failures.Add($"{input}: {(int)response.StatusCode} {(text.Length > 300 ? text[..300] : text)}");
                }
                else if ((int)response.StatusCode >= 400)
                {
                    await assertError(response);
                }
                else if (input.Unreadable)
                {
                    failures.Add($"{input}: {(int)response.StatusCode}, but this body cannot be read");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{input}: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")} @ {ex.StackTrace?.Split(Environment.NewLine)[0].Trim()}");
            }
        });
        return [.. failures.Order(StringComparer.Ordinal)];
    }

    private static void Report(List<string> failures, int sent)
    {
        if (failures.Count > 0)
        {
            Assert.Fail($"{failures.Count} of {sent} bad inputs were answered wrongly:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(80))}");
        }
    }

    /// <summary>The control API's error shape: <c>{"error": "snake_case", "message": "..."}</c>.</summary>
    private static async Task AssertControlErrorAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement;
        body.ValueKind.Should().Be(JsonValueKind.Object, text);
        body.GetProperty("error").GetString().Should().MatchRegex(@"\A[a-z_]+\z", text);
        body.GetProperty("message").GetString().Should().NotBeNullOrWhiteSpace(text);
    }

    /// <summary>The simulator is alive: health answers, and a normal call of a new tenant succeeds.</summary>
    private async Task AssertStillAnswersAsync()
    {
        (await Sim.Control.GetAsync("health")).GetProperty("status").GetString().Should().Be("ok");
        var (client, _) = await NewTenantAsync("still-alive");
        using var response = await client.SendAsync(FaultTarget.Request());
        response.StatusCode.Should().BeOneOf([HttpStatusCode.OK, HttpStatusCode.Created], await response.Content.ReadAsStringAsync());
    }
}
