using Microsoft.AspNetCore.Http;
using Simulators.Core.Errors;
using Simulators.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Simulators.Verifik;

/// <summary>
/// Verifik's error bodies (providers/verifik.md §1, §4). The platform's pages document several shapes; an
/// entry's <see cref="VerifikError.Code"/> says which one it is written in:
/// <list type="bullet">
/// <item><c>"Name"</c>: <c>{"code": "Name", "message": …}</c> (most pages);</item>
/// <item><c>"~Name"</c>: <c>{"message": …, "code": "Name"}</c> (the pages that print message first);</item>
/// <item><c>"!NAME"</c>: <c>{"error": …, "message": "NAME"}</c> (the document-liveness pages);</item>
/// <item><c>"?NAME"</c>: <c>{"success": false, "error": …, "code": "NAME"}</c> (the document-liveness list);</item>
/// <item>null: <c>{"error": …}</c> (the koa-jwt text, <c>{"error":"Invalid request"}</c>);</item>
/// </list>
/// and a trailing <c>"$"</c> adds the <c>signature</c> object after them (the auth pages' 400/401), a trailing <c>"#"</c> the
/// HTTP status as <c>"status"</c> (the app-registration pages' 409s).
/// </summary>
internal static class VerifikErrors
{
    /// <summary>The <c>HttpContext.Items</c> key holding the authenticated caller's time, for the signature of an error.</summary>
    public const string NowItem = "verifik.now";

    // Authentication (each page family documents its own).
    public static readonly VerifikError ProtectedResource = new(null, 401, "Protected resource, use Authorization header to get access");
    public static readonly VerifikError InvalidOrExpiredToken = new("Unauthorized$", 401, "Invalid or expired token.");
    public static readonly VerifikError AuthenticationRequired = new("~UNAUTHORIZED", 401, "Authentication required");
    public static readonly VerifikError TokenExpired = new("~FORBIDDEN", 403, "token_expired");
    public static readonly VerifikError AccessForbidden = new("~Forbidden", 403, "Access forbidden");
    public static readonly VerifikError MissingAuthorization = new("MissingParameter", 409, "missing Authorization header");

    // Generic.
    public static readonly VerifikError RecordNotFound = new("NotFound", 404, "Record not found.");
    public static readonly VerifikError InvalidRequest = new(null, 400, "Invalid request");
    public static readonly VerifikError MissingParameter = new("MissingParameter", 409, "missing parameter\n");
    public static readonly VerifikError InternalError = new("~ERROR", 500, "internal_error");
    public static readonly VerifikError ServerError = new("InternalServerError", 500, "Server error.");
    public static readonly VerifikError TooManyRequests = new("TooManyRequests", 429, "Too many requests, please retry later.");
    public static readonly VerifikError MethodNotAllowed = new("MethodNotAllowed", 405, "Method not allowed.");
    public static readonly VerifikError PayloadTooLarge = new("PayloadTooLarge", 413, "Request body too large.");

    /// <summary><c>missing a\n. missing b\n</c>: Verifik's 409 for absent parameters, one line per field.</summary>
    public static ProviderException Missing(params string[] fields) =>
        (MissingParameter with { Message = string.Join(". ", fields.Select(f => $"missing {f}\n")) }).Raise();

    /// <summary>The body of <paramref name="error"/>, in the shape its code names.</summary>
    public static byte[] Body(VerifikError error, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = error.Message;
        var code = error.Code;
        var withStatus = code?.EndsWith('#') == true;
        if (withStatus)
        {
            code = code![..^1];
        }
        var signed = code?.EndsWith('$') == true;
        if (signed)
        {
            code = code![..^1];
        }
        return VerifikJson.Object(w =>
        {
            switch (code)
            {
                case null or "":
                    w.WriteString("error", message);
                    break;
                case ['~', .. var name]:
                    w.WriteString("message", message);
                    w.WriteString("code", name);
                    break;
                case ['!', .. var name]:
                    w.WriteString("error", message);
                    w.WriteString("message", name);
                    break;
                case ['?', .. var name]:
                    w.WriteBoolean("success", false);
                    w.WriteString("error", message);
                    w.WriteString("code", name);
                    break;
                default:
                    w.WriteString("code", code);
                    w.WriteString("message", message);
                    break;
            }
            if (withStatus)
            {
                w.WriteNumber("status", error.Status);
            }
            if (signed)
            {
                w.WriteSignature(now);
            }
        });
    }
}

/// <summary>Verifik's bodies for every error, the engine's included (unknown routes, wrong methods, faults, a full outbox).</summary>
internal sealed class VerifikErrorEnvelope : ErrorEnvelope
{
    public override VerifikError ForStatus(int status) => status switch
    {
        400 => VerifikErrors.InvalidRequest,
        401 => VerifikErrors.ProtectedResource,
        403 => VerifikErrors.AccessForbidden,
        404 => VerifikErrors.RecordNotFound,
        405 => VerifikErrors.MethodNotAllowed,
        409 => VerifikErrors.MissingParameter,
        413 => VerifikErrors.PayloadTooLarge,
        429 or 503 => VerifikErrors.TooManyRequests with { Status = status },
        >= 500 => VerifikErrors.ServerError with { Status = status },
        _ => VerifikErrors.InvalidRequest with { Status = status },
    };

    // The catalogue's message is the wire text (a handler with another text raises a copy of the entry with it);
    // the engine's own explanations stay in the journal.
    protected override Task WriteBodyAsync(HttpContext http, ProviderException problem)
    {
        // The signature's time: the caller's clock once authenticated, else the simulator's.
        var now = http.Items[VerifikErrors.NowItem] is DateTimeOffset at ? at : http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        // A body too large for the engine is, on the document-liveness pages, their IMAGE_TOO_LARGE.
        var error = problem.Status == StatusCodes.Status413PayloadTooLarge && DocumentLiveness.DocumentLivenessApi.Owns(http.Request.Path)
            ? DocumentLiveness.DocumentLivenessErrors.ImageTooLarge
            : problem.Error;
        return new JsonBytes(VerifikErrors.Body(error, now), problem.Status).ExecuteAsync(http);
    }
}
