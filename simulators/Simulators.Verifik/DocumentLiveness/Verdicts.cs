using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Simulators.Verifik.DocumentLiveness;

/// <summary>
/// Deterministic results: the same image bytes give the same scores. A passing check's probability lies in
/// [0.75, 0.99] and its raw score in [0.2, 12]; a failing one's in [0.0001, 0.2] and [-3, -0.05], so every
/// verdict holds under every calibration's threshold (SOFT 0.3, REGULAR 0.5, HARD 0.7).
/// </summary>
internal static class Verdicts
{
    /// <summary>What was asked of one check.</summary>
    public readonly record struct Request(bool Enabled, string Calibration);

    public static LivenessCheck[] Decide(ReadOnlySpan<byte> image, ReadOnlySpan<Request> requests, string scenario)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(image, hash);
        var (failing, warning) = DocumentLivenessScenarios.Effect(scenario);
        string[] warnings = warning is null ? [] : [warning];
        var checks = new LivenessCheck[LivenessChecks.All.Length];
        for (var i = 0; i < checks.Length; i++)
        {
            var asked = requests[i];
            if (!asked.Enabled)
            {
                checks[i] = new LivenessCheck(false, asked.Calibration, 0, 0, false, [], []);
                continue;
            }
            // Eight bytes of the hash per check: two uniform draws, one for the probability, one for the score.
            var u = BinaryPrimitives.ReadUInt32BigEndian(hash[(i * 8)..]) / (double)uint.MaxValue;
            var v = BinaryPrimitives.ReadUInt32BigEndian(hash[((i * 8) + 4)..]) / (double)uint.MaxValue;
            var live = !ReferenceEquals(LivenessChecks.All[i], failing);
            var probability = live ? 0.75 + (u * 0.24) : 0.0001 + (u * 0.1999);
            var score = live ? 0.2 + (v * 11.8) : -3 + (v * 2.95);
            probability = Math.Round(probability, 4);
            checks[i] = new LivenessCheck(true, asked.Calibration, Math.Round(score, 2), probability,
                probability >= Calibrations.Threshold(asked.Calibration), warnings, []);
        }
        return checks;
    }
}
