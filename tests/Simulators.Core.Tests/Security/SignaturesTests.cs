using System.Text;
using Simulators.Core.Security;

namespace Simulators.Core.Tests.Security;

public sealed class SignaturesTests
{
    // Expected values computed with: printf '<data>' | openssl dgst -sha256 -hmac '<secret>'
    [Theory]
    [InlineData("key", "The quick brown fox jumps over the lazy dog", "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")]
    [InlineData("key", "", "5d5d139563c95b5967b9bd9a8c9b233a9dedb45072794cd232dc1b74832607d0")]
    [InlineData("kunci-rahasia-ñ", """{"status":"ok"}""", "c0c47e49efa5bda2e89bf5d2507bff3a87d255426fb4f281dcfa52edab05e9f8")]
    public void HmacSha256Hex_KnownVector_MatchesOpenssl(string secret, string data, string expected)
    {
        Signatures.HmacSha256Hex(secret, Encoding.UTF8.GetBytes(data)).Should().Be(expected);
    }

    [Fact]
    public void HmacSha256Hex_WithPrefix_SignsPrefixThenBody()
    {
        var body = """{"event":"COMPLETED"}"""u8;

        var signature = Signatures.HmacSha256Hex("whsec_test_123", "1700000000.", body);

        // printf '1700000000.{"event":"COMPLETED"}' | openssl dgst -sha256 -hmac 'whsec_test_123'
        signature.Should().Be("e3dd61824b43c753bfa3688286d5a7b1e0ef108f029e6e894f3dcce061180415");
        signature.Should().Be(Signatures.HmacSha256Hex("whsec_test_123", Encoding.UTF8.GetBytes("1700000000." + Encoding.UTF8.GetString(body))));
    }

    [Fact]
    public void Sha256Hex_Abc_IsTheStandardVector()
    {
        Signatures.Sha256Hex("abc").Should().Be("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    [Theory]
    [InlineData("secret", "secret", true)]
    [InlineData("secret", "Secret", false)]
    [InlineData("secret", "secret ", false)]
    [InlineData("", "", true)]
    [InlineData("ñ", "n", false)]
    public void FixedTimeEquals_TwoSecrets_ComparesExactly(string a, string b, bool expected)
    {
        Signatures.FixedTimeEquals(a, b).Should().Be(expected);
    }
}

public sealed class BasicAuthTests
{
    [Theory]
    [InlineData("app-id", "api-key", "Basic YXBwLWlkOmFwaS1rZXk=")]
    [InlineData("user", "p:ss:word", "Basic dXNlcjpwOnNzOndvcmQ=")]
    [InlineData("", "", "Basic Og==")]
    public void Header_UserAndPassword_IsBase64OfBothJoinedByAColon(string user, string password, string expected)
    {
        BasicAuth.Header(user, password).Should().Be(expected);
    }

    [Theory]
    [InlineData("app-id", "api-key")]
    [InlineData("user", "p:ss:word")]
    [InlineData("pengguna-ñ", "kata sandi 日本")]
    [InlineData("", "")]
    public void TryParse_HeaderItIssued_GivesBothBack(string user, string password)
    {
        BasicAuth.TryParse(BasicAuth.Header(user, password), out var parsedUser, out var parsedPassword).Should().BeTrue();

        (parsedUser, parsedPassword).Should().Be((user, password));
    }

    [Fact]
    public void TryParse_SchemeInAnyCaseAndPadding_IsAccepted()
    {
        BasicAuth.TryParse("basic   YXBwLWlkOmFwaS1rZXk=  ", out var user, out var password).Should().BeTrue();

        (user, password).Should().Be(("app-id", "api-key"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer YXBwLWlkOmFwaS1rZXk=")]
    [InlineData("Basic")]
    [InlineData("Basic !!!")]
    [InlineData("Basic bm9jb2xvbg==")]
    public void TryParse_NotABasicHeader_IsFalse(string? header)
    {
        BasicAuth.TryParse(header, out var user, out var password).Should().BeFalse();

        (user, password).Should().Be(("", ""));
    }
}
