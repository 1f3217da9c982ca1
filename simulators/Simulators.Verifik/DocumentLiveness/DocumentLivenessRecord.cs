namespace Simulators.Verifik.DocumentLiveness;

/// <summary>What one check found: a disabled check keeps its calibration and reports zeros and empty lists.</summary>
internal sealed record LivenessCheck(bool Enabled, string Calibration, double Score, double Probability, bool IsLive, string[] Warnings, string[] Errors);

/// <summary>
/// A stored document-liveness validation, one per POST: enough to write it in either generation of the docs.
/// <see cref="Checks"/> is in <see cref="LivenessChecks.All"/>'s order.
/// </summary>
internal sealed record DocumentLivenessRecord(
    string Id,
    string Client,
    string Status,
    bool ImageSaved,
    string ImageUrl,
    LivenessCheck[] Checks,
    bool IgnoreDocumentCroppedValidation,
    bool IgnoreColourLessValidation,
    double AggregatedScore,
    bool IsLive,
    string[] AggregateWarnings,
    string Scenario,
    DateTimeOffset CreatedAt)
{
    public const string Completed = "completed";

    /// <summary>The documented status values (the list's <c>status</c> filter); every stored record is completed.</summary>
    public static readonly string[] Statuses = ["new", "processing", Completed, "failed"];

    public int ChargesCount => Checks.Count(c => c.Enabled);

    /// <summary>The placeholder docs' <c>confidence</c>: the mean probability of the enabled checks.</summary>
    public double Confidence => Math.Round(Checks.Where(c => c.Enabled).Average(c => c.Probability), 4);

    /// <summary>The placeholder docs' <c>riskScore</c>: one minus the weakest check's probability.</summary>
    public double RiskScore => Math.Round(1 - AggregatedScore, 4);
}

/// <summary>A client's own settings: which generation of the docs its document-liveness answers follow (null: the option).</summary>
internal sealed record ClientSettings(string? ResponseShape);
