using System.Globalization;
using System.Text.Json;

namespace Simulators.Verifik.DocumentLiveness;

/// <summary>The populated <c>client</c> of a list (<c>populates[]=client</c>): the placeholder docs' <c>{_id, name, email}</c>.</summary>
internal sealed record PopulatedClient(string Id, string Name, string? Email);

/// <summary>
/// Writes a record in the shape a client asked for: <c>captured</c> (the GitBook captures' flat keys),
/// <c>documented</c> (the seed page's nested keys) or <c>both</c>, one <c>data</c> holding every key of the two.
/// </summary>
internal static class DocumentLivenessWriter
{
    public enum Call
    {
        Create,
        Retrieve,
    }

    /// <summary>The answer to a create or a retrieve.</summary>
    public static byte[] One(DocumentLivenessRecord record, string shape, Call call, DateTimeOffset now) => VerifikJson.Object(w =>
    {
        var documented = shape != ResponseShapes.Captured;
        var captured = shape != ResponseShapes.Documented;
        if (documented)
        {
            w.WriteBoolean("success", true);
        }
        w.WritePropertyName("data");
        Data(w, record, shape, null);
        // The captured retrieve is a bare {data}; the captured create, like every charged call, is signed and has a request id.
        if (documented || call == Call.Create)
        {
            w.WriteSignature(now);
        }
        if (captured && (call == Call.Create || documented))
        {
            w.WriteString("id", VerifikIds.NewRequestId());
        }
    });

    /// <summary>The list: top-level paging (captured), <c>pagination</c> (documented), both by default.</summary>
    public static byte[] List(IReadOnlyList<DocumentLivenessRecord> records, string shape, int total, int page, int limit, PopulatedClient? client, DateTimeOffset now) => VerifikJson.Object(w =>
    {
        var documented = shape != ResponseShapes.Captured;
        var captured = shape != ResponseShapes.Documented;
        var pages = (int)Math.Ceiling(total / (double)limit);
        if (documented)
        {
            w.WriteBoolean("success", true);
        }
        w.WriteStartArray("data");
        foreach (var record in records)
        {
            Data(w, record, shape, client);
        }
        w.WriteEndArray();
        if (captured)
        {
            w.WriteNumber("total", total);
            w.WriteNumber("limit", limit);
            w.WriteNumber("page", page);
            w.WriteNumber("pages", pages);
        }
        if (documented)
        {
            w.WriteStartObject("pagination");
            w.WriteNumber("page", page);
            w.WriteNumber("limit", limit);
            w.WriteNumber("total", total);
            w.WriteNumber("pages", pages);
            w.WriteEndObject();
            w.WriteSignature(now);
        }
    });

