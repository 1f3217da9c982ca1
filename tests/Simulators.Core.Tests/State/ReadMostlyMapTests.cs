using Simulators.Core.State;

namespace Simulators.Core.Tests.State;

public sealed class ReadMostlyMapTests
{
    [Fact]
    public async Task TryGetValue_WhileOneWriterGrowsAndShrinksTheMap_NeverSeesAWrongValue()
    {
        var gate = new Lock();
        var map = new ReadMostlyMap<string>(gate);
        const int Stable = 1_000;
        for (var i = 0; i < Stable; i++)
        {
            lock (gate)
            {
                map.Set("stable-" + i, "value-" + i);
            }
        }
        // Bounded by the writer's count, not by time.
        using var stop = new CancellationTokenSource();
        var wrong = 0L;
        var reads = 0L;
        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(() =>
        {
            var random = new Random(r);
            while (!stop.IsCancellationRequested)
            {
                var i = random.Next(Stable);
                // Keys written before the readers started must always be found, with their own value,
                // while the writer grows the dictionary (copying its entries) and removes other keys.
                if (!map.TryGetValue("stable-" + i, out var value) || value != "value-" + i)
                {
                    Interlocked.Increment(ref wrong);
                }
                if (map.TryGetValue("never-" + i, out _))
                {
                    Interlocked.Increment(ref wrong);
                }
                Interlocked.Increment(ref reads);
            }
        })).ToArray();
        var written = 0;
        // The writer goes on until the readers have read a fair amount beside it (a bound on both).
        while ((written < 200_000 || Interlocked.Read(ref reads) < 200_000) && written < 20_000_000)
        {
            lock (gate)
            {
                map.Set("churn-" + written, "x");
                if (written % 3 == 0)
                {
                    map.Remove("churn-" + (written / 2));
                }
            }
            written++;
        }
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        wrong.Should().Be(0);
        reads.Should().BeGreaterThanOrEqualTo(200_000);
        lock (gate)
        {
            map.Count.Should().BeGreaterThan(Stable);
        }
    }
}
