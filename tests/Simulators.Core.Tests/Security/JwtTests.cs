using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Simulators.Core.Security;

namespace Simulators.Core.Tests.Security;

public sealed class JwtTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("simulator-signing-key-0123456789abcdef");
    private static readonly byte[] OtherKey = Encoding.UTF8.GetBytes("another-simulator-key-0123456789abcdef");

    private static readonly Dictionary<string, object> Claims = new()
    {
        ["sub"] = "user-1",
        ["exp"] = 1_740_819_600L,
        ["admin"] = true,
        ["n"] = 3,
    };

    private static string Segment(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    /// <summary>A token signed as the simulator would, over whatever header and payload segments are given.</summary>
    private static string SignedByHand(string header, string payload, JwtAlgorithm algorithm)
    {
        var unsigned = header + "." + payload;
        var data = Encoding.ASCII.GetBytes(unsigned);
        var signature = algorithm == JwtAlgorithm.HS256 ? HMACSHA256.HashData(Key, data) : HMACSHA512.HashData(Key, data);
        return unsigned + "." + Base64Url.EncodeToString(signature);
    }

    [Theory]
    [InlineData(JwtAlgorithm.HS256, "HS256", 32)]
    [InlineData(JwtAlgorithm.HS512, "HS512", 64)]
    public void Issue_ThenTryRead_GivesTheClaimsBack(JwtAlgorithm algorithm, string alg, int signatureBytes)
    {
        var token = Jwt.Issue(Claims, Key, algorithm);

        var problem = Jwt.TryRead(token, Key, algorithm, out var payload);

        problem.Should().Be(JwtProblem.None);
        payload.GetProperty("sub").GetString().Should().Be("user-1");
        payload.GetProperty("exp").GetInt64().Should().Be(1_740_819_600L);
        payload.GetProperty("admin").GetBoolean().Should().BeTrue();
        payload.GetProperty("n").GetInt32().Should().Be(3);
        var parts = token.Split('.');
        parts.Should().HaveCount(3);
        JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement.GetProperty("alg").GetString().Should().Be(alg);
        Base64Url.DecodeFromChars(parts[2]).Should().HaveCount(signatureBytes);
    }

    [Theory]
    [InlineData(JwtAlgorithm.HS256, true, """{"alg":"HS256","typ":"JWT"}""")]
    [InlineData(JwtAlgorithm.HS256, false, """{"alg":"HS256"}""")]
    [InlineData(JwtAlgorithm.HS512, true, """{"alg":"HS512","typ":"JWT"}""")]
    [InlineData(JwtAlgorithm.HS512, false, """{"alg":"HS512"}""")]
    public void Issue_WithOrWithoutType_WritesThatHeaderAndStillReads(JwtAlgorithm algorithm, bool withType, string header)
    {
        var token = Jwt.Issue(Claims, Key, algorithm, withType);

        Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[0])).Should().Be(header);
        Jwt.TryRead(token, Key, algorithm, out _).Should().Be(JwtProblem.None);
    }

    [Fact]
    public void Issue_StringClaimWithQuotesAndPlus_WritesPlainEscapes()
    {
        var token = Jwt.Issue(new Dictionary<string, object> { ["sub"] = """{"id":"a+b<c>"}""" }, Key);

        Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[1])).Should().Be("""{"sub":"{\"id\":\"a+b<c>\"}"}""");
    }

    [Theory]
    [InlineData(JwtAlgorithm.HS256)]
    [InlineData(JwtAlgorithm.HS512)]
    public void TryRead_TamperedPayload_IsBadSignature(JwtAlgorithm algorithm)
    {
        var parts = Jwt.Issue(Claims, Key, algorithm).Split('.');
        var tampered = string.Join('.', parts[0], Segment("""{"sub":"admin","admin":true}"""), parts[2]);

        Jwt.TryRead(tampered, Key, algorithm, out _).Should().Be(JwtProblem.BadSignature);
    }

    [Theory]
    [InlineData(JwtAlgorithm.HS256)]
    [InlineData(JwtAlgorithm.HS512)]
    public void TryRead_TamperedSignature_IsBadSignature(JwtAlgorithm algorithm)
    {
        var token = Jwt.Issue(Claims, Key, algorithm);
        var flipped = token[^1] == 'A' ? "B" : "A";

        Jwt.TryRead(token[..^1] + flipped, Key, algorithm, out _).Should().Be(JwtProblem.BadSignature);
    }

    [Theory]
    [InlineData(JwtAlgorithm.HS256)]
    [InlineData(JwtAlgorithm.HS512)]
    public void TryRead_AnotherKey_IsBadSignature(JwtAlgorithm algorithm)
    {
        var token = Jwt.Issue(Claims, OtherKey, algorithm);

        Jwt.TryRead(token, Key, algorithm, out _).Should().Be(JwtProblem.BadSignature);
    }

    [Theory]
    [InlineData(JwtAlgorithm.HS256, JwtAlgorithm.HS512)]
    [InlineData(JwtAlgorithm.HS512, JwtAlgorithm.HS256)]
    public void TryRead_AnotherAlgorithm_IsBadSignature(JwtAlgorithm issued, JwtAlgorithm expected)
    {
        var token = Jwt.Issue(Claims, Key, issued);

        Jwt.TryRead(token, Key, expected, out _).Should().Be(JwtProblem.BadSignature);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9")]
    [InlineData("a.b.c.d")]
    [InlineData(".b.c")]
    [InlineData("..")]
    public void TryRead_NotThreeParts_IsMalformed(string token)
    {
        Jwt.TryRead(token, Key, JwtAlgorithm.HS256, out _).Should().Be(JwtProblem.Malformed);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"a string\"")]
    [InlineData("{\"cut\":")]
    public void TryRead_SignedPayloadThatIsNotAJsonObject_IsMalformed(string payload)
    {
        var token = SignedByHand(Segment("""{"alg":"HS256"}"""), Segment(payload), JwtAlgorithm.HS256);

        Jwt.TryRead(token, Key, JwtAlgorithm.HS256, out _).Should().Be(JwtProblem.Malformed);
    }

    [Fact]
    public void TryRead_SignedPayloadThatIsNotBase64Url_IsMalformed()
    {
        var token = SignedByHand(Segment("""{"alg":"HS512"}"""), "!!not*base64!!", JwtAlgorithm.HS512);

        Jwt.TryRead(token, Key, JwtAlgorithm.HS512, out _).Should().Be(JwtProblem.Malformed);
    }
}
