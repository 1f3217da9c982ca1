using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Simulators.AdvanceAi.Journey;

namespace Simulators.AdvanceAi.Results;

/// <summary>
/// get-result's <c>data</c> (the seed page): <c>overallResult</c> null while unfinished, <c>submissionCompleted</c>,
/// <c>idvResult</c> mirroring it, <c>errorCode</c>, <c>docDetail</c> (partial after submit, full at PASS, the seed's
/// all-null shape at a failure), <c>faceDetail</c> for the face products, <c>countryCodeIso3</c> = region.
/// </summary>
internal sealed class ResultWriter(ImageLinks images)
{
    /// <summary>Everything the writer needs, resolved before writing (image values are links or Base64).</summary>
    public sealed record Snapshot(JourneyRecord Record, JourneyView View, IReadOnlyDictionary<string, string> Images);

    public async ValueTask<Snapshot> SnapshotAsync(string tenant, JourneyRecord record, JourneyView view, bool base64, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!record.Cleared)
        {
            foreach (var name in ImageNames.All)
            {
                values[name] = await images.ValueAsync(tenant, record.SignatureId, name, base64, now, cancellationToken);
            }
        }
        return new(record, view, values);
    }

    public static void Write(Utf8JsonWriter w, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(snapshot);
        var (record, view, _) = snapshot;
        var finished = view.Stage is JourneyStage.Finished or JourneyStage.Incomplete;
        var overall = finished ? view.Outcome?.OverallResult : null;
        w.WriteStartObject();
        w.WriteString("signatureId", record.SignatureId);
        w.StringOrNull("overallResult", overall);
        if (record.Product == Products.Address)
        {
            // The address result's documented keys have no submissionCompleted: nobody submits anything there.
            WriteAddress(w, snapshot, finished);
            w.WriteEndObject();
            return;
        }
        w.WriteBoolean("submissionCompleted", view.SubmittedAt is not null);
        w.StringOrNull("idvResult", overall);
        w.StringOrNull("errorCode", finished ? view.Outcome?.ErrorCode : null);
        w.WritePropertyName("docDetail");
        if (!Products.HasDocument(record.Product) || view.SubmittedAt is null)
        {
            w.WriteNullValue();
        }
        else if (view.Stage == JourneyStage.Submitted)
        {
            WritePartialDoc(w, snapshot);
        }
        else if (overall == Outcomes.Pass)
        {
            WriteFullDoc(w, snapshot);
        }
        else
        {
            WriteFailedDoc(w);
        }
        if (Products.HasFace(record.Product))
        {
            w.WritePropertyName("faceDetail");
            if (overall == Outcomes.Pass)
            {
                WriteFace(w, snapshot);
            }
            else
            {
                w.WriteNullValue();
            }
        }
        w.WriteString("countryCodeIso3", record.Region);
        w.WriteEndObject();
    }

    private static string? Image(Snapshot s, string name) => s.Images.TryGetValue(name, out var value) ? value : null;

    private static bool HasBack(JourneyRecord record) => record.DocType is { } docType && DocTypes.HasBack(docType);

    private static void WritePartialDoc(Utf8JsonWriter w, Snapshot s)
    {
        // The seed's "still in processing" example: OCR and images ready, labels not yet.
        w.WriteStartObject();
        w.WriteString("ocrResult", Outcomes.Pass);
        w.StringOrNull("docFrontImage", Image(s, ImageNames.Front));
        w.StringOrNull("docBackImage", HasBack(s.Record) ? Image(s, ImageNames.Back) : null);
        WriteOcrInfo(w, s);
        w.WriteStartObject("qualityLabels");
        w.WriteNull("front");
        w.WriteNull("back");
        w.WriteEndObject();
        w.WriteNull("forgeryLabels");
        WriteEvents(w, s);
        w.WriteEndObject();
    }

    private static void WriteFullDoc(Utf8JsonWriter w, Snapshot s)
    {
        var record = s.Record;
        var back = HasBack(record);
        w.WriteStartObject();
        w.WriteString("ocrResult", Outcomes.Pass);
        w.StringOrNull("docFrontImage", Image(s, ImageNames.Front));
        w.StringOrNull("docBackImage", back ? Image(s, ImageNames.Back) : null);
        foreach (var name in new[] { "docType", "subDocType" })
        {
            w.WriteStartObject(name);
            w.StringOrNull("front", record.DocType);
            w.StringOrNull("back", back ? record.DocType : null);
            w.WriteEndObject();
        }
        WriteOcrInfo(w, s);
        w.WriteStartObject("qualityLabels");
        WriteQuality(w, "front");
        if (back)
        {
            WriteQuality(w, "back");
        }
        else
        {
            w.WriteNull("back");
        }
        w.WriteEndObject();
        w.WriteStartArray("forgeryLabels");
        w.WriteEndArray();
        WriteEvents(w, s);
        w.WriteEndObject();
    }

    /// <summary>The seed's failure example (its <c>docResult</c> read as the table's <c>ocrResult</c>).</summary>
    private static void WriteFailedDoc(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        foreach (var name in new[] { "ocrResult", "docFrontImage", "docBackImage", "ocrInfo", "qualityLabels", "forgeryLabels" })
        {
            w.WriteNull(name);
        }
        w.WriteEndObject();
    }

    private static void WriteQuality(Utf8JsonWriter w, string side)
    {
        w.WriteStartObject(side);
        w.WriteBoolean("isBlur", false);
        w.WriteBoolean("isDim", false);
        w.WriteBoolean("isExposure", false);
        w.WriteEndObject();
    }

    private static void WriteOcrInfo(Utf8JsonWriter w, Snapshot s)
    {
        if (s.Record.Cleared)
        {
            w.WriteNull("ocrInfo");
            return;
        }
        var person = Persona.Of(s.Record.SignatureId);
        w.WriteStartObject("ocrInfo");
        w.WriteStartObject("front");
        w.WriteString("name", person.Name);
        w.WriteString("idNumber", person.IdNumber);
        w.WriteString("birthday", person.Birthday);
        w.WriteString("gender", person.Gender);
        w.WriteString("address", person.Address);
        w.WriteEndObject();
        if (HasBack(s.Record))
        {
            w.WriteStartObject("back");
            w.WriteString("idNumber", person.IdNumber);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("back");
        }
        w.WriteEndObject();
    }

    private static void WriteEvents(Utf8JsonWriter w, Snapshot s)
    {
        w.WriteStartArray("eventDetails");
        w.WriteStartObject();
        w.WriteString("event", "FE_DOCUMENT_SCAN");
        w.WriteString("result", Outcomes.Pass);
        // The vendor's own spelling.
        w.WriteNumber("createTimestmap", s.View.SubmittedAt!.Value.ToUnixTimeMilliseconds());
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteFace(Utf8JsonWriter w, Snapshot s)
    {
        var at = s.View.SubmittedAt!.Value.ToUnixTimeMilliseconds();
        w.WriteStartObject();
        w.WriteString("faceResult", Outcomes.Pass);
        w.StringOrNull("faceImageFar", Image(s, ImageNames.Far));
        w.WriteNumber("faceImageFarTime", at - 2000);
        w.StringOrNull("faceImageNear", Image(s, ImageNames.Near));
        w.WriteNumber("faceImageNearTime", at - 1000);
        w.WriteNull("silentImage");
        w.WriteNull("silentImageTime");
        w.WriteNull("auditImageUrl");
        w.WriteNumber("faceLivenessScore", 92.5);
        w.WriteNull("livenessAttackType");
        w.WriteString("livenessType", "DISTANT_NEAR");
        w.WriteNull("livenessFlowCategory");
        if (s.Record.Product == Products.Liveness)
        {
            w.WriteNull("faceSimilarityScore");
        }
        else
        {
            w.WriteNumber("faceSimilarityScore", 88.0);
        }
        w.WriteStartArray("eventDetails");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteAddress(Utf8JsonWriter w, Snapshot s, bool finished)
    {
        var passed = finished && s.View.Outcome?.OverallResult == Outcomes.Pass;
        w.WriteStartArray("errorCodes");
        if (finished && !passed && s.View.Outcome?.ErrorCode is { } code)
        {
            w.WriteStringValue(code);
        }
        w.WriteEndArray();
        w.WritePropertyName("addressDetail");
        if (passed && !s.Record.Cleared)
        {
            var person = Persona.Of(s.Record.SignatureId);
            w.WriteStartObject();
            w.WriteString("fullName", person.Name);
            w.WriteString("address", person.Address);
            w.StringOrNull("proofFileImage", Image(s, ImageNames.Proof));
            w.WriteEndObject();
        }
        else
        {
            w.WriteNullValue();
        }
        w.WriteStartObject("inputParameters");
        w.StringOrNull("bizId", s.Record.BizId);
        w.StringOrNull("userId", s.Record.UserId);
        w.StringOrNull("region", s.Record.Region);
        w.StringOrNull("fullName", s.Record.FullName);
        w.StringOrNull("issueDate", s.Record.IssueDate);
        w.WriteEndObject();
        w.WriteString("countryCodeIso3", s.Record.Region);
    }
}

/// <summary>OCR values derived from the signatureId (the same transaction always reads the same); masked as the seed's example is.</summary>
internal sealed record Persona(string Name, string IdNumber, string Birthday, string Gender, string Address)
{
    private static readonly string[] Names = ["JUAN DELA CRUZ", "MARIA SANTOS", "SITI NURHALIZA", "SOMCHAI SUKSAWAT", "NGUYEN VAN AN", "BUDI SANTOSO"];
    private static readonly string[] Streets = ["12 JALAN MERDEKA", "45 RIZAL AVENUE", "8 SUKHUMVIT ROAD", "101 LE LOI STREET"];

    public static Persona Of(string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var n = BitConverter.ToUInt32(hash, 0);
        var digits = (BitConverter.ToUInt64(hash, 4) % 1_000_000_000_000UL).ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
        var birthday = new DateOnly(1970, 1, 1).AddDays((int)(n % 12000)).ToString("yyyy/MM/dd", System.Globalization.CultureInfo.InvariantCulture);
        return new(Names[n % Names.Length], digits, birthday, n % 2 == 0 ? "MALE" : "FEMALE", Streets[(n / 7) % Streets.Length]);
    }
}
