using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Simulators.Core;
using Simulators.Core.Security;

namespace Simulators.AdvanceAi.Journey;

/// <summary>The documented field rules of generate-url and its siblings (providers/advance-ai.md §3, §5, §10).</summary>
internal static partial class RequestRules
{
    public const int MaxUrlLength = 2048;
    public const int MaxBizIdLength = 99;
    public const int MaxUserIdLength = 200;

    private static readonly string[] ForbiddenSchemes = ["javascript", "data", "file", "about", "blob", "intent", "vbscript"];

    /// <summary>
    /// A redirect URL (returnUrl, failReturnUrl): non-empty, at most 2048 characters, no control characters or
    /// spaces, <c>scheme://host/...</c> with a scheme that is not javascript, data, file, about, blob or intent.
    /// Custom app schemes (<c>myapp://callback/success</c>) are accepted.
    /// </summary>
    public static bool IsValidRedirect(string url)
    {
        if (url.Length is 0 or > MaxUrlLength || StrictText.HasSpaceOrControl(url))
        {
            return false;
        }
        var separator = url.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0 || !Scheme().IsMatch(url.AsSpan(0, separator)) || ForbiddenSchemes.Contains(url[..separator].ToLowerInvariant(), StringComparer.Ordinal))
        {
            return false;
        }
        return Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Host.Length > 0;
    }

    /// <summary>callbackUrl: <c>http://</c> or <c>https://</c> only, at most 2048 characters, and allowed by the outbound policy.</summary>
    public static async ValueTask<string?> CallbackUrlAsync(HttpContext http, string? callbackUrl, OutboundPolicy outbound)
    {
        if (callbackUrl is null)
        {
            return null;
        }
        if (callbackUrl.Length is 0 or > MaxUrlLength || StrictText.HasSpaceOrControl(callbackUrl)
            || !Uri.TryCreate(callbackUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
        {
            throw AdvanceAiErrors.InvalidCallbackUrl.Raise();
        }
        await outbound.CheckSubmittedAsync(http, url, "callbackUrl", reason => AdvanceAiErrors.InvalidCallbackUrl.Raise("callbackUrl " + reason));
        return callbackUrl;
    }

    /// <summary><c>region</c>: ISO 3166-1 alpha-3, upper case.</summary>
    public static string Region(string region) => Alpha3().IsMatch(region) ? region : throw AdvanceAiErrors.RegionWrong.Raise();

    public static void Length(string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            throw AdvanceAiErrors.ParameterError.Raise();
        }
    }

    /// <summary><c>bizCode</c>: at most 32 of <c>[a-zA-Z0-9]</c>.</summary>
    public static void BizCode(string? bizCode)
    {
        if (bizCode is not null && !BizCodePattern().IsMatch(bizCode))
        {
            throw AdvanceAiErrors.ParameterError.Raise();
        }
    }

    public static void ColorScheme(string? scheme)
    {
        if (scheme is not null and not ("light" or "dark"))
        {
            throw AdvanceAiErrors.ColorSchemeWrong.Raise();
        }
    }

    /// <summary><c>numberType</c> must be upper case and known for the region (the database-ID page's rule).</summary>
    public static void NumberType(string numberType, string region)
    {
        if (!UpperWord().IsMatch(numberType))
        {
            throw AdvanceAiErrors.ParameterError.Raise();
        }
        if (!NumberTypes.TryGetValue(region, out var types) || !types.Contains(numberType, StringComparer.Ordinal))
        {
            throw AdvanceAiErrors.NumberTypeMismatch.Raise();
        }
    }

    /// <summary>Number types per region: BVN for NGA is documented; the rest is the simulator's table.</summary>
    public static readonly Dictionary<string, string[]> NumberTypes = new(StringComparer.Ordinal)
    {
        ["NGA"] = ["BVN", "NIN"],
        ["IDN"] = ["NIK"],
        ["PHL"] = ["PHILSYS", "SSS", "UMID"],
        ["MYS"] = ["MYKAD"],
        ["THA"] = ["CITIZEN_ID"],
        ["VNM"] = ["CCCD"],
    };

    [GeneratedRegex(@"\A[A-Za-z][A-Za-z0-9+.\-]*\z")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"\A[A-Z]{3}\z")]
    private static partial Regex Alpha3();

    [GeneratedRegex(@"\A[a-zA-Z0-9]{1,32}\z")]
    private static partial Regex BizCodePattern();

    [GeneratedRegex(@"\A[A-Z][A-Z0-9_]*\z")]
    private static partial Regex UpperWord();
}

/// <summary>The docType table (providers/advance-ai.md §10): the documented codes, and a passport for any country.</summary>
internal static partial class DocTypes
{
    private static readonly Dictionary<string, bool> Known = new(StringComparer.Ordinal)
    {
        ["PH-ID-SSS"] = false,
        ["TH-ID-N"] = true,
        ["TH-ID-PINK"] = true,
        ["TH-PP-N"] = false,
        ["TH-DL-N"] = true,
        ["ID-ID-KTP"] = false,
        ["ID-PP-N"] = false,
        ["MY-ID-MYKAD"] = true,
    };

    private static readonly Dictionary<string, string> DefaultByRegion = new(StringComparer.Ordinal)
    {
        ["PHL"] = "PH-ID-SSS",
        ["THA"] = "TH-ID-N",
        ["IDN"] = "ID-ID-KTP",
        ["MYS"] = "MY-ID-MYKAD",
        ["VNM"] = "VN-PP-N",
        ["SGP"] = "SG-PP-N",
        ["NGA"] = "NG-PP-N",
        ["MEX"] = "MX-PP-N",
        ["COL"] = "CO-PP-N",
    };

    public static bool IsKnown(string docType) => Known.ContainsKey(docType) || Passport().IsMatch(docType);

    public static bool HasBack(string docType) => Known.TryGetValue(docType, out var back) && back;

    /// <summary>The document a user of <paramref name="region"/> shows when the call suggests none.</summary>
    public static string DefaultFor(string region) =>
        DefaultByRegion.TryGetValue(region, out var docType) ? docType : region[..2] + "-PP-N";

    /// <summary>
    /// The documents a user of <paramref name="region"/> can choose on the hosted page: the region's known codes
    /// and its passport, <paramref name="suggested"/> (the call's docType) first.
    /// </summary>
    public static IReadOnlyList<string> ChoicesFor(string region, string? suggested)
    {
        var country = DefaultFor(region)[..2];
        var choices = Known.Keys.Where(code => code.StartsWith(country + "-", StringComparison.Ordinal)).Append(country + "-PP-N").Distinct(StringComparer.Ordinal).ToList();
        if (suggested is not null)
        {
            choices.Remove(suggested);
            choices.Insert(0, suggested);
        }
        return choices;
    }

    public static string Check(string docType) => IsKnown(docType) ? docType : throw AdvanceAiErrors.DocTypeWrong.Raise();

    [GeneratedRegex(@"\A[A-Z]{2}-PP-N\z")]
    private static partial Regex Passport();
}
