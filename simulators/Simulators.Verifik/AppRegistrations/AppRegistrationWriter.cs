using System.Text.Json;
using Simulators.Core.Jobs;

namespace Simulators.Verifik.AppRegistrations;

/// <summary>The references a read populates (<c>populates[]</c>); the others stay ids.</summary>
[Flags]
internal enum Populate
{
    None = 0,
    Project = 1,
    ProjectFlow = 2,
    InformationValidation = 4,
    DocumentValidation = 8,
    BiometricValidation = 16,
}

/// <summary>A registration as it stands at one instant: its record, status, and validations.</summary>
internal sealed record RegistrationSnapshot(
    AppRegistrationRecord Record,
    string Status,
    DateTimeOffset UpdatedAt,
    DocumentValidationRecord? Document,
    string? DocumentStatus,
    BiometricValidationRecord? Biometric,
    string FlowType);

/// <summary>The registration pages' objects, key by key in the documented order.</summary>
internal static class AppRegistrationWriter
{
    /// <summary>The documented names of <c>populates[]</c>; the simulator fills the five it keeps records for.</summary>
    public static readonly string[] PopulateNames =
    [
        "project", "projectFlow", "emailValidation", "phoneValidation", "biometricValidation", "documentValidation", "informationValidation",
        "person", "face", "documentFace", "compareFaceVerification", "cryptoValidation", "formSubmittion", "signature", "accessControlLog",
    ];

    public static Populate ParsePopulates(IEnumerable<string?> names)
    {
        var populate = Populate.None;
        foreach (var name in names)
        {
            populate |= name switch
            {
                "project" => Populate.Project,
                "projectFlow" => Populate.ProjectFlow,
                "informationValidation" => Populate.InformationValidation,
                "documentValidation" => Populate.DocumentValidation,
                "biometricValidation" => Populate.BiometricValidation,
                _ when PopulateNames.Contains(name, StringComparer.Ordinal) => Populate.None,
                _ => throw AppRegistrationErrors.InvalidParameter("populates[] must be one of " + string.Join(", ", PopulateNames)),
            };
        }
        return populate;
    }

    /// <summary>One object as a JSON element (an event's snapshot, kept in its job step).</summary>
    public static JsonElement Render(Action<Utf8JsonWriter> write)
    {
        using var document = JsonDocument.Parse(VerifikJson.Value(write));
        return document.RootElement.Clone();
    }

    /// <summary>The registration at <paramref name="at"/> on its job's plan.</summary>
    public static async ValueTask<RegistrationSnapshot> SnapshotAsync(AppRegistrationStore store, string client, AppRegistrationRecord record, JobRecord job, DateTimeOffset at,
        CancellationToken cancellationToken, string flowType = "onboarding")
    {
        var step = job.StepAt(at);
        var status = step?.State ?? AppRegistrationStatus.Started;
        var updated = step?.At is { } changed && changed > record.UpdatedAt ? changed : record.UpdatedAt;
        var document = await store.DocumentAsync(client, record.DocumentValidation, cancellationToken);
        var biometric = await store.BiometricAsync(client, record.BiometricValidation, cancellationToken);
        return new(record, status, updated, document, document is null ? null : DocumentStatus(document, job, at), biometric, flowType);
    }

    /// <summary><c>ASSESSING</c> until assessed, then <c>FAILED</c> when the registration fails, else <c>VALIDATED</c>.</summary>
    public static string DocumentStatus(DocumentValidationRecord document, JobRecord job, DateTimeOffset at) =>
        at < document.AssessedAt ? "ASSESSING" : AppRegistrationPlan.Outcome(job) == AppRegistrationStatus.Failed ? "FAILED" : "VALIDATED";

