using System.Text.Json;
using Simulators.Core.Json;

namespace Simulators.Verifik.Auth;

/// <summary>The token endpoints' error bodies (providers/verifik.md §1), in the shapes <see cref="VerifikErrors"/> documents.</summary>
internal static class AuthErrors
{
    public static readonly VerifikError InvalidEmail = new("NotFound", 404, "invalid_email");
    public static readonly VerifikError InvalidOtp = new("~ERROR", 400, "invalid_otp");
    public static readonly VerifikError InvalidPhone = new("BadRequest$", 400, "Invalid phone number format.");
    public static readonly VerifikError InvalidOtpCode = new("BadRequest$", 400, "Invalid OTP code.");

    /// <summary>A phone the strict mode does not know (undocumented: the e-mail 404's shape).</summary>
    public static readonly VerifikError InvalidPhoneLogin = new("NotFound", 404, "invalid_phone");

    /// <summary>An <c>expiresIn</c> that is not 1 to 12 months (undocumented: the 409 of a bad parameter).</summary>
    public static readonly VerifikError InvalidExpiresIn = new("MissingParameter", 409, "invalid expiresIn\n");
}

/// <summary>An unreadable body is <c>{"error":"Invalid request"}</c>; a missing field Verifik's 409, a wrong type the same 409 naming it.</summary>
internal sealed class AuthRequestErrors : IRequestErrors
{
    public static AuthRequestErrors Instance { get; } = new();

    public Exception Unreadable(string detail) => VerifikErrors.InvalidRequest.Raise();

    public Exception NotAnObject() => VerifikErrors.InvalidRequest.Raise();

    public Exception Missing(string path) => VerifikErrors.Missing(path);

    public Exception WrongType(string path, string expected) => (VerifikErrors.MissingParameter with { Message = $"invalid {path}\n" }).Raise();

    /// <summary>The members <paramref name="names"/>, in order, or Verifik's 409 naming every absent one (<c>missing a\n. missing b\n</c>).</summary>
    public static string[] Required(JsonElement body, params string[] names)
    {
        var values = names.Select(n => Text(body, n)).ToArray();
        return values.All(v => v is not null)
            ? [.. values.Select(v => v!)]
            : throw VerifikErrors.Missing([.. names.Where((_, i) => values[i] is null)]);
    }

    /// <summary>A text member, or null when absent, null or blank; a number is read as its digits (the docs send <c>phone</c> as a number).</summary>
    public static string? Text(JsonElement? body, string name)
    {
        if (body is not { } b || !b.TryGetProperty(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => value.GetString() is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null,
            JsonValueKind.Number => value.GetRawText(),
            _ => throw Instance.WrongType(name, "a string"),
        };
    }
}
