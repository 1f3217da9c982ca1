using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Simulators.Testing;

namespace Simulators.AnyCheck.Tests;

/// <summary>The undocumented signing scheme, configured: every part changes what is sent, and a receiver following README's recipe verifies it.</summary>
public sealed class WebhookSigningTests
{
    private const string Secret = "s3cr3t-at-least-32-characters-long!!";

    /// <summary>README's recipe: fill the template with the timestamp header's text and the raw body, HMAC-SHA256 it with the secret, encode, prefix.</summary>
    private static string Recipe(string template, string timestamp, byte[] body, bool base64, string prefix)
    {
        var at = template.IndexOf("{body}", StringComparison.Ordinal);
        string Fill(string text) => text.Replace("{timestamp}", timestamp, StringComparison.Ordinal).Replace("{{", "{", StringComparison.Ordinal).Replace("}}", "}", StringComparison.Ordinal);
        byte[] signed = [.. Encoding.UTF8.GetBytes(Fill(template[..at])), .. body, .. Encoding.UTF8.GetBytes(Fill(template[(at + 6)..]))];
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed);
        return prefix + (base64 ? Convert.ToBase64String(mac) : Convert.ToHexString(mac).ToLowerInvariant());
    }

    [Fact]
    public async Task Webhooks_NonDefaultScheme_VerifiableWithTheDocumentedRecipe()
    {
        await using var sim = await StartAsync(
            ("AnyCheck:SignatureHeader", "X-Hook-Signature"),
            ("AnyCheck:TimestampHeader", "X-Hook-Time"),
            ("AnyCheck:SignedPayload", "v1:{timestamp}:{body}"),
            ("AnyCheck:SignatureEncoding", "base64"),
            ("AnyCheck:SignaturePrefix", "v1="),
            ("AnyCheck:TimestampFormat", "unix-ms"));
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await CreateWithWebhookAsync(sim);
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        sim.Webhooks.Received.Should().HaveCount(2).And.AllSatisfy(w =>
        {
            w.Headers.Should().NotContainKey("X-AnyCheck-Signature").And.NotContainKey("X-AnyCheck-Timestamp");
            var timestamp = w.Headers["X-Hook-Time"];
            long.Parse(timestamp, CultureInfo.InvariantCulture).Should().BeInRange(before, after);
            var signature = w.Headers["X-Hook-Signature"];
            signature.Should().MatchRegex("^v1=[A-Za-z0-9+/]{43}=$");
            signature.Should().Be(Recipe("v1:{timestamp}:{body}", timestamp, w.Body, base64: true, "v1="));
            signature.Should().NotBe(Recipe("{timestamp}.{body}", timestamp, w.Body, base64: true, "v1="));
        });
    }

    [Fact]
    public async Task Webhooks_BodyOnlyTemplateNoTimestampHeader_SignsTheBodyAlone()
    {
        await using var sim = await StartAsync(("AnyCheck:SignedPayload", "{body}"), ("AnyCheck:TimestampHeader", ""), ("AnyCheck:SignaturePrefix", ""));
        await CreateWithWebhookAsync(sim);
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));

        sim.Webhooks.Received.Should().HaveCount(2).And.AllSatisfy(w =>
        {
            w.Headers.Should().NotContainKey("X-AnyCheck-Timestamp");
            w.Headers["X-AnyCheck-Signature"].Should().MatchRegex("^[0-9a-f]{64}$").And.Be(Recipe("{body}", "", w.Body, base64: false, ""));
        });
    }

    [Fact]
    public async Task Webhooks_IsoTimestampAndLiteralBraces_AreSignedAsSent()
    {
        const string Template = "{{t={timestamp}}}\n{body}";
        await using var sim = await StartAsync(("AnyCheck:SignedPayload", Template), ("AnyCheck:TimestampFormat", "iso8601"));
        await CreateWithWebhookAsync(sim);
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));

        sim.Webhooks.Received.Should().HaveCount(2).And.AllSatisfy(w =>
        {
            var timestamp = w.Headers["X-AnyCheck-Timestamp"];
            timestamp.Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$");
            w.Headers["X-AnyCheck-Signature"].Should().Be(Recipe(Template, timestamp, w.Body, base64: false, "sha256="));
        });
    }

    [Fact]
    public async Task Webhooks_DefaultScheme_IsTheReferenceSuggestion()
    {
        await using var sim = await StartAsync();
        await CreateWithWebhookAsync(sim);
        await sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));

        sim.Webhooks.Received.Should().HaveCount(2).And.AllSatisfy(w =>
        {
            w.Headers.Keys.Where(k => k.StartsWith("X-", StringComparison.OrdinalIgnoreCase)).Should().BeEquivalentTo("X-AnyCheck-Timestamp", "X-AnyCheck-Signature");
            var timestamp = w.Headers["X-AnyCheck-Timestamp"];
            timestamp.Should().MatchRegex("^[0-9]{10}$");
            w.Headers["X-AnyCheck-Signature"].Should().Be(WebhookTests.ExpectedSignature(Secret, timestamp, w.Body));
        });
    }

    [Theory]
    [InlineData("AnyCheck:SignedPayload", "{timestamp}.{payload}", "AnyCheck:SignedPayload*unknown placeholder '{payload}'")]
    [InlineData("AnyCheck:SignedPayload", "{timestamp}", "AnyCheck:SignedPayload must contain {body} exactly once*")]
    [InlineData("AnyCheck:SignedPayload", "{body}.{body}", "AnyCheck:SignedPayload must contain {body} exactly once*")]
    [InlineData("AnyCheck:SignedPayload", "{body}}", "AnyCheck:SignedPayload has a '}'*")]
    [InlineData("AnyCheck:SignedPayload", "{timestamp.{body}", "AnyCheck:SignedPayload*unknown placeholder*")]
    [InlineData("AnyCheck:SignatureEncoding", "base32", "AnyCheck:SignatureEncoding must be one of hex, base64*")]
    [InlineData("AnyCheck:TimestampFormat", "rfc1123", "AnyCheck:TimestampFormat must be one of*")]
    [InlineData("AnyCheck:SignatureHeader", "X Signature", "AnyCheck:SignatureHeader must be an HTTP header name*")]
    [InlineData("AnyCheck:SignatureHeader", "X-AnyCheck-Timestamp", "AnyCheck:SignatureHeader and AnyCheck:TimestampHeader must differ*")]
    [InlineData("AnyCheck:TimestampHeader", "", "AnyCheck:TimestampHeader must be set when AnyCheck:SignedPayload uses {timestamp}*")]
    [InlineData("AnyCheck:SignaturePrefix", "sha256=\u00e9", "AnyCheck:SignaturePrefix must be printable ASCII*")]
    public async Task Start_BadSigningOption_FailsNamingTheOption(string option, string value, string message)
    {
        var start = () => StartAsync((option, value));

        (await start.Should().ThrowAsync<OptionsValidationException>()).WithMessage("*" + message + "*");
    }

    private static Task<SimulatorHarness> StartAsync(params (string Key, string Value)[] settings) => AnyCheckTest.StartWithAsync(settings);

    private static async Task CreateWithWebhookAsync(SimulatorHarness sim) =>
        await new AnyCheckApi(sim).CreateVerificationAsync(extra: $$""","webhook_url":"https://client.example/hooks/anycheck","webhook_metadata":{"webhook_secret":"{{Secret}}"}""");
}
