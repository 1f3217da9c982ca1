using Simulators.Core.Faults;
using Simulators.Core.State;

namespace Simulators.Core.Tests.Faults;

public sealed class FaultRegistryTests : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly IStateStore _store = new MemoryStateStore();
    private readonly FaultRegistry _faults;

    public FaultRegistryTests() => _faults = new FaultRegistry(_store);

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    private static FaultRule Rule(string path, string? method = null, string? tenant = null, int? count = null, double? probability = null, string? id = null) =>
        new(id ?? Guid.NewGuid().ToString("N"), method, path, tenant, 503, null, false, false, count, probability, 0, T0);

    [Theory]
    [InlineData("/verifications/*", "/verifications/abc", true)]
    [InlineData("/verifications/*", "/verifications/", true)]
    [InlineData("/verifications/*", "/verifications/abc/result", false)]
    [InlineData("/verifications/*", "/verifications", false)]
    [InlineData("/verifications/*/result", "/verifications/abc/result", true)]
    [InlineData("/verifications/*/result", "/verifications/a/b/result", false)]
    [InlineData("/verifications/**", "/verifications/a/b/result", true)]
    [InlineData("/**/result", "/v1/verifications/a/result", true)]
    [InlineData("/**", "/", true)]
    [InlineData("/**", "/anything/at/all", true)]
    [InlineData("/v1/ktp", "/v1/ktp", true)]
    [InlineData("/v1/ktp", "/V1/KTP", true)]
    [InlineData("/v1/ktp", "/v1/ktp/extra", false)]
    [InlineData("/v1/ktp", "/prefix/v1/ktp", false)]
    [InlineData("/v1/k.p", "/v1/kxp", false)]
    [InlineData("/v1/(a|b)", "/v1/a", false)]
    [InlineData("/v1/(a|b)", "/v1/(a|b)", true)]
    [InlineData("/v1/ktp-*", "/v1/ktp-async", true)]
    [InlineData("/v1/ktp", "/v1/ktp\n", false)]
    [InlineData("/v1/*/result", "/v1/ktp/result\n", false)]
    [InlineData("/v1/ktp", "\n/v1/ktp", false)]
    public void Pattern_Path_MatchesAsTheRuleSyntaxSays(string pattern, string path, bool matches)
    {
        FaultRegistry.Pattern(pattern).IsMatch(path).Should().Be(matches);
    }

    [Theory]
    [InlineData("")]
    [InlineData("verifications/*")]
    [InlineData("*")]
    public void Pattern_NotAPath_Throws(string pattern)
    {
        var parse = () => FaultRegistry.Pattern(pattern);

        parse.Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task AddAsync_BadPattern_ThrowsAndStoresNothing()
    {
        var add = () => _faults.AddAsync(Rule("no-slash")).AsTask();

        await add.Should().ThrowAsync<ArgumentException>();
        _faults.IsEmpty.Should().BeTrue();
        (await _store.CountAsync(FaultRegistry.Collection, tenant: null)).Should().Be(0);
    }

    [Theory]
    [InlineData("POST", "POST", true)]
    [InlineData("POST", "post", true)]
    [InlineData("POST", "GET", false)]
    [InlineData(null, "DELETE", true)]
    public async Task Fire_MethodFilter_FiresOnlyForThatMethod(string? ruleMethod, string callMethod, bool fires)
    {
        await _faults.AddAsync(Rule("/v1/**", method: ruleMethod));

        (_faults.Fire(callMethod, "/v1/ktp", tenant: null) is not null).Should().Be(fires);
    }

    [Theory]
    [InlineData("t1", "t1", true)]
    [InlineData("t1", "t2", false)]
    [InlineData("t1", null, false)]
    [InlineData(null, null, true)]
    [InlineData(null, "t1", false)]
    public async Task Fire_TenantScope_FiresOnlyWhenAskedAboutThatScope(string? ruleTenant, string? callTenant, bool fires)
    {
        await _faults.AddAsync(Rule("/**", tenant: ruleTenant));

        (_faults.Fire("GET", "/x", callTenant) is not null).Should().Be(fires);
    }

    [Fact]
    public async Task Fire_Count_DecrementsAndStopsAtZero()
    {
        await _faults.AddAsync(Rule("/**", count: 2));

        var first = _faults.Fire("GET", "/x", null);
        var second = _faults.Fire("GET", "/x", null);
        var third = _faults.Fire("GET", "/x", null);

        (first!.Count, first.Fired).Should().Be((1, 1L));
        (second!.Count, second.Fired).Should().Be((0, 2L));
        third.Should().BeNull();
        _faults.Rules.Single().Should().Match<FaultRule>(r => r.Count == 0 && r.Fired == 2);
    }

    [Fact]
    public async Task Fire_NoCount_FiresEveryTime()
    {
        await _faults.AddAsync(Rule("/**"));

        var fired = Enumerable.Range(0, 50).Select(_ => _faults.Fire("GET", "/x", null)).ToList();

        fired.Should().OnlyContain(r => r != null && r.Count == null);
        fired[^1]!.Fired.Should().Be(50);
    }

    [Fact]
    public async Task Fire_ExhaustedRule_LetsTheNextMatchingRuleFire()
    {
        await _faults.AddAsync(Rule("/**", count: 1, id: "first"));
        await _faults.AddAsync(Rule("/x", id: "second"));

        _faults.Fire("GET", "/x", null)!.Id.Should().Be("first");
        _faults.Fire("GET", "/x", null)!.Id.Should().Be("second");
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(1.0, 200)]
    public async Task Fire_ProbabilityZeroOrOne_NeverOrAlwaysFires(double probability, int expected)
    {
        await _faults.AddAsync(Rule("/**", probability: probability));

        var fired = Enumerable.Range(0, 200).Count(_ => _faults.Fire("GET", "/x", null) is not null);

        fired.Should().Be(expected);
    }

    [Fact]
    public async Task Fire_ConcurrentCallsOnACountedRule_FireExactlyCountTimes()
    {
        await _faults.AddAsync(Rule("/**", count: 100));

        var fired = new int[1];
        Parallel.For(0, 1000, _ =>
        {
            if (_faults.Fire("GET", "/x", null) is not null)
            {
                Interlocked.Increment(ref fired[0]);
            }
        });

        fired[0].Should().Be(100);
    }

    [Fact]
    public async Task LoadAsync_AnotherRegistryOnTheSameStore_SeesTheRulesAndTheirSavedCounters()
    {
        await _faults.AddAsync(Rule("/v1/**", method: "POST", count: 3, id: "counted"));
        await _faults.AddAsync(Rule("/v2/*", tenant: "t1", probability: 0.5, id: "scoped"));
        var fired = _faults.Fire("POST", "/v1/ktp", null)!;
        await _faults.SaveAsync(fired);

        var reloaded = new FaultRegistry(_store);
        await reloaded.LoadAsync();

        reloaded.Rules.Should().BeEquivalentTo(_faults.Rules);
        reloaded.Rules.Single(r => r.Id == "counted").Should().Match<FaultRule>(r => r.Count == 2 && r.Fired == 1);
        reloaded.Fire("POST", "/v1/ktp", null)!.Count.Should().Be(1);
        reloaded.Fire("GET", "/v1/ktp", null).Should().BeNull();
    }

    [Fact]
    public async Task RemoveAsync_Rule_IsGoneAfterReloadToo()
    {
        await _faults.AddAsync(Rule("/**", id: "a"));
        await _faults.AddAsync(Rule("/**", id: "b"));

        (await _faults.RemoveAsync("a")).Should().BeTrue();
        (await _faults.RemoveAsync("a")).Should().BeFalse();

        var reloaded = new FaultRegistry(_store);
        await reloaded.LoadAsync();
        reloaded.Rules.Select(r => r.Id).Should().Equal("b");
    }

    [Fact]
    public async Task ClearAsync_OneTenant_DropsOnlyItsRulesHereAndInTheStore()
    {
        await _faults.AddAsync(Rule("/**", tenant: "t1", id: "t1-rule"));
        await _faults.AddAsync(Rule("/**", tenant: "t2", id: "t2-rule"));
        await _faults.AddAsync(Rule("/**", id: "everyone"));

        await _faults.ClearAsync("t1");

        _faults.Rules.Select(r => r.Id).Should().Equal("t2-rule", "everyone");
        var reloaded = new FaultRegistry(_store);
        await reloaded.LoadAsync();
        reloaded.Rules.Select(r => r.Id).Should().Equal("t2-rule", "everyone");

        await _faults.ClearAsync();
        _faults.IsEmpty.Should().BeTrue();
        (await _store.CountAsync(FaultRegistry.Collection, tenant: null)).Should().Be(0);
    }
}
