using Simulators.Core.Journal;

namespace Simulators.Core.Tests;

public sealed class BodyArenaTests
{
    [Fact]
    public void Append_ThenRead_GivesTheBytesBack()
    {
        var arena = new BodyArena(64);

        var at = arena.Append("hello"u8);

        arena.TryRead(at, 5).Should().Equal("hello"u8.ToArray());
        arena.Holds(at, 5).Should().BeTrue();
    }

    [Fact]
    public void Append_AcrossTheEnd_WrapsAndReadsBackWhole()
    {
        var arena = new BodyArena(10);
        arena.Append("1234567"u8);

        var at = arena.Append("abcdef"u8);

        arena.TryRead(at, 6).Should().Equal("abcdef"u8.ToArray());
    }

    [Fact]
    public void Append_PastTheSize_OverwritesTheOldestWhichReadsAsLost()
    {
        var arena = new BodyArena(10);
        var first = arena.Append("first"u8);
        var second = arena.Append("second"u8);

        arena.TryRead(first, 5).Should().BeNull();
        arena.Holds(first, 5).Should().BeFalse();
        arena.TryRead(second, 6).Should().Equal("second"u8.ToArray());
    }

    [Fact]
    public void CapturedBody_InTheArena_IsTruncatedOnceOverwritten()
    {
        var journal = new RequestJournal(capacity: 10, bodyLimit: 8, bodyBufferBytes: 16);
        var position = journal.Bodies.Append("12345678"u8);
        var body = new CapturedBody(journal.Bodies, position, 8, 8);
        body.Truncated.Should().BeFalse();
        body.Bytes.Should().Equal("12345678"u8.ToArray());

        journal.Bodies.Append("abcdefghijkl"u8);

        body.Bytes.Should().BeEmpty();
        body.Truncated.Should().BeTrue();
    }

    [Fact]
    public void Append_ManyWritersAtOnce_EveryBodyStillHeldReadsBackIntact()
    {
        var arena = new BodyArena(1 << 20);
        var written = new System.Collections.Concurrent.ConcurrentBag<(long At, byte[] Body)>();

        Parallel.For(0, 2000, i =>
        {
            var body = System.Text.Encoding.ASCII.GetBytes($"body-{i:D5}-" + new string((char)('a' + (i % 26)), i % 300));
            written.Add((arena.Append(body), body));
        });

        foreach (var (at, body) in written)
        {
            arena.TryRead(at, body.Length).Should().Equal(body);
        }
    }
}
