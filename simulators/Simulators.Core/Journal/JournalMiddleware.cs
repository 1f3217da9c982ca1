using System.Buffers;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Simulators.Core.Hosting;

namespace Simulators.Core.Journal;

/// <summary>What the engine learns about one provider call while it runs: its tenant, a fault that fired, a body the journal may keep by reference.</summary>
public sealed class SimulatorCallFeature
{
    public string? Tenant { get; set; }

    /// <summary>
    /// Set by a result that writes a byte array nobody will change (a cached view): the journal keeps a
    /// reference to it instead of copying the body on every request.
    /// </summary>
    public byte[]? ImmutableResponseBody { get; set; }

    /// <summary>The id of the fault rule that fired on this call.</summary>
    public string? Fault { get; set; }

    /// <summary>What the engine or the provider wants a reader of the journal to know about this call (a URL the outbound policy refused).</summary>
    public string? Note { get; set; }

    /// <summary>A truncation fault: the body is cut in half and the connection dropped.</summary>
    public bool Truncate { get; set; }

    /// <summary>Runs when the provider has identified the tenant (its fault rules apply from there).</summary>
    internal Func<string, ValueTask>? OnTenant { get; set; }
}

public static class SimulatorCallExtensions
{
    /// <summary>
    /// Tells the engine whose call this is, once the provider has authenticated it: the journal
    /// records the tenant, and the tenant's fault rules may fire here (before any side effect).
    /// </summary>
    public static ValueTask EnterTenantAsync(this HttpContext context, string tenant)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<SimulatorCallFeature>() is { } call)
        {
            call.Tenant = tenant;
            if (call.OnTenant is { } hook)
            {
                return hook(tenant);
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Adds a note to this call's journal entry (shown as <c>note</c>; several are joined with "; ").</summary>
    public static void AddJournalNote(this HttpContext context, string note)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<SimulatorCallFeature>() is { } call)
        {
            call.Note = call.Note is null ? note : call.Note + "; " + note;
        }
    }
}

/// <summary>Records every provider request and response in the <see cref="RequestJournal"/>, secrets masked.</summary>
public sealed class JournalMiddleware(RequestDelegate next, RequestJournal journal, Clock.SimulatorClock clock, ModuleDefinition module, JournalSettings settings)
{
    private readonly IReadOnlyCollection<byte[]> _secretFields = settings.MaskSecretFields ? SecretMasker.Needles(module.SecretFields) : [];

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(Control.ControlApi.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var call = new SimulatorCallFeature();
        context.Features.Set(call);
        var request = context.Request;
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (hasBody)
        {
            // No limit here: the server and the error middleware refuse oversize bodies in the provider's own shape.
            request.EnableBuffering(bufferThreshold: 64 * 1024);
        }

        var originalBody = context.Response.Body;
        var capture = new CaptureStream(originalBody, journal.BodyLimit, call, context);
        context.Response.Body = capture;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = originalBody;
            var requestBody = hasBody ? await CaptureRequestAsync(request) : CapturedBody.Empty;
            var responseBody = CaptureResponse(capture);
            capture.Dispose();
            journal.Add(new JournalEntry(
                journal.NextId(),
                clock.GetUtcNow(),
                call.Tenant,
                request.Method,
                request.Path.Value ?? "/",
                request.QueryString.Value ?? "",
                MaskedHeaders(request.Headers, module.SecretHeaders),
                requestBody,
                context.Response.StatusCode,
                context.Response.ContentType,
                responseBody,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                call.Fault,
                call.Note));
        }
    }

    // An immutable body (a cached view polled again and again) is masked once: the last few are remembered by reference.
    private readonly MaskedBody?[] _maskedViews = new MaskedBody?[32];

    /// <summary>A cached view by reference (masked once); anything else copied, masked, into the journal's arena.</summary>
    private CapturedBody CaptureResponse(CaptureStream capture)
    {
        if (capture.Immutable is { } view)
        {
            var masked = _secretFields.Count == 0 ? view : MaskedView(view);
            return new CapturedBody(masked, capture.Written - view.Length + masked.Length);
        }
        return Keep(capture.Kept, capture.Written);
    }

    /// <summary>The kept bytes with secrets masked, in the arena; the length adjusted when masking changed it.</summary>
    private CapturedBody Keep(ReadOnlySpan<byte> kept, long length)
    {
        if (kept.IsEmpty)
        {
            return length == 0 ? CapturedBody.Empty : new CapturedBody([], length);
        }
        if (SecretMasker.MaskFieldsOrNull(kept, _secretFields) is { } masked)
        {
            return new CapturedBody(journal.Bodies, journal.Bodies.Append(masked), masked.Length, length - kept.Length + masked.Length);
        }
        return new CapturedBody(journal.Bodies, journal.Bodies.Append(kept), kept.Length, length);
    }

    private byte[] MaskedView(byte[] view)
    {
        var slot = (int)((uint)System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(view) % (uint)_maskedViews.Length);
        if (Volatile.Read(ref _maskedViews[slot]) is { } known && ReferenceEquals(known.View, view))
        {
            return known.Masked;
        }
        var masked = SecretMasker.MaskFields(view, _secretFields);
        Volatile.Write(ref _maskedViews[slot], new MaskedBody(view, masked));
        return masked;
    }

    private sealed record MaskedBody(byte[] View, byte[] Masked);

    private async Task<CapturedBody> CaptureRequestAsync(HttpRequest request)
    {
        var limit = journal.BodyLimit;
        byte[]? buffer = null;
        try
        {
            if (!request.Body.CanSeek || limit == 0)
            {
                return new CapturedBody([], request.ContentLength ?? 0);
            }
            request.Body.Position = 0;
            buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit, Math.Max(1, request.ContentLength ?? limit)));
            var wanted = (int)Math.Min(buffer.Length, Math.Min(limit, request.ContentLength ?? limit));
            var read = await request.Body.ReadAtLeastAsync(buffer.AsMemory(0, wanted), wanted, throwOnEndOfStream: false);
            var length = request.ContentLength ?? request.Body.Length;
            // A form's secret fields (a PDF's password) are masked as a JSON body's are.
            if (_secretFields.Count > 0 && request.ContentType is { } type && type.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)
                && SecretMasker.MaskFormFieldsOrNull(buffer.AsSpan(0, read), module.SecretFields) is { } form)
            {
                return new CapturedBody(journal.Bodies, journal.Bodies.Append(form), form.Length, length - read + form.Length);
            }
            return Keep(buffer.AsSpan(0, read), length);
        }
        catch (Exception ex) when (ex is IOException or BadHttpRequestException or ObjectDisposedException or NotSupportedException or InvalidOperationException)
        {
            // The client sent less than it announced, or too much: the response already says so.
            return CapturedBody.Empty;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static KeyValuePair<string, string>[] MaskedHeaders(IHeaderDictionary headers, IReadOnlySet<string> secret)
    {
        var result = new KeyValuePair<string, string>[headers.Count];
        var i = 0;
        foreach (var (name, values) in headers)
        {
            var value = values.ToString();
            result[i++] = new(name, secret.Contains(name) ? SecretMasker.Mask(value) : value);
        }
        return result;
    }
}
