using Simulators.Core.Webhooks;

namespace Simulators.Core.Tests.Webhooks;

public class WebhookRetryPolicyTests
{
    [Theory]
    [InlineData("5,10,20", new[] { 5.0, 10, 20 })]
    [InlineData(" 10 , 60,300 ", new[] { 10.0, 60, 300 })]
    [InlineData("0.5", new[] { 0.5 })]
    [InlineData("", new double[0])]
    public void TryParseSeconds_CommaSeparatedSeconds_GivesTheDelays(string text, double[] seconds)
    {
        WebhookRetryPolicy.TryParseSeconds(text, out var delays).Should().BeTrue();
        delays.Should().Equal(seconds.Select(TimeSpan.FromSeconds));
    }

    [Theory]
    [InlineData("5;10")]
    [InlineData("ten")]
    [InlineData("-5")]
    [InlineData("NaN")]
    [InlineData("1e300")]
    public void TryParseSeconds_NotASchedule_IsFalseAndParseThrows(string text)
    {
        WebhookRetryPolicy.TryParseSeconds(text, out _).Should().BeFalse();
        var parse = () => WebhookRetryPolicy.ParseSeconds(text);
        parse.Should().Throw<FormatException>();
    }

    [Fact]
    public void Of_ReplacesTheDefaultScheduleAndSetsTheTimeout()
    {
        var policy = WebhookRetryPolicy.Of([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)], TimeSpan.FromSeconds(60));
        policy.Backoff.Should().Equal(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        policy.Timeout.Should().Be(TimeSpan.FromSeconds(60));
    }
}
