using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
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

    [TestMethod]
    [Timeout(TestTimeout)]
    public void Peer_disconnecting_mid_message_ends_the_read_and_the_server_keeps_serving()
    {
        using EventLoop loop = NewLoop();
        using CoSocket listener = CoSocket.Listen(Any);
        var outcomes = new List<string>();
        loop.Spawn(Server(listener, outcomes));
        loop.Run(Clients(listener.LocalEndPoint!));
        loop.Run(WaitUntil(() => outcomes.Count == 3));
        CollectionAssert.AreEquivalent(new[] { "eof after 40", "reset", "ok 100" }, outcomes);

        static IEnumerator<Yield> Server(CoSocket listener, List<string> outcomes)
        {
            for (int i = 0; i < 3; i++)
            {
                yield return listener.Accept(10);
                Co.Spawn(Handle(listener.Accepted!, outcomes));
            }
        }

        static IEnumerator<Yield> Handle(CoSocket conn, List<string> outcomes)
        {
            using (conn)
            {
                var reader = new SocketReader(conn, timeoutSeconds: 10);
                yield return Yield.Catch(reader.ReadExactly(100));
                if (Co.Exception is EndOfStreamException)
                {
                    outcomes.Add(conn.WasReset ? "reset" : "eof after 40");
                }
                else
                {
                    Assert.IsNull(Co.Exception);
                    outcomes.Add("ok " + Co.Result<byte[]>().Length);
                }
            }
        }

        static IEnumerator<Yield> Clients(EndPoint server)
        {
            // 1: sends 40 of 100 bytes, then closes cleanly (FIN).
            yield return Yield.From(CoSocket.Open(server, 10));
            CoSocket a = Co.Result<CoSocket>();
            yield return a.SendAll(new byte[40]);
            a.Close();

            // 2: sends 10 bytes, then resets (linger 0 sends RST).
            yield return Yield.From(CoSocket.Open(server, 10));
            CoSocket b = Co.Result<CoSocket>();
            yield return b.SendAll(new byte[10]);
            yield return Yield.Seconds(0.05);
            b.Socket.LingerState = new LingerOption(true, 0);
            b.Close();

            // 3: a well-behaved client.
            yield return Yield.From(CoSocket.Open(server, 10));
            using CoSocket c = Co.Result<CoSocket>();
            yield return c.SendAll(new byte[100]);
            yield return Yield.Seconds(0.1);
        }
    }

    protected static IEnumerator<Yield> WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 1000 && !condition(); i++)
        {
            yield return Yield.Seconds(0.01);
        }
    }

    [TestMethod]
    [Timeout(TestTimeout)]
    public void Half_close_delivers_end_of_stream_and_the_other_direction_still_works()
    {
        using EventLoop loop = NewLoop();
        using CoSocket listener = CoSocket.Listen(Any);
        loop.Spawn(Server(listener));
        string reply = (string)loop.Run(Client(listener.LocalEndPoint!))!;
        Assert.AreEqual("got 5 bytes", reply);

        static IEnumerator<Yield> Server(CoSocket listener)
        {
            yield return listener.Accept(10);
            using CoSocket conn = listener.Accepted!;
            var buffer = new byte[64];
            int total = 0;
            while (true)
            {
                yield return conn.Receive(buffer, 10);
                if (conn.BytesReceived == 0)
                {
                    break;
                }

                total += conn.BytesReceived;
            }

            yield return conn.SendAll(Encoding.UTF8.GetBytes("got " + total + " bytes"));
        }

        static IEnumerator<Yield> Client(EndPoint server)
        {
            yield return Yield.From(CoSocket.Open(server, 10));
            using CoSocket conn = Co.Result<CoSocket>();
            yield return conn.SendAll(Encoding.UTF8.GetBytes("hello"));
            conn.ShutdownSend();
            var reader = new SocketReader(conn, timeoutSeconds: 10);
            yield return Yield.From(reader.ReadLine());
            string line = Co.Result<string>();
            yield return Yield.From(reader.ReadLine());
            Assert.IsNull(Co.ResultObject, "end of stream after the reply");
            yield return Yield.Return(line);
        }
    }

    [TestMethod]
    [Timeout(TestTimeout)]
    public void Connect_to_a_port_nobody_listens_on_fails_promptly()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(Any);
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        using EventLoop loop = NewLoop();
        var watch = Stopwatch.StartNew();
        loop.Run(Connect(new IPEndPoint(IPAddress.Loopback, port)));
        Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(10), "refused connect took " + watch.Elapsed);

        static IEnumerator<Yield> Connect(EndPoint endPoint)
        {
            yield return Yield.Catch(CoSocket.Open(endPoint, 10));
            Assert.IsInstanceOfType<SocketException>(Co.Exception);
            Assert.AreEqual(SocketError.ConnectionRefused, ((SocketException)Co.Exception!).SocketErrorCode);
        }
    }

    [TestMethod]
    [Timeout(TestTimeout)]
    public void Connect_timeout_raises_TimeoutException()
    {
        // A listener that never accepts, with its queue filled: further handshakes are dropped, so a connect hangs.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(Any);
        listener.Listen(0);
        var fillers = new List<Socket>();
        try
        {
            for (int i = 0; i < 8; i++)
            {
                var f = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                try
                {
                    f.Connect(listener.LocalEndPoint!);
                }
                catch (SocketException)
                {
                    // in progress
                }

                fillers.Add(f);
            }

            Thread.Sleep(100);
            using EventLoop loop = NewLoop();
            var watch = Stopwatch.StartNew();
            string outcome = (string)loop.Run(Connect(listener.LocalEndPoint!))!;
            if (outcome == "connected")
            {
                Assert.Inconclusive("This kernel completed the handshake despite a full accept queue; the timeout path could not be provoked.");
            }

            Assert.AreEqual("timeout", outcome);
            Assert.IsTrue(watch.Elapsed >= TimeSpan.FromSeconds(0.25) && watch.Elapsed < TimeSpan.FromSeconds(20), "took " + watch.Elapsed);
        }
        finally
        {
            foreach (Socket f in fillers)
            {
                f.Dispose();
            }
        }

        static IEnumerator<Yield> Connect(EndPoint endPoint)
        {
            yield return Yield.Catch(CoSocket.Open(endPoint, 0.3));
            yield return Yield.Return(Co.Exception is TimeoutException ? "timeout" : Co.Exception is null ? "connected" : Co.Exception.ToString());
        }
    }

    [TestMethod]
    [Timeout(TestTimeout)]
    public void Writer_backpressure_waits_for_a_slow_reader()
    {
        const int chunk = 64 * 1024;
        const long limit = 256L * 1024 * 1024;
        using EventLoop loop = NewLoop();
        using CoSocket listener = CoSocket.Listen(Any);
        var state = new BackpressureState();
        loop.Spawn(Server(listener, state));
        loop.Run(Client(listener.LocalEndPoint!, state));
        Assert.IsTrue(state.WrittenWhileStalled < limit, "the writer never blocked");
        Assert.IsTrue(state.BufferedWhileStalled <= (64 * 1024) + chunk, "buffered " + state.BufferedWhileStalled);
        Assert.AreEqual(state.Written, state.Received);

        static IEnumerator<Yield> Server(CoSocket listener, BackpressureState state)
        {
            yield return listener.Accept(10);
            using CoSocket conn = listener.Accepted!;
            // Do not read until the writer has stalled.
            while (!state.Stalled)
            {
                yield return Yield.Seconds(0.01);
            }

            byte[] buffer = new byte[chunk];
            while (true)
            {
                yield return conn.Receive(buffer, 10);
                if (conn.BytesReceived == 0)
                {
                    break;
                }

                state.Received += conn.BytesReceived;
            }
        }

        static IEnumerator<Yield> Client(EndPoint server, BackpressureState state)
        {
            yield return Yield.From(CoSocket.Open(server, 10));
            CoSocket conn = Co.Result<CoSocket>();
            var writer = new SocketWriter(conn);
            CoTask watcher = Co.Spawn(Watch(writer, state));
            byte[] data = new byte[chunk];
            while (state.Written < limit && (!state.Stalled || state.Written < state.WrittenWhileStalled + (8L * 1024 * 1024)))
            {
                writer.Write(data);
                state.Written += chunk;
                yield return writer.Drain(10);
            }

            yield return writer.Flush(10);
            conn.ShutdownSend();
            yield return watcher;
            while (state.Received < state.Written)
            {
                yield return Yield.Seconds(0.01);
            }

            conn.Close();
        }

        static IEnumerator<Yield> Watch(SocketWriter writer, BackpressureState state)
        {
            // The writer counts as stalled once its total stops growing for 0.2 s.
            long last = -1;
            while (true)
            {
                yield return Yield.Seconds(0.2);
                if (state.Written == last)
                {
                    state.WrittenWhileStalled = state.Written;
                    state.BufferedWhileStalled = writer.Buffered;
                    state.Stalled = true;
                    yield break;
                }

                last = state.Written;
            }
        }
    }

    private sealed class BackpressureState
    {
        public long Written;
        public long Received;
        public long WrittenWhileStalled = long.MaxValue;
        public int BufferedWhileStalled;
        public bool Stalled;
    }

    [TestMethod]
    [Timeout(TestTimeout)]
    public void Closing_a_socket_wakes_its_waiter_with_ObjectDisposedException()
    {
        using EventLoop loop = NewLoop();
        using CoSocket listener = CoSocket.Listen(Any);
        Exception? seen = null;
        var watch = Stopwatch.StartNew();
        loop.Run(Main(listener));
        Assert.IsInstanceOfType<ObjectDisposedException>(seen);
        StringAssert.Contains(seen!.Message, "closed while task");
        Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(10));

        IEnumerator<Yield> Main(CoSocket l)
        {
            CoTask acceptor = Co.Spawn(AcceptOne(l));
            yield return Yield.From(CoSocket.Open(l.LocalEndPoint!, 10));
            CoSocket conn = Co.Result<CoSocket>();
            CoTask reader = Co.Spawn(ReadForever(conn), "reader");
            yield return Yield.Seconds(0.05);
            conn.Close();
            yield return Yield.Catch(reader);
            seen = Co.Exception;
            acceptor.Cancel();
        }

        static IEnumerator<Yield> AcceptOne(CoSocket l)
        {
            yield return l.Accept(10);
            using CoSocket c = l.Accepted!;
            yield return Yield.Seconds(30);
        }

        static IEnumerator<Yield> ReadForever(CoSocket conn)
        {
            yield return conn.Receive(new byte[16]);
        }
    }

    [TestMethod]
    [Timeout(TestTimeout)]
    public void Cancelling_a_waiting_reader_runs_finally_and_frees_the_socket_for_another_reader()
    {
        using EventLoop loop = NewLoop();
        using CoSocket listener = CoSocket.Listen(Any);
        var log = new List<string>();
        loop.Run(Main(listener, log));
        CollectionAssert.AreEqual(new[] { "finally", "second reader got 3" }, log);

        static IEnumerator<Yield> Main(CoSocket l, List<string> log)
        {
            CoTask acceptor = Co.Spawn(AcceptAndSendLater(l));
            yield return Yield.From(CoSocket.Open(l.LocalEndPoint!, 10));
            using CoSocket conn = Co.Result<CoSocket>();
            CoTask first = Co.Spawn(Read(conn, log));
            yield return Yield.Seconds(0.02);
            first.Cancel();
            yield return Yield.Catch(first);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            var buffer = new byte[8];
            yield return conn.Receive(buffer, 10);
            log.Add("second reader got " + conn.BytesReceived);
            yield return acceptor;
        }

        static IEnumerator<Yield> Read(CoSocket conn, List<string> log)
        {
            try
            {
                yield return conn.Receive(new byte[8]);
            }
            finally
            {
                log.Add("finally");
            }
        }

        static IEnumerator<Yield> AcceptAndSendLater(CoSocket l)
        {
            yield return l.Accept(10);
            using CoSocket c = l.Accepted!;
            yield return Yield.Seconds(0.1);
            yield return c.SendAll(new byte[3]);
            yield return Yield.Seconds(0.1);
        }
    }

    [TestMethod]
    [Timeout(TestTimeout)]
    public void Raw_readable_wait_resumes_on_data_and_times_out_without()
    {
        using EventLoop loop = NewLoop();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(Any);
        listener.Listen(4);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        using Socket server = listener.Accept();
        var log = new List<string>();
        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "timeout", "readable 2", "writable" }, log);
        Assert.AreEqual(0, loop.Selector.Count, "raw waits leave nothing registered");

        IEnumerator<Yield> Main()
        {
            yield return Yield.Catch(Wait(Yield.Readable(server, 0.05)));
            log.Add(Co.Exception is TimeoutException ? "timeout" : "no timeout: " + Co.Exception);
            var sender = new Thread(() =>
            {
                Thread.Sleep(50);
                client.Send(new byte[2]);
            });
            sender.Start();
            yield return Yield.Readable(server, 10);
            log.Add("readable " + server.Available);
            yield return Yield.Writable(server, 10);
            log.Add("writable");
            sender.Join();
        }

        static IEnumerator<Yield> Wait(Yield y)
        {
            yield return y;
        }
    }

    [TestMethod]
    [Timeout(TestTimeout)]
    public void Post_from_another_thread_wakes_a_loop_sleeping_in_the_selector()
    {
        using EventLoop loop = NewLoop();
        using CoSocket listener = CoSocket.Listen(Any);
        var done = new Future<int>(loop);
        var poster = new Thread(() =>
        {
            Thread.Sleep(100);
            loop.Post(() => done.SetResult(42));
        });
        var watch = Stopwatch.StartNew();
        poster.Start();
        loop.Run(Main());
        poster.Join();
        Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(10));

        IEnumerator<Yield> Main()
        {
            CoTask acceptor = Co.Spawn(AcceptForever(listener));
            yield return done;
            Assert.AreEqual(42, Co.Result<int>());
            acceptor.Cancel();
        }

        static IEnumerator<Yield> AcceptForever(CoSocket l)
        {
            yield return l.Accept();
        }
    }

    [TestMethod]
    [Timeout(TestTimeout)]
    public void Virtual_clock_waits_for_sockets_in_real_time_instead_of_reporting_deadlock()
    {
        using EventLoop loop = NewLoop(ClockKind.Virtual);
        using CoSocket listener = CoSocket.Listen(Any);
        var client = new Thread(() =>
        {
            Thread.Sleep(50);
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.Connect(listener.LocalEndPoint!);
            s.Send(new byte[] { 7 });
            Thread.Sleep(50);
        });
        client.Start();
        object? result = loop.Run(AcceptAndReadOneByte(listener));
        client.Join();
        Assert.AreEqual(7, result);
    }

    [TestMethod]
    [Timeout(TestTimeout)]
    public void Frame_clock_Tick_polls_sockets_without_blocking()
    {
        using EventLoop loop = NewLoop(ClockKind.Frame);
        using CoSocket listener = CoSocket.Listen(Any);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        CoTask task = loop.Spawn(AcceptAndReadOneByte(listener));
        loop.Tick(0.016);
        client.Connect(listener.LocalEndPoint!);
        client.Send(new byte[] { 9 });
        var watch = Stopwatch.StartNew();
        int ticks = 0;
        while (!task.IsDone && ticks < 10_000)
        {
            var tickWatch = Stopwatch.StartNew();
            loop.Tick(0.016);
            Assert.IsTrue(tickWatch.Elapsed < TimeSpan.FromSeconds(1), "Tick blocked");
            ticks++;
            Thread.Sleep(1);
        }

        Assert.AreEqual(9, task.Result);
    }

    // Accepts one connection and returns the first byte it receives.
    private static IEnumerator<Yield> AcceptAndReadOneByte(CoSocket l)
    {
        yield return l.Accept();
        using CoSocket conn = l.Accepted!;
        var buffer = new byte[1];
        yield return conn.Receive(buffer);
        yield return Yield.Return((int)buffer[0]);
    }

    [TestMethod]
    [Timeout(TestTimeout)]
    [DoNotParallelize]
    public void No_descriptor_leaks_over_ten_thousand_connect_close_cycles()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("Counts /proc/self/fd, which only Linux has.");
        }

        using EventLoop loop = NewLoop();
        using CoSocket listener = CoSocket.Listen(Any, 1024);
        loop.Run(Cycles(listener, 100)); // warm up: selector, thread pool, runtime handles
        GC.Collect();
        GC.WaitForPendingFinalizers();
        int before = Directory.GetFiles("/proc/self/fd").Length;
        loop.Run(Cycles(listener, 10_000));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        int after = Directory.GetFiles("/proc/self/fd").Length;
        // A per-cycle leak would show as thousands of descriptors. The small slack absorbs descriptors that
        // the runtime and other test classes' loops (finalized sockets, thread-pool epoll) open or close meanwhile.
        Assert.IsTrue(after - before <= 32, "descriptors before " + before + ", after " + after);

        static IEnumerator<Yield> Cycles(CoSocket l, int count)
        {
            CoTask server = Co.Spawn(AcceptAndClose(l, count));
            for (int i = 0; i < count; i++)
            {
                var conn = new CoSocket(AddressFamily.InterNetwork);
                yield return conn.Connect(l.LocalEndPoint!, 10);
                if (i % 2 == 0)
                {
                    yield return conn.SendAll(new byte[1]);
                }

                conn.Socket.LingerState = new LingerOption(true, 0); // no TIME_WAIT pile-up over 10,000 ports
                conn.Close();
            }

            yield return server;
        }

        static IEnumerator<Yield> AcceptAndClose(CoSocket l, int count)
        {
            var buffer = new byte[4];
            for (int i = 0; i < count; i++)
            {
                yield return l.Accept(10);
                CoSocket c = l.Accepted!;
                yield return c.Receive(buffer, 10);
                c.Close();
            }
        }
    }

    [TestMethod]
    [Timeout(TestTimeout)]
    public void Bad_input_gets_clear_exceptions()
    {
        using EventLoop loop = NewLoop();
        using CoSocket listener = CoSocket.Listen(Any);
        var closed = new CoSocket(AddressFamily.InterNetwork);
        closed.Close();
        Assert.ThrowsExactly<ObjectDisposedException>(() => closed.Receive(new byte[4]));
        Assert.ThrowsExactly<ObjectDisposedException>(() => closed.SendAll(new byte[4]));
        var open = new CoSocket(AddressFamily.InterNetwork);
        try
        {
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => open.Receive(new byte[4], 0, -1));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => open.Receive(new byte[4], 2, 3));
            Assert.ThrowsExactly<ArgumentException>(() => open.Receive(Memory<byte>.Empty));
            Assert.ThrowsExactly<ArgumentException>(() => open.SendAll(ReadOnlyMemory<byte>.Empty));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => open.Receive(new byte[4], -1));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SocketReader(open).ReadExactly(-1));
            Assert.ThrowsExactly<ArgumentNullException>(() => Yield.Readable(null!));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Yield.Writable(open.Socket, -2));
        }
        finally
        {
            open.Close();
        }

        using Selector selector = CreateSelector();
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        selector.Register(s, IoEvents.Read, "a");
        InvalidOperationException twice = Assert.ThrowsExactly<InvalidOperationException>(() => selector.Register(s, IoEvents.Read, "b"));
        StringAssert.Contains(twice.Message, "already registered");
        Assert.IsTrue(selector.Unregister(s));
        Assert.IsFalse(selector.Unregister(s));
        var gone = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        gone.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => selector.Register(gone, IoEvents.Read, "c"));

        // Two tasks receiving on one socket: the second fails with a message naming the first; the loop keeps going.
        string message = (string)loop.Run(TwoReaders(listener))!;
        StringAssert.Contains(message, "already waiting");

        // A line longer than the reader's limit: a clear error, not unbounded buffering.
        Exception? tooLong = (Exception?)loop.Run(LongLine(listener));
        Assert.IsInstanceOfType<InvalidDataException>(tooLong);

        static IEnumerator<Yield> TwoReaders(CoSocket l)
        {
            CoTask acceptor = Co.Spawn(AcceptHold(l));
            yield return Yield.From(CoSocket.Open(l.LocalEndPoint!, 10));
            using CoSocket conn = Co.Result<CoSocket>();
            CoTask first = Co.Spawn(ReadOnce(conn), "first");
            yield return Yield.NextTick;
            CoTask second = Co.Spawn(ReadOnce(conn), "second");
            yield return Yield.Catch(second);
            string text = Co.Exception!.Message;
            first.Cancel();
            acceptor.Cancel();
            yield return Yield.Return(text);
        }

        static IEnumerator<Yield> LongLine(CoSocket l)
        {
            CoTask acceptor = Co.Spawn(AcceptSendJunk(l));
            yield return Yield.From(CoSocket.Open(l.LocalEndPoint!, 10));
            using CoSocket conn = Co.Result<CoSocket>();
            yield return Yield.Catch(new SocketReader(conn, limit: 100, timeoutSeconds: 10).ReadLine());
            Exception? e = Co.Exception;
            acceptor.Cancel();
            yield return Yield.Return(e);
        }

        static IEnumerator<Yield> ReadOnce(CoSocket conn)
        {
            yield return conn.Receive(new byte[4], 10);
        }

        static IEnumerator<Yield> AcceptHold(CoSocket l)
        {
            yield return l.Accept(10);
            using CoSocket c = l.Accepted!;
            yield return Yield.Seconds(30);
        }

        static IEnumerator<Yield> AcceptSendJunk(CoSocket l)
        {
            yield return l.Accept(10);
            using CoSocket c = l.Accepted!;
            yield return c.SendAll(new byte[1000]);
            yield return Yield.Seconds(30);
        }
    }

    [TestMethod]
    [Timeout(TestTimeout)]
    public void Virtual_clock_reports_deadlock_once_socket_waits_were_cancelled()
    {
        using EventLoop loop = NewLoop(ClockKind.Virtual);
        using CoSocket listener = CoSocket.Listen(Any);
        var never = new Future<int>(loop);
        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(Main(listener, never)));
        StringAssert.Contains(e.Message, "Deadlock");

        static IEnumerator<Yield> Main(CoSocket l, Future<int> never)
        {
            CoTask acceptor = Co.Spawn(AcceptOne(l));
            yield return Yield.Seconds(1);
            acceptor.Cancel();
            yield return never;
        }

        static IEnumerator<Yield> AcceptOne(CoSocket l)
        {
            yield return l.Accept();
        }
    }

    [TestMethod]
    [Timeout(TestTimeout)]
    public void Echo_round_trips_allocate_nothing_after_warm_up()
    {
        using EventLoop loop = NewLoop();
        using CoSocket listener = CoSocket.Listen(Any);
        long allocated = (long)loop.Run(AllocationRun(listener, UntimedEcho(listener), double.PositiveInfinity))!;
        Assert.IsTrue(allocated < 1024, "2,000 round trips allocated " + allocated + " bytes");
    }

    [TestMethod]
    [Timeout(TestTimeout)]
    public void Timed_waits_keep_one_timer_per_socket_instead_of_one_per_wait()
    {
        using EventLoop loop = NewLoop();
        using CoSocket listener = CoSocket.Listen(Any);
        long allocated = (long)loop.Run(AllocationRun(listener, EchoServer(listener, 1), 30))!;
        Assert.IsTrue(allocated < 4096, "2,000 timed round trips allocated " + allocated + " bytes");
    }

    private static IEnumerator<Yield> AllocationRun(CoSocket l, IEnumerator<Yield> server, double timeout)
    {
        CoTask serverTask = Co.Spawn(server);
        yield return Yield.From(CoSocket.Open(l.LocalEndPoint!, 10));
        using CoSocket conn = Co.Result<CoSocket>();
        byte[] message = new byte[64];
        byte[] reply = new byte[64];
        long start = 0;
        for (int i = 0; i < 3000; i++)
        {
            if (i == 1000)
            {
                start = GC.GetAllocatedBytesForCurrentThread();
            }

            yield return conn.SendAll(message, timeout);
            for (int got = 0; got < reply.Length; got += conn.BytesReceived)
            {
                yield return conn.Receive(reply.AsMemory(got), timeout);
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - start;
        conn.Close();
        yield return serverTask;
        yield return Yield.Return(allocated);
    }

    // Timed waits allocate a timer entry each time they park; the zero-allocation claim is for untimed ones.
    private static IEnumerator<Yield> UntimedEcho(CoSocket listener)
    {
        yield return listener.Accept();
        using CoSocket conn = listener.Accepted!;
        byte[] buffer = new byte[4096];
        while (true)
        {
            yield return conn.Receive(buffer);
            if (conn.BytesReceived == 0)
            {
                break;
            }

            yield return conn.SendAll(buffer.AsMemory(0, conn.BytesReceived));
        }
    }

    [TestMethod]
    [Timeout(TestTimeout)]
    public void Selector_reports_readiness_with_its_data_and_wakes_up_from_another_thread()
    {
        using Selector selector = CreateSelector();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(Any);
        listener.Listen(4);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        using Socket server = listener.Accept();
        var events = new SelectorEvent[8];

        selector.Register(server, IoEvents.Read, "server");
        Assert.AreEqual(0, selector.Select(0, events), "nothing to read yet");
        client.Send(new byte[] { 1 });
        Assert.AreEqual(1, selector.Select(5, events));
        Assert.AreEqual("server", events[0].Data);
        Assert.IsTrue((events[0].Events & IoEvents.Read) != 0);

        selector.Modify(server, IoEvents.Write, "server-w");
        Assert.AreEqual(1, selector.Select(5, events));
        Assert.AreEqual("server-w", events[0].Data);
        Assert.IsTrue((events[0].Events & IoEvents.Write) != 0);
        selector.Modify(server, IoEvents.None, "quiet");

        var watch = Stopwatch.StartNew();
        var waker = new Thread(() =>
        {
            Thread.Sleep(50);
            selector.Wakeup();
        });
        waker.Start();
        Assert.AreEqual(0, selector.Select(double.PositiveInfinity, events));
        waker.Join();
        Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(10));
        Assert.AreEqual(1, selector.Count);
    }
}
