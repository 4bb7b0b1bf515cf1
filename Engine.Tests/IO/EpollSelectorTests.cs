using Engine.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.IO;

[TestClass]
public sealed class EpollSelectorTests : SocketSuite
{
    protected override Selector CreateSelector()
    {
        if (!EpollSelector.IsSupported)
        {
            Assert.Inconclusive("epoll needs Linux.");
        }

        return new EpollSelector();
    }
}
