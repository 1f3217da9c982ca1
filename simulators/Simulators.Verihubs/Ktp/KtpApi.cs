using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core;
using Simulators.Core.Hosting;
using Simulators.Core.Jobs;
using Simulators.Core.Personas;
using Simulators.Core.Scenarios;
using Simulators.Core.Security;
using Simulators.Core.State;
using Simulators.Core.Webhooks;
using Simulators.Verihubs.Auth;
using Simulators.Verihubs.Images;

namespace Simulators.Verihubs.Ktp;

/// <summary>KTP extraction: sync, async submit, async result (providers/verihubs.md §2–§5).</summary>
internal static class KtpApi
{
    public static void MapKtp(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/ktp/extract", Extract);
        app.MapPost("/ktp/id/extract-async", Submit);
        // Documented as GET with a "body parameter"; the docs' operation id ends in _post, so POST is accepted too.
        app.MapMethods("/ktp/id/extract-async/result", [HttpMethods.Get, HttpMethods.Post], Result)
            .WithMetadata(new VerihubsEndpoint(AuthFamily.KtpFace, Billable: false));
    }

    /// <summary>A validated extraction request and the outcome it will have.</summary>
    private sealed record KtpRequest(string ReferenceId, bool ReservesReferenceId, bool ValidateQuality, string? CallbackUrl, KtpOutcome Outcome, Scenario Scenario);

    private static async Task<IResult> Extract(HttpContext http, Caller caller, ImageReader images, VerihubsOptions options, ScenarioResolver scenarios, VerihubsStore store)
    {
        var request = await ReadAsync(http, caller, images, options, scenarios, store, outbound: null);
        var legacy = (caller.Settings.ResponseShape ?? options.ResponseShape) == ResponseShapes.LegacyV2;
        var body = request.Outcome.RenderSync(request.ReferenceId, request.ValidateQuality, options, legacy);
        await ReserveAsync(store, caller, request, [], http.RequestAborted);
        await store.ChargeAsync(caller.AppId, caller.Settings, http.RequestAborted);
        return new JsonBytes(body);
    }

    private static async Task<IResult> Submit(
        HttpContext http, Caller caller, ImageReader images, VerihubsOptions options, ScenarioResolver scenarios, VerihubsStore store, KtpJobs kind, JobRegistry jobs, WebhookOutbox outbox, OutboundPolicy outbound)
    {
        var request = await ReadAsync(http, caller, images, options, scenarios, store, outbound);
        if (request.CallbackUrl is not null)
        {
            // Callbacks already accepted are never dropped: when too many wait, new work is refused instead.
            await outbox.EnsureRoomAsync(http.RequestAborted);
        }
        var (record, job) = kind.NewJob(request.ReferenceId, request.CallbackUrl, request.ValidateQuality, request.Outcome, request.Scenario, caller.Now);
        await ReserveAsync(store, caller, request, [store.KtpJobs.Put(caller.AppId, record.ReferenceId, record), jobs.Write(caller.AppId, job)], http.RequestAborted);
        await store.ChargeAsync(caller.AppId, caller.Settings, http.RequestAborted);
        return TypedResults.Json(new Envelope<KtpSubmitData>("Request Success", new KtpSubmitData(record.Id, record.ReferenceId)), VerihubsJson.Wire.EnvelopeKtpSubmitData);
    }

    private static async Task<IResult> Result(HttpContext http, Caller caller, VerihubsOptions options, VerihubsStore store, JobRegistry jobs, ScenarioResolver scenarios)
    {
        // Only the header decides here (a queued outcome waits for the submit it was meant for).
        if (!string.IsNullOrWhiteSpace(http.Request.Headers[ScenarioCatalog.Header]))
        {
            var forced = await scenarios.ResolveAsync(caller.Tenant, VerihubsScenarios.KtpResult, http.Request.Headers[ScenarioCatalog.Header], null, [], VerihubsScenarios.KtpOk, http.RequestAborted);
            switch (forced.Scenario.Name)
            {
                case VerihubsScenarios.InternalServerError:
                    throw VerihubsErrorEnvelope.ServerError.Raise();
                case VerihubsScenarios.InsufficientQuota:
                    throw VerihubsErrors.InsufficientQuota.Raise();
            }
        }
        var referenceId = http.Request.Query["reference_id"].FirstOrDefault();
        if (string.IsNullOrEmpty(referenceId) && await VerihubsRequest.ReadOptionalObjectAsync(http) is { } body)
        {
            referenceId = VerihubsRequest.OptionalString(body, "reference_id", VerihubsErrors.InvalidReferenceId);
        }
        if (string.IsNullOrEmpty(referenceId))
        {
            throw VerihubsErrors.ReferenceIdNotFound.Raise();
        }
        if (SandboxCodes.ResultCode(referenceId) is { } code)
        {
            return new JsonBytes(new KtpOutcome(KtpResultKind.Extracted, code.Quality, KtpOutcome.SandboxSeed).RenderResult(code.Validate));
        }
        if (caller.VendorSandbox)
        {
            throw VerihubsErrors.InvalidSandboxCode.Raise("reference_id is not a sandbox result code");
        }
        VerihubsRequest.CheckReferenceId(referenceId, options);
        var now = caller.Now;
        var record = (await store.KtpJobs.GetAsync(caller.AppId, referenceId, http.RequestAborted))?.Value ?? throw VerihubsErrors.ReferenceIdNotFound.Raise();
        var job = await jobs.GetAsync(caller.AppId, record.JobId, http.RequestAborted) ?? throw VerihubsErrors.ReferenceIdNotFound.Raise();
        if (KtpJobRecord.FinishedStep(job.Value, now) is not { } finished)
        {
            return options.PendingResult == "not-found"
                ? throw VerihubsErrors.ReferenceIdNotFound.Raise()
                : TypedResults.Json(new ErrorBody(options.PendingMessage), VerihubsJson.Wire.ErrorBody);
        }
        if (options.ResultRetentionSeconds > 0 && now - finished.At!.Value > TimeSpan.FromSeconds(options.ResultRetentionSeconds))
        {
            throw VerihubsErrors.ReferenceIdNotFound.Raise();
        }
        return new JsonBytes(KtpJobs.Render(record, finished, callback: false));
    }

