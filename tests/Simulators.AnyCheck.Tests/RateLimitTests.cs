using System.Globalization;
using System.Net;
using Simulators.Testing;

namespace Simulators.AnyCheck.Tests;

/// <summary>An enforced per-minute limit: the 429 and the headers of every answer around it.</summary>
public sealed class RateLimitTests : AnyCheckTest
{
    protected override void Configure(SimulatorHarnessOptions options) => options.Configuration["AnyCheck:RateLimitPerMinute"] = "3";

    [Fact]
    public async Task AnyEndpoint_OverTheLimit_Returns429WithRetryAfterUntilTheWindowEnds()
    {
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(45));
        for (var i = 0; i < 3; i++)
        {
            using var ok = await Api.Http.GetAsync(new Uri("/services", UriKind.Relative));
            ok.StatusCode.Should().Be(HttpStatusCode.OK);
            ok.Headers.GetValues("X-RateLimit-Remaining").Single().Should().Be((2 - i).ToString(CultureInfo.InvariantCulture));
        }

        using var limited = await Api.Http.GetAsync(new Uri("/verifications/not-a-uuid", UriKind.Relative));
        await AnyCheckApi.ReadErrorAsync(limited, HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        limited.Headers.GetValues("Retry-After").Single().Should().Be("15", "the window ends at 08:01:00 and it is 08:00:45");
        limited.Headers.GetValues("X-RateLimit-Limit").Single().Should().Be("3");
        limited.Headers.GetValues("X-RateLimit-Remaining").Single().Should().Be("0");
        limited.Headers.GetValues("X-RateLimit-Reset").Single().Should().Be(new DateTimeOffset(2025, 11, 3, 8, 1, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));

        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(15));
        using var again = await Api.Http.GetAsync(new Uri("/services", UriKind.Relative));
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        again.Headers.GetValues("X-RateLimit-Remaining").Single().Should().Be("2");
    }
}
