using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Newtonsoft.Json.Linq;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// Turns a recorded multipart/form-data body into the object upload.request.schema.json describes:
/// one member per form field, file parts as {filename, content_type, length}, files[i] and
/// file_passwords[i] folded into arrays by index.
/// </summary>
internal static class MultipartForm
{
    public static async Task<JObject> DescribeAsync(byte[] body, string contentType)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(contentType).Boundary).Value
            ?? throw new InvalidOperationException($"No boundary in '{contentType}'.");
        var reader = new MultipartReader(boundary, new MemoryStream(body));
        var form = new JObject();
        var files = new List<JToken?>();
        var passwords = new List<JToken?>();
        var sawFiles = false;
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer);
            if (disposition.IsFileDisposition())
            {
                var file = new JObject
                {
                    ["filename"] = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value,
                    ["content_type"] = section.ContentType,
                    ["length"] = buffer.Length,
                };
                if (name == "files")
                {
                    sawFiles = true;
                    files.Add(file);
                }
                else if (Indexed(name, "files") is { } i)
                {
                    sawFiles = true;
                    Put(files, i, file);
                }
                else
                {
                    form[name] = file;
                }
                continue;
            }
            var text = Encoding.UTF8.GetString(buffer.ToArray());
            if (name == "file_passwords")
            {
                passwords.Add(text);
            }
            else if (Indexed(name, "file_passwords") is { } i)
            {
                Put(passwords, i, text);
            }
            else if (form[name] is { } existing)
            {
                // A repeated text field: an array, which a single-valued member's schema rejects.
                form[name] = existing is JArray array ? new JArray(array, text) : new JArray(existing, text);
            }
            else
            {
                form[name] = text;
            }
        }
        if (sawFiles)
        {
            form["files"] = new JArray(files.Select(f => f ?? JValue.CreateNull()));
        }
        if (passwords.Count > 0)
        {
            form["file_passwords"] = new JArray(passwords.Select(p => p ?? JValue.CreateNull()));
        }
        return form;
    }

    private static int? Indexed(string name, string field) =>
        name.StartsWith(field + "[", StringComparison.Ordinal) && name.EndsWith(']')
        && int.TryParse(name.AsSpan(field.Length + 1, name.Length - field.Length - 2), out var i) && i is >= 0 and < 1000
            ? i
            : null;

    private static void Put(List<JToken?> list, int index, JToken value)
    {
        while (list.Count <= index)
        {
            list.Add(null);
        }
        list[index] = value;
    }
}