    private static void Data(Utf8JsonWriter w, DocumentLivenessRecord r, string shape, PopulatedClient? client)
    {
        var documented = shape != ResponseShapes.Captured;
        var captured = shape != ResponseShapes.Documented;
        var checks = LivenessChecks.All;
        w.WriteStartObject();
        if (documented)
        {
            w.WriteString("_id", r.Id);
        }
        if (client is null)
        {
            w.WriteString("client", r.Client);
        }
        else
        {
            w.WriteStartObject("client");
            w.WriteString("_id", client.Id);
            w.WriteString("name", client.Name);
            w.StringOrNull("email", client.Email);
            w.WriteEndObject();
        }
        if (documented)
        {
            w.WriteNull("appRegistration");
        }
        w.WriteBoolean("imageSaved", r.ImageSaved);
        w.WriteString("imageUrl", r.ImageUrl);
        if (documented)
        {
            w.WriteString("status", r.Status);
        }
        if (captured)
        {
            for (var i = 0; i < checks.Length; i++)
            {
                w.WriteBoolean(checks[i].Validate, r.Checks[i].Enabled);
            }
            for (var i = 0; i < checks.Length; i++)
            {
                w.WriteNumber(checks[i].ScoreKey, r.Checks[i].Score);
            }
            for (var i = 0; i < checks.Length; i++)
            {
                w.WriteNumber(checks[i].ProbabilityKey, r.Checks[i].Probability);
            }
            for (var i = 0; i < checks.Length; i++)
            {
                w.WriteString(checks[i].CalibrationKey, r.Checks[i].Calibration);
            }
            w.WriteBoolean("ignoreDocumentCroppedValidation", r.IgnoreDocumentCroppedValidation);
            w.WriteBoolean("ignoreColourLessValidation", r.IgnoreColourLessValidation);
            for (var i = 0; i < checks.Length; i++)
            {
                Strings(w, checks[i].WarningsKey, r.Checks[i].Warnings);
            }
            for (var i = 0; i < checks.Length; i++)
            {
                Strings(w, checks[i].ErrorsKey, r.Checks[i].Errors);
            }
            w.WriteNumber("aggregatedScore", r.AggregatedScore);
            w.WriteBoolean("isLive", r.IsLive);
            Strings(w, "aggregateWarnings", r.AggregateWarnings);
        }
        if (documented)
        {
            w.WriteStartObject("validationResults");
            for (var i = 0; i < checks.Length; i++)
            {
                var check = r.Checks[i];
                w.WriteStartObject(checks[i].Nested);
                w.WriteBoolean("passed", check.Enabled && check.IsLive);
                w.WriteNumber("score", check.Probability);
                w.WriteString("details", Details(checks[i], check));
                w.WriteEndObject();
            }
            w.WriteEndObject();
            // The placeholder docs list three calibrations (no digital-manipulation one).
            w.WriteStartObject("calibrationSettings");
            for (var i = 0; i < 3; i++)
            {
                w.WriteString(checks[i].Calibration, r.Checks[i].Calibration);
            }
            w.WriteEndObject();
            w.WriteStartObject("validationFlags");
            w.WriteBoolean("ignoreDocumentCroppedValidation", r.IgnoreDocumentCroppedValidation);
            w.WriteBoolean("ignoreColourLessValidation", r.IgnoreColourLessValidation);
            w.WriteEndObject();
            w.WriteNumber("riskScore", r.RiskScore);
            w.WriteNumber("confidence", r.Confidence);
        }
        var at = VerifikIds.Iso(r.CreatedAt);
        if (documented)
        {
            w.WriteString("createdAt", at);
            w.WriteString("updatedAt", at);
            w.WriteString("completedAt", at);
        }
        else
        {
            // The captures' own order: _id, updatedAt, createdAt after the results.
            w.WriteString("_id", r.Id);
            w.WriteString("updatedAt", at);
            w.WriteString("createdAt", at);
        }
        if (captured)
        {
            w.WriteNumber("__v", 0);
            w.WriteNumber("chargesCount", r.ChargesCount);
            Raw(w, r);
        }
        w.WriteEndObject();
    }

    /// <summary>The model's own answer, as captured: probabilities as strings, only the pipelines run.</summary>
    private static void Raw(Utf8JsonWriter w, DocumentLivenessRecord r)
    {
        w.WriteStartObject("rawResponse");
        w.WriteStartArray("pipeline_results");
        for (var i = 0; i < LivenessChecks.All.Length; i++)
        {
            var check = r.Checks[i];
            if (!check.Enabled)
            {
                continue;
            }
            w.WriteStartObject();
            w.WriteString("pipeline_name", LivenessChecks.All[i].Pipeline);
            w.WriteNumber("liveness_score", check.Score);
            w.WriteString("liveness_probability", Text(check.Probability));
            w.WriteBoolean("is_live", check.IsLive);
            Strings(w, "image_quality_warnings", check.Warnings);
            w.WriteString("status", "success");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("charges_count", r.ChargesCount);
        w.WriteString("aggregate_liveness_probability", Text(r.AggregatedScore));
        w.WriteBoolean("aggregate_is_live", r.IsLive);
        Strings(w, "aggregate_image_quality_warnings", r.AggregateWarnings);
        w.WriteEndObject();
    }

    private static string Details(LivenessCheckKind kind, LivenessCheck check)
    {
        var label = char.ToUpperInvariant(kind.Label[0]) + kind.Label[1..];
        return !check.Enabled ? label + " validation not requested"
            : check.IsLive ? "No " + kind.Label + " detected"
            : label + " detected";
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void Strings(Utf8JsonWriter w, string name, string[] values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }
        w.WriteEndArray();
    }
}
