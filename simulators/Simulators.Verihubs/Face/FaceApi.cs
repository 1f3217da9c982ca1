using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Personas;
using Simulators.Core.Scenarios;
using Simulators.Core.State;
using Simulators.Verihubs.Auth;
using Simulators.Verihubs.Images;

namespace Simulators.Verihubs.Face;

/// <summary>Face compare, liveness, enroll, verify (1:1) and search (1:N) (providers/verihubs.md §9).</summary>
internal static class FaceApi
{
    public static void MapFace(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/face/compare", Compare);
        app.MapPost("/v1/face/liveness", Liveness);
        app.MapPost("/v1/face/enroll", Enroll);
        app.MapDelete("/v1/face/enroll", Delete).WithMetadata(new VerihubsEndpoint(AuthFamily.KtpFace, Billable: false));
        app.MapPost("/v1/face/verify", Verify);
        app.MapPost("/v1/face/search", Search);
    }

    /// <summary>One analysed image: its traits and identity key (sandbox person, fixture persona, or the bytes' hash).</summary>
    private sealed record Face(FaceTraits Traits, string Key);

    /// <summary>The scenario's verdict on similarity (null: the images decide) and the analysed faces.</summary>
    private sealed record Analysis(IReadOnlyList<Face> Faces, bool? Similar, FaceFlags Flags);

    private static async Task<IResult> Compare(HttpContext http, Caller caller, ImageReader images, VerihubsOptions options, ScenarioResolver scenarios, VerihubsStore store)
    {
        var body = await VerihubsRequest.ReadObjectAsync(http);
        var first = await images.ReadAsync(body, "image_1", VerihubsErrors.Image1, IsCode, caller.VendorSandbox, ktp: false, http);
        var second = await images.ReadAsync(body, "image_2", VerihubsErrors.Image2, IsCode, caller.VendorSandbox, ktp: false, http);
        var flags = FaceFlags.Read(body, livenessEndpoint: false, VerihubsErrors.InvalidPayload);
        var analysis = await AnalyseAsync(http, caller, scenarios, VerihubsScenarios.FaceCompare, flags, (first, VerihubsErrors.Image1), (second, VerihubsErrors.Image2));
        var (a, b) = (analysis.Faces[0], analysis.Faces[1]);
        var similar = analysis.Similar ?? (a.Traits.Person is null || b.Traits.Person is null || a.Traits.Person == b.Traits.Person);
        var bits = flags.FailOn(a.Traits) | flags.FailOn(b.Traits);
        bits = bits == 0 && !similar ? FaceFlags.Similarity : bits;
        await store.ChargeAsync(caller.AppId, caller.Settings, http.RequestAborted);
        var details = options.FaceDetails;
        return TypedResults.Json(
            new FaceCompareResponse(FaceFlags.Message(bits), FailOn(bits), options.BillingStatusCode(Result(bits)), similar,
                details ? Similarity(similar, a.Key + b.Key) : null,
                details ? Measured(a.Traits, flags) : null,
                details ? Measured(b.Traits, flags) : null),
            VerihubsJson.Wire.FaceCompareResponse);
    }

    private static async Task<IResult> Liveness(HttpContext http, Caller caller, ImageReader images, VerihubsOptions options, ScenarioResolver scenarios, VerihubsStore store)
    {
        var invalid = VerihubsErrors.InvalidPayload with { Code = options.LivenessInvalidPayloadCode };
        var body = await VerihubsRequest.ReadObjectAsync(http, invalid);
        var image = await images.ReadAsync(body, "image", VerihubsErrors.Image, IsCode, caller.VendorSandbox, ktp: false, http);
        var flags = FaceFlags.Read(body, livenessEndpoint: true, invalid);
        var face = (await AnalyseAsync(http, caller, scenarios, VerihubsScenarios.FaceLiveness, flags, (image, VerihubsErrors.Image))).Faces[0];
        var bits = flags.FailOn(face.Traits);
        await store.ChargeAsync(caller.AppId, caller.Settings, http.RequestAborted);
        return Single(options, bits, face, flags, livenessStatus: face.Traits.Live);
    }

