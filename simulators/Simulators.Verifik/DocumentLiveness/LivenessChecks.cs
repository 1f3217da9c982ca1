namespace Simulators.Verifik.DocumentLiveness;

/// <summary>
/// One of the four checks, with every name it goes by on the wire. The captured answers spell two keys
/// <c>sreenReplay…</c> (missing "c"): that typo is the wire format.
/// </summary>
internal sealed record LivenessCheckKind(
    string Nested,
    string Label,
    string Scenario,
    string Pipeline,
    string Validate,
    string Calibration,
    string ScoreKey,
    string CalibrationKey)
{
    public string ProbabilityKey => Nested + "Probability";

    public string WarningsKey => Nested + "Warnings";

    public string ErrorsKey => Nested + "Errors";
}

internal static class LivenessChecks
{
    public static readonly LivenessCheckKind ScreenReplay = new("screenReplay", "screen replay", "SCREEN_REPLAY", "screen-replay_2024-09",
        "validateScreenReplay", "screenReplayCalibration", "sreenReplayScore", "sreenReplayCalibration");

    public static readonly LivenessCheckKind PrintedCopy = new("printedCopy", "printed copy", "PRINTED_COPY", "printed-copy_2024-09",
        "validatePrintedCopy", "printedCopyCalibration", "printedCopyScore", "printedCopyCalibration");

    public static readonly LivenessCheckKind PortraitSubstitution = new("portraitSubstitution", "portrait substitution", "PORTRAIT_SUBSTITUTION", "portrait-substitution_2024-09",
        "validatePortraitSubstitution", "portraitSubstitutionCalibration", "portraitSubstitutionScore", "portraitSubstitutionCalibration");

    // No digitalManipulationCalibration request field is documented; the answers echo one (REGULAR unless sent).
    public static readonly LivenessCheckKind DigitalManipulation = new("digitalManipulation", "digital manipulation", "DIGITAL_MANIPULATION", "digital-manipulation_2024-09",
        "validateDigitalManipulation", "digitalManipulationCalibration", "digitalManipulationScore", "digitalManipulationCalibration");

    /// <summary>In the docs' order, which is also the order of <see cref="DocumentLivenessRecord.Checks"/>.</summary>
    public static readonly LivenessCheckKind[] All = [ScreenReplay, PrintedCopy, PortraitSubstitution, DigitalManipulation];
}

/// <summary>SOFT / REGULAR / HARD and the probability each needs for <c>is_live</c> (the docs give no numbers).</summary>
internal static class Calibrations
{
    public const string Soft = "SOFT";
    public const string Regular = "REGULAR";
    public const string Hard = "HARD";

    public static readonly string[] All = [Soft, Regular, Hard];

    public static double Threshold(string calibration) => calibration switch
    {
        Soft => 0.3,
        Hard => 0.7,
        _ => 0.5,
    };
}
