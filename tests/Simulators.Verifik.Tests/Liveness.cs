using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Simulators.Verifik.Tests;

/// <summary>Document-liveness requests and images for the tests.</summary>
internal static class Liveness
{
    public const string Path = "/v2/document-liveness";

    public static readonly string[] Checks = ["ScreenReplay", "PrintedCopy", "PortraitSubstitution", "DigitalManipulation"];

    public static readonly string[] Nested = ["screenReplay", "printedCopy", "portraitSubstitution", "digitalManipulation"];

    public static readonly string[] Pipelines = ["screen-replay_2024-09", "printed-copy_2024-09", "portrait-substitution_2024-09", "digital-manipulation_2024-09"];

    /// <summary>A PNG by its signature and header, with random pixels (so each call hashes differently) and an optional marker.</summary>
    public static byte[] Png(string? marker = null) =>
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. RandomNumberGenerator.GetBytes(48), .. Encoding.ASCII.GetBytes(marker is null ? "" : "SIMULATOR:" + marker)];

    public static byte[] Jpeg() => [0xFF, 0xD8, 0xFF, 0xE0, .. RandomNumberGenerator.GetBytes(48), 0xFF, 0xD9];

    /// <summary>A create body with every check on (or those named in <paramref name="checks"/>).</summary>
    public static Dictionary<string, object?> Body(byte[] image, string? calibration = null, params string[] checks)
    {
        var body = new Dictionary<string, object?> { ["image"] = Convert.ToBase64String(image) };
        foreach (var check in Checks)
        {
            body["validate" + check] = checks.Length == 0 || checks.Contains(check);
        }
        if (calibration is not null)
        {
            body["screenReplayCalibration"] = calibration;
            body["printedCopyCalibration"] = calibration;
            body["portraitSubstitutionCalibration"] = calibration;
            body["digitalManipulationCalibration"] = calibration;
        }
        return body;
    }

    public static async Task<(HttpStatusCode Status, string Text)> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null, string? scenario = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is string raw)
        {
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        if (scenario is not null)
        {
            request.Headers.Add("X-Simulator-Scenario", scenario);
        }
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A 200 create's body.</summary>
    public static async Task<JsonElement> CreateAsync(HttpClient client, object body, string? scenario = null)
    {
        var (status, text) = await SendAsync(client, HttpMethod.Post, Path, body, scenario);
        status.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        var (status, text) = await SendAsync(client, HttpMethod.Get, path);
        status.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string[] Keys(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    public static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    public static Task SetShapeAsync(VerifikFixture fixture, string shape) => fixture.Sim.Control.PostAsync("settings", new { responseShape = shape });
}