    // outbound: the policy for an async submit, which may carry a callback_url; null for the sync call, which takes none.
    private static async Task<KtpRequest> ReadAsync(HttpContext http, Caller caller, ImageReader images, VerihubsOptions options, ScenarioResolver scenarios, VerihubsStore store, OutboundPolicy? outbound)
    {
        var body = await VerihubsRequest.ReadObjectAsync(http);
        var image = await images.ReadAsync(body, "image", VerihubsErrors.Image.ForKtp(), s => SandboxCodes.KtpImage(s) is not null, caller.VendorSandbox, ktp: true, http);
        var callbackUrl = outbound is not null ? await CallbackUrlAsync(http, body, options, outbound) : null;
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
            if (referenceId == SandboxCodes.ReferenceIdExist
                || (!magicReference && await store.KtpReferences.GetAsync(caller.AppId, referenceId, http.RequestAborted) is not null))
            {
                throw VerihubsErrors.ReferenceIdExists.Raise();
            }
        }
        var code = image.Code is { } c ? SandboxCodes.KtpImage(c) : null;
        if (code is { TooBig: true })
        {
            throw VerihubsErrors.Image.Size.Raise("image is larger than 5 MB");
        }

        var resolved = await scenarios.ResolveFilesAsync(
            caller.Tenant, VerihubsScenarios.Ktp, http.Request.Headers[ScenarioCatalog.Header], magicValue: null,
            image.Bytes is { } bytes ? [bytes] : [], VerihubsScenarios.KtpOk, http.RequestAborted);
        var scenario = resolved.Scenario;
        if (scenario.Name == VerihubsScenarios.InsufficientQuota)
        {
            throw VerihubsErrors.InsufficientQuota.Raise();
        }
        var seed = image.Bytes is { } real ? IndonesianPersona.SeedFor(real) : KtpOutcome.SandboxSeed;
        var outcome = code is not null && resolved.Source is not (ScenarioSource.Header or ScenarioSource.Queued)
            ? new KtpOutcome(code.NotDetected ? KtpResultKind.NotDetected : KtpResultKind.Extracted, code.Quality, seed)
            : OutcomeOf(scenario, seed);
        return new KtpRequest(referenceId ?? VerihubsRequest.NewReferenceId(), referenceId is not null && !magicReference, validateQuality, callbackUrl, outcome, scenario);
    }

    public static KtpOutcome OutcomeOf(Scenario scenario, int personaSeed) => scenario.Name switch
    {
        VerihubsScenarios.KtpNotDetected => new(KtpResultKind.NotDetected, KtpQuality.Good, personaSeed),
        VerihubsScenarios.InternalServerError => new(KtpResultKind.Error, KtpQuality.Good, personaSeed),
        _ => new(KtpResultKind.Extracted, VerihubsScenarios.KtpQualityOf(scenario.Name), personaSeed),
    };

    /// <summary>Takes the request's reference_id (when it is the client's own) in the same commit as <paramref name="writes"/>.</summary>
    private static async ValueTask ReserveAsync(VerihubsStore store, Caller caller, KtpRequest request, IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken)
    {
        var all = new List<StoreWrite>(writes);
        if (request.ReservesReferenceId)
        {
            all.Add(store.KtpReferences.Put(caller.AppId, request.ReferenceId, new ReferenceIdTaken(caller.Now), expectedVersion: 0));
        }
        if (all.Count == 0)
        {
            return;
        }
        try
        {
            await store.Raw.CommitAsync(all, cancellationToken);
        }
        catch (StoreConflictException)
        {
            throw VerihubsErrors.ReferenceIdExists.Raise();
        }
    }

    private static async ValueTask<string?> CallbackUrlAsync(HttpContext http, JsonElement body, VerihubsOptions options, OutboundPolicy outbound)
    {
        if (!body.TryGetProperty("callback_url", out var value))
        {
            return null;
        }
        // Uri.TryCreate trims whitespace and escapes spaces: a URL with any of them is not the one the client meant.
        if (value.ValueKind != JsonValueKind.String || StrictText.HasSpaceOrControl(value.GetString()) || !Uri.TryCreate(value.GetString(), UriKind.Absolute, out var url))
        {
            throw VerihubsErrors.InvalidCallbackUrl.Raise();
        }
        if (!(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && options.AllowHttpLoopbackCallbacks && (url.IsLoopback || outbound.IsListed(url)))))
        {
            throw VerihubsErrors.InvalidCallbackUrl.Raise("callback_url must be an https URL");
        }
        // http is the simulator's allowance (loopback, and hosts named in --allow-outbound such as a QA app in the
        // compose network), not Verihubs' rule; the outbound policy applies on top of it.
        await outbound.CheckSubmittedAsync(http, url, "callback_url", reason => VerihubsErrors.InvalidCallbackUrl.Raise("callback_url " + reason));
        return value.GetString();
    }
}
