namespace Simulators.Contracts.Tests;

internal static class Repository
{
    /// <summary>The checkout's root (the folder holding Simulators.sln).</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Simulators.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Simulators.sln not found above " + AppContext.BaseDirectory);
    }
}
