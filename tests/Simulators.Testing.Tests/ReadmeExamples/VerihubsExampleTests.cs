// tests/Simulators.Testing.Tests/ReadmeExamples/VerihubsExampleTests.cs
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Simulators.Testing;

namespace MyApp.Tests;

public sealed class VerihubsClient(HttpClient http)
{
    public async Task<HttpStatusCode> ExtractKtpAsync(string imageBase64)
    {
        using var response = await http.PostAsJsonAsync("/v2/ktp/extract", new { image = imageBase64 });
        return response.StatusCode;
    }
}

public sealed class VerihubsClientTests
{
    [Fact]
    public async Task ExtractKtp_QueuedNotDetectedTwice_FailsTwiceThenSucceeds()
    {
        await using var verihubs = await SimulatorHarness.StartVerihubsAsync();
        var services = new ServiceCollection();
        services.AddHttpClient<VerihubsClient>(c =>
        {
            c.BaseAddress = verihubs.BaseAddress;
            c.DefaultRequestHeaders.Add("App-ID", "my-suite-app");
            c.DefaultRequestHeaders.Add("API-Key", "sandbox-api-key");
        }).ConfigurePrimaryHttpMessageHandler(() => verihubs.CreateHandler());
        var client = services.BuildServiceProvider().GetRequiredService<VerihubsClient>();

        var queued = await verihubs.QueueOutcomeAsync("KTP_NOT_DETECTED", count: 2, tenant: "my-suite-app");

        queued.Tenant.Should().Be("my-suite-app");
        (await client.ExtractKtpAsync("KTP")).Should().Be(HttpStatusCode.BadRequest);
        (await client.ExtractKtpAsync("KTP")).Should().Be(HttpStatusCode.BadRequest);
        (await client.ExtractKtpAsync("KTP")).Should().Be(HttpStatusCode.OK);
    }
}
