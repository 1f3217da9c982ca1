using System.Globalization;

namespace Simulators.Bench;

/// <summary>
/// CPU time of the whole machine (/proc/stat) and of this process with its reaped children, such as
/// finished wrk runs (/proc/self/stat utime, stime, cutime, cstime), in clock ticks. Their difference
/// over a run, less the server's own CPU, is what other processes on the machine used meanwhile.
/// </summary>
internal readonly record struct MachineCpu(long BusyTicks, long TotalTicks, long SelfAndChildrenTicks)
{
    /// <summary>USER_HZ; 100 on every Linux this runs on.</summary>
    public const double TicksPerSecond = 100;

    public static MachineCpu Read()
    {
        try
        {
            var cpu = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(Long).ToArray();
            // user nice system idle iowait irq softirq steal ...
            var idle = cpu[3] + (cpu.Length > 4 ? cpu[4] : 0);
            var total = cpu.Take(Math.Min(cpu.Length, 8)).Sum();
            var self = File.ReadAllText("/proc/self/stat");
            var fields = self[(self.LastIndexOf(')') + 2)..].Split(' ');
            // After "pid (comm) ": state is field 3, so utime..cstime (14..17) are at 11..14 here.
            var selfTicks = Long(fields[11]) + Long(fields[12]) + Long(fields[13]) + Long(fields[14]);
            return new MachineCpu(total - idle, total, selfTicks);
        }
        catch (Exception ex) when (ex is IOException or FormatException or InvalidOperationException or IndexOutOfRangeException)
        {
            return default;
        }
    }

    private static long Long(string text) => long.Parse(text, CultureInfo.InvariantCulture);
}
