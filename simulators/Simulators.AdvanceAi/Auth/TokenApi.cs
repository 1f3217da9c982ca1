using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core;
using Simulators.Core.Hosting;
using Simulators.Core.Journal;
using Simulators.Core.Tenants;

namespace Simulators.AdvanceAi.Auth;

/// <summary><c>POST /openapi/auth/ticket/v1/generate-token</c> (providers/advance-ai.md §2): no <c>/intl</c> prefix, no token needed.</summary>
internal static class TokenApi
{
    public const string Path = "/openapi/auth/ticket/v1/generate-token";

    public static void MapToken(this IEndpointRouteBuilder app) => app.MapPost(Path, GenerateAsync);

    private static async Task<IResult> GenerateAsync(HttpContext http, AdvanceAiStore store, AdvanceAiTokens tokens, TenantDirectory tenants, AdvanceAiOptions options)
    {
        var body = await AdvanceAiRequest.ReadObjectAsync(http);
        var accessKey = AdvanceAiRequest.Text(body, "accessKey");
        var timestamp = AdvanceAiRequest.TextOrNumber(body, "timestamp");
        var signature = AdvanceAiRequest.Text(body, "signature");
        var period = AdvanceAiRequest.TextOrNumber(body, "periodSecond");
        if (string.IsNullOrWhiteSpace(accessKey) || string.IsNullOrWhiteSpace(timestamp) || string.IsNullOrWhiteSpace(signature))
        {
            throw AdvanceAiErrors.Empty.Raise();
        }
        var periodSeconds = options.DefaultPeriodSeconds;
        if (period is not null && !(int.TryParse(period, NumberStyles.None, CultureInfo.InvariantCulture, out periodSeconds)
            && periodSeconds >= options.MinPeriodSeconds && periodSeconds <= options.MaxPeriodSeconds))
        {
            throw AdvanceAiErrors.ParameterError.Raise($"periodSecond must be a whole number from {options.MinPeriodSeconds} to {options.MaxPeriodSeconds}");
        }
        var account = await store.AccountAsync(accessKey, http.RequestAborted);
        // An unknown key is reported as a wrong signature: without its secret none can match (undocumented).
        var now = account is null ? (await tenants.FindAsync(accessKey, http.RequestAborted)).Now : (await tenants.EnsureAsync(accessKey, http.RequestAborted)).Now;
        if (!StrictText.IsAsciiDigits(timestamp) || timestamp.Length > 19 || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var millis)
            || Math.Abs(now.ToUnixTimeMilliseconds() - (double)millis) > options.TimestampWindowSeconds * 1000)
        {
            throw AdvanceAiErrors.TimestampError.Raise();
        }
        if (account is null)
        {
            throw AdvanceAiErrors.SignatureError.Raise();
        }
        await http.EnterTenantAsync(accessKey);
        if (account.Disabled)
        {
            throw AdvanceAiErrors.AccountDisabled.Raise();
        }
        if (!TokenSignature.Matches(signature, account.AccessKey, account.SecretKey, timestamp))
        {
            throw AdvanceAiErrors.SignatureError.Raise();
        }
        var (token, expiredTime) = await tokens.IssueAsync(accessKey, http.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1", now, periodSeconds, http.RequestAborted);
        return new JsonBytes(AdvanceAiJson.Success(w =>
        {
            w.WriteStartObject();
            w.WriteString("token", token);
            w.WriteNumber("expiredTime", expiredTime);
            w.WriteEndObject();
        }));
    }
}
