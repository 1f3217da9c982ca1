using System.Text.Json;
using Simulators.Core.Json;
using Simulators.Core.Personas;

namespace Simulators.AnyCheck.Verifications;

internal sealed record ServiceRef(Guid Id, string Name);

internal sealed record ExternalJobIds(IReadOnlyList<Guid> OcrJobId, IReadOnlyList<Guid> FraudJobId);

/// <summary>The Verification object, field for field and in the docs' order (providers/anycheck.md §2.5).</summary>
internal sealed record VerificationResponse(
    Guid Id,
    ServiceRef Service,
    Guid? UserId,
    string? ApiKey,
    Guid FolderId,
    Guid ResultId,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(FloatSecondsConverter))] double ExecutionTime,
    string Status,
    DateTimeOffset? StartDate,
    DateTimeOffset? EndDate,
    RawJson InputConfig,
    IReadOnlyDictionary<string, string[]> InputFileUrl,
    JsonElement Output,
    string? OutputFileUrl,
    string? OutputStatus,
    ExternalJobIds ExternalJobId,
    string? WebhookUrl,
    JsonElement WebhookMetadata,
    string? ExportFileUrl,
    int CreditUsed,
    int TotalFiles,
    int TotalPages,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal sealed record VerificationList(int Total, string? OverallStatus, IReadOnlyList<VerificationResponse> Items);

/// <summary>What a verification ends with: its terminal status, <c>output</c> and <c>output_status</c> (a job step's data).</summary>
internal sealed record VerificationOutcome(string Status, string? OutputStatus, JsonElement Output);

/// <summary>
/// A verification as stored: what the client sent and what the simulator decided at creation.
/// Its status, dates and output are not here: they are the job's plan seen at the tenant's time.
/// <c>UserId</c> is the logged-in user's id, null for an API-key caller; <c>ApiKey</c> the key's label
/// (<see cref="Auth.AnyCheckCredentials.KeyLabel"/>), null for a JWT caller. <c>PersonaSeed</c> is the KTP file's persona (<see cref="IndonesianPersona.SeedFor"/>);
/// <c>WebhookMetadata</c> is echoed with <c>webhook_secret</c> removed; <c>InputConfig</c> is the
/// configuration as sent (or as replaced by a review); <c>RunStart</c> is the index of the job step
/// where the current run begins (the first one, or the latest retry).
/// </summary>
internal sealed record VerificationRecord(
    Guid Id,
    Guid ServiceId,
    Guid? UserId,
    string? ApiKey,
    Guid FolderId,
    Guid ResultId,
    string VerificationType,
    bool FraudDetection,
    IReadOnlyDictionary<string, string[]> InputFileUrl,
    string? WebhookUrl,
    JsonElement WebhookMetadata,
    string? WebhookSecret,
    int CreditUsed,
    int TotalFiles,
    int TotalPages,
    DateTimeOffset CreatedAt,
    int PersonaSeed,
    string BaseUrl,
    Guid OutputFileId,
    Guid OcrJobId,
    Guid FraudJobId,
    RawJson InputConfig,
    int RunStart)
{
    /// <summary>The id as text, made once: the record, its job and their index entries share it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Key { get; } = Id.ToString();

    public IndonesianPersona Persona => IndonesianPersona.FromSeed(PersonaSeed);

    // Fixed masks with the version nibble and the variant bits clear: a masked version-4 UUID is one too.
    private static readonly byte[] OutputMask = Convert.FromHexString("5be2a19c7d3e04f12a6c9e0b4d8f3a75");
    private static readonly byte[] ResultMask = Convert.FromHexString("c3179f4e8a2b0d661f5ae87c39b4d20e");

    /// <summary>
    /// The id of a verification's output file: its own id under a fixed mask, as random-looking as any
    /// UUID, and the verification is found from it without an index entry (each one would be kept
    /// for the life of the process). Records stored with another id are indexed as before.
    /// </summary>
    public static Guid OutputIdFor(Guid verificationId) => Masked(verificationId, OutputMask);

    /// <summary>The <c>result_id</c> a create gives when the client sends none, found the same way (<see cref="OutputIdFor"/>).</summary>
    public static Guid ResultIdFor(Guid verificationId) => Masked(verificationId, ResultMask);

    /// <summary>The verification whose <see cref="OutputIdFor"/> is <paramref name="outputId"/> (the mask undoes itself).</summary>
    public static Guid VerificationOfOutput(Guid outputId) => Masked(outputId, OutputMask);

    /// <summary>The verification whose <see cref="ResultIdFor"/> is <paramref name="resultId"/>.</summary>
    public static Guid VerificationOfResult(Guid resultId) => Masked(resultId, ResultMask);

    private static Guid Masked(Guid id, byte[] mask)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        for (var i = 0; i < 16; i++)
        {
            bytes[i] ^= mask[i];
        }
        return new Guid(bytes, bigEndian: true);
    }
}
