using Simulators.Core.State;

namespace Simulators.Core.Tests.State;

/// <summary>
/// What every <see cref="IStateStore"/> promises. Each store's test class derives from this one, so a
/// behaviour is tested once under one name for every store.
/// </summary>
public abstract class StateStoreContractTests : IAsyncLifetime
{
    private static readonly RecordSet<Note> Notes = TestSets.Notes;
    private static readonly RecordSet<Note> Others = TestSets.Others;

    private readonly List<IStateStore> _open = [];

    /// <summary>The store under test, fresh for each test.</summary>
    protected IStateStore Store { get; private set; } = null!;

    /// <summary>A store of the kind under test; for a durable store, on the same place each time within one test.</summary>
    protected abstract IStateStore Open();

    public Task InitializeAsync()
    {
        Store = Track(Open());
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _open)
        {
            await store.DisposeAsync();
        }
        _open.Clear();
    }

    /// <summary>Disposes the store under test and opens another in its place (for a durable store: on the same file).</summary>
    protected async Task ReopenAsync()
    {
        _open.Remove(Store);
        await Store.DisposeAsync();
        Store = Track(Open());
    }

    /// <summary>Disposes <paramref name="store"/> when the test ends.</summary>
    protected IStateStore Track(IStateStore store)
    {
        _open.Add(store);
        return store;
    }

    private static Note N(int value, string owner = "o1", string? label = null) => new(owner, label, value);

    private ValueTask<long> Put(string tenant, string id, Note note, long? expectedVersion = null, long? due = null) =>
        Store.PutAsync(Notes, tenant, id, note, expectedVersion, due);

    private async Task<IReadOnlyList<string>> Ids(string? tenant, string? index = null, string? key = null) =>
        [.. (await Store.QueryAsync(Notes, tenant, index, key)).Select(s => s.Id)];

    private async Task<IReadOnlyList<string>> DueIds(string tenant, long upTo, int limit = 100) =>
        [.. (await Store.DueAsync(Notes, tenant, upTo, limit)).Select(s => s.Id)];

    // Get, put, versions

    [Fact]
    public async Task GetAsync_Absent_ReturnsNull()
    {
        (await Store.GetAsync(Notes, "t1", "missing")).Should().BeNull();
    }

    [Fact]
    public async Task PutAsync_FirstWrite_IsVersionOneAndReadsBack()
    {
        var version = await Put("t1", "n1", new Note("o1", "red", 7), due: 42);

        version.Should().Be(1);
        var stored = (await Store.GetAsync(Notes, "t1", "n1"))!;
        stored.Should().NotBeNull();
        stored.Tenant.Should().Be("t1");
        stored.Id.Should().Be("n1");
        stored.Version.Should().Be(1);
        stored.Due.Should().Be(42);
        stored.Seq.Should().BePositive();
        stored.Value.Should().Be(new Note("o1", "red", 7));
        stored.Boxed.Should().Be(stored.Value);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    public async Task PutAsync_EachWrite_AddsOneToVersion(int writes)
    {
        var versions = new List<long>();
        for (var i = 0; i < writes; i++)
        {
            versions.Add(await Put("t1", "n1", N(i)));
        }

        versions.Should().Equal(Enumerable.Range(1, writes).Select(i => (long)i));
        var stored = (await Store.GetAsync(Notes, "t1", "n1"))!;
        stored.Version.Should().Be(writes);
        stored.Value.Should().Be(N(writes - 1));
    }

    [Fact]
    public async Task PutAsync_Rewrite_KeepsTheRecordsInsertionPlace()
    {
        await Put("t1", "a", N(1));
        await Put("t1", "b", N(2));
        var seq = (await Store.GetAsync(Notes, "t1", "a"))!.Seq;

        await Put("t1", "a", N(3));

        (await Ids("t1")).Should().Equal("a", "b");
        (await Store.GetAsync(Notes, "t1", "a"))!.Seq.Should().Be(seq);
    }

    [Fact]
    public async Task PutAsync_SameIdInAnotherTenantOrCollection_IsAnotherRecord()
    {
        await Put("t1", "n1", N(1));
        await Put("t2", "n1", N(2));
        await Put(StateStore.Global, "n1", N(3));
        await Store.PutAsync(Others, "t1", "n1", N(4));

        (await Store.GetAsync(Notes, "t1", "n1"))!.Value.Value.Should().Be(1);
        (await Store.GetAsync(Notes, "t2", "n1"))!.Value.Value.Should().Be(2);
        (await Store.GetAsync(Notes, StateStore.Global, "n1"))!.Value.Value.Should().Be(3);
        (await Store.GetAsync(Others, "t1", "n1"))!.Value.Value.Should().Be(4);
        (await Store.GetAsync(Notes, "t2", "n1"))!.Version.Should().Be(1);
    }

    [Fact]
    public async Task FindAsync_Id_ReturnsItFromEveryTenantThatHoldsIt()
    {
        await Put("t1", "shared", N(1));
        await Put("t2", "shared", N(2));
        await Put("t2", "alone", N(3));
        await Store.PutAsync(Others, "t3", "shared", N(4));

        (await Store.FindAsync(Notes, "shared")).Select(s => (s.Tenant, s.Value.Value)).Should().BeEquivalentTo([("t1", 1), ("t2", 2)]);
        (await Store.FindAsync(Notes, "alone")).Should().ContainSingle().Which.Tenant.Should().Be("t2");
        (await Store.FindAsync(Notes, "missing")).Should().BeEmpty();

        await Store.DeleteAsync(Notes, "t1", "shared");
        (await Store.FindAsync(Notes, "shared")).Should().ContainSingle().Which.Tenant.Should().Be("t2");
    }

    [Fact]
    public async Task QueryAsync_IndexKeySharedThenLeft_KeepsTheOthersAndDropsTheKeyWithTheLast()
    {
        await Put("t1", "a", new Note("o1", "x", 1));
        await Put("t1", "b", new Note("o1", "x", 2));
        await Put("t1", "c", new Note("o1", "x", 3));
        (await Store.QueryAsync(Notes, "t1", "label", "x")).Select(s => s.Id).Should().Equal("a", "b", "c");

        await Put("t1", "b", new Note("o1", "y", 2));
        await Store.DeleteAsync(Notes, "t1", "a");
        (await Store.QueryAsync(Notes, "t1", "label", "x")).Select(s => s.Id).Should().Equal("c");
        (await Store.QueryAsync(Notes, "t1", "label", "y")).Select(s => s.Id).Should().Equal("b");

        await Store.DeleteAsync(Notes, "t1", "c");
        (await Store.QueryAsync(Notes, "t1", "label", "x")).Should().BeEmpty();
        (await Store.CountAsync(Notes, "t1", "label", "x")).Should().Be(0);
        await Put("t1", "d", new Note("o1", "x", 4));
        (await Store.QueryAsync(Notes, "t1", "label", "x")).Select(s => s.Id).Should().Equal("d");
    }

    [Fact]
    public async Task PutAsync_ManyRecords_GetDistinctIncreasingSeqs()
    {
        for (var i = 0; i < 20; i++)
        {
            await Put($"t{i % 3}", $"n{i}", N(i));
        }

        var seqs = (await Store.QueryAsync(Notes, tenant: null)).Select(s => s.Seq).ToList();

        seqs.Should().HaveCount(20).And.OnlyHaveUniqueItems().And.BeInAscendingOrder();
    }

    // Expected versions

    [Theory]
    [InlineData(0, 0L, true)]
    [InlineData(1, 0L, false)]
    [InlineData(0, null, true)]
    [InlineData(3, null, true)]
    [InlineData(1, 1L, true)]
    [InlineData(3, 3L, true)]
    [InlineData(3, 2L, false)]
    [InlineData(3, 4L, false)]
    [InlineData(0, 1L, false)]
    public async Task PutAsync_ExpectedVersion_AppliesOnlyWhenItMatches(int writesBefore, long? expected, bool applies)
    {
        for (var i = 0; i < writesBefore; i++)
        {
            await Put("t1", "n1", N(i));
        }

        var put = () => Put("t1", "n1", N(100), expected).AsTask();

        var stored = async () => await Store.GetAsync(Notes, "t1", "n1");
        if (applies)
        {
            (await put()).Should().Be(writesBefore + 1);
            (await stored())!.Value.Should().Be(N(100));
        }
        else
        {
            await put.Should().ThrowAsync<StoreConflictException>();
            var after = await stored();
            if (writesBefore == 0)
            {
                after.Should().BeNull();
            }
            else
            {
                after!.Version.Should().Be(writesBefore);
                after.Value.Should().Be(N(writesBefore - 1));
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task CommitAsync_OneWriteConflicts_AppliesNoneOfTheOthers(int conflictAt)
    {
        await Put("t1", "kept", N(1), due: 5);
        await Put("t1", "deleted", N(2, label: "x"));
        await Put("t2", "other", N(3));
        var writes = new List<StoreWrite>
        {
            StoreWrite.Put(Notes, "t1", "new", N(10, label: "fresh"), expectedVersion: 0, due: 1),
            StoreWrite.Put(Notes, "t1", "kept", N(11, owner: "o9"), expectedVersion: 1),
            StoreWrite.Delete(Notes, "t1", "deleted"),
            StoreWrite.Put(Others, "t3", "elsewhere", N(12)),
        };
        writes.Insert(conflictAt, StoreWrite.Put(Notes, "t2", "other", N(13), expectedVersion: 7));

        var commit = () => Store.CommitAsync(writes).AsTask();

        await commit.Should().ThrowAsync<StoreConflictException>();
        (await Store.GetAsync(Notes, "t1", "new")).Should().BeNull();
        var kept = (await Store.GetAsync(Notes, "t1", "kept"))!;
        (kept.Value, kept.Version, kept.Due).Should().Be((N(1), 1L, 5L));
        (await Store.GetAsync(Notes, "t1", "deleted")).Should().NotBeNull();
        (await Store.GetAsync(Others, "t3", "elsewhere")).Should().BeNull();
        (await Store.GetAsync(Notes, "t2", "other"))!.Value.Should().Be(N(3));
        (await Ids(null, "label", "fresh")).Should().BeEmpty();
        (await Ids(null, "owner", "o9")).Should().BeEmpty();
        (await DueIds("t1", long.MaxValue)).Should().Equal("kept");
        (await Store.CountAsync(Notes, tenant: null)).Should().Be(3);
    }

    [Fact]
    public async Task CommitAsync_SameRecordTwice_SecondWriteSeesTheFirst()
    {
        var versions = await Store.CommitAsync(
        [
            StoreWrite.Put(Notes, "t1", "n1", N(1), expectedVersion: 0),
            StoreWrite.Put(Notes, "t1", "n1", N(2), expectedVersion: 1),
        ]);

        versions.Should().Equal(1L, 2L);
        (await Store.GetAsync(Notes, "t1", "n1"))!.Value.Should().Be(N(2));
    }

    [Fact]
    public async Task CommitAsync_SeveralWrites_ReturnsEachNewVersionAndZeroForDeletes()
    {
        await Put("t1", "a", N(1));
        await Put("t2", "c", N(1));

        var versions = await Store.CommitAsync(
        [
            StoreWrite.Put(Notes, "t1", "a", N(2)),
            StoreWrite.Put(Notes, "t1", "b", N(3)),
            StoreWrite.Delete(Notes, "t2", "c"),
        ]);

        versions.Should().Equal(2L, 1L, 0L);
    }

    [Fact]
    public async Task CommitAsync_NoWrites_ReturnsNoVersions()
    {
        (await Store.CommitAsync([])).Should().BeEmpty();
    }

    // Delete

    [Fact]
    public async Task DeleteAsync_Existing_RemovesIt()
    {
        await Put("t1", "a", N(1), due: 3);
        await Put("t1", "b", N(2));

        await Store.DeleteAsync(Notes, "t1", "a");

        (await Store.GetAsync(Notes, "t1", "a")).Should().BeNull();
        (await Ids("t1")).Should().Equal("b");
        (await Store.CountAsync(Notes, "t1")).Should().Be(1);
        (await DueIds("t1", long.MaxValue)).Should().BeEmpty();
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(2L)]
    public async Task DeleteAsync_WrongExpectedVersion_ConflictsAndKeepsIt(long expected)
    {
        await Put("t1", "a", N(1));

        var delete = () => Store.DeleteAsync(Notes, "t1", "a", expected).AsTask();

        await delete.Should().ThrowAsync<StoreConflictException>();
        (await Store.GetAsync(Notes, "t1", "a")).Should().NotBeNull();
    }

    [Fact]
    public async Task DeleteAsync_MatchingExpectedVersion_RemovesIt()
    {
        await Put("t1", "a", N(1));
        await Put("t1", "a", N(2));

        await Store.DeleteAsync(Notes, "t1", "a", expectedVersion: 2);

        (await Store.GetAsync(Notes, "t1", "a")).Should().BeNull();
    }

    [Fact]
    public async Task DeleteAsync_Absent_DoesNothing()
    {
        await Store.DeleteAsync(Notes, "t1", "missing");

        (await Store.CountAsync(Notes, tenant: null)).Should().Be(0);
    }

    [Fact]
    public async Task PutAsync_AfterDelete_StartsAgainAtVersionOneAsTheNewest()
    {
        await Put("t1", "a", N(1));
        await Put("t1", "a", N(2));
        await Put("t1", "b", N(3));
        await Store.DeleteAsync(Notes, "t1", "a");

        (await Put("t1", "a", N(4))).Should().Be(1);

        (await Ids("t1")).Should().Equal("b", "a");
    }

    // Queries

    [Fact]
    public async Task QueryAsync_OneTenant_ReturnsItsRecordsInInsertionOrder()
    {
        await Put("t1", "c", N(1));
        await Put("t2", "x", N(2));
        await Put("t1", "a", N(3));
        await Put("t1", "b", N(4));

        (await Ids("t1")).Should().Equal("c", "a", "b");
        (await Ids("t2")).Should().Equal("x");
        (await Ids("t3")).Should().BeEmpty();
    }

    [Fact]
    public async Task QueryAsync_AllTenants_ReturnsEveryTenantsRecordsInInsertionOrder()
    {
        await Put("t1", "a", N(1));
        await Put(StateStore.Global, "g", N(2));
        await Put("t2", "b", N(3));
        await Store.PutAsync(Others, "t2", "not-a-note", N(4));
        await Put("t1", "c", N(5));

        var all = await Store.QueryAsync(Notes, tenant: null);

        all.Select(s => (s.Tenant, s.Id)).Should().Equal(("t1", "a"), (StateStore.Global, "g"), ("t2", "b"), ("t1", "c"));
    }

    [Fact]
    public async Task QueryAsync_ByIndexKey_ReturnsMatchingRecordsInInsertionOrder()
    {
        await Put("t1", "a", N(1, owner: "o1"));
        await Put("t2", "d", N(2, owner: "o1"));
        await Put("t1", "b", N(3, owner: "o2"));
        await Put("t1", "c", N(4, owner: "o1"));
        await Store.PutAsync(Others, "t1", "x", N(5, owner: "o1"));

        (await Ids("t1", "owner", "o1")).Should().Equal("a", "c");
        (await Ids(null, "owner", "o1")).Should().Equal("a", "d", "c");
        (await Ids("t1", "owner", "o2")).Should().Equal("b");
        (await Ids(null, "owner", "nobody")).Should().BeEmpty();
    }

    [Fact]
    public async Task QueryAsync_IndexKeyChanges_FollowsTheRecord()
    {
        await Put("t1", "a", N(1, owner: "o1", label: "red"));
        await Put("t1", "b", N(2, owner: "o1"));

        await Put("t1", "a", N(3, owner: "o2", label: null));

        (await Ids("t1", "owner", "o1")).Should().Equal("b");
        (await Ids("t1", "owner", "o2")).Should().Equal("a");
        (await Ids("t1", "label", "red")).Should().BeEmpty();
        (await Store.CountAsync(Notes, "t1", "owner", "o1")).Should().Be(1);
    }

    [Fact]
    public async Task QueryAsync_NullIndexKey_LeavesTheRecordOutOfThatIndexOnly()
    {
        await Put("t1", "a", N(1, owner: "o1", label: null));
        await Put("t1", "b", N(2, owner: "o1", label: "blue"));

        (await Ids("t1", "owner", "o1")).Should().Equal("a", "b");
        (await Ids("t1", "label", "blue")).Should().Equal("b");
        (await Store.CountAsync(Notes, "t1", "label", "blue")).Should().Be(1);
    }

    [Fact]
    public async Task QueryAsync_DeletedRecord_VanishesFromEveryIndex()
    {
        await Put("t1", "a", N(1, owner: "o1", label: "red"));
        await Put("t1", "b", N(2, owner: "o1", label: "red"));

        await Store.DeleteAsync(Notes, "t1", "a");

        (await Ids("t1", "owner", "o1")).Should().Equal("b");
        (await Ids(null, "label", "red")).Should().Equal("b");
        (await Store.CountAsync(Notes, null, "label", "red")).Should().Be(1);
    }

    [Fact]
    public async Task QueryAsync_UnknownIndex_Throws()
    {
        await Put("t1", "a", N(1));

        var query = () => Store.QueryAsync(Notes, "t1", "colour", "red").AsTask();
        var count = () => Store.CountAsync(Notes, "t1", "colour", "red").AsTask();

        await query.Should().ThrowAsync<ArgumentException>();
        await count.Should().ThrowAsync<ArgumentException>();
    }

    [Theory]
    [InlineData("t1", null, null, 3)]
    [InlineData("t2", null, null, 1)]
    [InlineData(null, null, null, 5)]
    [InlineData("t1", "owner", "o1", 2)]
    [InlineData(null, "owner", "o1", 3)]
    [InlineData(null, "owner", "o2", 2)]
    [InlineData("t1", "label", "red", 1)]
    [InlineData("t3", null, null, 0)]
    [InlineData("t1", "owner", "nobody", 0)]
    public async Task CountAsync_AnySelection_CountsWhatTheQueryReturns(string? tenant, string? index, string? key, int expected)
    {
        await Put("t1", "a", N(1, owner: "o1", label: "red"));
        await Put("t1", "b", N(2, owner: "o2"));
        await Put("t1", "c", N(3, owner: "o1"));
        await Put("t2", "d", N(4, owner: "o1"));
        await Put(StateStore.Global, "g", N(5, owner: "o2"));
        await Store.PutAsync(Others, "t1", "x", N(6, owner: "o1"));

        var count = await Store.CountAsync(Notes, tenant, index, key);

        count.Should().Be(expected);
        (await Store.QueryAsync(Notes, tenant, index, key)).Should().HaveCount(expected);
    }

    // Due

    private async Task PutDueSet()
    {
        await Put("t1", "a", N(1), due: 30);
        await Put("t1", "b", N(2), due: 10);
        await Put("t1", "c", N(3), due: 20);
        await Put("t1", "d", N(4), due: 10);
        await Put("t1", "e", N(5));
        await Put("t1", "f", N(6), due: 99);
    }

    [Fact]
    public async Task DueAsync_SeveralDue_EarliestFirstThenInsertionOrder()
    {
        await PutDueSet();

        (await DueIds("t1", upTo: 30)).Should().Equal("b", "d", "c", "a");
    }

    [Theory]
    [InlineData(9L, new string[0])]
    [InlineData(10L, new[] { "b", "d" })]
    [InlineData(19L, new[] { "b", "d" })]
    [InlineData(20L, new[] { "b", "d", "c" })]
    [InlineData(long.MaxValue, new[] { "b", "d", "c", "a", "f" })]
    public async Task DueAsync_UpToTicks_IncludesOnlyRecordsDueAtOrBefore(long upTo, string[] expected)
    {
        await PutDueSet();

        (await DueIds("t1", upTo)).Should().Equal(expected);
    }

    [Theory]
    [InlineData(1, new[] { "b" })]
    [InlineData(2, new[] { "b", "d" })]
    [InlineData(3, new[] { "b", "d", "c" })]
    [InlineData(50, new[] { "b", "d", "c", "a", "f" })]
    public async Task DueAsync_Limit_ReturnsTheEarliestOnly(int limit, string[] expected)
    {
        await PutDueSet();

        (await DueIds("t1", long.MaxValue, limit)).Should().Equal(expected);
    }

    [Fact]
    public async Task DueAsync_OtherTenantsAndCollections_AreNotIncluded()
    {
        await Put("t1", "a", N(1), due: 10);
        await Put("t2", "b", N(2), due: 5);
        await Store.PutAsync(Others, "t1", "c", N(3), due: 1);

        (await DueIds("t1", long.MaxValue)).Should().Equal("a");
        (await DueIds("t2", long.MaxValue)).Should().Equal("b");
        (await DueIds("t3", long.MaxValue)).Should().BeEmpty();
    }

    [Fact]
    public async Task DueAsync_PutWithoutDue_IsNoLongerDue()
    {
        await Put("t1", "a", N(1), due: 10);

        await Put("t1", "a", N(2));

        (await Store.GetAsync(Notes, "t1", "a"))!.Due.Should().BeNull();
        (await DueIds("t1", long.MaxValue)).Should().BeEmpty();
        (await Store.EarliestDueAsync(Notes)).Should().BeEmpty();
    }

    [Fact]
    public async Task DueAsync_DueMovedLater_IsDueOnlyAtTheNewInstant()
    {
        await Put("t1", "a", N(1), due: 10);

        await Put("t1", "a", N(2), due: 50);

        (await DueIds("t1", 20)).Should().BeEmpty();
        (await DueIds("t1", 50)).Should().Equal("a");
    }

    [Fact]
    public async Task DueAsync_DeletedRecord_IsNotDue()
    {
        await Put("t1", "a", N(1), due: 10);
        await Put("t1", "b", N(2), due: 20);

        await Store.DeleteAsync(Notes, "t1", "a");

        (await DueIds("t1", long.MaxValue)).Should().Equal("b");
        (await Store.EarliestDueAsync(Notes)).Should().Equal(("t1", 20L));
    }

    [Fact]
    public async Task EarliestDueAsync_SeveralTenants_GivesEachItsEarliestDue()
    {
        await Put("t1", "a", N(1), due: 30);
        await Put("t1", "b", N(2), due: 10);
        await Put("t2", "c", N(3), due: 20);
        await Put("t3", "d", N(4));
        await Put(StateStore.Global, "g", N(5), due: 5);
        await Store.PutAsync(Others, "t4", "x", N(6), due: 1);

        var earliest = await Store.EarliestDueAsync(Notes);

        earliest.Should().BeEquivalentTo([("t1", 10L), ("t2", 20L), (StateStore.Global, 5L)]);
        (await Store.EarliestDueAsync(Others)).Should().Equal(("t4", 1L));
    }

    // Reset

    private async Task PutResetSet()
    {
        await Put("t1", "a", N(1, label: "red"), due: 1);
        await Put("t1", "b", N(2));
        await Store.PutAsync(Others, "t1", "x", N(3), due: 1);
        await Put("t2", "c", N(4, label: "red"), due: 2);
        await Put(StateStore.Global, "g", N(5, label: "red"));
    }

    [Fact]
    public async Task ResetAsync_OneTenant_DropsOnlyThatTenantsRecords()
    {
        await PutResetSet();

        await Store.ResetAsync("t1");

        (await Ids("t1")).Should().BeEmpty();
        (await Store.GetAsync(Notes, "t1", "a")).Should().BeNull();
        (await Store.GetAsync(Others, "t1", "x")).Should().BeNull();
        (await Store.CountAsync(Notes, "t1")).Should().Be(0);
        (await DueIds("t1", long.MaxValue)).Should().BeEmpty();
        (await Store.EarliestDueAsync(Others)).Should().BeEmpty();
        (await Store.EarliestDueAsync(Notes)).Should().Equal(("t2", 2L));
        (await Store.QueryAsync(Notes, null, "label", "red")).Select(s => (s.Tenant, s.Id)).Should().Equal(("t2", "c"), (StateStore.Global, "g"));
        (await Store.GetAsync(Notes, "t2", "c"))!.Version.Should().Be(1);
        (await Store.GetAsync(Notes, StateStore.Global, "g"))!.Value.Should().Be(N(5, label: "red"));
    }

    [Fact]
    public async Task ResetAsync_AllTenants_DropsEveryRecordTheGlobalOnesIncluded()
    {
        await PutResetSet();

        await Store.ResetAsync(null);

        (await Store.QueryAsync(Notes, tenant: null)).Should().BeEmpty();
        (await Store.QueryAsync(Others, tenant: null)).Should().BeEmpty();
        (await Store.GetAsync(Notes, StateStore.Global, "g")).Should().BeNull();
        (await Store.CountAsync(Notes, null, "label", "red")).Should().Be(0);
        (await Store.EarliestDueAsync(Notes)).Should().BeEmpty();
    }

    [Fact]
    public async Task ResetAsync_ThenPut_StartsAgainAtVersionOne()
    {
        await Put("t1", "a", N(1));
        await Put("t1", "a", N(2));

        await Store.ResetAsync("t1");

        (await Put("t1", "a", N(3), expectedVersion: 0)).Should().Be(1);
    }

    [Fact]
    public async Task ResetAsync_UnknownTenant_ChangesNothing()
    {
        await PutResetSet();

        await Store.ResetAsync("nobody");

        (await Store.CountAsync(Notes, tenant: null)).Should().Be(4);
    }

    // Update and concurrency

    [Fact]
    public async Task UpdateAsync_Absent_GetsNullAndCreatesTheRecord()
    {
        Note? seen = N(-1);

        var result = await Store.UpdateAsync(Notes, "t1", "a", current =>
        {
            seen = current;
            return N(1);
        });

        seen.Should().BeNull();
        result.Should().Be(N(1));
        (await Store.GetAsync(Notes, "t1", "a"))!.Version.Should().Be(1);
    }

    [Fact]
    public async Task UpdateAsync_ChangeReturnsNull_LeavesTheRecordAsItIs()
    {
        await Put("t1", "a", N(1));

        var result = await Store.UpdateAsync(Notes, "t1", "a", _ => null);

        result.Should().Be(N(1));
        (await Store.GetAsync(Notes, "t1", "a"))!.Version.Should().Be(1);
    }

    [Fact]
    public async Task UpdateAsync_Change_KeepsTheDueTime()
    {
        await Put("t1", "a", N(1), due: 77);

        await Store.UpdateAsync(Notes, "t1", "a", n => n! with { Value = 2 });

        var stored = (await Store.GetAsync(Notes, "t1", "a"))!;
        (stored.Value.Value, stored.Version, stored.Due).Should().Be((2, 2L, 77L));
    }

    [Fact]
    public async Task UpdateAsync_FiftyConcurrentIncrements_EndAtExactlyFifty()
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            await Store.UpdateAsync(Notes, "t1", "counter", n => (n ?? N(0)) with { Value = (n?.Value ?? 0) + 1 });
        })).ToList();

        start.SetResult();
        await Task.WhenAll(writers);

        var counter = (await Store.GetAsync(Notes, "t1", "counter"))!;
        counter.Value.Value.Should().Be(50);
        counter.Version.Should().Be(50);
    }

    [Fact]
    public async Task CommitAsync_ConcurrentCommitsAcrossManyTenants_AppliesEveryOne()
    {
        const int tenants = 16;
        const int commits = 20;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, tenants).SelectMany(t => Enumerable.Range(0, commits).Select(k => Task.Run(async () =>
        {
            await start.Task;
            // Each commit spans two tenants, in either order, so partitions are taken in every combination.
            await Store.CommitAsync(
            [
                StoreWrite.Put(Notes, $"t{(t + 1) % tenants}", $"from-{t}-{k}", N(k, owner: $"o{t}"), expectedVersion: 0, due: k),
                StoreWrite.Put(Notes, $"t{t}", $"own-{k}", N(k, owner: $"o{t}"), expectedVersion: 0),
            ]);
        }))).ToList();

        start.SetResult();
        await Task.WhenAll(writers);

        var all = await Store.QueryAsync(Notes, tenant: null);
        all.Should().HaveCount(tenants * commits * 2);
        all.Select(s => s.Seq).Should().OnlyHaveUniqueItems().And.BeInAscendingOrder();
        for (var t = 0; t < tenants; t++)
        {
            (await Store.CountAsync(Notes, $"t{t}")).Should().Be(commits * 2);
            (await Store.CountAsync(Notes, null, "owner", $"o{t}")).Should().Be(commits * 2);
            (await Store.DueAsync(Notes, $"t{t}", long.MaxValue, 1000)).Should().HaveCount(commits);
        }
    }
}
