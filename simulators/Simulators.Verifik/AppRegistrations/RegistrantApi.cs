using System.Text.Json;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Hosting;
using Simulators.Core.Images;
using Simulators.Core.Jobs;
using Simulators.Core.Json;
using Simulators.Core.Scenarios;
using Simulators.Core.Webhooks;
using Simulators.Verifik.Auth;

namespace Simulators.Verifik.AppRegistrations;

/// <summary>
/// What the registrant sends with its own token (the create call's <c>token</c>): the document, assessed on the client's
/// clock, and the selfie, checked at once. Each moves the registration on and announces its events.
/// </summary>
internal static class RegistrantApi
{
    public const string DocumentPath = "/v2/document-validations/app-registration";
    public const string BiometricPath = "/v2/biometric-validations/app-registration";

    private static readonly string[] Systems = ["DESKTOP", "IOS", "ANDROID"];
    private static readonly IReadOnlySet<ImageFormat> Formats = new HashSet<ImageFormat> { ImageFormat.Jpeg, ImageFormat.Png };

    public static void MapRegistrants(this IEndpointRouteBuilder app)
    {
        app.MapPost(DocumentPath, DocumentAsync);
        app.MapPost(BiometricPath, BiometricAsync);
    }

    private static async Task<IResult> DocumentAsync(HttpContext http, VerifikAuth auth, AppRegistrationStore store, JobRegistry jobs, ScenarioResolver scenarios,
        VerifikOptions options, WebhookOutbox outbox)
    {
        // The body and its fields are checked before the registration is looked up (body parser, then validation, then the handler).
        var caller = await auth.AuthenticateAsync(http, AuthPages.AppRegistration, registrants: true);
        var body = await VerifikJson.ReadBodyAsync(http, AppRegistrationErrors.Request);
        var front = Image(body, "image", options);
        var back = Image(body, "backImage", options);
        var force = body.OptionalBool("force", AppRegistrationErrors.Request) ?? false;
        if (front is null && back is null)
        {
            throw AppRegistrationErrors.EitherImage.Raise();
        }
        var (record, job) = await RegistrationOfAsync(http, caller, store, jobs);
        var scenario = await ResolveAsync(http, caller, scenarios, AppRegistrationScenarios.DocumentValidation, job.Scenario, [.. new[] { front, back }.OfType<byte[]>()]);
        if (scenario == AppRegistrationScenarios.DocumentSettingsNotSet)
        {
            throw AppRegistrationErrors.DocumentSettingsNotSet.Raise();
        }
        var now = caller.Now;
        Open(job, now);
        if (record.DocumentValidation is not null && !force)
        {
            throw AppRegistrationErrors.AlreadyExists.Raise();
        }
        await outbox.EnsureRoomAsync(http.RequestAborted);
        var (document, planned) = await AddDocumentAsync(store, jobs, record, job, scenario, front is not null, back is not null, now, options, http.RequestAborted);
        return new JsonBytes(VerifikJson.Object(w =>
        {
            w.WriteStartObject("data");
            w.WritePropertyName("documentValidation");
            AppRegistrationWriter.WriteDocument(w, document, AppRegistrationWriter.DocumentStatus(document, planned, now));
            w.WriteEndObject();
        }));
    }

