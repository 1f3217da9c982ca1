using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Simulators.Core.Json;

namespace Simulators.Core.Tests.Json;

public sealed class RawJsonTests
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> Values =>
    [
        """{}""",
        """{"verification_type":"KTP_SELFIE","files":{"ktp_file":["uploads/a.jpg"]}}""",
        """ { "a" : [ 1 , 2.50 , -3e2 , 1E+2 , 12345678901234567890 ] , "b" : null , "c" : true } """,
        """{"text":"caf\u00e9 & \"quotes\" <tag> 'single' \/ \t Ω 😀 \ud83d\ude00","key \u0041":"v"}""",
        """["nested",{"deep":{"deeper":[[[]]]}}]""",
        "\"just a string with \\u2028 and \\u0000\"",
        "42",
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void Of_AnyValue_WritesWhatTheSerializerWritesForTheElement(string text)
    {
        var element = Parse(text);

        var raw = RawJson.Of(element);

        Encoding.UTF8.GetString(raw.Utf8).Should().Be(JsonSerializer.Serialize(element, Relaxed));
        Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(new Holder(raw), Relaxed))
            .Should().Be(JsonSerializer.Serialize(new ElementHolder(element), Relaxed));
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Converter_PersistedAndReadBack_TheSameText(string text)
    {
        var raw = RawJson.Of(Parse(text));

        // A store writes records with its own options (the default encoder here), and reads them back.
        var stored = JsonSerializer.SerializeToUtf8Bytes(new Holder(raw));
        var back = JsonSerializer.Deserialize<Holder>(stored)!;

        back.Value.Should().Be(raw);
        back.Value.Element.GetRawText().Should().Be(raw.ToString());
    }

    [Fact]
    public void Converter_ARecordWrittenBeforeAsAnElement_ReadsAsTheWireWritesIt()
    {
        // A database written when the record held a JsonElement: the default encoder escaped what the wire writes as is.
        var element = Parse("""{"note":"café & <b>"}""");
        var stored = JsonSerializer.SerializeToUtf8Bytes(new ElementHolder(element));
        Encoding.UTF8.GetString(stored).Should().Contain("\\u00E9");

        var back = JsonSerializer.Deserialize<Holder>(stored)!;

        back.Value.ToString().Should().Be("""{"note":"café & <b>"}""");
    }

    [Fact]
    public void Of_EmptyObject_IsTheSharedInstance()
    {
        RawJson.Of(Parse(" { } ")).Should().Be(RawJson.EmptyObject);
        RawJson.EmptyObject.ToString().Should().Be("{}");
        default(RawJson).ToString().Should().Be("null");
    }

    private static JsonElement Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private sealed record Holder(RawJson Value);

    private sealed record ElementHolder(JsonElement Value);
}
