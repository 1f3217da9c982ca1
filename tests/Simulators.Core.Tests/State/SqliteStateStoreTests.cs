using Simulators.Core.State;

namespace Simulators.Core.Tests.State;

public sealed class SqliteStateStoreTests : StateStoreContractTests, IDisposable
{
    private const string Scope = "test";

    private static readonly RecordSet<Note> Notes = TestSets.Notes;

    private readonly string _path = Path.Combine(Path.GetTempPath(), "simulators-core-tests", $"{Guid.NewGuid():N}.db");

    protected override IStateStore Open() => new SqliteStateStore(_path, Scope);

    public void Dispose()
    {
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Info_IsDurableAndNamesTheFile()
    {
        Store.Info.Durable.Should().BeTrue();
        Store.Info.Shared.Should().BeFalse();
        Store.Info.Description.Should().Be("sqlite:" + Path.GetFullPath(_path));
    }

    [Fact]
    public async Task Reopen_SameFile_KeepsRecordsVersionsDueTimesAndIndexes()
    {
        await Store.PutAsync(Notes, "t1", "a", new Note("o1", "red", 1), due: 10);
        await Store.PutAsync(Notes, "t1", "a", new Note("o1", "red", 2), due: 20);
        await Store.PutAsync(Notes, "t2", "b", new Note("o2", null, 3));
        await Store.PutAsync(Notes, StateStore.Global, "g", new Note("o1", null, 4));
        await Store.PutAsync(Notes, "t2", "gone", new Note("o2", null, 5));
        await Store.DeleteAsync(Notes, "t2", "gone");
        var before = await Store.QueryAsync(Notes, tenant: null);

        await ReopenAsync();

        var after = await Store.QueryAsync(Notes, tenant: null);
        after.Should().Equal(before);
        var a = (await Store.GetAsync(Notes, "t1", "a"))!;
        (a.Version, a.Due, a.Value).Should().Be((2L, 20L, new Note("o1", "red", 2)));
        (await Store.QueryAsync(Notes, null, "owner", "o1")).Select(s => s.Id).Should().Equal("a", "g");
        (await Store.QueryAsync(Notes, "t1", "label", "red")).Select(s => s.Id).Should().Equal("a");
        (await Store.DueAsync(Notes, "t1", long.MaxValue, 10)).Select(s => s.Id).Should().Equal("a");
        (await Store.EarliestDueAsync(Notes)).Should().Equal(("t1", 20L));
        (await Store.GetAsync(Notes, "t2", "gone")).Should().BeNull();
        (await Store.PutAsync(Notes, "t1", "a", new Note("o1", "red", 3), expectedVersion: 2)).Should().Be(3);
    }

    [Fact]
    public async Task Reopen_SameFile_SeqKeepsIncreasing()
    {
        await Store.PutAsync(Notes, "t1", "a", new Note("o1", null, 1));
        await Store.PutAsync(Notes, "t2", "b", new Note("o1", null, 2));
        var last = (await Store.GetAsync(Notes, "t2", "b"))!.Seq;

        await ReopenAsync();
        await Store.PutAsync(Notes, "t1", "c", new Note("o1", null, 3));
        await ReopenAsync();
        await Store.PutAsync(Notes, "t2", "d", new Note("o1", null, 4));

        var c = (await Store.GetAsync(Notes, "t1", "c"))!.Seq;
        var d = (await Store.GetAsync(Notes, "t2", "d"))!.Seq;
        c.Should().BeGreaterThan(last);
        d.Should().BeGreaterThan(c);
        (await Store.QueryAsync(Notes, tenant: null)).Select(s => s.Id).Should().Equal("a", "b", "c", "d");
    }

    [Fact]
    public async Task TwoScopes_OnOneFile_DoNotSeeEachOther()
    {
        var other = Track(new SqliteStateStore(_path, "other"));
        await Store.PutAsync(Notes, "t1", "a", new Note("o1", "red", 1), due: 10);
        await other.PutAsync(Notes, "t1", "a", new Note("o1", "red", 100), due: 5);
        await other.PutAsync(Notes, "t1", "a", new Note("o1", "red", 101), due: 5);
        await other.PutAsync(Notes, "t2", "b", new Note("o1", "red", 102), due: 6);

        (await Store.GetAsync(Notes, "t1", "a"))!.Should().Match<Stored<Note>>(s => s.Version == 1 && s.Value.Value == 1);
        (await other.GetAsync(Notes, "t1", "a"))!.Should().Match<Stored<Note>>(s => s.Version == 2 && s.Value.Value == 101);
        (await Store.QueryAsync(Notes, tenant: null)).Select(s => s.Id).Should().Equal("a");
        (await Store.QueryAsync(Notes, null, "owner", "o1")).Should().ContainSingle();
        (await Store.CountAsync(Notes, null, "label", "red")).Should().Be(1);
        (await other.CountAsync(Notes, null, "label", "red")).Should().Be(2);
        (await Store.DueAsync(Notes, "t1", long.MaxValue, 10)).Should().ContainSingle().Which.Due.Should().Be(10);
        (await Store.EarliestDueAsync(Notes)).Should().Equal(("t1", 10L));
        (await other.EarliestDueAsync(Notes)).Should().BeEquivalentTo([("t1", 5L), ("t2", 6L)]);

        await other.ResetAsync(null);

        (await Store.GetAsync(Notes, "t1", "a")).Should().NotBeNull();
        (await other.QueryAsync(Notes, tenant: null)).Should().BeEmpty();
        await Store.ResetAsync("t1");
        await other.PutAsync(Notes, "t1", "a", new Note("o1", null, 1));
        (await other.GetAsync(Notes, "t1", "a")).Should().NotBeNull();
        (await Store.GetAsync(Notes, "t1", "a")).Should().BeNull();
    }
}