    public static void WriteRegistration(Utf8JsonWriter w, RegistrationSnapshot snapshot, Populate populate)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(snapshot);
        var r = snapshot.Record;
        w.WriteStartObject();
        w.WriteString("_id", r.Id);
        w.WriteString("client", r.Client);
        if (populate.HasFlag(Populate.Project))
        {
            w.WriteStartObject("project");
            w.WriteString("_id", r.Project);
            w.WriteString("client", r.Client);
            w.WriteString("name", "Simulated project");
            w.WriteEndObject();
        }
        else
        {
            w.WriteString("project", r.Project);
        }
        if (populate.HasFlag(Populate.ProjectFlow))
        {
            w.WriteStartObject("projectFlow");
            w.WriteString("_id", r.ProjectFlow);
            w.WriteString("project", r.Project);
            w.WriteString("type", snapshot.FlowType);
            w.WriteEndObject();
        }
        else
        {
            w.WriteString("projectFlow", r.ProjectFlow);
        }
        w.WriteString("status", snapshot.Status);
        if (r.Email is not null)
        {
            w.WriteString("email", r.Email);
        }
        if (r.Phone is not null)
        {
            w.WriteString("phone", r.Phone);
            w.WriteString("countryCode", r.CountryCode);
        }
        w.WriteString("currentStep", r.CurrentStep);
        w.WriteString("language", r.Language);
        w.WriteString("createdAt", VerifikIds.Iso(r.CreatedAt));
        w.WriteString("updatedAt", VerifikIds.Iso(snapshot.UpdatedAt));
        if (populate.HasFlag(Populate.InformationValidation))
        {
            w.WritePropertyName("informationValidation");
            WriteInformation(w, r.Information);
        }
        else
        {
            w.WriteString("informationValidation", r.Information.Id);
        }
        if (r.DocumentValidation is { } document)
        {
            if (populate.HasFlag(Populate.DocumentValidation) && snapshot.Document is { } record)
            {
                w.WritePropertyName("documentValidation");
                WriteDocument(w, record, snapshot.DocumentStatus!);
            }
            else
            {
                w.WriteString("documentValidation", document);
            }
        }
        if (r.BiometricValidation is { } biometric)
        {
            if (populate.HasFlag(Populate.BiometricValidation) && snapshot.Biometric is { } record)
            {
                w.WritePropertyName("biometricValidation");
                WriteBiometric(w, record);
            }
            else
            {
                w.WriteString("biometricValidation", biometric);
            }
        }
        if (r.Person is { } person)
        {
            w.WriteString("person", person);
        }
        if (r.AssignedCollection is { } collection)
        {
            w.WriteString("assignedCollection", collection);
        }
        w.WriteNumber("__v", 0);
        w.WriteEndObject();
    }

    /// <summary><c>{_id, fullName, firstName, lastName}</c>.</summary>
    public static void WriteInformation(Utf8JsonWriter w, InformationValidation information)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(information);
        w.WriteStartObject();
        w.WriteString("_id", information.Id);
        w.WriteString("fullName", information.FullName);
        w.WriteString("firstName", information.FirstName);
        w.WriteString("lastName", information.LastName);
        w.WriteEndObject();
    }

    /// <summary>The documented document-validation keys; the names match once the document is <c>VALIDATED</c>.</summary>
    public static void WriteDocument(Utf8JsonWriter w, DocumentValidationRecord d, string status)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(d);
        var validated = status == "VALIDATED";
        var match = status switch { "VALIDATED" => 100, "FAILED" => 35, _ => 0 };
        w.WriteStartObject();
        w.WriteString("_id", d.Id);
        w.WriteString("appRegistration", d.AppRegistration);
        w.WriteString("client", d.Client);
        w.WriteString("project", d.Project);
        w.WriteString("projectFlow", d.ProjectFlow);
        w.WriteString("documentType", d.DocumentType);
        w.WriteString("documentCategory", "ID");
        w.WriteString("status", status);
        w.WriteString("validationMethod", "OCR");
        w.WriteString("inputMethod", "FILE_UPLOAD");
        w.WriteBoolean("imageValidated", validated);
        w.WriteBoolean("namesMatch", validated);
        w.WriteNumber("fullNameMatchPercentage", match);
        w.WriteNumber("firstNameMatchPercentage", match);
        w.WriteNumber("lastNameMatchPercentage", match);
        w.WriteString("type", "validation");
        w.WriteString("createdAt", VerifikIds.Iso(d.CreatedAt));
        w.WriteString("updatedAt", VerifikIds.Iso(status == "ASSESSING" ? d.CreatedAt : d.AssessedAt));
        w.WriteNumber("__v", 0);
        w.WriteEndObject();
    }

    /// <summary>The selfie's validation: status <c>validated</c> or <c>failed</c> (the webhook docs' values), its scores.</summary>
    public static void WriteBiometric(Utf8JsonWriter w, BiometricValidationRecord b)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(b);
        w.WriteStartObject();
        w.WriteString("_id", b.Id);
        w.WriteString("appRegistration", b.AppRegistration);
        w.WriteString("client", b.Client);
        w.WriteString("status", b.Passed ? "validated" : "failed");
        w.WriteString("os", b.Os);
        w.WriteNumber("livenessScore", b.LivenessScore);
        w.WriteNumber("minScore", b.MinScore);
        w.WriteBoolean("passed", b.Passed);
        w.WriteString("createdAt", VerifikIds.Iso(b.CreatedAt));
        w.WriteString("updatedAt", VerifikIds.Iso(b.CreatedAt));
        w.WriteNumber("__v", 0);
        w.WriteEndObject();
    }
}
