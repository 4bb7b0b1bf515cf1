using System;
using System.Collections.Generic;
using System.Net;
using System.Text;
using Engine.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.IO;

// The socket suite, run once per selector (EpollSelectorTests, PortableSelectorTests). Loopback only;
// every test has a [Timeout] and every coroutine a bounded loop or a socket timeout.
public abstract class SocketSuite
{
    protected const int TestTimeout = 60_000;

    protected abstract Selector CreateSelector();

    protected EventLoop NewLoop(ClockKind clock = ClockKind.Real) => new(clock, CreateSelector());

    protected static IPEndPoint Any => new(IPAddress.Loopback, 0);

    protected static IEnumerator<Yield> EchoServer(CoSocket listener, int connections)
    {
        for (int i = 0; i < connections; i++)
        {
            yield return listener.Accept(30);
            Co.Spawn(EchoConnection(listener.Accepted!));
        }
    }

    protected static IEnumerator<Yield> EchoConnection(CoSocket conn)
    {
        byte[] buffer = new byte[4096];
        try
        {
            while (true)
            {
                yield return conn.Receive(buffer, 30);
                int n = conn.BytesReceived;
                if (n == 0)
                {
                    break;
                }

                yield return conn.SendAll(buffer.AsMemory(0, n), 30);
            }
        }
        finally
        {
            conn.Close();
        }
    }

    private static IEnumerator<Yield> EchoClient(EndPoint server, string message, List<string> replies)
    {
        yield return Yield.From(CoSocket.Open(server, 10));
        using CoSocket conn = Co.Result<CoSocket>();
        byte[] data = Encoding.UTF8.GetBytes(message);
        yield return conn.SendAll(data);
        byte[] buffer = new byte[data.Length];
        int got = 0;
        while (got < data.Length)
        {
            yield return conn.Receive(buffer.AsMemory(got), 10);
            Assert.AreNotEqual(0, conn.BytesReceived, "server closed early");
            got += conn.BytesReceived;
        }

        replies.Add(Encoding.UTF8.GetString(buffer));
    }

    [TestMethod]
    [Timeout(TestTimeout)]
    public void Echo_round_trip()
    {
        using EventLoop loop = NewLoop();
        using CoSocket listener = CoSocket.Listen(Any);
        var replies = new List<string>();
        loop.Spawn(EchoServer(listener, 1));
        loop.Run(EchoClient(listener.LocalEndPoint!, "hello, engine", replies));
        CollectionAssert.AreEqual(new[] { "hello, engine" }, replies);
    }

    [TestMethod]
    [Timeout(TestTimeout)]
    public void Thousand_simultaneous_connections()
    {
        const int n = 1000;
        using EventLoop loop = NewLoop();
        using CoSocket listener = CoSocket.Listen(Any, 2048);
        var replies = new List<string>();
        loop.Spawn(EchoServer(listener, n));
        var clients = new IEnumerator<Yield>[n];
        for (int i = 0; i < n; i++)
        {
            clients[i] = EchoClient(listener.LocalEndPoint!, "client " + i, replies);
        }

        loop.Run(Gather(clients));
        Assert.AreEqual(n, replies.Count);
        var set = new HashSet<string>(replies);
        for (int i = 0; i < n; i++)
        {
            Assert.IsTrue(set.Contains("client " + i));
        }
    }

    private static IEnumerator<Yield> Gather(IEnumerator<Yield>[] coroutines)
    {
        yield return Co.Gather(coroutines);
    }

    [TestMethod]
    [Timeout(TestTimeout)]
    public void Stream_reader_lines_until_and_exactly()
    {
        using EventLoop loop = NewLoop();
        using CoSocket listener = CoSocket.Listen(Any);
        var got = new List<string>();
        loop.Spawn(Sender(listener, "alpha\nbeta\r\nxyz;12345tail"));
        loop.Run(Reader(listener.LocalEndPoint!, got));
        CollectionAssert.AreEqual(new[] { "alpha", "beta", "xyz;", "12345", "tail", "<eof>" }, got);

        static IEnumerator<Yield> Sender(CoSocket listener, string text)
        {
            yield return listener.Accept(10);
            using CoSocket conn = listener.Accepted!;
            byte[] data = Encoding.UTF8.GetBytes(text);
            for (int i = 0; i < data.Length; i += 3)
            {
                // Dribble the bytes so every read crosses chunk boundaries.
                yield return conn.SendAll(data.AsMemory(i, Math.Min(3, data.Length - i)));
                yield return Yield.Seconds(0.001);
            }
        }

        static IEnumerator<Yield> Reader(EndPoint server, List<string> got)
        {
            yield return Yield.From(CoSocket.Open(server, 10));
            using CoSocket conn = Co.Result<CoSocket>();
            var reader = new SocketReader(conn);
            yield return Yield.From(reader.ReadLine());
            got.Add(Co.Result<string>());
            yield return Yield.From(reader.ReadLine());
            got.Add(Co.Result<string>());
            yield return Yield.From(reader.ReadUntil((byte)';'));
            got.Add(Encoding.UTF8.GetString(Co.Result<byte[]>()));
            yield return Yield.From(reader.ReadExactly(5));
            got.Add(Encoding.UTF8.GetString(Co.Result<byte[]>()));
            yield return Yield.From(reader.ReadLine());
            got.Add(Co.Result<string>());
            yield return Yield.From(reader.ReadLine());
            got.Add(Co.Result<string?>() ?? "<eof>");
        }
    }
}
