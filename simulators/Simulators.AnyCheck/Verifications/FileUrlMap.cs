using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Simulators.AnyCheck.Verifications;

/// <summary>
/// A verification's <c>input_file_url</c> (file field → the uploads' URLs), as compact as a stored
/// record can keep it: one object and the URL lists, the field names shared between records (a
/// dictionary is five objects and spare slots, kept for the life of the process by every verification).
/// Enumerates in the order the fields were given, as the dictionary it replaces did.
/// </summary>
internal sealed class FileUrlMap : IReadOnlyDictionary<string, string[]>
{
    private static readonly string[] KtpOnly = ["ktp_file"];
    private static readonly string[] KtpSelfie = ["ktp_file", "selfie_file"];

    private readonly string[] _keys;
    private readonly string[][] _values;

    private FileUrlMap(string[] keys, string[][] values)
    {
        _keys = keys;
        _values = values;
    }

    public static FileUrlMap Of(IEnumerable<KeyValuePair<string, string[]>> entries)
    {
        var keys = new List<string>();
        var values = new List<string[]>();
        foreach (var (key, value) in entries)
        {
            ArgumentNullException.ThrowIfNull(value);
            var at = keys.IndexOf(key);
            if (at >= 0)
            {
                // As a dictionary's indexer: the last one given wins.
                values[at] = value;
                continue;
            }
            keys.Add(key);
            values.Add(value);
        }
        return new FileUrlMap(Shared(keys), [.. values]);
    }

    private static string[] Shared(List<string> keys) =>
        keys.SequenceEqual(KtpSelfie, StringComparer.Ordinal) ? KtpSelfie
        : keys.SequenceEqual(KtpOnly, StringComparer.Ordinal) ? KtpOnly
        : [.. keys];

    public int Count => _keys.Length;

    public IEnumerable<string> Keys => _keys;

    public IEnumerable<string[]> Values => _values;

    public string[] this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No file field '{key}'.");

    public bool ContainsKey(string key) => Array.IndexOf(_keys, key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string[] value)
    {
        var at = Array.IndexOf(_keys, key);
        value = at >= 0 ? _values[at] : null;
        return at >= 0;
    }

    public IEnumerator<KeyValuePair<string, string[]>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            yield return KeyValuePair.Create(_keys[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
