using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Simulators.Testing;

namespace Simulators.Contracts.Tests.Provider;

/// <summary>
/// The message-provider endpoint the official verifier calls for asynchronous messages: it posts
/// <c>{"description", "providerStates"}</c> and reads the message from the answer, its body as the
/// contents and the <c>Pact-Message-Metadata</c> header (base64 JSON) as the metadata. This one
/// answers each description with a delivery the simulator really sent (body and headers unchanged).
/// </summary>
internal static class MessageProvider
{
    public static async Task<(int ExitCode, string Output)> VerifyAsync(string provider, string pactFile, IReadOnlyDictionary<string, ReceivedWebhook> deliveries)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapPost("/", async (HttpContext http) =>
        {
            using var request = await JsonDocument.ParseAsync(http.Request.Body);
            var description = request.RootElement.GetProperty("description").GetString()!;
            if (!deliveries.TryGetValue(description, out var delivery))
            {
                return Results.NotFound(new { error = $"no delivery captured for '{description}'" });
            }
            var metadata = delivery.Headers.ToDictionary(h => h.Key, h => h.Value);
            metadata["contentType"] = delivery.Headers["Content-Type"];
            http.Response.Headers["Pact-Message-Metadata"] = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(metadata));
            return Results.Bytes(delivery.Body, "application/json");
        });
        await app.StartAsync();
        try
        {
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return await PactTools.RunAsync(
                [
                    "verifier", "--hostname", address.Host, "--port", address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--provider-name", provider, "--file", pactFile, "--no-colour",
                ],
                TimeSpan.FromMinutes(2));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    /// <summary>The same delivery with one JSON key renamed everywhere in its body (what a careless change to the provider would send).</summary>
    public static ReceivedWebhook Renamed(ReceivedWebhook delivery, string key, string renamed) =>
        delivery with { Body = Encoding.UTF8.GetBytes(delivery.BodyText.Replace($"\"{key}\":", $"\"{renamed}\":", StringComparison.Ordinal)) };
}
