using System.Net;
using Simulators.Testing;

namespace Simulators.Conformance;

/// <summary>
/// The engine's jobs, for a provider whose work runs on after the call (a verification that settles, a
/// journey the user submits) and sends webhooks: jobs settle on their tenant's clock, show in the jobs API,
/// go with a reset, fill the outbox, and a tenant's credential drives its own jobs only. A provider whose
/// calls all answer at once derives from <see cref="ProviderConformanceTests"/> alone.
/// </summary>
public abstract class JobConformanceTests : ProviderConformanceTests
{
    /// <summary>Asks for a job (a verification, an async extraction), whose webhooks go to <paramref name="webhookUrl"/>; the answer as it came.</summary>
    protected abstract Task<HttpResponseMessage> SendCreateJobAsync(HttpClient client, string? webhookUrl);

    /// <summary>Reads the id a successful create answer gives the job (the id its client knows it by).</summary>
    protected abstract Task<string> CreatedJobIdAsync(HttpResponseMessage response);

    /// <summary>What the provider answers while its outbox is full.</summary>
    protected abstract HttpStatusCode BusyStatus { get; }

    /// <summary>Webhooks one job sends by the time it is settled.</summary>
    protected abstract int WebhooksPerJob { get; }

    /// <summary>Creates a job and returns its id.</summary>
    protected async Task<string> CreateJobAsync(HttpClient client, string? webhookUrl = null)
    {
        using var response = await SendCreateJobAsync(client, webhookUrl);
        return await CreatedJobIdAsync(response);
    }

    /// <summary>The job's status as its client reads it, or null when the provider answers that it does not exist.</summary>
    protected abstract Task<string?> JobStatusAsync(HttpClient client, string id);

    /// <summary>The status a new job shows, and the one it shows once the clock has passed its end.</summary>
    protected abstract (string Running, string Settled) JobStatuses { get; }

    /// <summary>Seconds after which a new job is settled.</summary>
    protected virtual double SettledAfterSeconds => 3;

    /// <summary>The bad-input table's <c>{id}</c>: a job of the tenant's, whose webhooks go to a receiver.</summary>
    protected sealed override Task<string> BadInputSubjectAsync(HttpClient client) => CreateJobAsync(client, "https://receiver.example/hooks");

    [Fact]
    public async Task Job_TenantClockAdvanced_SettlesForThatTenantOnly()
    {
        var (first, firstTenant) = await NewTenantAsync("clock-a");
        var (second, _) = await NewTenantAsync("clock-b");
        var a = await CreateJobAsync(first);
        var b = await CreateJobAsync(second);

        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(SettledAfterSeconds + 1), firstTenant);