    private static async Task<IResult> Enroll(HttpContext http, Caller caller, ImageReader images, VerihubsOptions options, ScenarioResolver scenarios, VerihubsStore store)
    {
        var body = await VerihubsRequest.ReadObjectAsync(http);
        var image = await images.ReadAsync(body, "image", VerihubsErrors.Image, IsCode, caller.VendorSandbox, ktp: false, http);
        var subjectId = SubjectId(body);
        var flags = FaceFlags.Read(body, livenessEndpoint: false, VerihubsErrors.InvalidPayload);
        var face = (await AnalyseAsync(http, caller, scenarios, VerihubsScenarios.FaceEnroll, flags, (image, VerihubsErrors.Image))).Faces[0];
        var bits = flags.FailOn(face.Traits);
        // A face that fails its validations is not enrolled; an existing subject_id is updated.
        if (bits == 0)
        {
            // Deleted and stored again in one commit: a re-enrolled subject is the newest one.
            await store.Raw.CommitAsync(
                [store.Subjects.Delete(caller.AppId, subjectId), store.Subjects.Put(caller.AppId, subjectId, new FaceSubject(subjectId, face.Key, face.Traits.Person, caller.Now))],
                http.RequestAborted);
        }
        await store.ChargeAsync(caller.AppId, caller.Settings, http.RequestAborted);
        return Single(options, bits, face, flags, subjectId: subjectId);
    }

    private static async Task<IResult> Verify(HttpContext http, Caller caller, ImageReader images, VerihubsOptions options, ScenarioResolver scenarios, VerihubsStore store)
    {
        var body = await VerihubsRequest.ReadObjectAsync(http);
        var image = await images.ReadAsync(body, "image", VerihubsErrors.Image, IsCode, caller.VendorSandbox, ktp: false, http);
        var subjectId = SubjectId(body);
        var subject = (await store.Subjects.GetAsync(caller.AppId, subjectId, http.RequestAborted))?.Value ?? throw VerihubsErrors.SubjectIdNotFound.Raise($"subject_id {subjectId} is not enrolled");
        var flags = FaceFlags.Read(body, livenessEndpoint: false, VerihubsErrors.InvalidPayload);
        var analysis = await AnalyseAsync(http, caller, scenarios, VerihubsScenarios.FaceVerify, flags, (image, VerihubsErrors.Image));
        var face = analysis.Faces[0];
        var similar = analysis.Similar ?? (face.Traits.Person is null || subject.Person is null || face.Traits.Person == subject.Person);
        var bits = flags.FailOn(face.Traits);
        bits = bits == 0 && !similar ? FaceFlags.Similarity : bits;
        await store.ChargeAsync(caller.AppId, caller.Settings, http.RequestAborted);
        return Single(options, bits, face, flags, subjectId: subjectId, similar: similar, similarity: Similarity(similar, face.Key + subject.Key));
    }

    private static async Task<IResult> Search(HttpContext http, Caller caller, ImageReader images, VerihubsOptions options, ScenarioResolver scenarios, VerihubsStore store)
    {
        var body = await VerihubsRequest.ReadObjectAsync(http);
        var image = await images.ReadAsync(body, "image", VerihubsErrors.Image, IsCode, caller.VendorSandbox, ktp: false, http);
        var threshold = Number(body, "threshold", options.DefaultSearchThreshold, VerihubsErrors.InvalidThreshold, 0, 100, whole: false);
        var limit = (int)Number(body, "limit", options.DefaultSearchLimit, VerihubsErrors.InvalidLimit, 1, 10, whole: true);
        var flags = FaceFlags.Read(body, livenessEndpoint: false, VerihubsErrors.InvalidPayload);
        var analysis = await AnalyseAsync(http, caller, scenarios, VerihubsScenarios.FaceSearch, flags, (image, VerihubsErrors.Image));
        var face = analysis.Faces[0];
        var bits = flags.FailOn(face.Traits);
        var subjects = (await store.Subjects.ListAsync(caller.AppId, http.RequestAborted)).Reverse().Select(s => s.Value).ToList();
        var hits = analysis.Similar == false ? [] : SamePerson(face, subjects, forced: analysis.Similar == true);
        var matches = bits != 0 ? null : hits
            .Select(s => new FaceMatch(s.SubjectId, Similarity(true, face.Key + s.SubjectId)))
            .Where(m => m.Similarity >= threshold)
            .OrderByDescending(m => m.Similarity)
            .Take(limit)
            .ToList();
        await store.ChargeAsync(caller.AppId, caller.Settings, http.RequestAborted);
        return Single(options, bits, face, flags, matches: matches, message: bits == 0 ? options.FaceSearchMessage : null);
    }

