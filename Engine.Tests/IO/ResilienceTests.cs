using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Engine.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.IO;

// A server survives slow clients (a whole-message deadline) and file-descriptor exhaustion (a retriable accept error).
[TestClass]
[DoNotParallelize] // the descriptor test lowers the process's descriptor limit for a moment
public sealed class ResilienceTests
{
    private static IPEndPoint Loopback => new(IPAddress.Loopback, 0);

    private static IEnumerator<Yield> ReadLines(CoSocket listener, int clients, double messageTimeout, List<string> outcomes)
    {
        for (int i = 0; i < clients; i++)
        {
            yield return listener.Accept(10);
            Co.Spawn(ReadOneLine(listener.Accepted!, messageTimeout, outcomes));
        }
    }

    private static IEnumerator<Yield> ReadOneLine(CoSocket conn, double messageTimeout, List<string> outcomes)
    {
        var reader = new SocketReader(conn, timeoutSeconds: 5, messageTimeoutSeconds: messageTimeout);
        yield return Co.Catch(Yield.From(reader.ReadLine()));
        outcomes.Add(Co.Exception is null ? "line: " + Co.Result<string>() : Co.Exception.GetType().Name + ": " + Co.Exception.Message);
        conn.Close();
    }

    private static IEnumerator<Yield> Drip(EndPoint server, string text, double every)
    {
        yield return Yield.From(CoSocket.Open(server, 5));
        CoSocket conn = Co.Result<CoSocket>();
        try
        {
            foreach (byte b in Encoding.ASCII.GetBytes(text))
            {
                yield return Co.Catch(conn.SendAll(new[] { b }, 5));
                if (Co.Exception is not null)
                {
                    yield break; // the server gave up on us
                }

                yield return Yield.Seconds(every);
            }
        }
        finally
        {
            conn.Close();
        }
    }

    private static IEnumerator<Yield> IdleThenSend(EndPoint server, double idle, string line)
    {
        yield return Yield.From(CoSocket.Open(server, 5));
        CoSocket conn = Co.Result<CoSocket>();
        yield return Yield.Seconds(idle);
        yield return conn.SendAll(Encoding.ASCII.GetBytes(line), 5);
        yield return Yield.Seconds(0.2);
        conn.Close();
    }

    [TestMethod]
    [Timeout(60_000)]
    public void Clients_dripping_a_line_byte_by_byte_time_out_but_an_idle_client_does_not()
    {
        using var loop = new EventLoop(ClockKind.Real);
        using CoSocket listener = CoSocket.Listen(Loopback);
        var outcomes = new List<string>();
        const int Drippers = 40;
        IEnumerator<Yield> Main()
        {
            CoTask server = Co.Spawn(ReadLines(listener, Drippers + 1, 0.4, outcomes));
            var clients = new List<Future>();
            for (int i = 0; i < Drippers; i++)
            {
                // Each byte comes well inside the per-receive timeout (5 s), but the line never completes in 0.4 s.
                clients.Add(Co.Spawn(Drip(listener.LocalEndPoint!, "a slow line that takes far too long\n", 0.05)));
            }

            // Idle for longer than the message timeout, then sends a whole line at once: its deadline starts with its first byte.
            clients.Add(Co.Spawn(IdleThenSend(listener.LocalEndPoint!, 0.8, "quick\n")));
            yield return Co.Gather(clients, returnExceptions: true);
            yield return Yield.From(TestCoroutines.Sleep(0.2, null));
            yield return server;
        }

        loop.Run(Main());
        Assert.AreEqual(Drippers + 1, outcomes.Count);
        Assert.AreEqual(1, outcomes.FindAll(o => o == "line: quick").Count, string.Join("\n", outcomes));
        Assert.AreEqual(Drippers, outcomes.FindAll(o => o.StartsWith("TimeoutException: The whole line did not arrive", StringComparison.Ordinal)).Count, string.Join("\n", outcomes));
    }

