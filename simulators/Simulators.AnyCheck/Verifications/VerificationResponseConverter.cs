using System.Text.Json;
using System.Text.Json.Serialization;
using Simulators.Core.Json;

namespace Simulators.AnyCheck.Verifications;

/// <summary>
/// Writes the Verification object straight from the view, field by field in the docs' order: the
/// same bytes the source-generated serializer writes for <see cref="VerificationResponse"/> with
/// the wire options (a test holds the two to that), without its per-property machinery. Every
/// create answers with one and every status change sends one, so it is on the write path.
/// </summary>
internal sealed class VerificationResponseConverter : JsonConverter<VerificationResponse>
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Service = JsonEncodedText.Encode("service");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText UserId = JsonEncodedText.Encode("user_id");
    private static readonly JsonEncodedText ApiKey = JsonEncodedText.Encode("api_key");
    private static readonly JsonEncodedText FolderId = JsonEncodedText.Encode("folder_id");
    private static readonly JsonEncodedText ResultId = JsonEncodedText.Encode("result_id");
    private static readonly JsonEncodedText ExecutionTime = JsonEncodedText.Encode("execution_time");
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText StartDate = JsonEncodedText.Encode("start_date");
    private static readonly JsonEncodedText EndDate = JsonEncodedText.Encode("end_date");
    private static readonly JsonEncodedText InputConfig = JsonEncodedText.Encode("input_config");
    private static readonly JsonEncodedText InputFileUrl = JsonEncodedText.Encode("input_file_url");
    private static readonly JsonEncodedText Output = JsonEncodedText.Encode("output");
    private static readonly JsonEncodedText OutputFileUrl = JsonEncodedText.Encode("output_file_url");
    private static readonly JsonEncodedText OutputStatus = JsonEncodedText.Encode("output_status");
    private static readonly JsonEncodedText ExternalJobId = JsonEncodedText.Encode("external_job_id");
    private static readonly JsonEncodedText OcrJobId = JsonEncodedText.Encode("ocr_job_id");
    private static readonly JsonEncodedText FraudJobId = JsonEncodedText.Encode("fraud_job_id");
    private static readonly JsonEncodedText WebhookUrl = JsonEncodedText.Encode("webhook_url");
    private static readonly JsonEncodedText WebhookMetadata = JsonEncodedText.Encode("webhook_metadata");
    private static readonly JsonEncodedText ExportFileUrl = JsonEncodedText.Encode("export_file_url");
    private static readonly JsonEncodedText CreditUsed = JsonEncodedText.Encode("credit_used");
    private static readonly JsonEncodedText TotalFiles = JsonEncodedText.Encode("total_files");
    private static readonly JsonEncodedText TotalPages = JsonEncodedText.Encode("total_pages");
    private static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode("created_at");
    private static readonly JsonEncodedText UpdatedAt = JsonEncodedText.Encode("updated_at");

    private static readonly UtcSecondsConverter Dates = new();
    private static readonly FloatSecondsConverter Seconds = new();

    public override VerificationResponse Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("The simulator writes Verification objects; it does not read them.");

    public override void Write(Utf8JsonWriter writer, VerificationResponse value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteString(Id, value.Id);
        writer.WritePropertyName(Service);
        if (value.Service is { } service)
        {
            writer.WriteStartObject();
            writer.WriteString(Id, service.Id);
            writer.WriteString(Name, service.Name);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNullValue();
        }
        if (value.UserId is { } user)
        {
            writer.WriteString(UserId, user);
        }
        else
        {
            writer.WriteNull(UserId);
        }
        writer.WriteString(ApiKey, value.ApiKey);
        writer.WriteString(FolderId, value.FolderId);
        writer.WriteString(ResultId, value.ResultId);
        writer.WritePropertyName(ExecutionTime);
        Seconds.Write(writer, value.ExecutionTime, options);
        writer.WriteString(Status, value.Status);
        WriteDate(writer, StartDate, value.StartDate, options);
        WriteDate(writer, EndDate, value.EndDate, options);
        writer.WritePropertyName(InputConfig);
        writer.WriteRawValue(value.InputConfig.Utf8, skipInputValidation: true);
        writer.WritePropertyName(InputFileUrl);
        WriteFileUrls(writer, value.InputFileUrl);
        writer.WritePropertyName(Output);
        value.Output.WriteTo(writer);
        writer.WriteString(OutputFileUrl, value.OutputFileUrl);
        writer.WriteString(OutputStatus, value.OutputStatus);
        writer.WritePropertyName(ExternalJobId);
        if (value.ExternalJobId is { } jobs)
        {
            writer.WriteStartObject();
            WriteIds(writer, OcrJobId, jobs.OcrJobId);
            WriteIds(writer, FraudJobId, jobs.FraudJobId);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNullValue();
        }
        writer.WriteString(WebhookUrl, value.WebhookUrl);
        writer.WritePropertyName(WebhookMetadata);
        value.WebhookMetadata.WriteTo(writer);
        writer.WriteString(ExportFileUrl, value.ExportFileUrl);
        writer.WriteNumber(CreditUsed, value.CreditUsed);
        writer.WriteNumber(TotalFiles, value.TotalFiles);
        writer.WriteNumber(TotalPages, value.TotalPages);
        writer.WritePropertyName(CreatedAt);
        Dates.Write(writer, value.CreatedAt, options);
        writer.WritePropertyName(UpdatedAt);
        Dates.Write(writer, value.UpdatedAt, options);
        writer.WriteEndObject();
    }

    private static void WriteDate(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset? value, JsonSerializerOptions options)
    {
        writer.WritePropertyName(name);
        if (value is { } date)
        {
            Dates.Write(writer, date, options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static void WriteFileUrls(Utf8JsonWriter writer, IReadOnlyDictionary<string, string[]>? files)
    {
        if (files is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartObject();
        foreach (var (field, urls) in files)
        {
            writer.WritePropertyName(field);
            if (urls is null)
            {
                writer.WriteNullValue();
                continue;
            }
            writer.WriteStartArray();
            foreach (var url in urls)
            {
                writer.WriteStringValue(url);
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static void WriteIds(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyList<Guid>? ids)
    {
        writer.WritePropertyName(name);
        if (ids is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartArray();
        for (var i = 0; i < ids.Count; i++)
        {
            writer.WriteStringValue(ids[i]);
        }
        writer.WriteEndArray();
    }
}
