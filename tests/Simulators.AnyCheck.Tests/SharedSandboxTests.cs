using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.AnyCheck.Tests;

/// <summary>What a shared sandbox must not give away: keys, passwords and tokens, in any control view or derived name.</summary>
public sealed class SharedSandboxTests : AnyCheckTest
{
    private const string SecretKey = "ak_test_secret_7f3a9c0d51b2";

    [Fact]
    public async Task OpenKey_IsItsOwnTenant_NamedByAStableLabelNotTheKey()
    {
        var api = new AnyCheckApi(Sim, SecretKey);
        var created = await api.CreateVerificationAsync(extra: ", \"webhook_url\": \"https://receiver.example/hook\"");
        var id = created.GetProperty("id").GetString()!;

        var tenant = (await Sim.Control.GetAsync($"outcomes?tenant={SecretKey}")).GetProperty("tenant").GetString();
        tenant.Should().MatchRegex("^key-[0-9a-f]{12}$");
        // The same on every run and machine: derived from the key alone.
        tenant.Should().Be((await Sim.Control.GetAsync($"outcomes?tenant={SecretKey}")).GetProperty("tenant").GetString());

        using var profile = await api.Http.GetAsync(new Uri("/profile", UriKind.Relative));
        var profileText = await profile.Content.ReadAsStringAsync();
        profile.StatusCode.Should().Be(HttpStatusCode.OK);
        profileText.Should().NotContain(SecretKey).And.Contain(tenant);

        await Sim.Control.AdvanceAsync(TimeSpan.FromMinutes(1), SecretKey);
        var verification = await api.GetVerificationAsync(id);
        verification.GetRawText().Should().NotContain(SecretKey);

        foreach (var read in new[] { "tenants", "requests", "webhooks", "jobs", "credentials", $"jobs/{id}", $"requests?tenant={SecretKey}", $"webhooks?tenant={SecretKey}", "balance?tenant=" + SecretKey })
        {
            (await Sim.Control.GetAsync(read)).GetRawText().Should().NotContain(SecretKey, $"GET /__simulator/{read} must not show the key");
        }
    }