    /// <summary>
    /// <c>DELETE /v1/face/enroll?subject_id=</c>: removes an enrolled face (public client code calls it and reads
    /// <c>timestamp</c>; the docs were not found). The subject_id may come in a JSON body instead. Not billed.
    /// </summary>
    private static async Task<IResult> Delete(HttpContext http, Caller caller, ScenarioResolver scenarios, VerihubsStore store)
    {
        string? subjectId = http.Request.Query["subject_id"].FirstOrDefault();
        if (subjectId is null && await VerihubsRequest.ReadOptionalObjectAsync(http) is { } body && body.TryGetProperty("subject_id", out _))
        {
            subjectId = SubjectId(body);
        }
        subjectId = subjectId switch
        {
            null => throw VerihubsErrors.MissingSubjectId.Raise(),
            "" => throw VerihubsErrors.SubjectIdEmpty.Raise(),
            _ => subjectId,
        };
        var resolved = await scenarios.ResolveAsync(caller.Tenant, VerihubsScenarios.FaceDelete, http.Request.Headers[ScenarioCatalog.Header], null, [], VerihubsScenarios.FaceMatch, http.RequestAborted);
        RaiseRefusals(resolved.Scenario.Name);
        _ = await store.Subjects.GetAsync(caller.AppId, subjectId, http.RequestAborted) ?? throw VerihubsErrors.SubjectIdNotFound.Raise($"subject_id {subjectId} is not enrolled");
        await store.Subjects.DeleteAsync(caller.AppId, subjectId, cancellationToken: http.RequestAborted);
        return TypedResults.Json(
            new FaceDeleteResponse(FaceFlags.Message(0), subjectId, caller.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
            VerihubsJson.Wire.FaceDeleteResponse);
    }

    /// <summary>
    /// The enrolled subjects a face finds, newest first: those of the same identity (sandbox person, fixture persona,
    /// the same bytes). A real photo the simulator cannot tell apart is taken to be the person most recently enrolled,
    /// as compare takes such a photo to be anyone; so is any face under a forced <c>FACE_MATCH</c>.
    /// </summary>
    private static List<FaceSubject> SamePerson(Face face, List<FaceSubject> subjects, bool forced)
    {
        var same = subjects.Where(s => s.Key == face.Key).ToList();
        return same.Count == 0 && (forced || face.Traits.Person is null) ? [.. subjects.Take(1)] : same;
    }

    private static void RaiseRefusals(string scenario)
    {
        switch (scenario)
        {
            case VerihubsScenarios.InsufficientQuota:
                throw VerihubsErrors.InsufficientQuota.Raise();
            case VerihubsScenarios.InternalServerError:
                throw VerihubsErrors.InternalServerError.Raise();
        }
    }

    private static bool IsCode(string image) => SandboxCodes.FaceImage(image) is not null;

    /// <summary>
    /// Turns the images into faces and applies the scenario. An explicit scenario (header, queued
    /// outcome, fixture or marker) applies to every image; otherwise sandbox codes decide, then the default.
    /// </summary>
    private static async ValueTask<Analysis> AnalyseAsync(HttpContext http, Caller caller, ScenarioResolver scenarios, string kind, FaceFlags flags, params (ImageInput Image, ImageErrors Errors)[] inputs)
    {
        var faces = new List<Face>();
        foreach (var (image, errors) in inputs)
        {
            if (image.Code is { } text)
            {
                var code = SandboxCodes.FaceImage(text)!;
                if (code.TooBig)
                {
                    throw errors.Size.Raise($"{ErrorField(errors)} is larger than 5 MiB");
                }
                if (code.NoFace)
                {
                    throw VerihubsErrors.FaceNotDetected.Raise();
                }
                faces.Add(new Face(code.Traits!, "person:" + code.Traits!.Person));
            }
            else
            {
                faces.Add(RealFace(image.Bytes!));
            }
        }
        var resolved = await scenarios.ResolveFilesAsync(
            caller.Tenant, kind, http.Request.Headers[ScenarioCatalog.Header], magicValue: null,
            inputs.Where(i => i.Image.Bytes is not null).Select(i => (ReadOnlyMemory<byte>)i.Image.Bytes!), VerihubsScenarios.FaceMatch, http.RequestAborted);
        var name = resolved.Scenario.Name;
        RaiseRefusals(name);
        if (resolved.Source == ScenarioSource.Default)
        {
            return new Analysis(faces, null, flags);
        }
        if (name == VerihubsScenarios.FaceNotDetected)
        {
            throw VerihubsErrors.FaceNotDetected.Raise();
        }
        bool? similar = name switch
        {
            VerihubsScenarios.FaceMatch => true,
            VerihubsScenarios.FaceMismatch => false,
            _ => null,
        };
        return new Analysis([.. faces.Select(f => f with { Traits = VerihubsScenarios.FaceTraitsOf(name, f.Traits) })], similar, flags);
    }

    /// <summary>A real photo: a shipped fixture is its persona (its selfie and its KTP are one person); any other is only itself.</summary>
    private static Face RealFace(byte[] bytes)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return FixtureCatalog.TryFindBySha256(sha256, out var fixture)
            ? new Face(FaceTraits.Clean with { Person = PersonaOf(fixture.PersonaSeed) }, "persona:" + PersonaOf(fixture.PersonaSeed))
            : new Face(FaceTraits.Clean, sha256);
    }

