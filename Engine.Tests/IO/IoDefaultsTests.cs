using System;
using Engine.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.IO;

[TestClass]
public sealed class IoDefaultsTests
{
    [TestMethod]
    public void Default_selector_is_epoll_on_Linux_and_portable_elsewhere()
    {
        using var loop = new EventLoop(ClockKind.Real);
        if (OperatingSystem.IsLinux())
        {
            Assert.IsInstanceOfType<EpollSelector>(loop.Selector);
        }
        else
        {
            Assert.IsInstanceOfType<PortableSelector>(loop.Selector);
        }
    }

    [TestMethod]
    public void A_loop_disposes_its_selector()
    {
        var selector = new PortableSelector();
        var loop = new EventLoop(ClockKind.Real, selector);
        Assert.AreSame(selector, loop.Selector);
        loop.Dispose();
        Assert.IsTrue(selector.IsDisposed);
        selector.Wakeup(); // a no-op once closed
    }
}
