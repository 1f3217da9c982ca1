using Simulators.Core.Personas;

namespace Simulators.Testing;

/// <summary>
/// The synthetic KTP and selfie images shipped with the simulators (fixtures/images). Each one triggers
/// a documented scenario in each simulator, by content hash or by its embedded <c>SIMULATOR:&lt;NAME&gt;</c> marker.
/// </summary>
public static class Fixtures
{
    /// <summary>Every shipped image with its kind, SHA-256, persona seed and per-provider scenario.</summary>
    public static IReadOnlyList<FixtureImage> All => FixtureCatalog.All;

    /// <summary>The bytes of a shipped image, e.g. <c>Fixtures.Image("ktp-blur.jpg")</c>.</summary>
    /// <param name="name">The file name as listed in <see cref="All"/>.</param>
    /// <exception cref="ArgumentException">No image has that name.</exception>
    public static byte[] Image(string name) => FixtureCatalog.ReadImage(name);
}
