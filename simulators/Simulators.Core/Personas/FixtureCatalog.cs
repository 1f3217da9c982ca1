using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;
using Simulators.Core.Scenarios;

namespace Simulators.Core.Personas;

/// <summary>A shipped sample image (fixtures/images) and what each simulator does with it.</summary>
/// <param name="Name">The file name, e.g. <c>ktp-blur.jpg</c>.</param>
/// <param name="Kind"><c>ktp</c> or <c>selfie</c>.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file.</param>
/// <param name="PersonaSeed">The seed of the persona the image stands for (<see cref="IndonesianPersona.FromSeed"/>).</param>
/// <param name="Description">What the image shows and is for.</param>
/// <param name="Scenarios">Per provider (lower case: <c>anycheck</c>, <c>verihubs</c>), the scenario the image triggers.</param>
public sealed record FixtureImage(
    string Name,
    string Kind,
    string Sha256,
    int PersonaSeed,
    string Description,
    IReadOnlyDictionary<string, string> Scenarios)
{
    public IndonesianPersona Persona => IndonesianPersona.FromSeed(PersonaSeed);

    /// <summary>The scenario this image triggers in a provider's simulator, or null (the provider's default).</summary>
    public string? ScenarioFor(string provider) => Scenarios.TryGetValue(provider, out var name) ? name : null;
}

/// <summary>
/// The sample images of fixtures/images and their catalog.json, embedded in this assembly. A simulator
/// calls <see cref="RegisterInto"/> so the images are recognised by content hash.
/// </summary>
public static class FixtureCatalog
{
    private const string ResourcePrefix = "Simulators.Core.Fixtures.";

    private static readonly Lazy<IReadOnlyList<FixtureImage>> Images = new(Load);

    private static readonly Lazy<FrozenDictionary<string, FixtureImage>> BySha256 =
        new(() => Images.Value.ToFrozenDictionary(i => i.Sha256, StringComparer.OrdinalIgnoreCase));

    public static IReadOnlyList<FixtureImage> All => Images.Value;

    public static bool TryFindBySha256(string sha256Hex, out FixtureImage image) =>
        BySha256.Value.TryGetValue(sha256Hex, out image!);

    public static bool TryFind(ReadOnlySpan<byte> bytes, out FixtureImage image) =>
        TryFindBySha256(Convert.ToHexStringLower(SHA256.HashData(bytes)), out image);

    /// <summary>The bytes of a shipped image, by file name.</summary>
    /// <exception cref="ArgumentException">No image has that name.</exception>
    public static byte[] ReadImage(string name)
    {
        if (!Images.Value.Any(i => i.Name == name))
        {
            throw new ArgumentException($"No fixture image named '{name}'. Known: {string.Join(", ", Images.Value.Select(i => i.Name))}.", nameof(name));
        }
        using var stream = typeof(FixtureCatalog).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"Fixture image {name} is catalogued but not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// Registers every catalogued image that names a scenario for <paramref name="provider"/> (case-insensitive)
    /// in <paramref name="catalog"/>; scenario names the catalog does not know are skipped.
    /// </summary>
    /// <returns>How many images were registered.</returns>
    public static int RegisterInto(ScenarioCatalog catalog, string provider)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var registered = 0;
        foreach (var image in Images.Value)
        {
            if (image.ScenarioFor(provider) is { } name && catalog.TryGet(name, out var scenario))
            {
                catalog.RegisterFixture(image.Sha256, scenario.Name);
                registered++;
            }
        }
        return registered;
    }

    private static List<FixtureImage> Load()
    {
        using var stream = typeof(FixtureCatalog).Assembly.GetManifestResourceStream(ResourcePrefix + "catalog.json")
            ?? throw new InvalidOperationException("The embedded fixture catalog is missing.");
        using var document = JsonDocument.Parse(stream);
        return
        [
            .. document.RootElement.GetProperty("images").EnumerateArray().Select(e => new FixtureImage(
                e.GetProperty("name").GetString()!,
                e.GetProperty("kind").GetString()!,
                e.GetProperty("sha256").GetString()!,
                e.GetProperty("personaSeed").GetInt32(),
                e.GetProperty("description").GetString()!,
                e.GetProperty("scenarios").EnumerateObject()
                    .ToFrozenDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.OrdinalIgnoreCase))),
        ];
    }
}
