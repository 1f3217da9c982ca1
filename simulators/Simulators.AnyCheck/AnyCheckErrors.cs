using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Simulators.Core.Errors;
using Simulators.Core.Json;

namespace Simulators.AnyCheck;

/// <summary>
/// Every AnyCheck error code (providers/anycheck.md §4). HTTP statuses follow the reference's
/// "probable" column; the docs list the codes but their status headings were not visible.
/// </summary>
internal static class AnyCheckErrors
{
    public static readonly ProviderError InvalidRequest = new("INVALID_REQUEST", 400, "The request is invalid.");
    public static readonly ProviderError InvalidId = new("INVALID_ID", 400, "The id is not a valid UUID.");
    public static readonly ProviderError InvalidValue = new("INVALID_VALUE", 400, "A value is not one of the allowed values.");
    public static readonly ProviderError AlreadyExists = new("ALREADY_EXISTS", 400, "The resource already exists.");
    public static readonly ProviderError Unauthorized = new("UNAUTHORIZED", 401, "Authentication is required. Send Authorization: Bearer <token> or X-API-Key.");
    public static readonly ProviderError InvalidCredentials = new("INVALID_CREDENTIALS", 401, "Invalid email or password.");
    public static readonly ProviderError TokenExpired = new("TOKEN_EXPIRED", 401, "The access token has expired.");
    public static readonly ProviderError InvalidToken = new("INVALID_TOKEN", 401, "The token is malformed or its signature is invalid.");
    public static readonly ProviderError ApiKeyExpired = new("API_KEY_EXPIRED", 401, "The API key has expired.");
    public static readonly ProviderError InvalidApiKey = new("INVALID_API_KEY", 401, "The API key is not valid.");
    public static readonly ProviderError Forbidden = new("FORBIDDEN", 403, "You do not have access to this resource.");
    public static readonly ProviderError InsufficientBalance = new("INSUFFICIENT_BALANCE", 403, "Insufficient credit balance for this verification.");
    public static readonly ProviderError QuotaExceeded = new("QUOTA_EXCEEDED", 403, "Your monthly usage quota has been exceeded.");
    public static readonly ProviderError NotFound = new("NOT_FOUND", 404, "The resource was not found.");
    public static readonly ProviderError RequestTimeout = new("REQUEST_TIMEOUT", 408, "The request timed out.");
    public static readonly ProviderError RateLimited = new("RATE_LIMITED", 429, "Too many requests.");
    public static readonly ProviderError InternalServerError = new("INTERNAL_SERVER_ERROR", 500, "An internal server error occurred.");

    public static IReadOnlyList<ProviderError> All { get; } =
    [
        InvalidRequest, InvalidId, InvalidValue, AlreadyExists, Unauthorized, InvalidCredentials, TokenExpired, InvalidToken,
        ApiKeyExpired, InvalidApiKey, Forbidden, InsufficientBalance, QuotaExceeded, NotFound, RequestTimeout, RateLimited,
        InternalServerError,
    ];

    public static ProviderException Raise(this ProviderError error, string? message, params FieldProblem[] fields) =>
        error.Raise(message, fields.Length == 0 ? null : fields);

    public static ProviderException Field(string field, string message) =>
        InvalidRequest.Raise("Validation failed.", new FieldProblem(field, message));
}

/// <summary>One entry of <c>errors[]</c>.</summary>
internal sealed record FieldError(string Field, string Message);

/// <summary>The body AnyCheck sends with every error: <c>{error_code, message, errors?}</c>.</summary>
internal sealed record ErrorBody(
    string ErrorCode,
    string Message,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FieldError>? Errors);

/// <summary>AnyCheck's envelope for every error, the engine's included: the status as raised, the nearest documented code.</summary>
internal sealed class AnyCheckErrorEnvelope : ErrorEnvelope
{
    public override ProviderError ForStatus(int status) => (status switch
    {
        401 => AnyCheckErrors.Unauthorized,
        403 => AnyCheckErrors.Forbidden,
        404 => AnyCheckErrors.NotFound,
        408 => AnyCheckErrors.RequestTimeout,
        429 => AnyCheckErrors.RateLimited,
        >= 500 => AnyCheckErrors.InternalServerError,
        _ => AnyCheckErrors.InvalidRequest,
    }) with { Status = status };

    /// <summary>The outbox is full: AnyCheck's own 429, asking to come back shortly.</summary>
    public override ProviderException Busy(string message) =>
        AnyCheckErrors.RateLimited.Raise(message, null, new Dictionary<string, string> { ["Retry-After"] = "1" });

    /// <summary>Every error carries the <c>X-RateLimit-*</c> headers a success of the same caller would (a 429 also <c>Retry-After</c>), then AnyCheck's body.</summary>
    protected override Task WriteBodyAsync(HttpContext http, ProviderException problem)
    {
        http.RequestServices.GetService<Auth.AnyCheckAuth>()?.AddRateLimitHeaders(http, problem.Status);
        return http.Response.WriteAsJsonAsync(
            new ErrorBody(problem.Error.Code ?? "INTERNAL_SERVER_ERROR", problem.Message, problem.Fields.Count == 0 ? null : [.. problem.Fields.Select(f => new FieldError(f.Field, f.Message))]),
            AnyCheckJson.Wire.ErrorBody);
    }
}

/// <summary>AnyCheck's answer to an unreadable body or a field of the wrong type: 400 <c>INVALID_REQUEST</c> naming the field.</summary>
internal sealed class AnyCheckRequestErrors : IRequestErrors
{
    public static AnyCheckRequestErrors Instance { get; } = new();

    public Exception Unreadable(string detail) => AnyCheckErrors.InvalidRequest.Raise("The request body is not valid JSON.", new FieldProblem("body", detail));

    public Exception NotAnObject() => AnyCheckErrors.InvalidRequest.Raise("The request body must be a JSON object.", new FieldProblem("body", "must be a JSON object"));

    public Exception Missing(string path) => AnyCheckErrors.Field(path, "is required");

    public Exception WrongType(string path, string expected) => AnyCheckErrors.Field(path, "must be " + expected);
}
