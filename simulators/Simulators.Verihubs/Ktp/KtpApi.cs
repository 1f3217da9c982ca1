using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Lifecycle;
using Simulators.Core.Personas;
using Simulators.Core.Scenarios;
using Simulators.Core.Tenants;
using Simulators.Verihubs.Auth;
using Simulators.Verihubs.Callbacks;
using Simulators.Verihubs.Images;
using Simulators.Core.Hosting;

namespace Simulators.Verihubs.Ktp;

/// <summary>KTP extraction: sync, async submit, async result (providers/verihubs.md §2–§5).</summary>
internal static class KtpApi
{
    public static void MapKtp(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/ktp/extract", Extract);
        app.MapPost("/ktp/id/extract-async", Submit);
        // Documented as GET with a "body parameter"; the docs' operation id ends in _post, so POST is accepted too.
        app.MapMethods("/ktp/id/extract-async/result", [HttpMethods.Get, HttpMethods.Post], Result);
    }

    /// <summary>A validated extraction request and the outcome it will have.</summary>
    private sealed record KtpRequest(string ReferenceId, bool ReservesReferenceId, bool ValidateQuality, string? CallbackUrl, KtpOutcome Outcome, Scenario Scenario);

    private static async Task<IResult> Extract(HttpContext http, VerihubsAuth auth, ImageReader images, VerihubsOptions options, ScenarioCatalog scenarios)
    {
        var caller = auth.Authenticate(http, AuthFamily.KtpFace);
        var request = await ReadAsync(http, caller, images, options, scenarios, async: false);
        var body = request.Outcome.Render(request.ReferenceId, request.ValidateQuality, sync: true, options);
        Reserve(caller, request);
        caller.State.Charge();
        return new JsonBytes(body);
    }

    private static async Task<IResult> Submit(HttpContext http, VerihubsAuth auth, ImageReader images, VerihubsOptions options, ScenarioCatalog scenarios, LifecyclePump pump, KtpCallbacks callbacks)
    {
        var caller = auth.Authenticate(http, AuthFamily.KtpFace);
        var request = await ReadAsync(http, caller, images, options, scenarios, async: true);
        Reserve(caller, request);
        var finishAfter = request.Scenario.Name == VerihubsScenarios.SlowProcessing ? options.SlowFinishedAfterSeconds : options.FinishedAfterSeconds;
        var job = Start(caller.Tenant, request.ReferenceId, request.CallbackUrl, request.ValidateQuality, request.Outcome, caller.Now, finishAfter, pump, callbacks);
        caller.State.Charge();
        return TypedResults.Json(new Envelope<KtpSubmitData>("Request Success", new KtpSubmitData(job.Id, job.ReferenceId)), VerihubsJson.Wire.EnvelopeKtpSubmitData);
    }

    /// <summary>Creates a job that began at <paramref name="origin"/>, stores it under its reference_id and starts its timeline.</summary>
    public static KtpJob Start(Tenant<VerihubsState> tenant, string referenceId, string? callbackUrl, bool validateQuality, KtpOutcome outcome, DateTimeOffset origin, double finishAfterSeconds, LifecyclePump pump, KtpCallbacks callbacks)
    {
        var job = new KtpJob { Id = Guid.NewGuid(), ReferenceId = referenceId, CallbackUrl = callbackUrl, ValidateQuality = validateQuality, SubmittedAt = origin };
        var steps = KtpJob.Plan(finishAfterSeconds).From(origin).Select(s => s.State == KtpJob.Completed ? s with { Outcome = outcome } : s);
        job.Timeline = pump.Create(tenant, steps, step => callbacks.OnReached(tenant, job, step));
        tenant.State.KtpJobs[referenceId] = job;
        pump.Track(job.Timeline);
        return job;
    }

    private static async Task<IResult> Result(HttpContext http, VerihubsAuth auth, VerihubsOptions options)
    {
        var caller = auth.Authenticate(http, AuthFamily.KtpFace, billable: false);
        var referenceId = http.Request.Query["reference_id"].FirstOrDefault();
        if (string.IsNullOrEmpty(referenceId) && await VerihubsRequest.ReadOptionalObjectAsync(http) is { } body)
        {
            referenceId = VerihubsRequest.OptionalString(body, "reference_id", VerihubsErrors.InvalidReferenceId);
        }
        if (string.IsNullOrEmpty(referenceId))
        {
            throw VerihubsErrors.ReferenceIdNotFound.Raise("reference_id is required");
        }
        if (SandboxCodes.ResultCode(referenceId) is { } code)
        {
            var outcome = new KtpOutcome(KtpResultKind.Extracted, code.Quality, KtpOutcome.SandboxPersona.Value);
            return new JsonBytes(outcome.Render(referenceId, code.Validate, sync: false, options));
        }
        if (caller.VendorSandbox)
        {
            throw VerihubsErrors.InvalidSandboxCode.Raise("reference_id is not a sandbox result code");
        }
        VerihubsRequest.CheckReferenceId(referenceId, options);
        var now = caller.Now;
        var job = caller.State.KtpJobs.GetValueOrDefault(referenceId) ?? throw VerihubsErrors.ReferenceIdNotFound.Raise();
        if (job.Result(now, options) is not { } result)
        {
            return options.PendingResult == "not-found"
                ? throw VerihubsErrors.ReferenceIdNotFound.Raise("reference_id not found (still processing)")
                : TypedResults.Json(new ErrorBody(options.PendingMessage), VerihubsJson.Wire.ErrorBody);
        }
        if (options.ResultRetentionSeconds > 0 && job.FinishedAt(now) is { } finished && now - finished > TimeSpan.FromSeconds(options.ResultRetentionSeconds))
        {
            throw VerihubsErrors.ReferenceIdNotFound.Raise("reference_id not found (result expired)");
        }
        return new JsonBytes(result);
    }

