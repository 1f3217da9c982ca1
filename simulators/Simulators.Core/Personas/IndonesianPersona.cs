using System.Globalization;
using System.Security.Cryptography;

namespace Simulators.Core.Personas;

/// <summary>
/// A deterministic Indonesian identity for an input (a KTP image's bytes): the same file always
/// gives the same person. The NIK has the real layout: province, regency and district codes,
/// birth date as DDMMYY with 40 added to the day for women, and a 4-digit serial.
/// </summary>
public sealed record IndonesianPersona(
    string Nik,
    string Name,
    string Gender,
    DateOnly BirthDate,
    string BirthPlace,
    string Province,
    string City,
    string District)
{
    // (province code, regency code, district code, province, city, district): real Kemendagri codes.
    private static readonly (string P, string R, string D, string Province, string City, string District)[] Regions =
    [
        ("31", "71", "01", "DKI JAKARTA", "JAKARTA PUSAT", "GAMBIR"),
        ("31", "74", "06", "DKI JAKARTA", "JAKARTA SELATAN", "KEBAYORAN BARU"),
        ("32", "73", "06", "JAWA BARAT", "KOTA BANDUNG", "COBLONG"),
        ("33", "74", "01", "JAWA TENGAH", "KOTA SEMARANG", "SEMARANG TENGAH"),
        ("34", "71", "01", "DI YOGYAKARTA", "KOTA YOGYAKARTA", "MANTRIJERON"),
        ("35", "78", "05", "JAWA TIMUR", "KOTA SURABAYA", "GUBENG"),
        ("51", "71", "01", "BALI", "KOTA DENPASAR", "DENPASAR SELATAN"),
        ("12", "71", "02", "SUMATERA UTARA", "KOTA MEDAN", "MEDAN KOTA"),
        ("73", "71", "01", "SULAWESI SELATAN", "KOTA MAKASSAR", "MARISO"),
    ];

    private static readonly string[] MaleNames = ["BUDI SANTOSO", "AGUS SETIAWAN", "RIZKY PRATAMA", "DEDI KURNIAWAN", "ANDI WIJAYA", "EKO SAPUTRA", "HENDRA GUNAWAN", "IMAM HIDAYAT"];

    private static readonly string[] FemaleNames = ["SITI RAHAYU", "DEWI LESTARI", "PUTRI AMELIA", "RINA WULANDARI", "AYU KARTIKA", "NUR AINI", "INDAH PERMATASARI", "MEGA SARI"];

    public static IndonesianPersona FromBytes(ReadOnlySpan<byte> input) => FromSeed(SHA256.HashData(input));

    public static IndonesianPersona FromSeed(ReadOnlySpan<byte> seed)
    {
        var region = Regions[seed[0] % Regions.Length];
        var female = (seed[1] & 1) == 1;
        var birth = new DateOnly(1960, 1, 1).AddDays(BitConverter.ToUInt16(seed[2..4]) % (45 * 365));
        var names = female ? FemaleNames : MaleNames;
        var serial = (BitConverter.ToUInt16(seed[4..6]) % 9999) + 1;
        var day = birth.Day + (female ? 40 : 0);
        var nik = string.Create(CultureInfo.InvariantCulture, $"{region.P}{region.R}{region.D}{day:00}{birth.Month:00}{birth.Year % 100:00}{serial:0000}");
        return new IndonesianPersona(nik, names[seed[6] % names.Length], female ? "PEREMPUAN" : "LAKI-LAKI", birth, region.City.Replace("KOTA ", "", StringComparison.Ordinal), region.Province, region.City, region.District);
    }
}
