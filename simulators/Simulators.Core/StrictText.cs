using System.Globalization;

namespace Simulators.Core;

/// <summary>
/// Parsing the way a strict API reads a value: the whole text and nothing else. .NET's own parsers
/// are lenient in ways clients must not come to rely on: <see cref="int.TryParse(string?, out int)"/>
/// skips whitespace (a trailing newline too), <see cref="Guid.TryParseExact(string?, string?, out Guid)"/>
/// trims it, <see cref="bool.TryParse(string?, out bool)"/> ignores trailing NULs, and a regex
/// <c>$</c> matches before a final newline while <c>\d</c> takes any Unicode digit.
/// </summary>
public static class StrictText
{
    /// <summary>Only the digits 0-9 (never other scripts' digits), at least one.</summary>
    public static bool IsAsciiDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return !text.IsEmpty;
    }

    /// <summary>An optional <c>-</c> and ASCII digits, within <see cref="int"/>: no whitespace, no <c>+</c>, no other digits.</summary>
    public static bool TryParseInt(string? text, out int value)
    {
        value = 0;
        return text is { Length: > 0 } && IsAsciiDigits(text.AsSpan(text[0] == '-' ? 1 : 0))
            && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary><c>true</c> or <c>false</c> (any case), and nothing around it.</summary>
    public static bool TryParseBool(string? text, out bool value)
    {
        value = string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
        return value || string.Equals(text, "false", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A UUID in its 36-character form (<c>8-4-4-4-12</c> hex digits, any case), and nothing around it.</summary>
    public static bool TryParseUuid(string? text, out Guid value)
    {
        value = Guid.Empty;
        return text is { Length: 36 } && Guid.TryParseExact(text, "D", out value);
    }

    /// <summary>Whether the text holds a control character (NUL, a newline, a tab, DEL...).</summary>
    public static bool HasControlCharacter(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether the text holds whitespace or a control character: never part of a URL as sent on the wire.</summary>
    public static bool HasSpaceOrControl(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return true;
            }
        }
        return false;
    }
}