    private static async Task<KtpRequest> ReadAsync(HttpContext http, Caller caller, ImageReader images, VerihubsOptions options, ScenarioCatalog scenarios, bool async)
    {
        var body = await VerihubsRequest.ReadObjectAsync(http);
        var image = await images.ReadAsync(body, "image", VerihubsErrors.Image, s => SandboxCodes.KtpImage(s) is not null, caller.VendorSandbox, ktp: true, http.RequestAborted);
        var callbackUrl = async ? CallbackUrl(body, options) : null;
        var referenceId = VerihubsRequest.OptionalString(body, "reference_id", VerihubsErrors.InvalidReferenceId);
        var validateQuality = VerihubsRequest.Flag(body, "validate_quality", false);
        // KTP documents no is_quality, yet lists its dependency error: raised only when a client sends is_quality false.
        if (validateQuality && !VerihubsRequest.Flag(body, "is_quality", true))
        {
            throw VerihubsErrors.QualityDependency.Raise();
        }
        var magicReference = referenceId is not null && SandboxCodes.ReferenceIdCodes.Contains(referenceId, StringComparer.Ordinal);
        if (referenceId is not null)
        {
            if (caller.VendorSandbox && !magicReference)
            {
                throw VerihubsErrors.InvalidSandboxCode.Raise("reference_id is not a sandbox code");
            }
            VerihubsRequest.CheckReferenceId(referenceId, options);
            if (referenceId == SandboxCodes.ReferenceIdExist || (!magicReference && caller.State.KtpReferenceIds.ContainsKey(referenceId)))
            {
                throw VerihubsErrors.ReferenceIdExists.Raise();
            }
        }
        var code = image.Code is { } c ? SandboxCodes.KtpImage(c) : null;
        if (code is { TooBig: true })
        {
            throw VerihubsErrors.Image.Size.Raise("image is larger than 5 MB");
        }

        var resolved = ScenarioResolver.Resolve(
            scenarios, caller.Tenant, VerihubsScenarios.Ktp, http.Request.Headers[ScenarioCatalog.Header], magicValue: null,
            image.Bytes is { } bytes ? [bytes] : [], VerihubsScenarios.KtpOk);
        var scenario = resolved.Scenario;
        if (scenario.Name == VerihubsScenarios.InsufficientQuota)
        {
            throw VerihubsErrors.InsufficientQuota.Raise();
        }
        var persona = image.Bytes is { } real ? IndonesianPersona.FromBytes(real) : KtpOutcome.SandboxPersona.Value;
        var outcome = code is not null && resolved.Source is not (ScenarioSource.Header or ScenarioSource.Queued)
            ? new KtpOutcome(code.NotDetected ? KtpResultKind.NotDetected : KtpResultKind.Extracted, code.Quality, persona)
            : OutcomeOf(scenario, persona);
        return new KtpRequest(referenceId ?? VerihubsRequest.NewReferenceId(), referenceId is not null && !magicReference, validateQuality, callbackUrl, outcome, scenario);
    }

    public static KtpOutcome OutcomeOf(Scenario scenario, IndonesianPersona persona) => scenario.Name switch
    {
        VerihubsScenarios.KtpNotDetected => new(KtpResultKind.NotDetected, KtpQuality.Good, persona),
        VerihubsScenarios.InternalServerError => new(KtpResultKind.Error, KtpQuality.Good, persona),
        _ => new(KtpResultKind.Extracted, VerihubsScenarios.KtpQualityOf(scenario.Name), persona),
    };

    private static void Reserve(Caller caller, KtpRequest request)
    {
        if (request.ReservesReferenceId && !caller.State.KtpReferenceIds.TryAdd(request.ReferenceId, 0))
        {
            throw VerihubsErrors.ReferenceIdExists.Raise();
        }
    }

    private static string? CallbackUrl(JsonElement body, VerihubsOptions options)
    {
        if (!body.TryGetProperty("callback_url", out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String || !Uri.TryCreate(value.GetString(), UriKind.Absolute, out var url))
        {
            throw VerihubsErrors.InvalidCallbackUrl.Raise();
        }
        return url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback && options.AllowHttpLoopbackCallbacks)
            ? value.GetString()
            : throw VerihubsErrors.InvalidCallbackUrl.Raise("callback_url must be an https URL");
    }
}
