using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Simulators.Core.Json;

namespace Simulators.Core.Tests.Json;

/// <summary>What a test policy raised: which of the four answers, and about what.</summary>
internal sealed class RequestProblem(string kind, string detail) : Exception($"{kind}: {detail}")
{
    public string Kind { get; } = kind;

    public string Detail { get; } = detail;
}

internal sealed class TestRequestErrors : IRequestErrors
{
    public static readonly TestRequestErrors Instance = new();

    public Exception Unreadable(string detail) => new RequestProblem(nameof(Unreadable), detail);

    public Exception NotAnObject() => new RequestProblem(nameof(NotAnObject), "");

    public Exception Missing(string path) => new RequestProblem(nameof(Missing), path);

    public Exception WrongType(string path, string expected) => new RequestProblem(nameof(WrongType), $"{path} is not {expected}");
}

public sealed class JsonRequestTests
{
    private static readonly IRequestErrors Errors = TestRequestErrors.Instance;

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Bytes(string before, byte[] raw, string after) => [.. Utf8(before), .. raw, .. Utf8(after)];

    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("""{"a":""", depth - 1)) + "{}" + new string('}', depth - 1);

    private static HttpContext Request(byte[] body)
    {
        var http = new DefaultHttpContext();
        http.Request.Body = new MemoryStream(body);
        http.Request.ContentLength = body.Length;
        return http;
    }

    private static async Task<RequestProblem> ProblemReading(byte[] body)
    {
        var read = () => JsonRequest.ReadObjectAsync(Request(body), Errors).AsTask();

        // Any exception other than the policy's own is a bug: it would surface as a 500.
        return (await read.Should().ThrowExactlyAsync<RequestProblem>()).Which;
    }

    public static TheoryData<string, byte[], string> BadBodies => new()
    {
        { "not JSON", Utf8("hello"), "Unreadable" },
        { "empty", [], "Unreadable" },
        { "cut off", Utf8("""{"a":"""), "Unreadable" },
        { "trailing comma", Utf8("""{"a":1,}"""), "Unreadable" },
        { "single quotes", Utf8("{'a':1}"), "Unreadable" },
        { "a comment", Utf8("""{"a":1 /* why */}"""), "Unreadable" },
        { "two values", Utf8("""{"a":1}{"b":2}"""), "Unreadable" },
        { "invalid UTF-8 in a string", Bytes("{\"a\":\"x", [0xFF], "\"}"), "Unreadable" },
        { "overlong UTF-8 in a string", Bytes("{\"a\":\"", [0xC0, 0xAF], "\"}"), "Unreadable" },
        { "truncated UTF-8 sequence in a string", Bytes("{\"a\":\"", [0xE2, 0x82], "\"}"), "Unreadable" },
        { "invalid UTF-8 in a property name", Bytes("{\"", [0xC3, 0x28], "\":1}"), "Unreadable" },
        { "invalid UTF-8 in a nested string", Bytes("{\"a\":[{\"b\":\"", [0xFE], "\"}]}"), "Unreadable" },
        { "lone high surrogate escape in a value", Utf8("""{"a":"\ud800"}"""), "Unreadable" },
        { "lone low surrogate escape in a value", Utf8("""{"a":"x\udc00y"}"""), "Unreadable" },
        { "reversed surrogate pair in a value", Utf8("""{"a":"\ude00\ud83d"}"""), "Unreadable" },
        { "lone surrogate escape deep inside", Utf8("""{"a":{"b":[1,{"c":"\ud800"}]}}"""), "Unreadable" },
        { "lone surrogate escape in a property name", Utf8("""{"\ud800":1}"""), "Unreadable" },
        { "lone surrogate escape in a nested property name", Utf8("""{"a":{"x\udbff":1}}"""), "Unreadable" },
        { "duplicate key at the top level", Utf8("""{"a":1,"b":2,"a":3}"""), "Unreadable" },
        { "duplicate key in a nested object", Utf8("""{"a":{"b":1,"b":2}}"""), "Unreadable" },
        { "duplicate key inside an array", Utf8("""{"a":[{"b":1},{"c":1,"c":2}]}"""), "Unreadable" },
        { "duplicate key spelt with an escape", Utf8("""{"a":1,"\u0061":2}"""), "Unreadable" },
        { "objects nested 65 deep", Utf8(Nested(65)), "Unreadable" },
        { "arrays nested 65 deep", Utf8("""{"a":""" + new string('[', 64) + new string(']', 64) + "}"), "Unreadable" },
        { "top-level array", Utf8("[1,2]"), "NotAnObject" },
        { "top-level array of objects", Utf8("""[{"a":1}]"""), "NotAnObject" },
        { "top-level string", Utf8("\"text\""), "NotAnObject" },
        { "top-level number", Utf8("42"), "NotAnObject" },
        { "top-level null", Utf8("null"), "NotAnObject" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task ReadObjectAsync_BadBody_RaisesThePolicysOwnError(string why, byte[] body, string expected)
    {
        var problem = await ProblemReading(body);

        problem.Kind.Should().Be(expected, why);
    }

    public static TheoryData<string, string> Explained => new()
    {
        { """{"a":1,"a":2}""", "duplicate" },
        { Nested(65), "deeper than 64" },
        { """{"x":{"y":"\ud800"}}""", "'x.y'" },
        { """{"x":[1,"\udc00"]}""", "'x[1]'" },
    };

    [Theory]
    [MemberData(nameof(Explained))]
    public async Task ReadObjectAsync_BadBody_SaysWhatIsWrong(string body, string said)
    {
        (await ProblemReading(Utf8(body))).Detail.Should().Contain(said);
    }

    [Fact]
    public async Task ReadObjectAsync_Nested64Deep_IsAccepted()
    {
        var body = await JsonRequest.ReadObjectAsync(Request(Utf8(Nested(64))), Errors);

        body.ValueKind.Should().Be(JsonValueKind.Object);
    }

    [Theory]
    [InlineData("""{"name":"\u00e9"}""", "name", "é")]
    [InlineData("""{"name":"\ud83d\ude00"}""", "name", "😀")]
    [InlineData("""{"name":"caf\u00e9 \ud83d\ude00 ok"}""", "name", "café 😀 ok")]
    [InlineData("""{"\u00e9t\u00e9":"summer"}""", "été", "summer")]
    [InlineData("""{"name":"\\ud800"}""", "name", "\\ud800")]
    [InlineData("""{"name":"line\nbreak \"quoted\""}""", "name", "line\nbreak \"quoted\"")]
    [InlineData("""{"name":"Bandung ñ 日本"}""", "name", "Bandung ñ 日本")]
    public async Task ReadObjectAsync_ValidEscapesAndUnicode_ReadAsTheirText(string json, string field, string expected)
    {
        var body = await JsonRequest.ReadObjectAsync(Request(Utf8(json)), Errors);

        body.RequiredString(field, Errors).Should().Be(expected);
    }

    [Fact]
    public async Task ReadObjectAsync_Body_IsACopySafeToKeep()
    {
        var body = await JsonRequest.ReadObjectAsync(Request(Utf8("""{"a":{"b":[1,2]}}""")), Errors);

        body.GetProperty("a").GetProperty("b").GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task ReadOptionalObjectAsync_NoBody_ReturnsNull()
    {
        (await JsonRequest.ReadOptionalObjectAsync(Request([]), Errors)).Should().BeNull();
    }

    [Fact]
    public async Task ReadOptionalObjectAsync_BadBody_RaisesThePolicysOwnError()
    {
        var read = () => JsonRequest.ReadOptionalObjectAsync(Request(Utf8("""{"a":"\ud800"}""")), Errors).AsTask();

        (await read.Should().ThrowExactlyAsync<RequestProblem>()).Which.Kind.Should().Be("Unreadable");
    }

    [Theory]
    [InlineData("""{"a":"\ud800"}""")]
    [InlineData("""[{"a":1,"a":2}]""")]
    [InlineData("""{"\ud800":1}""")]
    [InlineData("nope")]
    public void Parse_BadJson_RaisesUnreadable(string json)
    {
        var parse = () => JsonRequest.Parse(Utf8(json), Errors);

        parse.Should().ThrowExactly<RequestProblem>().Which.Kind.Should().Be("Unreadable");
    }

    [Fact]
    public void Parse_AnyValidValue_ReturnsIt()
    {
        JsonRequest.Parse(Utf8("""[1,"\u00e9"]"""), Errors)[1].GetString().Should().Be("é");
    }

    private static readonly JsonElement Fields = JsonRequest.Parse(Utf8("""
        {"s":"text","n":1.5,"i":7,"big":3000000000,"huge":1e400,"b":true,"o":{"k":1},"a":[1],"z":null}
        """), Errors);

    private static object? Read(string accessor, string field, string? path = null) => accessor switch
    {
        "OptionalString" => Fields.OptionalString(field, Errors, path),
        "RequiredString" => Fields.RequiredString(field, Errors, path),
        "OptionalObject" => Fields.OptionalObject(field, Errors, path)?.GetRawText(),
        "OptionalBool" => Fields.OptionalBool(field, Errors, path),
        "OptionalNumber" => Fields.OptionalNumber(field, Errors, path),
        "OptionalInt" => Fields.OptionalInt(field, Errors, path),
        _ => throw new ArgumentOutOfRangeException(nameof(accessor)),
    };

    [Theory]
    [InlineData("OptionalString", "n", "n is not a string")]
    [InlineData("OptionalString", "o", "o is not a string")]
    [InlineData("RequiredString", "b", "b is not a string")]
    [InlineData("OptionalObject", "a", "a is not an object")]
    [InlineData("OptionalObject", "s", "s is not an object")]
    [InlineData("OptionalBool", "s", "s is not a boolean")]
    [InlineData("OptionalBool", "i", "i is not a boolean")]
    [InlineData("OptionalNumber", "s", "s is not a number")]
    [InlineData("OptionalNumber", "huge", "huge is not a number")]
    [InlineData("OptionalInt", "n", "n is not a whole number")]
    [InlineData("OptionalInt", "big", "big is not a whole number")]
    [InlineData("OptionalInt", "s", "s is not a whole number")]
    public void Accessor_WrongType_RaisesWrongType(string accessor, string field, string detail)
    {
        var read = () => Read(accessor, field);

        var problem = read.Should().ThrowExactly<RequestProblem>().Which;
        (problem.Kind, problem.Detail).Should().Be(("WrongType", detail));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("z")]
    public void RequiredString_MissingOrNull_RaisesMissing(string field)
    {
        var read = () => Fields.RequiredString(field, Errors);

        var problem = read.Should().ThrowExactly<RequestProblem>().Which;
        (problem.Kind, problem.Detail).Should().Be(("Missing", field));
    }

    [Theory]
    [InlineData("OptionalString")]
    [InlineData("OptionalObject")]
    [InlineData("OptionalBool")]
    [InlineData("OptionalNumber")]
    [InlineData("OptionalInt")]
    public void Accessor_MissingOrNull_ReturnsNull(string accessor)
    {
        Read(accessor, "missing").Should().BeNull();
        Read(accessor, "z").Should().BeNull();
    }

    [Theory]
    [InlineData("OptionalString", "s", "text")]
    [InlineData("RequiredString", "s", "text")]
    [InlineData("OptionalObject", "o", """{"k":1}""")]
    [InlineData("OptionalBool", "b", true)]
    [InlineData("OptionalNumber", "n", 1.5)]
    [InlineData("OptionalNumber", "i", 7.0)]
    [InlineData("OptionalInt", "i", 7)]
    public void Accessor_RightType_ReturnsTheValue(string accessor, string field, object expected)
    {
        Read(accessor, field).Should().Be(expected);
    }

    [Fact]
    public void Accessor_PathGiven_NamesThatPathInTheError()
    {
        var wrong = () => Fields.OptionalString("n", Errors, "person.n");
        var missing = () => Fields.RequiredString("missing", Errors, "person.missing");

        wrong.Should().ThrowExactly<RequestProblem>().Which.Detail.Should().Be("person.n is not a string");
        missing.Should().ThrowExactly<RequestProblem>().Which.Detail.Should().Be("person.missing");
    }
}