    [TestMethod]
    public void A_per_call_message_timeout_bounds_ReadExactly_and_ReadUntil()
    {
        using var loop = new EventLoop(ClockKind.Real);
        using CoSocket listener = CoSocket.Listen(Loopback);
        var outcomes = new List<string>();
        IEnumerator<Yield> Server()
        {
            yield return listener.Accept(10);
            CoSocket conn = listener.Accepted!;
            var reader = new SocketReader(conn);
            yield return Co.Catch(Yield.From(reader.ReadExactly(new byte[100], 0.3)));
            outcomes.Add("exactly: " + Co.Exception?.GetType().Name);
            yield return Co.Catch(Yield.From(reader.ReadUntil((byte)'!', 0.3)));
            outcomes.Add("until: " + Co.Exception?.GetType().Name);
            conn.Close();
        }

        IEnumerator<Yield> Main()
        {
            CoTask server = Co.Spawn(Server());
            yield return Yield.From(Drip(listener.LocalEndPoint!, new string('x', 40), 0.05));
            yield return server;
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "exactly: TimeoutException", "until: TimeoutException" }, outcomes);
    }

    [TestMethod]
    public void Message_timeouts_are_validated()
    {
        using CoSocket socket = new();
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SocketReader(socket, messageTimeoutSeconds: double.NaN));
        var reader = new SocketReader(socket, messageTimeoutSeconds: 2);
        Assert.AreEqual(2, reader.MessageTimeout);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => reader.ReadLine(double.NaN));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    private const int RlimitNofile = 7;

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out RLimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, ref RLimit limit);

    [TestMethod]
    [Timeout(60_000)]
    public void An_accept_loop_survives_descriptor_exhaustion_and_accepts_again_once_descriptors_are_free()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("Lowering the descriptor limit uses Linux's setrlimit.");
        }

        Assert.AreEqual(0, getrlimit(RlimitNofile, out RLimit original));
        using var loop = new EventLoop(ClockKind.Real);
        _ = loop.Selector;
        using CoSocket listener = CoSocket.Listen(Loopback);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var hogs = new List<FileStream>();
        var log = new List<string>();
        try
        {
            int open = Directory.GetFiles("/proc/self/fd").Length;
            var lowered = new RLimit { Current = (ulong)open + 16, Maximum = original.Maximum };
            Assert.AreEqual(0, setrlimit(RlimitNofile, ref lowered));
            try
            {
                while (true)
                {
                    hogs.Add(new FileStream("/dev/null", FileMode.Open, FileAccess.Read));
                }
            }
            catch (IOException)
            {
                // Every descriptor is taken.
            }

            client.Connect(listener.LocalEndPoint!); // completes in the kernel's backlog; needs no new descriptor here
            IEnumerator<Yield> AcceptLoop()
            {
                int failures = 0;
                while (true)
                {
                    yield return Co.Catch(listener.Accept(10));
                    if (Co.Exception is { } error)
                    {
                        Assert.IsTrue(CoSocket.IsTransientAcceptError(error), error.ToString());
                        if (failures++ == 0)
                        {
                            log.Add("accept failed: transient");
                            foreach (FileStream hog in hogs)
                            {
                                hog.Dispose(); // the server frees descriptors...
                            }

                            hogs.Clear();
                        }

                        yield return Yield.Seconds(0.05); // ...backs off, and accepts again
                        continue;
                    }

                    log.Add("accepted after " + failures + " failure(s)");
                    CoSocket conn = listener.Accepted!;
                    yield return conn.SendAll(new byte[] { 42 }, 5);
                    conn.Close();
                    yield break;
                }
            }

            loop.Run(AcceptLoop());
        }
        finally
        {
            foreach (FileStream hog in hogs)
            {
                hog.Dispose();
            }

            setrlimit(RlimitNofile, ref original);
        }

        var one = new byte[1];
        Assert.AreEqual(1, client.Receive(one));
        Assert.AreEqual(42, one[0]);
        CollectionAssert.AreEqual(new[] { "accept failed: transient", "accepted after 1 failure(s)" }, log);
    }
}
