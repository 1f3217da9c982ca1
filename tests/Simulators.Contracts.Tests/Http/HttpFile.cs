using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Simulators.Contracts.Tests.Http;

/// <summary>One request of a <c>.http</c> file: its name, the checks its comments ask for, and its raw text.</summary>
internal sealed record HttpFileRequest(string Title, string? Name, int? Expect, IReadOnlyList<(string Path, string Value)> Asserts, string Method, string Url,
    IReadOnlyList<(string Name, string Value)> Headers, IReadOnlyList<string> BodyLines, int Line);

/// <summary>
/// The <c>.http</c> dialect Visual Studio, VS Code's REST Client and httpyac share: <c>@name = value</c>
/// variables, requests between <c>###</c> lines, <c># @name</c> to name one, <c>{{variable}}</c> and
/// <c>{{name.response.body.$.path}}</c> / <c>{{name.response.headers.Header}}</c> references, and
/// <c>&lt; path</c> lines that put a file's bytes in a body.
/// </summary>
internal sealed partial class HttpFile
{
    private HttpFile(string path, IReadOnlyDictionary<string, string> variables, IReadOnlyList<HttpFileRequest> requests)
    {
        Path = path;
        Variables = variables;
        Requests = requests;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, string> Variables { get; }

    public IReadOnlyList<HttpFileRequest> Requests { get; }

    public static HttpFile Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var requests = new List<HttpFileRequest>();
        var block = new List<(string Text, int Line)>();
        var title = "";
        void Flush()
        {
            if (Parse(block, title) is { } request)
            {
                requests.Add(request);
            }
            block.Clear();
        }
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("###", StringComparison.Ordinal))
            {
                Flush();
                title = line.TrimStart('#').Trim();
                continue;
            }
            if (block.All(b => IsComment(b.Text) || b.Text.Trim().Length == 0) && FileVariable().Match(line) is { Success: true } variable)
            {
                variables[variable.Groups["name"].Value] = variable.Groups["value"].Value.Trim();
                continue;
            }
            block.Add((line, i + 1));
        }
        Flush();
        return new HttpFile(path, variables, requests);
    }

    private static HttpFileRequest? Parse(List<(string Text, int Line)> block, string title)
    {
        string? name = null;
        int? expect = null;
        var asserts = new List<(string, string)>();
        var at = 0;
        for (; at < block.Count && (IsComment(block[at].Text) || block[at].Text.Trim().Length == 0); at++)
        {
            var comment = block[at].Text.TrimStart('#', '/', ' ');
            if (comment.StartsWith("@name ", StringComparison.Ordinal))
            {
                name = comment[6..].Trim();
            }
            else if (comment.StartsWith("@expect ", StringComparison.Ordinal))
            {
                expect = int.Parse(comment[8..].Trim(), CultureInfo.InvariantCulture);
            }
            else if (comment.StartsWith("@assert ", StringComparison.Ordinal))
            {
                var parts = comment[8..].Split(" == ", 2);
                asserts.Add((parts[0].Trim(), parts[1].Trim()));
            }
        }
        if (at == block.Count)
        {
            return null;
        }
        var requestLine = block[at].Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var headers = new List<(string, string)>();
        var i = at + 1;
        for (; i < block.Count && block[i].Text.Trim().Length > 0; i++)
        {
            var colon = block[i].Text.IndexOf(':', StringComparison.Ordinal);
            headers.Add((block[i].Text[..colon].Trim(), block[i].Text[(colon + 1)..].Trim()));
        }
        var body = block.Skip(i + 1).Select(b => b.Text).ToList();
        while (body.Count > 0 && body[^1].Trim().Length == 0)
        {
            body.RemoveAt(body.Count - 1);
        }
        return new HttpFileRequest(title, name, expect, asserts, requestLine[0], requestLine[1], headers, body, block[at].Line);
    }

    private static bool IsComment(string line) => line.TrimStart().StartsWith('#') || line.TrimStart().StartsWith("//", StringComparison.Ordinal);

    /// <summary>Replaces every <c>{{...}}</c>: a variable (itself resolved), or a named earlier response's body or header.</summary>
    public string Resolve(string text, IReadOnlyDictionary<string, string> overrides, IReadOnlyDictionary<string, (HttpResponseMessage Response, string Body)> responses)
    {
        for (var pass = 0; pass < 5 && text.Contains("{{", StringComparison.Ordinal); pass++)
        {
            text = Reference().Replace(text, m =>
            {
                var reference = m.Groups[1].Value.Trim();
                if (overrides.TryGetValue(reference, out var given) || Variables.TryGetValue(reference, out given))
                {
                    return given;
                }
                var parts = reference.Split('.', 4);
                if (parts.Length >= 3 && parts[1] == "response" && responses.TryGetValue(parts[0], out var earlier))
                {
                    if (parts[2] == "headers" && parts.Length == 4)
                    {
                        return earlier.Response.Headers.TryGetValues(parts[3], out var values) || earlier.Response.Content.Headers.TryGetValues(parts[3], out values)
                            ? string.Join(", ", values)
                            : throw new InvalidOperationException($"{reference}: no such header");
                    }
                    if (parts[2] == "body" && parts.Length == 4 && parts[3].StartsWith('$'))
                    {
                        return Text(Select(JsonDocument.Parse(earlier.Body).RootElement, parts[3]));
                    }
                }
                throw new InvalidOperationException($"{{{{{reference}}}}} is neither a variable nor an earlier named response");
            });
        }
        return text;
    }

    /// <summary>The body to send: the lines joined by CRLF, a <c>&lt; path</c> line replaced by that file's bytes.</summary>
    public byte[] Body(HttpFileRequest request, Func<string, string> resolve)
    {
        using var body = new MemoryStream();
        for (var i = 0; i < request.BodyLines.Count; i++)
        {
            var line = request.BodyLines[i];
            if (line.StartsWith("< ", StringComparison.Ordinal))
            {
                body.Write(File.ReadAllBytes(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, line[2..].Trim())));
            }
            else
            {
                body.Write(Encoding.UTF8.GetBytes(resolve(line)));
            }
            if (i < request.BodyLines.Count - 1)
            {
                body.Write("\r\n"u8);
            }
        }
        return body.ToArray();
    }

    public HttpRequestMessage Message(HttpFileRequest request, Func<string, string> resolve)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), resolve(request.Url));
        var content = request.BodyLines.Count > 0 ? new ByteArrayContent(Body(request, resolve)) : null;
        foreach (var (name, value) in request.Headers)
        {
            var resolved = resolve(value);
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                content ??= new ByteArrayContent([]);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(resolved);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, resolved);
            }
        }
        message.Content = content;
        return message;
    }

    /// <summary>A JSON path of the simple kind the files use: <c>$.a.b[0].c</c>.</summary>
    public static JsonElement Select(JsonElement root, string path)
    {
        var current = root;
        foreach (Match step in PathStep().Matches(path[1..]))
        {
            current = step.Groups["name"].Success
                ? current.TryGetProperty(step.Groups["name"].Value, out var next) ? next : throw new KeyNotFoundException($"{path}: no '{step.Groups["name"].Value}' in {current}")
                : current[int.Parse(step.Groups["index"].Value, CultureInfo.InvariantCulture)];
        }
        return current;
    }

    public static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    [GeneratedRegex(@"^@(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*=(?<value>.*)$")]
    private static partial Regex FileVariable();

    [GeneratedRegex(@"\{\{([^{}]+)\}\}")]
    private static partial Regex Reference();

    [GeneratedRegex(@"\.(?<name>[A-Za-z_][A-Za-z0-9_]*)|\[(?<index>\d+)\]")]
    private static partial Regex PathStep();
}
