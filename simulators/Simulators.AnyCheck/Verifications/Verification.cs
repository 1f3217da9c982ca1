using System.Collections.Immutable;
using System.Text.Json;
using Simulators.AnyCheck.Services;
using Simulators.Core.Lifecycle;
using Simulators.Core.Personas;
using Simulators.Core.Scenarios;

namespace Simulators.AnyCheck.Verifications;

internal sealed record ServiceRef(Guid Id, string Name);

internal sealed record ExternalJobIds(IReadOnlyList<Guid> OcrJobId, IReadOnlyList<Guid> FraudJobId);

/// <summary>The Verification object, field for field and in the docs' order (providers/anycheck.md §2.5).</summary>
internal sealed record VerificationResponse(
    Guid Id,
    ServiceRef Service,
    Guid UserId,
    string? ApiKey,
    Guid FolderId,
    Guid ResultId,
    double? ExecutionTime,
    string Status,
    DateTimeOffset? StartDate,
    DateTimeOffset? EndDate,
    JsonElement InputConfig,
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

/// <summary>
/// A verification as the simulator keeps it. Its visible status, dates and output are computed
/// from its timeline and the clock, never stored as "current state".
/// </summary>
internal sealed class Verification
{
    private static readonly string[] Running = [AnyCheckScenarios.Queued, AnyCheckScenarios.InProgress];

    private Rendered? _cache;

    public required Guid Id { get; init; }

    public required long Sequence { get; init; }

    public required Service Service { get; init; }

    public required Guid UserId { get; init; }

    public required string? ApiKey { get; init; }

    public required Guid FolderId { get; init; }

    public required Guid ResultId { get; init; }

    public required string VerificationType { get; init; }

    public required bool FraudDetection { get; init; }

    public required IReadOnlyDictionary<string, string[]> InputFileUrl { get; init; }

    public required string? WebhookUrl { get; init; }

    /// <summary>Echoed with <c>webhook_secret</c> removed.</summary>
    public required JsonElement WebhookMetadata { get; init; }

    public required string? WebhookSecret { get; init; }

    public required int CreditUsed { get; init; }

    public required int TotalFiles { get; init; }

    public required int TotalPages { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required IndonesianPersona Persona { get; init; }

    public required string BaseUrl { get; init; }

    public Guid OutputFileId { get; } = Guid.NewGuid();

    public Guid OcrJobId { get; } = Guid.NewGuid();

    public Guid FraudJobId { get; } = Guid.NewGuid();

    /// <summary>The configuration as sent (or as replaced by a review).</summary>
    public JsonElement InputConfig { get; set; }

    public Scenario Scenario { get; set; } = null!;

    public Timeline Timeline { get; set; } = null!;

    /// <summary>Index of the first timeline step of the current run (the first one, or the latest retry).</summary>
    public int RunStartIndex { get; set; }

    public static bool IsRunning(string status) => Running.Contains(status, StringComparer.Ordinal);

    public string StatusAt(DateTimeOffset at) => Timeline.At(at)?.State ?? AnyCheckScenarios.Queued;

    public VerificationResponse View(DateTimeOffset at)
    {
        var steps = Timeline.Steps;
        var last = 0;
        while (last + 1 < steps.Length && steps[last + 1].At <= at)
        {
            last++;
        }
        var current = steps[last];
        DateTimeOffset? start = null;
        DateTimeOffset? end = null;
        VerificationOutcome? outcome = null;
        for (var i = 0; i <= last; i++)
        {
            var step = steps[i];
            if (i < RunStartIndex)
            {
                continue;
            }
            if (step.State == AnyCheckScenarios.InProgress)
            {
                start ??= step.At;
            }
            else if (!IsRunning(step.State))
            {
                end ??= step.At;
            }
            if (step.Outcome is VerificationOutcome o)
            {
                outcome = o;
            }
        }
        var started = start is not null;
        return new VerificationResponse(
            Id,
            new ServiceRef(Service.Id, ServicesApi.KtpServiceShortName),
            UserId,
            ApiKey,
            FolderId,
            ResultId,
            start is { } s && end is { } e ? Math.Round((e - s).TotalSeconds, 3) : null,
            current.State,
            start,
            end,
            InputConfig,
            InputFileUrl,
            outcome?.Output ?? AnyCheckScenarios.Empty,
            outcome is null ? null : $"{BaseUrl}/files/{OutputFileId}",
            outcome?.OutputStatus,
            new ExternalJobIds(started ? [OcrJobId] : [], started && FraudDetection ? [FraudJobId] : []),
            WebhookUrl,
            WebhookMetadata,
            null,
            CreditUsed,
            TotalFiles,
            TotalPages,
            CreatedAt,
            current.At);
    }

    /// <summary>The JSON of <see cref="View"/>, cached per timeline and visible step: polling a finished verification costs one lookup.</summary>
    public byte[] Serialize(DateTimeOffset at)
    {
        var steps = Timeline.Steps;
        var step = Timeline.At(at);
        var config = InputConfig;
        var cached = _cache;
        if (cached is not null && cached.Steps == steps && ReferenceEquals(cached.Step, step) && cached.Config.Equals(config))
        {
            return cached.Bytes;
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(View(at), AnyCheckJson.Wire.VerificationResponse);
        _cache = new Rendered(steps, step, config, bytes);
        return bytes;
    }

    /// <summary>The detailed-results document behind <c>output_file_url</c>.</summary>
    public byte[]? RenderOutputFile(DateTimeOffset at)
    {
        var view = View(at);
        return view.OutputFileUrl is null ? null : JsonSerializer.SerializeToUtf8Bytes(view, AnyCheckJson.Wire.VerificationResponse);
    }

    private sealed record Rendered(ImmutableArray<TimelineStep> Steps, TimelineStep? Step, JsonElement Config, byte[] Bytes);
}
