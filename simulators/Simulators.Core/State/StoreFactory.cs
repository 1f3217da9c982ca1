namespace Simulators.Core.State;

/// <summary>Opens the store a <c>--store</c> setting names.</summary>
public static class StoreFactory
{
    public const string Usage = "memory | sqlite:<path>";

    /// <param name="spec"><c>memory</c> (the default) or <c>sqlite:&lt;path&gt;</c>.</param>
    /// <param name="scope">The simulator the store is for: several simulators may share one SQLite file, each in its own scope.</param>
    public static IStateStore Open(string spec, string scope)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Equals("memory", StringComparison.OrdinalIgnoreCase))
        {
            return new MemoryStateStore();
        }
        if (spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) && spec.Length > "sqlite:".Length)
        {
            return new SqliteStateStore(spec["sqlite:".Length..], scope);
        }
        throw new ArgumentException($"Unknown store '{spec}': use {Usage}.", nameof(spec));
    }

    /// <summary>Null when <paramref name="spec"/> is a store setting <see cref="Open"/> accepts, else why not.</summary>
    public static string? Check(string spec) =>
        spec.Equals("memory", StringComparison.OrdinalIgnoreCase) || (spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) && spec.Length > 7)
            ? null
            : $"unknown store '{spec}': use {Usage}";
}
