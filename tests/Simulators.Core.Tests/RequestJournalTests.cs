using Simulators.Core.Journal;

namespace Simulators.Core.Tests;

public sealed class RequestJournalTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static JournalEntry Record(RequestJournal journal, string? tenant, string path = "/v1/verify")
    {
        var id = journal.NextId();
        var entry = new JournalEntry(id, T0.AddSeconds(id), tenant, "POST", path, "", [], CapturedBody.Empty, 200, "application/json", CapturedBody.Empty, 1.5);
        journal.Add(entry);
        return entry;
    }

    [Fact]
    public void Latest_MoreEntriesThanCapacity_YieldsNewestFirstUpToCapacity()
    {
        var journal = new RequestJournal(capacity: 3);
        for (var i = 0; i < 10; i++)
        {
            Record(journal, "t1", $"/call/{i + 1}");
        }

        var latest = journal.Latest().ToList();

        latest.Select(e => e.Id).Should().Equal(10L, 9L, 8L);
        latest.Select(e => e.Path).Should().Equal("/call/10", "/call/9", "/call/8");
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(3, 2)]
    [InlineData(3, 3)]
    [InlineData(5, 12)]
    [InlineData(64, 63)]
    [InlineData(64, 200)]
    [InlineData(2000, 5003)]
    [InlineData(2001, 5003)]
    public void Latest_AnyFill_NeverExceedsCapacity(int capacity, int added)
    {
        var journal = new RequestJournal(capacity);
        for (var i = 0; i < added; i++)
        {
            Record(journal, null);
        }

        var ids = journal.Latest().Select(e => e.Id).ToList();

        ids.Should().HaveCount(Math.Min(capacity, added));
        ids.Should().BeInDescendingOrder();
        ids[0].Should().Be(added);
        // Every one of the newest entries is there: no two of them share a slot (the strided layout is a permutation).
        ids.Should().Equal(Enumerable.Range(0, Math.Min(capacity, added)).Select(i => (long)(added - i)));
    }

    [Fact]
    public void Latest_Empty_YieldsNothing()
    {
        new RequestJournal(capacity: 3).Latest().Should().BeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_CapacityBelowOne_Throws(int capacity)
    {
        var act = () => new RequestJournal(capacity);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Latest_WithTenant_YieldsOnlyThatTenantsEntries()
    {
        var journal = new RequestJournal(capacity: 10);
        var a1 = Record(journal, "a");
        Record(journal, "b");
        Record(journal, null);
        var a2 = Record(journal, "a");

        journal.Latest("a").Should().Equal(a2, a1);
        journal.Latest("b").Should().ContainSingle().Which.Tenant.Should().Be("b");
        journal.Latest().Should().HaveCount(4);
    }

    [Fact]
    public void Clear_HidesEverythingRecordedBefore()
    {
        var journal = new RequestJournal(capacity: 10);
        Record(journal, "a");
        Record(journal, "b");

        journal.Clear();

        journal.Latest().Should().BeEmpty();
        var after = Record(journal, "a");
        journal.Latest().Should().Equal(after);
    }

    [Fact]
    public void Forget_Tenant_HidesItsEarlierEntriesOnly()
    {
        var journal = new RequestJournal(capacity: 10);
        Record(journal, "a");
        var b = Record(journal, "b");
        var anonymous = Record(journal, null);
        Record(journal, "a");

        journal.Forget("a");
        var aAfter = Record(journal, "a");

        journal.Latest("a").Should().Equal(aAfter);
        journal.Latest("b").Should().Equal(b);
        journal.Latest().Should().Equal(aAfter, anonymous, b);
    }

    [Fact]
    public void Clear_AfterForget_ShowsNewEntriesOfTheForgottenTenant()
    {
        var journal = new RequestJournal(capacity: 10);
        Record(journal, "a");
        journal.Forget("a");
        journal.Clear();

        var a = Record(journal, "a");

        journal.Latest("a").Should().Equal(a);
    }

    [Fact]
    public void NextId_IsIncreasing()
    {
        var journal = new RequestJournal();

        var ids = Enumerable.Range(0, 5).Select(_ => journal.NextId()).ToList();

        ids.Should().Equal(1L, 2L, 3L, 4L, 5L);
    }

    [Fact]
    public void CapturedBody_LongerThanKept_IsTruncated()
    {
        new CapturedBody([1, 2, 3], 10).Truncated.Should().BeTrue();
        new CapturedBody([1, 2, 3], 3).Truncated.Should().BeFalse();
        CapturedBody.Empty.Truncated.Should().BeFalse();
    }
}

public sealed class JournalMaskTests
{
    [Theory]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.payload.signature", "Bearer eyJhbG****")]
    [InlineData("Basic dXNlcjpwYXNzd29yZA==", "Basic ****")]
    [InlineData("Bearer short", "Bearer ****")]
    [InlineData("Bearer 12345678", "Bearer ****")]
    [InlineData("Bearer 123456789", "Bearer 123456****")]
    [InlineData("ak_test_sandbox_0123456789", "ak_tes****")]
    [InlineData("12345678", "****")]
    [InlineData("", "****")]
    public void Mask_Value_KeepsSchemeAndShortPrefix(string value, string expected)
    {
        SecretMasker.Mask(value).Should().Be(expected);
    }

    [Theory]
    [InlineData("Bearer ", "eyJhbGciOiJIUzI1NiJ9.payload.signature")]
    [InlineData("Basic ", "dXNlcjpwYXNzd29yZA==")]
    [InlineData("Token ", "tok_live_abcdefghijklmnopqrstuvwxyz")]
    [InlineData("", "ak_live_9f8e7d6c5b4a")]
    [InlineData("", "secret1")]
    [InlineData("Bearer ", "x")]
    public void Mask_Secret_NeverRevealsTheWholeSecret(string scheme, string secret)
    {
        var masked = SecretMasker.Mask(scheme + secret);

        masked.Should().StartWith(scheme).And.EndWith("****");
        masked.Should().NotContain(secret);
        (masked.Length - scheme.Length - 4).Should().BeLessThanOrEqualTo(6, "at most six characters of the secret are kept");
    }

    [Fact]
    public void Mask_CookieHeader_DoesNotRevealSessionId()
    {
        const string sessionId = "s3cr3t-session-0123456789abcdef";

        var masked = SecretMasker.Mask($"sid={sessionId}; theme=dark");

        masked.Should().NotContain(sessionId);
    }

    [Theory]
    [InlineData("""{"email":"a@b.c","password":"hunter2"}""", """{"email":"a@b.c","password":"****"}""")]
    [InlineData("""{"password" : "with \"quote\" inside", "x": 1}""", """{"password" : "****", "x": 1}""")]
    [InlineData("""{"access_token":"eyJ.abc.def","refresh_token":"eyJ.ghi.jkl","expires_in":3600}""", """{"access_token":"****","refresh_token":"****","expires_in":3600}""")]
    [InlineData("""{"nested":{"password":"p"},"list":[{"password":"q"}]}""", """{"nested":{"password":"****"},"list":[{"password":"****"}]}""")]
    [InlineData("""{"password":"cut off in the mid""", "{\"password\":\"****\"")]
    [InlineData("""{"password":null,"passwords":"x"}""", """{"password":null,"passwords":"x"}""")]
    public void MaskFields_SecretField_LosesItsWholeValueAndNothingElseChanges(string body, string expected)
    {
        var masked = SecretMasker.MaskFields(System.Text.Encoding.UTF8.GetBytes(body), SecretMasker.Needles(["password", "access_token", "refresh_token"]));

        System.Text.Encoding.UTF8.GetString(masked).Should().Be(expected);
    }

    [Fact]
    public void MaskFields_NoSecretField_ReturnsTheSameArray()
    {
        var body = """{"status":"COMPLETED"}"""u8.ToArray();

        SecretMasker.MaskFields(body, SecretMasker.Needles(["password"])).Should().BeSameAs(body);
    }
}
