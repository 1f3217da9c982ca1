namespace Simulators.Core.Tests;

public sealed class StrictTextTests
{
    [Theory]
    [InlineData("0123456789", true)]
    [InlineData("", false)]
    [InlineData("12 3", false)]
    [InlineData("123\n", false)]
    [InlineData("\u0661\u0662\u0663", false)]
    [InlineData("\uff11\uff12", false)]
    [InlineData("\u0967", false)]
    public void IsAsciiDigits_Text_TakesOnlyZeroToNine(string text, bool expected) =>
        StrictText.IsAsciiDigits(text).Should().Be(expected);

    [Theory]
    [InlineData("5", 5)]
    [InlineData("-1", -1)]
    [InlineData("0010", 10)]
    [InlineData("2147483647", int.MaxValue)]
    [InlineData("-2147483648", int.MinValue)]
    public void TryParseInt_PlainInteger_Parses(string text, int expected)
    {
        StrictText.TryParseInt(text, out var value).Should().BeTrue();
        value.Should().Be(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("5\n")]
    [InlineData("+5")]
    [InlineData("5\0")]
    [InlineData("\u0665")]
    [InlineData("1e3")]
    [InlineData("1,000")]
    [InlineData("2147483648")]
    [InlineData("--1")]
    public void TryParseInt_AnythingButThatText_IsRefused(string? text) =>
        StrictText.TryParseInt(text, out _).Should().BeFalse();

    [Theory]
    [InlineData("true", true, true)]
    [InlineData("False", true, false)]
    [InlineData("TRUE", true, true)]
    [InlineData(" true", false, false)]
    [InlineData("true\n", false, false)]
    [InlineData("true\0", false, false)]
    [InlineData("1", false, false)]
    [InlineData("yes", false, false)]
    [InlineData(null, false, false)]
    public void TryParseBool_Text_TakesTrueOrFalseAlone(string? text, bool parses, bool expected)
    {
        StrictText.TryParseBool(text, out var value).Should().Be(parses);
        value.Should().Be(expected);
    }

    [Theory]
    [InlineData("3fa85f64-5717-4562-b3fc-2c963f66afa6", true)]
    [InlineData("3FA85F64-5717-4562-B3FC-2C963F66AFA6", true)]
    [InlineData("3fa85f64-5717-4562-b3fc-2c963f66afa6\n", false)]
    [InlineData(" 3fa85f64-5717-4562-b3fc-2c963f66afa6", false)]
    [InlineData("3fa85f64-5717-4562-b3fc-2c963f66afa6 ", false)]
    [InlineData("3fa85f6457174562b3fc2c963f66afa6", false)]
    [InlineData("{3fa85f64-5717-4562-b3fc-2c963f66afa6}", false)]
    [InlineData("3fa85f64-5717-4562-b3fc-2c963f66afa", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void TryParseUuid_Text_TakesThe36CharacterFormAlone(string? text, bool expected) =>
        StrictText.TryParseUuid(text, out _).Should().Be(expected);

    [Theory]
    [InlineData("Onboarding", false, false)]
    [InlineData("Onboarding\n", true, true)]
    [InlineData("a\tb", true, true)]
    [InlineData("a\0", true, true)]
    [InlineData("a\u007f", true, true)]
    [InlineData("a b", false, true)]
    [InlineData("a\u00a0b", false, true)]
    public void ControlAndSpace_Text_AreFound(string text, bool control, bool spaceOrControl)
    {
        StrictText.HasControlCharacter(text).Should().Be(control);
        StrictText.HasSpaceOrControl(text).Should().Be(spaceOrControl);
    }
}
