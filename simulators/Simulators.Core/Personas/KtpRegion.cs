using System.Collections.Frozen;
using System.Globalization;

namespace Simulators.Core.Personas;

/// <summary>A kecamatan (district) with its regency/city and province, as printed on a KTP.</summary>
/// <param name="Code">The 6-digit Kemendagri code: 2 province + 2 regency/city + 2 district digits (the first 6 of a NIK).</param>
/// <param name="Province">Upper case, e.g. <c>JAWA BARAT</c>.</param>
/// <param name="City">As printed: <c>KOTA BANDUNG</c>, <c>KABUPATEN BOGOR</c>; DKI cities without prefix (<c>JAKARTA SELATAN</c>).</param>
/// <param name="District">The kecamatan, upper case.</param>
public sealed record KtpRegion(string Code, string Province, string City, string District)
{
    public string ProvinceCode => Code[..2];

    public string CityCode => Code[..4];

    /// <summary>The regency/city without its KOTA / KABUPATEN prefix, as a birthplace is printed ("BANDUNG").</summary>
    public string CityShortName =>
        City.StartsWith("KOTA ", StringComparison.Ordinal) ? City[5..]
        : City.StartsWith("KABUPATEN ", StringComparison.Ordinal) ? City[10..]
        : City;
}

/// <summary>
/// The shipped table of real Kemendagri region codes (fixtures/regions/regions.csv, embedded): every
/// province, a few regencies/cities each and a few districts of each.
/// </summary>
public static class RegionTable
{
    private static readonly Lazy<IReadOnlyList<KtpRegion>> Table = new(Load);

    private static readonly Lazy<FrozenDictionary<string, KtpRegion>> ByCode =
        new(() => Table.Value.ToFrozenDictionary(r => r.Code, StringComparer.Ordinal));

    /// <summary>Every district in the table, in file order.</summary>
    public static IReadOnlyList<KtpRegion> Districts => Table.Value;

    /// <summary>Looks a district up by its 6-digit code (a NIK's first 6 digits).</summary>
    public static bool TryFind(string code, out KtpRegion region) => ByCode.Value.TryGetValue(code, out region!);

    private static List<KtpRegion> Load()
    {
        using var stream = typeof(RegionTable).Assembly.GetManifestResourceStream("Simulators.Core.Personas.regions.csv")
            ?? throw new InvalidOperationException("The embedded region table is missing.");
        using var reader = new StreamReader(stream);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var districts = new List<(string Code, string Name)>();
        reader.ReadLine(); // header: code,name,level
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            var fields = line.Split(',');
            if (fields.Length != 3 || fields[0].Length != ExpectedLength(fields[2]) || !fields[0].All(char.IsAsciiDigit))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Bad region row: {line}"));
            }
            if (fields[2] == "district")
            {
                districts.Add((fields[0], fields[1]));
            }
            else
            {
                names[fields[0]] = fields[1];
            }
        }
        return [.. districts.Select(d => new KtpRegion(d.Code, names[d.Code[..2]], names[d.Code[..4]], d.Name))];
    }

    private static int ExpectedLength(string level) => level switch
    {
        "province" => 2,
        "regency" => 4,
        "district" => 6,
        _ => -1,
    };
}
