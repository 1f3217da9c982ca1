// tests/Simulators.Testing.Tests/ReadmeExamples/VerifikExampleTests.cs
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Simulators.Testing;

namespace MyApp.Tests;

public sealed class VerifikClient(HttpClient http)
{
    public async Task<bool> IsPrintedCopyAsync(byte[] png)
    {
        using var response = await http.PostAsJsonAsync("/v2/document-liveness", new { image = Convert.ToBase64String(png), validatePrintedCopy = true });
        response.EnsureSuccessStatusCode();
        var data = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
        return !data.GetProperty("validationResults").GetProperty("printedCopy").GetProperty("passed").GetBoolean();
    }
}

public sealed class VerifikClientTests
{
    [Fact]
    public async Task IsPrintedCopy_OutcomeQueuedForTheClientsTenant_TrueOnceThenFalse()
    {
        await using var verifik = await SimulatorHarness.StartVerifikAsync();
        var token = (await verifik.Control.GetCredentialsAsync()).GetProperty("defaults").GetProperty("token").GetString();
        var services = new ServiceCollection();
        services.AddHttpClient<VerifikClient>(c => c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token))
            .UseSimulator(verifik);
        var client = services.BuildServiceProvider().GetRequiredService<VerifikClient>();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. "my document scan"u8];

        (await client.IsPrintedCopyAsync(png)).Should().BeFalse();
        var queued = await verifik.QueueOutcomeAsync("PRINTED_COPY");   // the tenant the client's token belongs to

        queued.Tenant.Should().Be(verifik.LastTenant);
        (await client.IsPrintedCopyAsync(png)).Should().BeTrue();
        (await client.IsPrintedCopyAsync(png)).Should().BeFalse();
    }
}
