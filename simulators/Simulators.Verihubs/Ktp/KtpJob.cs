using Simulators.Core.Lifecycle;

namespace Simulators.Verihubs.Ktp;

/// <summary>
/// An async KTP extraction. What a poll sees is a function of its timeline and the tenant's clock:
/// <c>IN_PROGRESS</c> from submission, <c>COMPLETED</c> (carrying the outcome) when processing is done.
/// </summary>
internal sealed class KtpJob
{
    public const string InProgress = "IN_PROGRESS";
    public const string Completed = "COMPLETED";

    private (TimelineStep Step, byte[] Bytes)? _rendered;

    public required Guid Id { get; init; }

    public required string ReferenceId { get; init; }

    public required string? CallbackUrl { get; init; }

    public required bool ValidateQuality { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }

    public Timeline Timeline { get; set; } = null!;

    /// <summary>The result body once finished (cached per terminal step), or null while processing.</summary>
    public byte[]? Result(DateTimeOffset now, VerihubsOptions options)
    {
        var step = Timeline.At(now);
        return step is { State: Completed } ? Render(step, options) : null;
    }

    public byte[] Render(TimelineStep step, VerihubsOptions options)
    {
        var cached = _rendered;
        if (cached is { } c && ReferenceEquals(c.Step, step))
        {
            return c.Bytes;
        }
        var bytes = ((KtpOutcome)step.Outcome!).Render(ReferenceId, ValidateQuality, sync: false, options);
        _rendered = (step, bytes);
        return bytes;
    }

    public DateTimeOffset? FinishedAt(DateTimeOffset now) => Timeline.At(now) is { State: Completed } step ? step.At : null;

    public static LifecyclePlan Plan(double finishedAfterSeconds) =>
        LifecyclePlan.Of((TimeSpan.Zero, InProgress), (TimeSpan.FromSeconds(finishedAfterSeconds), Completed));
}
