using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Simulators.Core.Personas;

/// <summary>
/// A deterministic Indonesian identity as printed on a KTP, upper case. The NIK has the real layout:
/// a real province + regency/city + district code from the shipped region table, the birth date as
/// DDMMYY with 40 added to the day for women, and a 4-digit serial (0001-9999). Adults only: 17 to 70
/// years old on a fixed reference date (2025-01-01), so a seed always gives the same person.
/// </summary>
/// <param name="Nik">16 digits: region code, DDMMYY birth date (day + 40 for women), serial.</param>
/// <param name="Name">Upper case, from Bogus' id_ID names.</param>
/// <param name="Gender"><c>LAKI-LAKI</c> or <c>PEREMPUAN</c>.</param>
/// <param name="BirthDate">The date of birth (<see cref="DateOfBirthText"/> prints it).</param>
/// <param name="BirthPlace">A regency/city name without prefix (<c>BANDUNG</c>), usually the home one.</param>
/// <param name="Province">Upper case, e.g. <c>JAWA BARAT</c>.</param>
/// <param name="City">The regency/city as printed: <c>KOTA BANDUNG</c>, <c>KABUPATEN BOGOR</c> (DKI: <c>JAKARTA SELATAN</c>).</param>
/// <param name="District">The kecamatan.</param>
/// <param name="Village">The kelurahan/desa (generic names: the table has no village level).</param>
/// <param name="Address">Street and number, e.g. <c>JL. CEMPAKA NO. 12</c>.</param>
/// <param name="RtRw">RT/RW as <c>NNN/NNN</c>.</param>
/// <param name="Religion">One of <see cref="KtpVocabulary.Religions"/>, weighted like the population.</param>
/// <param name="MaritalStatus">One of <see cref="KtpVocabulary.MaritalStatuses"/>.</param>
/// <param name="BloodType"><c>A</c>, <c>B</c>, <c>AB</c>, <c>O</c> or <c>-</c> (not recorded).</param>
/// <param name="Occupation">One of <see cref="KtpVocabulary.Occupations"/>.</param>
/// <param name="Nationality">Always <c>WNI</c>.</param>
public sealed record IndonesianPersona(
    string Nik,
    string Name,
    string Gender,
    DateOnly BirthDate,
    string BirthPlace,
    string Province,
    string City,
    string District,
    string Village,
    string Address,
    string RtRw,
    string Religion,
    string MaritalStatus,
    string BloodType,
    string Occupation,
    string Nationality)
{
    /// <summary>The birth date as KTP OCR returns it: <c>DD-MM-YYYY</c>.</summary>
    public string DateOfBirthText => BirthDate.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// The persona for an uploaded file: the seed is the first 4 bytes of its SHA-256. A shipped fixture
    /// image (fixtures/images/catalog.json) gives the persona printed on it instead.
    /// </summary>
    public static IndonesianPersona FromBytes(ReadOnlySpan<byte> input) => FromSeed(SeedFor(input));

    /// <summary>The seed <see cref="FromBytes"/> uses: what a stored record keeps instead of the whole persona.</summary>
    public static int SeedFor(ReadOnlySpan<byte> input) => SeedForSha256(Convert.ToHexStringLower(SHA256.HashData(input)));

    /// <summary>The same seed from the file's SHA-256 (lower-case hex), for a file hashed once already.</summary>
    public static int SeedForSha256(string sha256Hex)
    {
        ArgumentNullException.ThrowIfNull(sha256Hex);
        if (FixtureCatalog.TryFindBySha256(sha256Hex, out var fixture))
        {
            return fixture.PersonaSeed;
        }
        Span<byte> head = stackalloc byte[4];
        Convert.FromHexString(sha256Hex.AsSpan(0, 8), head, out _, out _);
        return BinaryPrimitives.ReadInt32LittleEndian(head);
    }

    // Personas are a pure function of their seed; test suites reuse the same fixture files, so a
    // bounded memo saves generating the same person on every create.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, IndonesianPersona> Generated = new();

    /// <summary>The persona for a seed; the same seed always gives the same persona.</summary>
    public static IndonesianPersona FromSeed(int seed)
    {
        if (Generated.TryGetValue(seed, out var known))
        {
            return known;
        }
        var persona = PersonaGenerator.Generate(seed);
        if (Generated.Count >= 4096)
        {
            Generated.Clear();
        }
        Generated.TryAdd(seed, persona);
        return persona;
    }
}
