using System.Net;
using System.Net.Sockets;
using Simulators.Testing;

namespace Simulators.Verihubs.Tests;

/// <summary>callback_url and image URLs against the outbound policy, on top of Verihubs' own https and image-host rules.</summary>
public sealed class OutboundPolicyTests(ImageServer server) : IClassFixture<ImageServer>
{
    private static Task<SimulatorHarness> StartAsync(params (string Key, string Value)[] settings) =>
        SimulatorHarness.StartVerihubsAsync(o =>
        {
            foreach (var (key, value) in settings)
            {
                o.Configuration[key] = value;
            }
        });

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public static TheoryData<string, string> Modes => new()
    {
        { "Sandbox:Exposed", "false" },
        { "Sandbox:Exposed", "true" },
        { "Sandbox:AllowOutbound", "169.254.169.254" },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Submit_MetadataCallbackUrl_Returns400InAnyMode(string key, string value)
    {
        await using var sim = await StartAsync((key, value));
        var api = new VerihubsApi(sim);

        using var http = await api.PostAsync("/ktp/id/extract-async", new { image = "KTP", callback_url = "http://169.254.169.254/latest/meta-data" });
        using var https = await api.PostAsync("/ktp/id/extract-async", new { image = "KTP", callback_url = "https://169.254.169.254/latest/meta-data" });

        await VerihubsApi.ReadErrorAsync(http, HttpStatusCode.BadRequest, "INVALID_PAYLOAD_CALLBACK_URL");
        (await VerihubsApi.ReadErrorAsync(https, HttpStatusCode.BadRequest, "INVALID_PAYLOAD_CALLBACK_URL"))
            .GetProperty("message").GetString().Should().Be("callback_url points at a cloud-metadata address, which the simulator never calls");
    }

    [Fact]
    public async Task Submit_RefusedCallbackUrl_IsNotedInTheJournalAndStoresNoJob()
    {
        await using var sim = await StartAsync();
        var api = new VerihubsApi(sim);

        using var response = await api.PostAsync("/ktp/id/extract-async", new { image = "KTP", reference_id = "refused-1", callback_url = "https://[fd00:ec2::254]/cb" });

        await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PAYLOAD_CALLBACK_URL");
        var entry = (await sim.Control.GetRequestsAsync(api.AppId)).Single(e => e.GetProperty("path").GetString() == "/ktp/id/extract-async");
        entry.GetProperty("note").GetString().Should().Be("callback_url refused by the outbound policy (cloud-metadata address)");
        using var result = await api.ResultAsync("refused-1");
        await VerihubsApi.ReadErrorAsync(result, HttpStatusCode.NotFound, "INVALID_PAYLOAD_REFERENCE_ID_NOT_FOUND");
    }

    [Fact]
    public async Task Submit_HttpLoopbackCallbackUrl_AcceptedLocally()
    {
        await using var sim = await StartAsync();

        var submitted = await new VerihubsApi(sim).SubmitAsync(new { image = "KTP", callback_url = $"http://127.0.0.1:{FreePort()}/" });

        submitted.GetProperty("message").GetString().Should().Be("Request Success");
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}/")]
    [InlineData("http://localhost:{0}/cb")]
    [InlineData("https://10.1.2.3:{0}/cb")]
    public async Task Submit_LoopbackOrPrivateCallbackUrlWhenExposed_Returns400(string url)
    {
        await using var sim = await StartAsync(("Sandbox:Exposed", "true"));

        using var response = await new VerihubsApi(sim).PostAsync("/ktp/id/extract-async", new { image = "KTP", callback_url = string.Format(System.Globalization.CultureInfo.InvariantCulture, url, FreePort()) });

        (await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PAYLOAD_CALLBACK_URL"))
            .GetProperty("message").GetString().Should().Contain("Sandbox:AllowOutbound");
    }

    [Theory]
    [InlineData("127.0.0.1/32", "127.0.0.1")]
    [InlineData("localhost", "localhost")]
    public async Task Submit_LoopbackCallbackUrlWhenExposedButAllowed_IsAccepted(string allow, string host)
    {
        await using var sim = await StartAsync(("Sandbox:Exposed", "true"), ("Sandbox:AllowOutbound", allow));

        var submitted = await new VerihubsApi(sim).SubmitAsync(new { image = "KTP", callback_url = $"http://{host}:{FreePort()}/" });

        submitted.GetProperty("message").GetString().Should().Be("Request Success");
    }

    [Theory]
    [InlineData("qa-app", "http://qa-app:8080/verihubs/callback")]
    [InlineData("QA-App", "http://qa-app./callback")]
    [InlineData("10.20.0.0/16", "http://10.20.3.4:9000/callback")]
    public async Task Submit_HttpCallbackToAHostNamedInAllowOutbound_IsAccepted(string allow, string callback)
    {
        await using var sim = await StartAsync(("Sandbox:Exposed", "true"), ("Sandbox:AllowOutbound", allow));

        var submitted = await new VerihubsApi(sim).SubmitAsync(new { image = "KTP", callback_url = callback });

        submitted.GetProperty("message").GetString().Should().Be("Request Success");
    }

    [Theory]
    [InlineData("qa-app", "http://other-app:8080/callback")]
    [InlineData("10.20.0.0/16", "http://10.21.0.1/callback")]
    [InlineData("qa-app", "http://client.example/callback")]
    public async Task Submit_HttpCallbackToAHostNotNamedInAllowOutbound_IsRefusedAsNotHttps(string allow, string callback)
    {
        await using var sim = await StartAsync(("Sandbox:Exposed", "true"), ("Sandbox:AllowOutbound", allow));

        using var response = await new VerihubsApi(sim).PostAsync("/ktp/id/extract-async", new { image = "KTP", callback_url = callback });

        (await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PAYLOAD_CALLBACK_URL"))
            .GetProperty("message").GetString().Should().Be("callback_url must be an https URL");
    }

    [Fact]
    public async Task Submit_HttpCallbackToAnAllowedHostWithHttpCallbacksOff_IsRefused()
    {
        await using var sim = await StartAsync(("Sandbox:AllowOutbound", "qa-app"), ("Verihubs:AllowHttpLoopbackCallbacks", "false"));

        using var response = await new VerihubsApi(sim).PostAsync("/ktp/id/extract-async", new { image = "KTP", callback_url = "http://qa-app/callback" });

        await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PAYLOAD_CALLBACK_URL");
    }

    [Fact]
    public async Task Extract_MetadataImageUrlOnAnAllowedImageHost_IsStillRefused()
    {
        await using var sim = await StartAsync(("Verihubs:AllowedImageHosts", "169.254.169.254"), ("Sandbox:AllowOutbound", "169.254.169.254"));
        var api = new VerihubsApi(sim);

        using var response = await api.PostAsync("/v2/ktp/extract", new { image = "http://169.254.169.254/latest/meta-data" });

        (await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PAYLOAD_IMAGE_FORMAT"))
            .GetProperty("message").GetString().Should().Be("image points at a cloud-metadata address, which the simulator never calls");
        (await sim.Control.GetRequestsAsync(api.AppId)).Single().GetProperty("note").GetString()
            .Should().Be("image refused by the outbound policy (cloud-metadata address)");
    }

    [Theory]
    [InlineData("/v2/ktp/extract", "image", "INVALID_PAYLOAD_IMAGE_FORMAT")]
    [InlineData("/v1/face/liveness", "image", "INVALID_PAYLOAD_IMAGE_FORMAT")]
    [InlineData("/v1/face/compare", "image_1", "INVALID_PAYLOAD_IMAGE_1_FORMAT")]
    public async Task Extract_LoopbackImageUrlWhenExposed_ReturnsTheImageFieldsError(string path, string field, string code)
    {
        await using var sim = await StartAsync(("Sandbox:Exposed", "true"));

        using var response = await new VerihubsApi(sim).PostAsync(path, new Dictionary<string, string> { [field] = server.BaseUrl + "/ktp.jpg", ["image_2"] = "LIVE_PERSON_A_1" });

        (await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, code))
            .GetProperty("message").GetString().Should().StartWith($"{field} points at a loopback address");
    }

    [Fact]
    public async Task Extract_LoopbackImageUrlWhenExposedButAllowed_IsFetched()
    {
        await using var sim = await StartAsync(("Sandbox:Exposed", "true"), ("Sandbox:AllowOutbound", "127.0.0.1/32"));

        using var response = await new VerihubsApi(sim).PostAsync("/v2/ktp/extract", new { image = server.BaseUrl + "/ktp.jpg" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
