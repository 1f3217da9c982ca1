using System.Globalization;
using Bogus;
using Bogus.DataSets;

namespace Simulators.Core.Personas;

/// <summary>
/// Builds a persona from a seed with Bogus' id_ID locale. Each call owns its Faker and Randomizer
/// (never the static Randomizer.Seed), so generation is deterministic and thread-safe.
/// </summary>
internal static class PersonaGenerator
{
    /// <summary>Ages are relative to this date, not the wall clock, so a seed's persona never changes.</summary>
    public static readonly DateOnly ReferenceDate = new(2025, 1, 1);

    public const int MinAge = 17;
    public const int MaxAge = 70;

    // Shares from the 2023 Dukcapil religion statistics, rounded.
    private static readonly float[] ReligionWeights = [0.870f, 0.074f, 0.031f, 0.017f, 0.007f, 0.001f];

    private static readonly string[] Streets =
    [
        "CEMPAKA", "MELATI", "MAWAR", "ANGGREK", "KENANGA", "FLAMBOYAN", "DAHLIA", "MERDEKA", "PAHLAWAN", "PEMUDA",
        "SUDIRMAN", "DIPONEGORO", "GATOT SUBROTO", "AHMAD YANI", "GAJAH MADA", "HAYAM WURUK", "KARTINI", "SILIWANGI",
        "PATTIMURA", "IMAM BONJOL", "TERUSAN JAKARTA", "RAYA BOGOR", "NUSANTARA", "MANGGA", "RAMBUTAN", "BELIMBING",
    ];

    // Kelurahan/desa names that recur across Indonesia; the table has no village level, so these are generic.
    private static readonly string[] Villages =
    [
        "SUKAMAJU", "SUKARAJA", "MEKARSARI", "MEKARJAYA", "SIDOMULYO", "SIDOREJO", "KARANGANYAR", "TANJUNGSARI",
        "SUKAJADI", "MARGAMULYA", "SUMBERSARI", "CIPTA KARYA", "KEBON JERUK", "PASIR JAYA", "TEGALSARI", "SUKAMAKMUR",
        "MULYOREJO", "BANJARSARI", "GUNUNG SARI", "KAMPUNG BARU",
    ];

    private static readonly string[] WorkingOccupations =
    [
        "KARYAWAN SWASTA", "WIRASWASTA", "PETANI/PEKEBUN", "PEDAGANG", "BURUH HARIAN LEPAS", "PEGAWAI NEGERI SIPIL",
        "GURU", "PERDAGANGAN", "SOPIR", "NELAYAN/PERIKANAN", "KARYAWAN BUMN", "KARYAWAN HONORER", "BURUH TANI/PERKEBUNAN",
        "PERAWAT", "BIDAN", "DOKTER", "DOSEN", "TENTARA NASIONAL INDONESIA", "KEPOLISIAN RI", "PERANGKAT DESA",
        "TUKANG BATU", "TUKANG KAYU", "MEKANIK", "PETERNAK", "WARTAWAN", "SENIMAN", "BELUM/TIDAK BEKERJA",
    ];

    private static readonly float[] WorkingOccupationWeights =
    [
        0.22f, 0.18f, 0.12f, 0.06f, 0.06f, 0.05f, 0.04f, 0.03f, 0.03f, 0.03f, 0.02f, 0.02f, 0.02f, 0.015f, 0.01f,
        0.005f, 0.005f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f, 0.005f, 0.005f, 0.04f,
    ];

    // A Faker costs about a millisecond to build (it loads every data set of the locale); the Name data
    // set is all a persona needs. One per thread, given each persona's own Randomizer: the same draws
    // in the same order as a Faker with that Randomizer, so the same seed gives the same person.
    [ThreadStatic]
    private static Name? _names;

    public static IndonesianPersona Generate(int seed)
    {
        var random = new Randomizer(seed);
        var names = _names ??= new Name("id_ID");
        names.Random = random;

        var female = random.Bool();
        var gender = female ? Name.Gender.Female : Name.Gender.Male;
        var oldest = ReferenceDate.AddYears(-(MaxAge + 1)).AddDays(1);
        var youngest = ReferenceDate.AddYears(-MinAge);
        var birth = oldest.AddDays(random.Int(0, youngest.DayNumber - oldest.DayNumber));
        var age = AgeOn(birth, ReferenceDate);

        var regions = RegionTable.Districts;
        var home = regions[random.Int(0, regions.Count - 1)];
        // Most people are born near where they live; the rest elsewhere in the country.
        var birthPlace = random.Bool(0.7f) ? home.CityShortName : regions[random.Int(0, regions.Count - 1)].CityShortName;

        var serial = random.Int(1, 9999);
        var day = birth.Day + (female ? 40 : 0);
        var nik = string.Create(CultureInfo.InvariantCulture, $"{home.Code}{day:00}{birth.Month:00}{birth.Year % 100:00}{serial:0000}");

        var name = random.WeightedRandom(
            [
                $"{names.FirstName(gender)} {names.LastName(gender)}",
                names.FirstName(gender),
                $"{names.FirstName(gender)} {names.FirstName(gender)} {names.LastName(gender)}",
            ],
            [0.7f, 0.2f, 0.1f]);

        var address = string.Create(CultureInfo.InvariantCulture, $"JL. {random.ArrayElement(Streets)} NO. {random.Int(1, 150)}");
        var rtRw = string.Create(CultureInfo.InvariantCulture, $"{random.Int(1, 20):000}/{random.Int(1, 15):000}");

        return new IndonesianPersona(
            Nik: nik,
            Name: name.ToUpperInvariant(),
            Gender: female ? KtpVocabulary.Female : KtpVocabulary.Male,
            BirthDate: birth,
            BirthPlace: birthPlace,
            Province: home.Province,
            City: home.City,
            District: home.District,
            Village: random.ArrayElement(Villages),
            Address: address,
            RtRw: rtRw,
            Religion: random.WeightedRandom([.. KtpVocabulary.Religions], ReligionWeights),
            MaritalStatus: MaritalStatus(random, age),
            BloodType: random.WeightedRandom(["O", "A", "B", "AB", "-"], [0.35f, 0.25f, 0.25f, 0.05f, 0.10f]),
            Occupation: Occupation(random, age, female),
            Nationality: KtpVocabulary.Citizen);
    }

    public static int AgeOn(DateOnly birth, DateOnly date)
    {
        var age = date.Year - birth.Year;
        return birth.AddYears(age) > date ? age - 1 : age;
    }

    // 19 is the legal minimum age for marriage (UU 16/2019).
    private static string MaritalStatus(Randomizer random, int age) => age < 19 ? "BELUM KAWIN"
        : age < 25 ? random.WeightedRandom(["BELUM KAWIN", "KAWIN"], [0.8f, 0.2f])
        : random.WeightedRandom(["BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI"], [0.15f, 0.72f, 0.06f, age > 55 ? 0.12f : 0.03f]);

    private static string Occupation(Randomizer random, int age, bool female)
    {
        if (age <= 23 && random.Bool(0.7f))
        {
            return "PELAJAR/MAHASISWA";
        }
        if (age >= 58 && random.Bool(0.5f))
        {
            return "PENSIUNAN";
        }
        if (female && random.Bool(0.3f))
        {
            return "MENGURUS RUMAH TANGGA";
        }
        return random.WeightedRandom(WorkingOccupations, WorkingOccupationWeights);
    }
}
