using System.Globalization;

namespace Simulators.Bench;

/// <summary>Command-line options of the orchestrator (all optional; defaults make a run of a few minutes).</summary>
internal sealed record BenchOptions
{
    /// <summary>The sections a run can do, in the order they run.</summary>
    public static readonly string[] AllSections = ["get", "post", "webhooks", "sqlite", "bulk", "profile"];

    /// <summary>Seconds of each measured wrk run.</summary>
    public int Duration { get; init; } = 8;

    /// <summary>Seconds of the warm-up run against each server (JIT tiering, connection pools).</summary>
    public int Warmup { get; init; } = 5;

    /// <summary>Measured bare/simulator pairs, alternating.</summary>
    public int Pairs { get; init; } = 3;

    /// <summary>Extra simulator-only rounds after the pairs, for the memory trend.</summary>
    public int SoakRounds { get; init; } = 3;

    public int Connections { get; init; } = 32;

    public int Threads { get; init; } = 2;

    /// <summary>Also measure the simulator with the journal reduced (where the time goes).</summary>
    public bool Diagnose { get; init; }

    /// <summary>Which sections run (<c>--only get,post</c>); all by default.</summary>
    public IReadOnlySet<string> Sections { get; init; } = new HashSet<string>(AllSections, StringComparer.Ordinal);

    /// <summary>Verifications created for each webhook delivery run (each makes two deliveries).</summary>
    public int Webhooks { get; init; } = 20_000;

    /// <summary>
    /// Verifications for each delivery run on SQLite: seeded one at a time there (concurrent creates of a tenant
    /// keep refusing each other's balance commit on SQLite; see the write path), so fewer by default.
    /// </summary>
    public int SqliteWebhooks { get; init; } = 5_000;

    /// <summary>Tenants of the multi-tenant webhook delivery run.</summary>
    public int Tenants { get; init; } = 20;

    /// <summary>Seconds of verification creates with webhooks in real-time mode, for the delivery lag.</summary>
    public int LagSeconds { get; init; } = 4;

    /// <summary>Creates per second during the lag run.</summary>
    public int LagRate { get; init; } = 500;

    /// <summary>Verifications stored for the bulk section.</summary>
    public int Bulk { get; init; } = 100_000;

    /// <summary>Creates timed by the in-process write-path profile.</summary>
    public int ProfileCreates { get; init; } = 20_000;

    /// <summary>Also sample the simulator with <c>perf</c> during one POST run (needs perf; prints the top symbols).</summary>
    public bool Perf { get; init; }

    public string Wrk { get; init; } = Environment.GetEnvironmentVariable("WRK") is { Length: > 0 } wrk ? wrk : "wrk";

    public bool Runs(string section) => Sections.Contains(section);

    private const string Usage =
        "Options: --only get,post,webhooks,sqlite,bulk,profile --duration S --warmup S --pairs N --soak-rounds N --connections N --threads N " +
        "--webhooks N --sqlite-webhooks N --tenants N --lag-seconds S --lag-rate N --bulk N --profile-creates N --diagnose --perf --quick";

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            options = arg switch
            {
                "--duration" => options with { Duration = Int(args, ++i) },
                "--warmup" => options with { Warmup = Int(args, ++i) },
                "--pairs" => options with { Pairs = Int(args, ++i) },
                "--soak-rounds" => options with { SoakRounds = Int(args, ++i, allowZero: true) },
                "--connections" => options with { Connections = Int(args, ++i) },
                "--threads" => options with { Threads = Int(args, ++i) },
                "--diagnose" => options with { Diagnose = true },
                "--only" => options with { Sections = SectionList(args, ++i) },
                "--webhooks" => options with { Webhooks = Int(args, ++i) },
                "--sqlite-webhooks" => options with { SqliteWebhooks = Int(args, ++i) },
                "--tenants" => options with { Tenants = Int(args, ++i) },
                "--lag-seconds" => options with { LagSeconds = Int(args, ++i) },
                "--lag-rate" => options with { LagRate = Int(args, ++i) },
                "--bulk" => options with { Bulk = Int(args, ++i) },
                "--profile-creates" => options with { ProfileCreates = Int(args, ++i) },
                "--perf" => options with { Perf = true },
                "--quick" => options with
                {
                    Duration = 3, Warmup = 2, Pairs = 1, SoakRounds = 1, Webhooks = 2_000, SqliteWebhooks = 500, LagSeconds = 2, Bulk = 10_000, ProfileCreates = 3_000,
                },
                _ => throw new ArgumentException($"Unknown option '{arg}'. {Usage}"),
            };
        }
        return options;
    }

    private static HashSet<string> SectionList(string[] args, int i)
    {
        if (i >= args.Length)
        {
            throw new ArgumentException($"'--only' needs a list of sections: {string.Join(",", AllSections)}.");
        }
        var sections = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in args[i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            sections.Add(AllSections.Contains(name, StringComparer.Ordinal)
                ? name
                : throw new ArgumentException($"Unknown section '{name}'; the sections are {string.Join(",", AllSections)}."));
        }
        return sections.Count > 0 ? sections : throw new ArgumentException("'--only' needs at least one section.");
    }

    private static int Int(string[] args, int i, bool allowZero = false) =>
        i < args.Length && int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && (value > 0 || allowZero)
            ? value
            : throw new ArgumentException($"'{args[i - 1]}' needs a {(allowZero ? "whole number (0 or more)" : "positive whole number")}.");
}