    private static async Task<IResult> BiometricAsync(HttpContext http, VerifikAuth auth, AppRegistrationStore store, JobRegistry jobs, ScenarioResolver scenarios,
        VerifikOptions options, WebhookOutbox outbox)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.AppRegistration, registrants: true);
        var body = await VerifikJson.ReadBodyAsync(http, AppRegistrationErrors.Request);
        var text = body.OptionalString("image", AppRegistrationErrors.Request);
        var os = body.OptionalString("os", AppRegistrationErrors.Request);
        var missing = new[] { ("image", text), ("os", os) }.Where(f => string.IsNullOrEmpty(f.Item2)).Select(f => f.Item1).ToArray();
        if (missing.Length > 0)
        {
            throw VerifikErrors.Missing(missing);
        }
        if (!Systems.Contains(os, StringComparer.Ordinal))
        {
            throw (VerifikErrors.MissingParameter with { Message = "invalid os\n" }).Raise();
        }
        var force = body.OptionalBool("force", AppRegistrationErrors.Request) ?? false;
        var image = Decode(text!, "image", options);
        var (record, job) = await RegistrationOfAsync(http, caller, store, jobs);
        var scenario = await ResolveAsync(http, caller, scenarios, AppRegistrationScenarios.BiometricValidation, AppRegistrationScenarios.Live, [image]);
        if (scenario == AppRegistrationScenarios.CollectionNotSet)
        {
            throw AppRegistrationErrors.CollectionNotSet.Raise();
        }
        var now = caller.Now;
        Open(job, now);
        var previous = await store.BiometricAsync(caller.ClientId, record.BiometricValidation, http.RequestAborted);
        if (previous is { Passed: true } && !force)
        {
            throw AppRegistrationErrors.PersonAlreadySet.Raise();
        }
        await outbox.EnsureRoomAsync(http.RequestAborted);
        var passed = scenario != AppRegistrationScenarios.LivenessFailed;
        var score = Score(image, passed ? (0.91, 0.99) : (0.05, 0.45));
        var biometric = new BiometricValidationRecord(VerifikIds.NewObjectId(now), record.Id, record.Client, os!, score, options.AppRegistrationLivenessMinScore,
            passed && score > options.AppRegistrationLivenessMinScore, now);
        var updated = record with
        {
            BiometricValidation = biometric.Id,
            Person = biometric.Passed ? VerifikIds.NewObjectId(now) : record.Person,
            AssignedCollection = biometric.Passed ? CollectionOf(record) : record.AssignedCollection,
            CurrentStep = biometric.Passed ? Step(record.CurrentStep, 3) : record.CurrentStep,
            UpdatedAt = now,
        };
        await store.Raw.CommitAsync(
        [
            store.Biometrics.Put(caller.ClientId, biometric.Id, biometric, expectedVersion: 0),
            store.Registrations.Put(caller.ClientId, record.Id, updated),
        ], http.RequestAborted);
        var shown = AppRegistrationWriter.Render(w => AppRegistrationWriter.WriteBiometric(w, biometric));
        IReadOnlyList<(string, string, JsonElement?)> events = biometric.Passed
            ? [("biometric_validation_validated", Entities.Biometric, shown), ("biometric_validation_created_person", Entities.Biometric, shown)]
            : [("biometric_validation_liveness_failed", Entities.Biometric, shown)];
        var document = await store.DocumentAsync(caller.ClientId, record.DocumentValidation, http.RequestAborted);
        var planned = await jobs.UpdateAsync(caller.ClientId, record.Id, current => ValueTask.FromResult<JobRecord?>(current.Replan(now,
            AppRegistrationPlan.AfterValidation(now, events, current.Scenario, document, biometric, record.ExpiresAt))), http.RequestAborted) ?? job;
        if (!biometric.Passed)
        {
            // Stored and announced: the attempt is in the registration; the registrant may try again.
            throw AppRegistrationErrors.LivenessFailed(score);
        }
        var snapshot = await AppRegistrationWriter.SnapshotAsync(store, caller.ClientId, updated, planned, now, http.RequestAborted, options.ProjectFlowType);
        return new JsonBytes(VerifikJson.Object(w =>
        {
            w.WritePropertyName("data");
            AppRegistrationWriter.WriteRegistration(w, snapshot, Populate.None);
        }));
    }

    /// <summary>
    /// The registrant's document, being assessed from <paramref name="now"/>: stored on its registration (its client is the tenant),
    /// the job replanned to announce it and, with a passed selfie in, to end as <paramref name="scenario"/> says once it is assessed.
    /// </summary>
    public static async ValueTask<(DocumentValidationRecord Document, JobRecord Planned)> AddDocumentAsync(AppRegistrationStore store, JobRegistry jobs,
        AppRegistrationRecord record, JobRecord job, string scenario, bool front, bool back, DateTimeOffset now, VerifikOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(options);
        var client = record.Client;
        var document = new DocumentValidationRecord(VerifikIds.NewObjectId(now), record.Id, client, record.Project, record.ProjectFlow, "CC",
            front, back, now, now + TimeSpan.FromSeconds(options.DocumentAssessSeconds));
        var updated = record with { DocumentValidation = document.Id, CurrentStep = Step(record.CurrentStep, 2), UpdatedAt = now };
        var biometric = await store.BiometricAsync(client, record.BiometricValidation, cancellationToken);
        await store.Raw.CommitAsync(
        [
            store.Documents.Put(client, document.Id, document, expectedVersion: 0),
            store.Registrations.Put(client, record.Id, updated),
        ], cancellationToken);
        var status = now < document.AssessedAt ? "ASSESSING" : AppRegistrationScenarios.FinalStatus(scenario) == AppRegistrationStatus.Failed ? "FAILED" : "VALIDATED";
        var shown = AppRegistrationWriter.Render(w => AppRegistrationWriter.WriteDocument(w, document, status));
        var planned = await jobs.UpdateAsync(client, record.Id, current => ValueTask.FromResult<JobRecord?>(current.Replan(now,
            AppRegistrationPlan.AfterValidation(now, [("document_validation_created", Entities.Document, shown)], scenario, document, biometric, record.ExpiresAt), scenario)),
            cancellationToken) ?? job;
        return (document, planned);
    }

    /// <summary>The registration the registrant's token names and its job; a client's token names none (404).</summary>
    private static async ValueTask<(AppRegistrationRecord Record, JobRecord Job)> RegistrationOfAsync(HttpContext http, Caller caller, AppRegistrationStore store, JobRegistry jobs)
    {
        if (caller.Claims.AppRegistration is not { } id
            || await store.RegistrationAsync(caller.ClientId, id, http.RequestAborted) is not { } record
            || (await jobs.GetAsync(caller.ClientId, id, http.RequestAborted))?.Value is not { } job)
        {
            throw AppRegistrationErrors.RegistrationNotFound.Raise();
        }
        return (record, job);
    }

    private static void Open(JobRecord job, DateTimeOffset now)
    {
        if (!AppRegistrationStatus.IsOpen(job.StateAt(now)))
        {
            throw AppRegistrationErrors.NotOpen.Raise();
        }
    }

    /// <summary>The scenario of a Smart Enroll call (header, queued outcome, image marker or fixture, else <paramref name="defaultName"/>); an unknown or misfitting header is the simulator's 400.</summary>
    public static async ValueTask<string> ResolveAsync(HttpContext http, Caller caller, ScenarioResolver scenarios, string kind, string defaultName, IReadOnlyList<byte[]> images)
    {
        try
        {
            var resolved = await scenarios.ResolveFilesAsync(caller.Tenant, kind, http.Request.Headers[ScenarioCatalog.Header], null,
                images.Select(i => (ReadOnlyMemory<byte>)i), defaultName, http.RequestAborted);
            return resolved.Scenario.Name;
        }
        catch (ScenarioRejectedException rejected)
        {
            throw (AppRegistrationErrors.UnknownScenario with { Message = rejected.Message }).Raise();
        }
    }

    private static byte[]? Image(System.Text.Json.JsonElement body, string field, VerifikOptions options) =>
        body.OptionalString(field, AppRegistrationErrors.Request) is { Length: > 0 } text ? Decode(text, field, options) : null;

    /// <summary>Base64 or a data URI of a JPEG or PNG; anything else is the platform's 412, too large its 413.</summary>
    private static byte[] Decode(string text, string field, VerifikOptions options)
    {
        var bytes = ImageInputReader.Decode(text, field, AppRegistrationErrors.Images, new ImageInputOptions(options.MaxImageBytes, TimeSpan.Zero, new HashSet<string>(), Formats));
        if (bytes.Length > options.MaxImageBytes)
        {
            throw AppRegistrationErrors.Images.TooLarge(field, "too large");
        }
        return ImageFormats.Sniff(bytes) is { } format && Formats.Contains(format) ? bytes : throw AppRegistrationErrors.Images.Unreadable(field, "not a JPEG or PNG");
    }

    /// <summary>A score in the band, the same for the same image bytes.</summary>
    private static double Score(byte[] image, (double Low, double High) band)
    {
        var fraction = BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(image)) / (double)uint.MaxValue;
        return Math.Round(band.Low + ((band.High - band.Low) * fraction), 2);
    }

    /// <summary>The project flow's face collection: one per client and flow, a stable id.</summary>
    private static string CollectionOf(AppRegistrationRecord record) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("collection:" + record.Client + ":" + record.ProjectFlow)).AsSpan(0, 12));

    private static string Step(string current, int reached) =>
        int.TryParse(current, out var n) && n >= reached ? current : reached.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
