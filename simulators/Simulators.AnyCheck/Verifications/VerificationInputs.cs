using System.Text.Json;
using Simulators.AnyCheck.Uploads;
using Simulators.Core.Json;
using Simulators.Core.Personas;

namespace Simulators.AnyCheck.Verifications;

/// <summary>
/// A <c>configuration</c> read and its files resolved, with everything a verification derives from it.
/// A create builds the record from it; a review or a submission applies it to the record, so the two never disagree.
/// </summary>
internal sealed record VerificationInputs(string Type, bool FraudDetection, IReadOnlyDictionary<string, List<StoredFile>> Files, JsonElement Configuration)
{
    public IEnumerable<StoredFile> All => Files.Values.SelectMany(f => f);

    public IReadOnlyDictionary<string, string[]> FileUrls => FileUrlMap.Of(Files.Select(f => KeyValuePair.Create(f.Key, f.Value.Select(x => x.Url).ToArray())));

    public int FileCount => All.Count();

    public int PageCount => All.Sum(f => f.PageCount);

    /// <summary>The KTP's persona: the first file of <c>ktp_file</c> (required, except in a draft that has none yet: 0 until it has).</summary>
    public int PersonaSeed => Files.TryGetValue("ktp_file", out var ktp) && ktp.Count > 0 ? IndonesianPersona.SeedForSha256(ktp[0].Scan.Sha256Hex) : 0;

    public VerificationRecord ApplyTo(VerificationRecord verification) => verification with
    {
        VerificationType = Type,
        FraudDetection = FraudDetection,
        InputFileUrl = FileUrls,
        TotalFiles = FileCount,
        TotalPages = PageCount,
        PersonaSeed = PersonaSeed,
        // A copy of the configuration alone: the record does not keep the whole request body alive.
        InputConfig = RawJson.Of(Configuration),
    };
}