    /// <summary>A fixture persona's person label: digits, so never one of the sandbox persons A-J.</summary>
    public static string PersonaOf(int seed) => seed.ToString(CultureInfo.InvariantCulture);

    private static string ErrorField(ImageErrors errors) => errors == VerihubsErrors.Image1 ? "image_1" : errors == VerihubsErrors.Image2 ? "image_2" : "image";

    private static IResult Single(VerihubsOptions options, int bits, Face face, FaceFlags flags, string? subjectId = null, bool? similar = null, double? similarity = null, bool? livenessStatus = null, IReadOnlyList<FaceMatch>? matches = null, string? message = null)
    {
        var measured = options.FaceDetails ? Measured(face.Traits, flags) : null;
        return TypedResults.Json(
            new FaceResponse(message ?? FaceFlags.Message(bits), FailOn(bits), options.BillingStatusCode(Result(bits)), subjectId, similar,
                options.FaceDetails ? similarity : null,
                livenessStatus ?? measured?.LivenessStatus,
                measured?.ImageQuality, measured?.ImageAttribute, measured?.Nface, matches),
            VerihubsJson.Wire.FaceResponse);
    }

    private static FaceImageResult Measured(FaceTraits traits, FaceFlags flags) => new(
        flags.IsQuality ? new FaceQuality(traits.Blur, traits.Dark) : null,
        flags.IsAttribute ? new FaceAttribute(traits.Mask, traits.Veil, traits.Sunglasses) : null,
        flags.IsLiveness ? traits.Live : null,
        traits.Faces);

    private static string? FailOn(int bits) => bits == 0 ? null : $"FAIL_ON_{bits}";

    private static string Result(int bits) => bits == 0 ? "SUCCESS" : $"FAIL_ON_{bits}";

    /// <summary>A stable score for a pair: 90-99.99 when similar, 10-39.99 when not.</summary>
    private static double Similarity(bool similar, string pair)
    {
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(pair));
        var spread = BitConverter.ToUInt16(hash, 0);
        return similar ? Math.Round(90 + (spread % 1000 / 100.0), 2) : Math.Round(10 + (spread % 3000 / 100.0), 2);
    }

    private static string SubjectId(JsonElement body)
    {
        if (!body.TryGetProperty("subject_id", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw VerihubsErrors.MissingSubjectId.Raise();
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw VerihubsErrors.InvalidPayload.Raise("Invalid payload: subject_id must be a string");
        }
        var text = value.GetString()!;
        return text.Length == 0 ? throw VerihubsErrors.SubjectIdEmpty.Raise() : text;
    }

    private static double Number(JsonElement body, string name, double fallback, VerihubsError invalid, double min, double max, bool whole)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number < min || number > max || (whole && number != Math.Floor(number)))
        {
            throw invalid.Raise();
        }
        return number;
    }
}
