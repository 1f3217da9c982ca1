using Simulators.Core.Personas;

namespace Simulators.Testing;

/// <summary>
/// The Indonesian identities the simulators put in their KTP results, so a test can know in advance
/// what OCR or a face check will return for an input.
/// </summary>
public static class Personas
{
    /// <summary>The persona for a seed: the same seed always gives the same person (NIK, name, address, …).</summary>
    /// <param name="seed">Any integer.</param>
    public static IndonesianPersona Generate(int seed) => IndonesianPersona.FromSeed(seed);

    /// <summary>
    /// The persona a simulator derives from an uploaded image: the same bytes always give the same person.
    /// For a shipped fixture image it is the persona printed on the image.
    /// </summary>
    /// <param name="bytes">The file's bytes, exactly as uploaded.</param>
    public static IndonesianPersona ForImage(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return IndonesianPersona.FromBytes(bytes);
    }
}
