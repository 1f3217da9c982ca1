using System.Text;

namespace Simulators.Core.Journal;

/// <summary>
/// Masks secrets before the journal keeps them: credential headers keep their scheme and a few
/// characters (so two credentials can be told apart), JSON body fields named as secrets lose their
/// whole value. Bodies are scanned as bytes, so a truncated or malformed body is masked too.
/// </summary>
public static class SecretMasker
{
    private static readonly byte[] Masked = "\"****\""u8.ToArray();

    /// <summary>
    /// Keeps an auth scheme (<c>Bearer</c>, <c>Basic</c>…) and a few characters. A value with no
    /// scheme (a cookie, a key) is masked whole after its prefix.
    /// </summary>
    public static string Mask(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space > 0 && value[..space].All(char.IsAsciiLetter) ? value[..(space + 1)] : "";
        var secret = value[scheme.Length..];
        // Basic is user:password in base64: its first characters are the user name's, so none are shown.
        return secret.Length <= 8 || scheme.Equals("Basic ", StringComparison.OrdinalIgnoreCase) ? scheme + "****" : scheme + secret[..6] + "****";
    }

    /// <summary>The body with the string value of every <c>"field":</c> in <paramref name="fields"/> replaced by <c>"****"</c>; the same array when none occurs.</summary>
    public static byte[] MaskFields(byte[] body, IReadOnlyCollection<byte[]> fields)
    {
        ArgumentNullException.ThrowIfNull(body);
        return MaskFieldsOrNull(body, fields) ?? body;
    }

    /// <summary>The masked body, or null when no secret field occurs in it.</summary>
    public static byte[]? MaskFieldsOrNull(ReadOnlySpan<byte> body, IReadOnlyCollection<byte[]> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0 || body.IsEmpty)
        {
            return null;
        }
        List<(int Start, int End)>? spans = null;
        foreach (var field in fields)
        {
            var from = 0;
            while (from < body.Length)
            {
                var at = body[from..].IndexOf(field);
                if (at < 0)
                {
                    break;
                }
                var i = from + at + field.Length;
                from = i;
                i = SkipSpace(body, i);
                if (i >= body.Length || body[i] != (byte)':')
                {
                    continue;
                }
                i = SkipSpace(body, i + 1);
                if (i >= body.Length || body[i] != (byte)'"')
                {
                    continue;
                }
                var end = i + 1;
                while (end < body.Length && body[end] != (byte)'"')
                {
                    end += body[end] == (byte)'\\' ? 2 : 1;
                }
                (spans ??= []).Add((i, Math.Min(end + 1, body.Length)));
                from = end;
            }
        }
        return spans is null ? null : Replace(body, spans, Masked);
    }

    /// <summary>
    /// A multipart body with the value of every form field named one of <paramref name="fields"/>
    /// (or <c>field[…]</c>) replaced by <c>****</c>; null when none occurs.
    /// </summary>
    public static byte[]? MaskFormFieldsOrNull(ReadOnlySpan<byte> body, IReadOnlyCollection<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        List<(int Start, int End)>? spans = null;
        foreach (var needle in fields.SelectMany(f => new[] { Encoding.UTF8.GetBytes("name=\"" + f), Encoding.UTF8.GetBytes("name=" + f) }))
        {
            var from = 0;
            while (from < body.Length)
            {
                var at = body[from..].IndexOf(needle);
                if (at < 0)
                {
                    break;
                }
                var i = from + at + needle.Length;
                from = i;
                if (i >= body.Length || body[i] is not ((byte)'"' or (byte)'[' or (byte)';' or (byte)'\r'))
                {
                    continue;
                }
                var headersEnd = body[i..].IndexOf("\r\n\r\n"u8);
                if (headersEnd < 0)
                {
                    break;
                }
                var start = i + headersEnd + 4;
                var next = body[start..].IndexOf("\r\n--"u8);
                var end = next < 0 ? body.Length : start + next;
                (spans ??= []).Add((start, end));
                from = end;
            }
        }
        return spans is null ? null : Replace(body, spans, "****"u8);
    }

    /// <summary>The body with each span replaced by <paramref name="mask"/> (overlapping spans taken once).</summary>
    private static byte[] Replace(ReadOnlySpan<byte> body, List<(int Start, int End)> spans, ReadOnlySpan<byte> mask)
    {
        spans.Sort();
        using var masked = new MemoryStream(body.Length);
        var last = 0;
        foreach (var (start, end) in spans)
        {
            if (start < last)
            {
                continue;
            }
            masked.Write(body[last..start]);
            masked.Write(mask);
            last = end;
        }
        masked.Write(body[last..]);
        return masked.ToArray();
    }

    /// <summary>The needles <see cref="MaskFields"/> looks for: each name as a quoted JSON key.</summary>
    public static IReadOnlyCollection<byte[]> Needles(IEnumerable<string> fields) =>
        [.. fields.Select(f => Encoding.UTF8.GetBytes("\"" + f + "\""))];

    private static int SkipSpace(ReadOnlySpan<byte> body, int i)
    {
        while (i < body.Length && body[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }
        return i;
    }
}