    [Fact]
    public async Task Credentials_ListRegisteredKeysMasked_AndNotEveryOpenKeyEverUsed()
    {
        for (var i = 0; i < 25; i++)
        {
            using var response = await new AnyCheckApi(Sim, $"ak_test_load_{i}").Http.GetAsync(new Uri("/services", UriKind.Relative));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        var registered = await Sim.Control.PostAsync("api-keys", new { key = "partner-secret-key-1", tenant = "partner" });
        registered.GetProperty("key").GetString().Should().Be("partner-****");

        var credentials = await Sim.Control.GetCredentialsAsync();
        var keys = credentials.GetProperty("apiKeys").EnumerateArray().Select(k => k.GetProperty("key").GetString()).ToList();
        keys.Should().BeEquivalentTo("ak_test_sandbox", "partner-****");
        credentials.GetRawText().Should().NotContain("partner-secret-key-1").And.NotContain("ak_test_load_");
    }

    [Fact]
    public async Task ChangedDefaultSecrets_AreMaskedInTheCredentialsView()
    {
        await using var sim = await SimulatorHarness.StartAnyCheckAsync(o =>
        {
            o.Configuration["AnyCheck:DefaultApiKey"] = "ak_live_team_only_9c2e";
            o.Configuration["AnyCheck:DefaultPassword"] = "team-password-2026";
        });
        var text = (await sim.Control.GetCredentialsAsync()).GetRawText();
        text.Should().NotContain("ak_live_team_only_9c2e").And.NotContain("team-password-2026");
    }

    [Fact]
    public async Task ApiKeyAndLoginWithTheSameText_AreTwoTenants()
    {
        const string same = "ak_test_qa@bank.example";
        var key = await Sim.Control.PostAsync("api-keys", new { key = same });
        using var login = await Sim.Client.PostAsJsonAsync("/auth/login", new { email = same, password = "sandbox" });
        login.StatusCode.Should().Be(HttpStatusCode.OK);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();

        var byKey = await ProfileAsync(("X-API-Key", same));
        var byLogin = await ProfileAsync(("Authorization", "Bearer " + token));
        byKey.GetProperty("group").GetProperty("id").GetString()
            .Should().NotBe(byLogin.GetProperty("group").GetProperty("id").GetString());
        key.GetProperty("tenant").GetString().Should().NotBe(same);

        // A verification made with the key is not visible to the login.
        var created = await new AnyCheckApi(Sim, same).CreateVerificationAsync();
        using var asLogin = Sim.CreateClient(("Authorization", "Bearer " + token));
        using var read = await asLogin.GetAsync(new Uri($"/verifications/{created.GetProperty("id").GetString()}", UriKind.Relative));
        read.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Journal_MasksTheLoginPasswordAndTheTokensItAnswered()
    {
        using var login = await Sim.Client.PostAsJsonAsync("/auth/login", new { email = "sandbox@example.com", password = "sandbox" });
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        var journal = (await Sim.Control.GetAsync("requests?path=/auth/login")).GetRawText();
        journal.Should().NotContain(tokens.GetProperty("access_token").GetString()).And.NotContain(tokens.GetProperty("refresh_token").GetString());
        journal.Should().NotContain("\\u0022password\\u0022:\\u0022sandbox").And.NotContain("\"password\":\"sandbox\"");
    }

    private async Task<JsonElement> ProfileAsync((string Name, string Value) header)
    {
        using var client = Sim.CreateClient(header);
        using var response = await client.GetAsync(new Uri("/profile", UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

public sealed class SandboxLimitsTests : AnyCheckTest
{
    protected override void Configure(SimulatorHarnessOptions options)
    {
        options.Configuration["Limits:MaxCredentials"] = "4";
        options.Configuration["Limits:SinkBodyBytes"] = "1024";
        options.Configuration["Limits:SinkEntries"] = "3";
    }

    [Fact]
    public async Task RegisteredCredentials_StopAtTheLimit_With409_AndReplacingOneStillWorks()
    {
        // The default account and key take two of the four.
        await Sim.Control.PostAsync("api-keys", new { key = "team-key-0001" });
        await Sim.Control.PostAsync("accounts", new { email = "qa@bank.example", password = "pw" });
        using var refused = await Sim.Client.PostAsJsonAsync("/__simulator/api-keys", new { key = "team-key-0002" });
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("limit_reached");
        (await Sim.Control.PostAsync("api-keys", new { key = "team-key-0001", expired = true })).GetProperty("expired").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Sink_KeepsTheFirstBytesOfABody_MarksItTruncated_AndTheLatestEntriesOnly()
    {
        var big = new string('x', 5000);
        for (var i = 0; i < 5; i++)
        {
            using var posted = await Sim.Client.PostAsJsonAsync($"/__simulator/sink/hook{i}", new { big });
            posted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
        var items = (await Sim.Control.GetAsync("sink")).GetProperty("items").EnumerateArray().ToList();
        items.Should().HaveCount(3);
        items[0].GetProperty("path").GetString().Should().EndWith("hook4");
        items[0].GetProperty("truncated").GetBoolean().Should().BeTrue();
        items[0].GetProperty("length").GetInt64().Should().BeGreaterThan(5000);
        items[0].GetProperty("body").GetString()!.Length.Should().BeLessThanOrEqualTo(1024);
    }

    [Fact]
    public async Task ControlBody_LargerThanItsLimit_Is413InTheControlShape()
    {
        using var content = new StringContent("{\"tenant\":\"" + new string('a', 2 * 1024 * 1024) + "\"}", System.Text.Encoding.UTF8, "application/json");
        using var response = await Sim.Client.PostAsync(new Uri("/__simulator/outcomes", UriKind.Relative), content);
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("body_too_large");
    }
}

public sealed class UploadLimitTests : AnyCheckTest
{
    protected override void Configure(SimulatorHarnessOptions options) => options.Configuration["AnyCheck:MaxFilesPerTenant"] = "3";

    [Fact]
    public async Task Uploads_PastTheTenantsLimit_Are403QuotaExceeded_UntilTheTenantIsReset()
    {
        await Api.UploadAsync(AnyCheckApi.Jpeg, AnyCheckApi.Jpeg);
        await Api.UploadAsync(AnyCheckApi.Jpeg);
        using (var form = new MultipartFormDataContent { { new StringContent("VERIFICATION_INPUT_FILE"), "file_category" }, { new ByteArrayContent(AnyCheckApi.Jpeg), "files", "one-more.jpg" } })
        using (var refused = await Api.Http.PostAsync(new Uri("/uploads", UriKind.Relative), form))
        {
            await AnyCheckApi.ReadErrorAsync(refused, HttpStatusCode.Forbidden, "QUOTA_EXCEEDED");
        }
        // Another tenant is not affected; the same tenant after a reset uploads again.
        await new AnyCheckApi(Sim, "ak_test_other_uploader").UploadAsync(AnyCheckApi.Jpeg);
        await Sim.Control.ResetAsync("sandbox");
        await Api.UploadAsync(AnyCheckApi.Jpeg);
    }
}

public sealed class TenantLimitTests : AnyCheckTest
{
    protected override void Configure(SimulatorHarnessOptions options) => options.Configuration["Limits:MaxTenants"] = "3";

    [Fact]
    public async Task InMemory_PastMaxTenants_TheOldestIdleTenantsAreDropped_WithAJournalLine_AndBusyOnesKept()
    {
        // sandbox (the default, never dropped) and a tenant with a running verification.
        using (var first = await Api.Http.GetAsync(new Uri("/services", UriKind.Relative)))
        {
            first.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        var busy = new AnyCheckApi(Sim, "ak_test_busy");
        await busy.CreateVerificationAsync();
        for (var i = 0; i < 4; i++)
        {
            using var response = await new AnyCheckApi(Sim, $"ak_test_idle_{i}").Http.GetAsync(new Uri("/services", UriKind.Relative));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            // A millisecond between tenants, so their creation instants tell oldest from newest.
            await Sim.Control.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        }

        var tenants = (await Sim.Control.GetAsync("tenants")).GetProperty("items").EnumerateArray().Select(t => t.GetProperty("tenant").GetString()).ToList();
        tenants.Should().HaveCount(3).And.Contain("sandbox").And.Contain(await TenantOf("ak_test_busy")).And.Contain(await TenantOf("ak_test_idle_3"));
        var dropped = (await Sim.Control.GetAsync("requests?path=(tenant evicted)")).GetProperty("items").EnumerateArray().ToList();
        dropped.Should().HaveCount(3);
        dropped.Should().AllSatisfy(d => d.GetProperty("note").GetString().Should().Contain("Limits:MaxTenants"));
    }

    private async Task<string> TenantOf(string key) => (await Sim.Control.GetAsync($"outcomes?tenant={key}")).GetProperty("tenant").GetString()!;
}
