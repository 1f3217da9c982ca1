namespace Simulators.Core.Personas;

/// <summary>The values a KTP prints, upper case, exactly as on the card (Dukcapil vocabulary).</summary>
public static class KtpVocabulary
{
    public const string Male = "LAKI-LAKI";
    public const string Female = "PEREMPUAN";
    public const string Citizen = "WNI";

    public static IReadOnlyList<string> Genders { get; } = [Male, Female];

    public static IReadOnlyList<string> Religions { get; } = ["ISLAM", "KRISTEN", "KATOLIK", "HINDU", "BUDDHA", "KONGHUCU"];

    public static IReadOnlyList<string> MaritalStatuses { get; } = ["BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI"];

    /// <summary>"-" is what the card shows when the blood type is not recorded.</summary>
    public static IReadOnlyList<string> BloodTypes { get; } = ["A", "B", "AB", "O", "-"];

    public static IReadOnlyList<string> Nationalities { get; } = [Citizen];

    /// <summary>Occupations from the Dukcapil list printed in the PEKERJAAN field.</summary>
    public static IReadOnlyList<string> Occupations { get; } =
    [
        "BELUM/TIDAK BEKERJA", "MENGURUS RUMAH TANGGA", "PELAJAR/MAHASISWA", "PENSIUNAN", "PEGAWAI NEGERI SIPIL",
        "TENTARA NASIONAL INDONESIA", "KEPOLISIAN RI", "PERDAGANGAN", "PETANI/PEKEBUN", "PETERNAK", "NELAYAN/PERIKANAN",
        "KARYAWAN SWASTA", "KARYAWAN BUMN", "KARYAWAN HONORER", "BURUH HARIAN LEPAS", "BURUH TANI/PERKEBUNAN",
        "GURU", "DOSEN", "DOKTER", "BIDAN", "PERAWAT", "WIRASWASTA", "SOPIR", "PEDAGANG", "PERANGKAT DESA",
        "TUKANG BATU", "TUKANG KAYU", "MEKANIK", "WARTAWAN", "SENIMAN",
    ];
}
