using System.Runtime.CompilerServices;
using System.Text.Json;
using Simulators.AnyCheck.Services;
using Simulators.Core.Jobs;
using Simulators.Core.State;

namespace Simulators.AnyCheck.Verifications;

/// <summary>A verification with its job: what the store holds about it.</summary>
internal sealed record VerificationState(Stored<VerificationRecord> Record, Stored<JobRecord> Job)
{
    public VerificationRecord Value => Record.Value;

    public string StatusAt(DateTimeOffset at) => Job.Value.StateAt(at) ?? AnyCheckScenarios.Queued;
}

/// <summary>
/// The Verification object a client sees: a pure function of the stored record, its job's plan and
/// the tenant's time. Its JSON is cached per (record, plan, visible step), so polling a finished
/// verification costs two lookups and no serializer.
/// </summary>
internal sealed class VerificationViews(AnyCheckStore store, Simulators.Core.Jobs.JobRegistry jobs)
{
    private static readonly ConditionalWeakTable<JobRecord, Rendered> Cache = [];

    public ValueTask<VerificationState?> FindAsync(string tenant, Guid id, CancellationToken cancellationToken) =>
        FindAsync(tenant, id.ToString(), cancellationToken);

    /// <summary>By the id's canonical text (lower-case, with dashes), as it is stored.</summary>
    public async ValueTask<VerificationState?> FindAsync(string tenant, string key, CancellationToken cancellationToken)
    {
        var record = await store.Verifications.GetAsync(tenant, key, cancellationToken);
        var job = record is null ? null : await jobs.GetAsync(tenant, key, cancellationToken);
        return record is null || job is null ? null : new VerificationState(record, job);
    }

    public static VerificationResponse View(VerificationRecord verification, JobRecord job, DateTimeOffset at)
    {
        var steps = job.Steps;
        var last = Math.Max(0, job.IndexAt(at));
        var current = steps[last];
        DateTimeOffset? start = null;
        DateTimeOffset? end = null;
        VerificationOutcome? outcome = null;
        for (var i = verification.RunStart; i <= last; i++)
        {
            var step = steps[i];
            if (step.State == AnyCheckScenarios.InProgress)
            {
                start ??= step.At;
            }
            else if (!IsRunning(step.State))
            {
                end ??= step.At;
            }
            if (AnyCheckScenarios.OutcomeOf(step) is { } o)
            {
                outcome = o;
            }
        }
        var started = start is not null;
        var service = ServicesApi.Find(verification.ServiceId) ?? ServicesApi.Catalogue[0];
        return new VerificationResponse(
            verification.Id,
            new ServiceRef(service.Id, ServicesApi.KtpServiceShortName),
            verification.UserId,
            verification.ApiKey,
            verification.FolderId,
            verification.ResultId,
            start is { } s && end is { } e ? ExecutionSeconds(verification.Id, job.Scenario, s, e) : 0,
            current.State,
            start,
            end,
            verification.InputConfig,
            verification.InputFileUrl,
            outcome?.Output ?? AnyCheckScenarios.Empty,
            outcome is null ? null : $"{verification.BaseUrl}/files/{verification.OutputFileId}",
            outcome?.OutputStatus,
            new ExternalJobIds(started ? [verification.OcrJobId] : [], started && verification.FraudDetection ? [verification.FraudJobId] : []),
            verification.WebhookUrl,
            verification.WebhookMetadata,
            null,
            verification.CreditUsed,
            verification.TotalFiles,
            verification.TotalPages,
            verification.CreatedAt,
            current.At ?? verification.CreatedAt);
    }

    /// <summary>
    /// The JSON of <see cref="View"/>; the bytes never change afterwards (the journal keeps a reference).
    /// <paramref name="cache"/> false for a view that will not be asked for again as it is (a create's answer).
    /// </summary>
    public static byte[] Serialize(VerificationRecord verification, JobRecord job, DateTimeOffset at, bool cache = true)
    {
        var index = job.IndexAt(at);
        if (Cache.TryGetValue(job, out var cached) && ReferenceEquals(cached.Record, verification) && cached.Index == index)
        {
            return cached.Bytes;
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(View(verification, job, at), AnyCheckJson.Wire.VerificationResponse);
        if (cache)
        {
            Cache.AddOrUpdate(job, new Rendered(verification, index, bytes));
        }
        return bytes;
    }

    /// <summary>The detailed-results document behind <c>output_file_url</c>, once there is an output.</summary>
    public async ValueTask<byte[]?> OutputFileAsync(string tenant, VerificationRecord verification, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(tenant, verification.Key, cancellationToken);
        if (job is null)
        {
            return null;
        }
        var view = View(verification, job.Value, at);
        return view.OutputFileUrl is null ? null : JsonSerializer.SerializeToUtf8Bytes(view, AnyCheckJson.Wire.VerificationResponse);
    }

    /// <summary>
    /// <c>execution_time</c> of a run that went from <paramref name="start"/> to <paramref name="end"/>: the
    /// worker's own start and finish fall a deterministic part of a second after those instants (a hash of
    /// the verification, its scenario and the two instants), within the seconds <c>start_date</c> and
    /// <c>end_date</c> show, so the value is fractional (2.284, never a whole 2) and agrees with the dates.
    /// </summary>
    public static double ExecutionSeconds(Guid id, string scenario, DateTimeOffset start, DateTimeOffset end)
    {
        var scenarioBytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(scenario.AsSpan());
        Span<byte> input = scenarioBytes.Length <= 128 ? stackalloc byte[32 + scenarioBytes.Length] : new byte[32 + scenarioBytes.Length];
        id.TryWriteBytes(input);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(input[16..], start.UtcTicks);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(input[24..], end.UtcTicks);
        scenarioBytes.CopyTo(input[32..]);
        Span<byte> digest = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(input, digest);
        var hash = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(digest);
        var lead = (long)(hash % (ulong)(1000 - start.Millisecond));
        var tail = (long)((hash >> 32) % (ulong)(1000 - end.Millisecond));
        var span = (long)Math.Round((end - start).TotalMilliseconds);
        var ms = span + tail - lead;
        if (ms <= 0)
        {
            ms = Math.Max(1, span);
        }
        if (ms % 1000 == 0)
        {
            ms--;
        }
        return ms / 1000.0;
    }

    /// <summary>Not settled yet: queued, being processed, or a DRAFT waiting to be submitted (no end date, no review, cancellable).</summary>
    public static bool IsRunning(string status) => status is AnyCheckScenarios.Queued or AnyCheckScenarios.InProgress or AnyCheckScenarios.Draft;

    private sealed record Rendered(VerificationRecord Record, int Index, byte[] Bytes);
}
