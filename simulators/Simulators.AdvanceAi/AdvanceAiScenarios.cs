using Simulators.AdvanceAi.Journey;
using Simulators.Core.Scenarios;

namespace Simulators.AdvanceAi;

/// <summary>The results a transaction can end with (the seed's <c>overallResult</c> values).</summary>
internal static class Outcomes
{
    public const string Pass = "PASS";
    public const string Fail = "FAIL";
    public const string Incomplete = "INCOMPLETE";

    public static readonly JourneyOutcome TimedOut = new("USER_TIMEOUT", Incomplete, "USER_TIMEOUT");

    /// <summary>Abandoned midway: INCOMPLETE, and no errorCode (the reference's suggestion).</summary>
    public static readonly JourneyOutcome Abandoned = new("ABANDON", Incomplete, null);
}

/// <summary>
/// ADVANCE.AI's scenarios: <c>PASS</c> and every failing <c>errorCode</c> of the seed's table (USER_TIMEOUT
/// comes from the clock, not from a submit). Each applies to every transaction kind.
/// </summary>
internal static class AdvanceAiScenarios
{
    public const string Journey = "JOURNEY";
    public const string DocumentApi = "DOCUMENT_API";
    public const string Address = "ADDRESS_VERIFICATION";
    public const string DatabaseId = "DATABASE_ID";

    /// <summary>get-result, which only the refusals below apply to (a result is never chosen there).</summary>
    public const string GetResult = "GET_RESULT";

    public const string InsufficientBalance = "INSUFFICIENT_BALANCE";
    public const string OverQueryLimit = "OVER_QUERY_LIMIT";
    public const string RetryLater = "RETRY_LATER";

    /// <summary>The call answers <c>ERROR</c> at HTTP 200 (the name <c>ERROR</c> is the result's errorCode scenario).</summary>
    public const string ServerError = "SERVER_ERROR";

    /// <summary>The scenarios that refuse the call itself, on generate-*-url and get-result.</summary>
    public static readonly string[] Refusals = [InsufficientBalance, OverQueryLimit, RetryLater, ServerError];

    private static readonly string[] RefusalKinds = [Journey, GetResult];

    public const string Pass = "PASS";

    /// <summary>The codes the seed's table files under FAIL.</summary>
    public static readonly string[] FailCodes = ["ID_FORGERY_DETECTED", "NATIONALITY_COMPLIANCE_FAILED"];

    /// <summary>
    /// The codes the seed's table files under "INCOMPLETE (replaced by FAIL when using Document API)" (its
    /// example shows one as a lower-case "fail": the table wins, see LIMITATIONS).
    /// </summary>
    public static readonly string[] IncompleteCodes =
    [
        "NO_SUPPORTED_CARD", "CARD_TYPE_MISMATCH", "CARD_LOW_QUALITY_IMAGE", "INCOMPLETED_CARD", "CARD_INFO_MISMATCH",
        "TOO_MANY_CARDS", "CARD_NOT_FOUND", "OCR_NO_RESULT", "PARAMETER_ERROR", "ERROR", "NO_SUPPORTED_CARD_CUSTOMIZED",
        "NO_FACE_DETECTED", "OCR_FIELD_INVALID",
    ];

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["ID_FORGERY_DETECTED"] = "The document (its front part) is a forgery.",
        ["NO_SUPPORTED_CARD"] = "The card type detected from the document image is not supported.",
        ["CARD_TYPE_MISMATCH"] = "The card type does not match the docType of Generate URL, or the wrong side was submitted.",
        ["CARD_LOW_QUALITY_IMAGE"] = "The document images are too poor to verify.",
        ["INCOMPLETED_CARD"] = "The card is not complete in the document images.",
        ["CARD_INFO_MISMATCH"] = "The front and back of a two-sided document do not match.",
        ["TOO_MANY_CARDS"] = "More than one card was detected.",
        ["CARD_NOT_FOUND"] = "No card detected in the document image.",
        ["OCR_NO_RESULT"] = "No OCR result could be extracted.",
        ["PARAMETER_ERROR"] = "The data the hosted frontend submitted is not valid.",
        ["ERROR"] = "An error during processing in the backend.",
        ["NO_SUPPORTED_CARD_CUSTOMIZED"] = "The card type is known but not supported currently.",
        ["NO_FACE_DETECTED"] = "No face on the front image of the document.",
        ["OCR_FIELD_INVALID"] = "A required field extracted from the document is invalid or incomplete.",
        ["NATIONALITY_COMPLIANCE_FAILED"] = "The nationality on the document is not permitted by the merchant's compliance policy.",
    };

    public static ScenarioCatalog Create() => new(
    [
        new(Pass, "The user passes: overallResult PASS, errorCode SUCCESS, full docDetail (and faceDetail for face products). The default.", []),
        .. FailCodes.Select(code => new Scenario(code, $"overallResult FAIL, errorCode {code}: {Descriptions[code]}", [])),
        .. IncompleteCodes.Select(code => new Scenario(code,
            $"errorCode {code}: {Descriptions[code]} overallResult INCOMPLETE on a hosted journey (no COMPLETED notice), FAIL on the Document API (the seed's table; option AdvanceAi:IncompleteCodesResult).", [])),
        new(InsufficientBalance, "The call answers HTTP 200, code INSUFFICIENT_BALANCE, message \"Insufficient balance\"; nothing is created.", RefusalKinds),
        new(OverQueryLimit, "The call answers HTTP 200, code OVER_QUERY_LIMIT, message \"Over query limit\"; nothing is created.", RefusalKinds),
        new(RetryLater, "The call answers HTTP 200, code RETRY_LATER, message \"Please retry later\", header Retry-After: 10s; nothing is created.", RefusalKinds),
        new(ServerError, "The call answers HTTP 200, code ERROR, message \"Server error\"; nothing is created.", RefusalKinds),
    ]);

    public static bool IsRefusal(string? scenario) => scenario is InsufficientBalance or OverQueryLimit or RetryLater or ServerError;

    /// <summary>Throws the refusal <paramref name="scenario"/> names; returns when it names none.</summary>
    public static void Refuse(string? scenario)
    {
        switch (scenario)
        {
            case InsufficientBalance:
                throw AdvanceAiErrors.InsufficientBalance.Raise();
            case OverQueryLimit:
                throw AdvanceAiErrors.OverQueryLimit.Raise();
            case RetryLater:
                throw AdvanceAiErrors.RetryLater.Raise(headers: AdvanceAiErrors.RetryAfter);
            case ServerError:
                throw AdvanceAiErrors.ServerError.Raise();
        }
    }

    /// <summary>The outcome a scenario gives a transaction; <paramref name="documentApi"/>: INCOMPLETE codes are FAIL there.</summary>
    public static JourneyOutcome OutcomeOf(string scenario, bool documentApi, AdvanceAiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (scenario == Pass)
        {
            return new(Pass, Outcomes.Pass, "SUCCESS");
        }
        var incomplete = IncompleteCodes.Contains(scenario, StringComparer.Ordinal) && !documentApi && options.IncompleteCodesResult == Outcomes.Incomplete;
        return new(scenario, incomplete ? Outcomes.Incomplete : Outcomes.Fail, scenario);
    }
}
