using Microsoft.AspNetCore.Http;
using Simulators.Core.Hosting;

namespace Simulators.AnyCheck;

/// <summary>One AnyCheck error code with its HTTP status and default message.</summary>
internal sealed record AnyCheckError(string Code, int Status, string Message);

/// <summary>
/// Every AnyCheck error code (providers/anycheck.md §4). HTTP statuses follow the reference's
/// "probable" column; the docs list the codes but their status headings were not visible.
/// </summary>
internal static class AnyCheckErrors
{
    public static readonly AnyCheckError InvalidRequest = new("INVALID_REQUEST", 400, "The request is invalid.");
    public static readonly AnyCheckError InvalidId = new("INVALID_ID", 400, "The id is not a valid UUID.");
    public static readonly AnyCheckError InvalidValue = new("INVALID_VALUE", 400, "A value is not one of the allowed values.");
    public static readonly AnyCheckError AlreadyExists = new("ALREADY_EXISTS", 400, "The resource already exists.");
    public static readonly AnyCheckError Unauthorized = new("UNAUTHORIZED", 401, "Authentication is required. Send Authorization: Bearer <token> or X-API-Key.");
    public static readonly AnyCheckError InvalidCredentials = new("INVALID_CREDENTIALS", 401, "Invalid email or password.");
    public static readonly AnyCheckError TokenExpired = new("TOKEN_EXPIRED", 401, "The access token has expired.");
    public static readonly AnyCheckError InvalidToken = new("INVALID_TOKEN", 401, "The token is malformed or its signature is invalid.");
    public static readonly AnyCheckError ApiKeyExpired = new("API_KEY_EXPIRED", 401, "The API key has expired.");
    public static readonly AnyCheckError InvalidApiKey = new("INVALID_API_KEY", 401, "The API key is not valid.");
    public static readonly AnyCheckError Forbidden = new("FORBIDDEN", 403, "You do not have access to this resource.");
    public static readonly AnyCheckError InsufficientBalance = new("INSUFFICIENT_BALANCE", 403, "Insufficient credit balance for this verification.");
    public static readonly AnyCheckError QuotaExceeded = new("QUOTA_EXCEEDED", 403, "Your monthly usage quota has been exceeded.");
    public static readonly AnyCheckError NotFound = new("NOT_FOUND", 404, "The resource was not found.");
    public static readonly AnyCheckError RequestTimeout = new("REQUEST_TIMEOUT", 408, "The request timed out.");
    public static readonly AnyCheckError RateLimited = new("RATE_LIMITED", 429, "Too many requests.");
    public static readonly AnyCheckError InternalServerError = new("INTERNAL_SERVER_ERROR", 500, "An internal server error occurred.");

    public static IReadOnlyList<AnyCheckError> All { get; } =
    [
        InvalidRequest, InvalidId, InvalidValue, AlreadyExists, Unauthorized, InvalidCredentials, TokenExpired, InvalidToken,
        ApiKeyExpired, InvalidApiKey, Forbidden, InsufficientBalance, QuotaExceeded, NotFound, RequestTimeout, RateLimited,
        InternalServerError,
    ];

    /// <summary>The nearest AnyCheck code for an error raised below the provider (routing, Kestrel).</summary>
    public static AnyCheckError ForStatus(int status) => status switch
    {
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        408 => RequestTimeout,
        429 => RateLimited,
        >= 500 => InternalServerError,
        _ => InvalidRequest,
    };

    public static AnyCheckException Raise(this AnyCheckError error, string? message = null, params FieldError[] errors) =>
        new(error, message ?? error.Message, errors);

    public static AnyCheckException Field(string field, string message) =>
        new(InvalidRequest, "Validation failed.", [new FieldError(field, message)]);
}

/// <summary>One entry of <c>errors[]</c>.</summary>
internal sealed record FieldError(string Field, string Message);

/// <summary>The body AnyCheck sends with every error: <c>{error_code, message, errors?}</c>.</summary>
internal sealed record ErrorBody(
    string ErrorCode,
    string Message,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FieldError>? Errors);

internal sealed class AnyCheckException(AnyCheckError error, string message, IReadOnlyList<FieldError> errors) : ProviderErrorException(message)
{
    public AnyCheckError Error { get; } = error;

    public IReadOnlyList<FieldError> Errors { get; } = errors;

    public override int Status => Error.Status;

    public override Task WriteAsync(HttpContext context) => Write(context, Error.Status, new ErrorBody(Error.Code, Message, Errors.Count == 0 ? null : Errors));

    public static Task Write(HttpContext context, int status, ErrorBody body)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(body, AnyCheckJson.Wire.ErrorBody);
    }
}
