using Simulators.Core.State;

namespace Simulators.Core.Tests.State;

public sealed class MemoryStateStoreTests : StateStoreContractTests
{
    protected override IStateStore Open() => new MemoryStateStore();

    [Fact]
    public void Info_IsNeitherDurableNorShared()
    {
        Store.Info.Should().Be(new StoreInfo(Durable: false, Shared: false, "memory"));
    }
}
