using System.Collections.Immutable;

namespace Simulators.Core.Tenants;

/// <summary>
/// A tenant's own view of time: the simulator clock plus its own advances, or frozen at an instant,
/// so one test suite can jump an hour without moving the clock of another suite sharing the simulator.
/// </summary>
/// <param name="OffsetTicks">Added to the simulator clock while not frozen.</param>
/// <param name="FrozenAtTicks">When set, the tenant's time stands still here.</param>
public sealed record TenantClock(long OffsetTicks = 0, long? FrozenAtTicks = null)
{
    public static readonly TenantClock Default = new();

    public DateTimeOffset Now(DateTimeOffset simulatorNow) =>
        FrozenAtTicks is { } frozen ? new DateTimeOffset(frozen, TimeSpan.Zero) : simulatorNow.AddTicks(OffsetTicks);

    public TimeSpan Offset => TimeSpan.FromTicks(OffsetTicks);

    public TenantClock Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        return FrozenAtTicks is { } frozen ? this with { FrozenAtTicks = frozen + by.Ticks } : this with { OffsetTicks = OffsetTicks + by.Ticks };
    }

    public TenantClock Freeze(DateTimeOffset simulatorNow) => this with { FrozenAtTicks = Now(simulatorNow).UtcTicks };

    public TenantClock Resume(DateTimeOffset simulatorNow) =>
        FrozenAtTicks is { } frozen ? new TenantClock(frozen - simulatorNow.UtcTicks, null) : this;
}

/// <summary>
/// One isolated partition of a simulator's state, keyed by the credential that made the call (an
/// API key, an account, an App-ID): its clock and the outcomes queued for its next jobs. Everything
/// else the tenant owns lives in the store under its id, and goes with it on reset.
/// </summary>
public sealed record TenantRecord(string Id, DateTimeOffset CreatedAt, TenantClock Clock, ImmutableArray<string> QueuedOutcomes);
