using System.Security.Cryptography;
using System.Text;

namespace Simulators.Core.Tests;

public sealed class DeterministicIdsTests
{
    [Theory]
    [InlineData("t1")]
    [InlineData("ak_test_sandbox")]
    [InlineData("")]
    [InlineData("penyedia-identitas-ñ-日本")]
    public void From_SameName_IsStable(string name)
    {
        DeterministicIds.From(name).Should().Be(DeterministicIds.From(name));
    }

    [Theory]
    [InlineData("t1", "t2")]
    [InlineData("tenant", "Tenant")]
    [InlineData("a", "a ")]
    [InlineData("", " ")]
    public void From_DifferentNames_Differ(string a, string b)
    {
        DeterministicIds.From(a).Should().NotBe(DeterministicIds.From(b));
    }

    [Theory]
    [InlineData("t1")]
    [InlineData("ak_test_sandbox")]
    [InlineData("")]
    [InlineData("another tenant")]
    [InlineData("x")]
    public void From_AnyName_HasVersion5AndRfcVariant(string name)
    {
        var id = DeterministicIds.From(name);
        var text = id.ToString("D");

        id.Version.Should().Be(5);
        text[14].Should().Be('5');
        text[19].Should().BeOneOf('8', '9', 'a', 'b');
        (id.Variant & 0b1100).Should().Be(0b1000);
    }

    [Theory]
    [InlineData("t1")]
    [InlineData("ak_test_sandbox")]
    [InlineData("")]
    public void From_AnyName_IsTheSha256PrefixWithVersionAndVariantBits(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));

        var bytes = DeterministicIds.From(name).ToByteArray(bigEndian: true);

        bytes.Should().HaveCount(16);
        for (var i = 0; i < 16; i++)
        {
            var mask = i switch { 6 => 0x0F, 8 => 0x3F, _ => 0xFF };
            (bytes[i] & mask).Should().Be(hash[i] & mask, $"byte {i} comes from the hash");
        }
    }

    [Fact]
    public void From_ManyNames_AreAllDistinct()
    {
        var ids = Enumerable.Range(0, 1000).Select(i => DeterministicIds.From($"tenant-{i}")).ToList();

        ids.Should().OnlyHaveUniqueItems();
    }
}
