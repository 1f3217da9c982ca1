using System.Globalization;

namespace Simulators.SandboxConsole.Pages;

/// <summary>How the pages write instants, durations and empty values.</summary>
public static class Format
{
    public static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";

    public static string Offset(double seconds) => (seconds < 0 ? "-" : "+") + Math.Abs(seconds).ToString("0.###", CultureInfo.InvariantCulture) + " s";

    public static string Ms(double ms) => ms.ToString("0.#", CultureInfo.InvariantCulture) + " ms";

    public static string YesNo(bool value) => value ? "yes" : "no";

    public static string Or(string? value) => string.IsNullOrEmpty(value) ? "—" : value;
}
