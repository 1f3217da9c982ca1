using Microsoft.AspNetCore.Http;
using Simulators.Core.Errors;
using Simulators.Core.Hosting;

namespace Simulators.AdvanceAi;

/// <summary>
/// Every ADVANCE.AI code and message the simulator answers (providers/advance-ai.md §2, §3, §4, §5, §8).
/// Business errors are HTTP 200 with the code in the body; the <c>CLIENT_ERROR</c> family carries the
/// HTTP status its message names (undocumented: see LIMITATIONS).
/// </summary>
internal static class AdvanceAiErrors
{
    public const string Success = "SUCCESS";

    // Token API.
    public static readonly AdvanceAiError Empty = new("PARAMETER_ERROR", 200, "Parameter should not be empty");
    public static readonly AdvanceAiError TimestampError = new("PARAMETER_ERROR", 200, "Timestamp error");
    public static readonly AdvanceAiError SignatureError = new("PARAMETER_ERROR", 200, "Signature error");
    public static readonly AdvanceAiError AccountDisabled = new("ACCOUNT_DISABLED", 200, "Account Disabled");

    // Every IDVS call.
    public static readonly AdvanceAiError TokenNotFound = new("IAM_FAILED", 200, "Token not found or expired");
    public static readonly AdvanceAiError IamAccountDisabled = new("IAM_FAILED", 200, "Account is disabled");

    // Generate URL (the non-document page's messages, and the same style where none is documented).
    public static readonly AdvanceAiError ParameterError = new("PARAMETER_ERROR", 200, "Parameter error, please check you input.");
    public static readonly AdvanceAiError InvalidReturnUrl = new("PARAMETER_ERROR", 200, "Invalid returnUrl, please check your returnUrl");
    public static readonly AdvanceAiError InvalidFailReturnUrl = new("PARAMETER_ERROR", 200, "Invalid failReturnUrl, please check your failReturnUrl");
    public static readonly AdvanceAiError InvalidCallbackUrl = new("PARAMETER_ERROR", 200, "Invalid callbackUrl, please check your callbackUrl");
    public static readonly AdvanceAiError SolutionCodeWrong = new("PARAMETER_ERROR", 200, "Solution code is wrong");
    public static readonly AdvanceAiError ProductLevelWrong = new("PARAMETER_ERROR", 200, "Product level is wrong");
    public static readonly AdvanceAiError ColorSchemeWrong = new("PARAMETER_ERROR", 200, "Prefers color scheme is wrong");
    public static readonly AdvanceAiError RegionWrong = new("PARAMETER_ERROR", 200, "Region is wrong");
    public static readonly AdvanceAiError DocTypeWrong = new("PARAMETER_ERROR", 200, "Doc type is wrong");
    public static readonly AdvanceAiError NumberTypeMismatch = new("PARAMETER_ERROR", 200, "Number type and country are not match");

    // Get Result.
    public static readonly AdvanceAiError SignatureNotExist = new("SIGNATURE_NOT_EXIST", 200, "This signatureId is not exist");

    // Clear data.
    public static readonly AdvanceAiError SignatureIdEmpty = new("PARAMETER_ERROR", 200, "SignatureId is empty");
    public static readonly AdvanceAiError SignatureIdNotExist = new("PARAMETER_ERROR", 200, "SignatureId is not exist");
    public static readonly AdvanceAiError NotFinished = new("PARAMETER_ERROR", 200, "Transaction is not finished");
    public static readonly AdvanceAiError InProcessing = new("REQUEST_IN_PROCESSING", 200, "Your request is currently being processed, please try again later.");

    // Face search (its page spells the generic message without a space).
    public static readonly AdvanceAiError FaceSearchParameter = new("PARAMETER_ERROR", 200, "Parameter error,please check you input.");
    public static readonly AdvanceAiError NotPass = new("PARAMETER_ERROR", 200, "Transaction is not pass");

    // Global codes.
    public static readonly AdvanceAiError ServerError = new("ERROR", 200, "Server error");
    public static readonly AdvanceAiError BadRequest = new("CLIENT_ERROR", 400, "HTTP 400 - Bad Request");
    public static readonly AdvanceAiError NotFound = new("CLIENT_ERROR", 404, "HTTP 404 - Not Found");
    public static readonly AdvanceAiError MethodNotAllowed = new("CLIENT_ERROR", 405, "HTTP 405 - Method Not Allowed");
    public static readonly AdvanceAiError TooLarge = new("CLIENT_ERROR", 413, "HTTP 413 - Payload Too Large");
    public static readonly AdvanceAiError LinkExpired = new("CLIENT_ERROR", 403, "HTTP 403 - Forbidden");
    public static readonly AdvanceAiError ServiceBusy = new("SERVICE_BUSY", 429, "Service busy, please retry later");

    // Global codes the reference names without a message (the messages are the simulator's: see LIMITATIONS).
    public static readonly AdvanceAiError InsufficientBalance = new("INSUFFICIENT_BALANCE", 200, "Insufficient balance");
    public static readonly AdvanceAiError OverQueryLimit = new("OVER_QUERY_LIMIT", 200, "Over query limit");
    public static readonly AdvanceAiError RetryLater = new("RETRY_LATER", 200, "Please retry later");

    /// <summary>The documented <c>Retry-After</c> example, sent with SERVICE_BUSY and RETRY_LATER.</summary>
    public static readonly IReadOnlyDictionary<string, string> RetryAfter = new Dictionary<string, string> { ["Retry-After"] = "10s" };
}

/// <summary><c>{code, message, data, extra, transactionId, pricingStrategy}</c>: every answer, in the seed's key order.</summary>
internal sealed record Envelope<T>(string Code, string Message, T? Data, object? Extra, string TransactionId, string PricingStrategy = "FREE");

/// <summary>ADVANCE.AI's envelope for every error, the engine's included: <c>data</c> and <c>extra</c> null.</summary>
internal sealed class AdvanceAiErrorEnvelope : ErrorEnvelope
{
    public override AdvanceAiError ForStatus(int status) => status switch
    {
        400 => AdvanceAiErrors.BadRequest,
        401 or 403 => AdvanceAiErrors.TokenNotFound with { Status = status },
        404 => AdvanceAiErrors.NotFound,
        405 => AdvanceAiErrors.MethodNotAllowed,
        413 => AdvanceAiErrors.TooLarge,
        429 or 503 => AdvanceAiErrors.ServiceBusy with { Status = status },
        >= 500 => AdvanceAiErrors.ServerError with { Status = status },
        _ => AdvanceAiErrors.BadRequest with { Status = status, Message = $"HTTP {status}" },
    };

    /// <summary>A full outbox: <c>SERVICE_BUSY</c> with the documented <c>Retry-After</c>.</summary>
    public override Simulators.Core.Errors.ProviderException Busy(string message) => AdvanceAiErrors.ServiceBusy.Raise(headers: AdvanceAiErrors.RetryAfter);

    public override Simulators.Core.Errors.ProviderException Fault(int status) =>
        status is 429 or 503 ? (AdvanceAiErrors.ServiceBusy with { Status = status }).Raise(headers: AdvanceAiErrors.RetryAfter) : base.Fault(status);

    // The catalogue's message is the wire text; the engine's own explanations stay in the journal.
    protected override Task WriteBodyAsync(HttpContext http, Simulators.Core.Errors.ProviderException problem) =>
        new JsonBytes(AdvanceAiJson.Error(problem.Error.Code ?? "ERROR", problem.Error.Message), problem.Status).ExecuteAsync(http);
}