        (await JobStatusAsync(first, a)).Should().Be(JobStatuses.Settled);
        (await JobStatusAsync(second, b)).Should().Be(JobStatuses.Running);
    }

    [Fact]
    public async Task JobsApi_ListGetAndForce_ShowTheJobItsStepsAndItsWebhooks()
    {
        var (client, tenant) = await NewTenantAsync("jobs");
        var id = await CreateJobAsync(client, "https://receiver.example/hooks");
        var listed = await Sim.Control.GetAsync($"jobs?tenant={Uri.EscapeDataString(tenant)}");
        var item = listed.GetProperty("items").EnumerateArray().Should().ContainSingle().Subject;
        item.GetProperty("tenant").GetString().Should().Be(await TenantIdAsync(tenant));
        item.GetProperty("subject").GetString().Should().Be(id);
        item.GetProperty("settled").GetBoolean().Should().BeFalse();
        (await Sim.Control.GetAsync($"jobs?tenant={Uri.EscapeDataString(tenant)}&status=settled")).GetProperty("total").GetInt32().Should().Be(0);

        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(SettledAfterSeconds + 1), tenant);
        var job = await Sim.Control.GetAsync($"jobs/{Uri.EscapeDataString(id)}?tenant={Uri.EscapeDataString(tenant)}");
        job.GetProperty("settled").GetBoolean().Should().BeTrue();
        job.GetProperty("steps").EnumerateArray().Should().NotBeEmpty().And.OnlyContain(s => s.GetProperty("reached").GetBoolean());
        job.GetProperty("deliveries").EnumerateArray().Should().NotBeEmpty().And.OnlyContain(d => d.GetProperty("state").GetString() == "delivered");
        Sim.Webhooks.Received.Should().NotBeEmpty();
    }

    [Fact]
    public async Task ResetTenant_DropsThatTenantsJobsOnly()
    {
        var (first, firstTenant) = await NewTenantAsync("reset-a");
        var (second, _) = await NewTenantAsync("reset-b");
        var a = await CreateJobAsync(first);
        var b = await CreateJobAsync(second);

        await Sim.Control.ResetAsync(firstTenant);

        (await JobStatusAsync(first, a)).Should().BeNull();
        (await JobStatusAsync(second, b)).Should().Be(JobStatuses.Running);
    }

    [Fact]
    public async Task ResetAll_ClearsTenantsJournalSinkAndFaults()
    {
        var (client, _) = await NewTenantAsync("reset-all");
        var id = await CreateJobAsync(client);
        await Sim.Client.PostAsync(new Uri("/__simulator/sink/reset-test", UriKind.Relative), new StringContent("{}"));
        await Sim.Control.PostAsync("faults", new { path = "/never/matches", status = 500 });

        await Sim.Control.ResetAsync();

        (await Sim.Control.GetAsync("tenants")).GetProperty("total").GetInt32().Should().Be(0);
        (await Sim.Control.GetAsync("requests")).GetProperty("total").GetInt32().Should().Be(0);
        (await Sim.Control.GetAsync("sink")).GetProperty("items").GetArrayLength().Should().Be(0);
        (await Sim.Control.GetAsync("faults")).GetProperty("total").GetInt32().Should().Be(0);
        var (again, _) = await NewTenantAsync("reset-all");
        (await JobStatusAsync(again, id)).Should().BeNull();
    }

    [Fact]
    public async Task Outbox_MaxPendingReached_RefusesNewWorkWithWebhooksAndDropsNothing()
    {
        const string receiver = "https://receiver.example/hooks";
        await RestartAsync(o => o.Configuration["Webhooks:MaxPending"] = "2");
        Sim.Webhooks.Respond = _ => 503;
        var (client, tenant) = await NewTenantAsync("busy");
        await CreateJobAsync(client, receiver);
        await CreateJobAsync(client, receiver);
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(SettledAfterSeconds + 1), tenant);

        using (var refused = await SendCreateJobAsync(client, receiver))
        {
            await AssertErrorAsync(refused, BusyStatus);
        }
        await CreateJobAsync(client);
        var waiting = await Sim.Control.GetWebhooksAsync(tenant);
        waiting.Should().HaveCount(2 * WebhooksPerJob).And.OnlyContain(d => d.GetProperty("state").GetString() == "pending", "nothing already accepted is dropped");

        Sim.Webhooks.Respond = _ => 200;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(60), tenant);
        (await Sim.Control.GetWebhooksAsync(tenant)).Should().OnlyContain(d => d.GetProperty("state").GetString() == "delivered");
        await CreateJobAsync(client, receiver);
    }

    [Fact]
    public async Task Exposed_TenantCredential_DrivesItsOwnTenantAndNoOther()
    {
        await ExposeAsync();
        var (mine, myName) = await NewTenantAsync("own-a");
        var (theirs, theirName) = await NewTenantAsync("own-b");
        var myJob = await CreateJobAsync(mine);
        var theirJob = await CreateJobAsync(theirs);
        var me = await TenantIdAsync(myName);
        var them = await TenantIdAsync(theirName);

        // Its own clock, with no tenant named: that tenant only.
        (await CallAsync(mine, "POST", "clock/advance", new { seconds = SettledAfterSeconds + 1 })).Status.Should().Be(HttpStatusCode.OK);
        (await JobStatusAsync(mine, myJob)).Should().Be(JobStatuses.Settled);
        (await JobStatusAsync(theirs, theirJob)).Should().Be(JobStatuses.Running);

        // Another tenant, named or reached through a job id: refused or not found.
        var named = await CallAsync(mine, "POST", "clock/freeze", new { tenant = theirName });
        named.Status.Should().Be(HttpStatusCode.Forbidden);
        named.Body.GetProperty("error").GetString().Should().Be("forbidden");
        (await CallAsync(mine, "GET", $"jobs?tenant={Uri.EscapeDataString(them)}")).Status.Should().Be(HttpStatusCode.Forbidden);
        (await CallAsync(mine, "GET", $"jobs/{theirJob}")).Status.Should().Be(HttpStatusCode.NotFound);
        var scenario = (await Sim.Control.GetAsync("scenarios")).GetProperty("items").EnumerateArray().First().GetProperty("name").GetString();
        (await CallAsync(mine, "POST", $"jobs/{theirJob}/outcome", new { scenario })).Status.Should().Be(HttpStatusCode.NotFound);

        // Lists show its own things only.
        var jobs = (await CallAsync(mine, "GET", "jobs")).Body.GetProperty("items").EnumerateArray().ToList();
        jobs.Should().NotBeEmpty().And.OnlyContain(j => j.GetProperty("tenant").GetString() == me);
        var requests = (await CallAsync(mine, "GET", "requests")).Body.GetProperty("items").EnumerateArray().ToList();
        requests.Should().NotBeEmpty().And.OnlyContain(r => r.GetProperty("tenant").GetString() == me);

        // Simulator-wide calls need the token.
        foreach (var (method, path) in new[] { ("GET", "tenants"), ("GET", "credentials"), ("GET", "sink"), ("DELETE", "sink") })
        {
            (await CallAsync(mine, method, path)).Status.Should().Be(HttpStatusCode.Forbidden, $"{method} {path} is simulator-wide");
        }

        // Its reset resets itself, not the simulator.
        var reset = await CallAsync(mine, "POST", "reset");
        reset.Status.Should().Be(HttpStatusCode.OK);
        (await Sim.Control.GetAsync($"jobs/{theirJob}")).GetProperty("subject").GetString().Should().Be(theirJob);
        (await Sim.Control.GetAsync($"jobs?tenant={Uri.EscapeDataString(me)}")).GetProperty("total").GetInt32().Should().Be(0);
    }
}
