using System;
using System.Net;
using System.Net.Sockets;
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

    // The closed-socket check has two implementations (#if NET: the handle; netstandard2.1: LocalEndPoint throwing).
    // Engine.Tests.Standard runs this against the netstandard2.1 build, so both keep one contract.
    [TestMethod]
    public void A_socket_counts_as_closed_only_once_disposed_in_every_state()
    {
        using var unbound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Assert.IsFalse(Selector.IsClosed(unbound));
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        Assert.IsFalse(Selector.IsClosed(listener));
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        client.Shutdown(SocketShutdown.Both);
        Assert.IsFalse(Selector.IsClosed(client), "shut down is not closed");
        client.Dispose();
        Assert.IsTrue(Selector.IsClosed(client));

        // A refused non-blocking connect: the check must not consume the error the connect left pending (reading
        // LocalEndPoint would, and the refused connect then looked successful on netstandard2.1).
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        listener.Close();
        Assert.IsTrue(Selector.IsClosed(listener));
        using var connecting = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
        SocketError started = SocketError.Success;
        try
        {
            connecting.Connect(new IPEndPoint(IPAddress.Loopback, port));
        }
        catch (SocketException e)
        {
            started = e.SocketErrorCode;
        }

        Assert.IsTrue(started is SocketError.WouldBlock or SocketError.InProgress, "the connect is in progress: " + started);
        Assert.IsTrue(connecting.Poll(10_000_000, SelectMode.SelectError), "the refused connect reports an error");
        Assert.IsFalse(Selector.IsClosed(connecting));
        Assert.AreEqual(SocketError.ConnectionRefused, (SocketError)(int)connecting.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!);
    }
}
