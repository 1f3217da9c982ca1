using System.Security.Cryptography;
using System.Text;
using Simulators.Core.Personas;

namespace Simulators.Core.Tests.Personas;

public sealed class PersonaGoldenTests
{
    // The generator's output before it was made faster. Every stored record keeps a seed, not a
    // persona, and fixture images print these people: this value must never change.
    private const string Golden = "d6aa4baad4e4d4dd75c12620c0afae61b559b91417a956381eed26691d6ef918";

    private static readonly int[] Seeds = [.. Enumerable.Range(-1000, 3000), int.MinValue, int.MaxValue, 20231101];

    private static string Hash(IEnumerable<string> personas)
    {
        var text = new StringBuilder();
        foreach (var persona in personas)
        {
            text.Append(persona).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    [Fact]
    public void FromSeed_GoldenSeeds_GiveTheSamePersonasAsBefore()
    {
        Hash(Seeds.Select(seed => IndonesianPersona.FromSeed(seed).ToString())).Should().Be(Golden);
    }

    [Fact]
    public void FromSeed_GoldenSeedsInReverseOnManyThreads_GiveTheSamePersonasAsBefore()
    {
        var personas = new string[Seeds.Length];
        Parallel.For(0, Seeds.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var at = Seeds.Length - 1 - i;
            personas[at] = IndonesianPersona.FromSeed(Seeds[at]).ToString();
        });

        Hash(personas).Should().Be(Golden);
    }
}
