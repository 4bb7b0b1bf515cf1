using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Engine.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Docs;

// The code of docs/io.md, compiled and run. The doc quotes these methods verbatim (checked by DocSnippetTests).
[TestClass]
public sealed class IoSnippets
{
    private static IEnumerator<Yield> WaitForData(Socket socket)
    {
        yield return Yield.Readable(socket, timeoutSeconds: 5);   // any System.Net.Sockets.Socket
        yield return Yield.Writable(socket);
    }

    private static IEnumerator<Yield> Serve(CoSocket listener)
    {
        yield return listener.Accept();
        using CoSocket conn = listener.Accepted!;
        byte[] buffer = new byte[1024];
        yield return conn.Receive(buffer);
        int n = conn.BytesReceived;                    // 0 = end of stream
        yield return conn.SendAll(buffer.AsMemory(0, n));
    }

    private static IEnumerator<Yield> Client(EndPoint server, List<string> log)
    {
        var conn = new CoSocket(AddressFamily.InterNetwork);
        yield return conn.Connect(server, timeoutSeconds: 5);
        yield return conn.Send(Encoding.UTF8.GetBytes("hi"));
        int sent = conn.BytesSent;                     // at least one byte
        conn.ShutdownSend();                           // half-close: the peer reads end of stream
        var reply = new byte[16];
        yield return conn.Receive(reply, timeoutSeconds: 5);
        log.Add(Encoding.UTF8.GetString(reply, 0, conn.BytesReceived));
        conn.Close();                                  // wakes its waiters with ObjectDisposedException
        log.Add("sent " + sent);
    }

    private static IEnumerator<Yield> OpenAndShout(EndPoint server, List<string> log)
    {
        yield return Yield.From(CoSocket.Open(server, timeoutSeconds: 5));
        using CoSocket conn = Co.Result<CoSocket>();
        yield return conn.SendAll(Encoding.UTF8.GetBytes("one\ntwo\n"));
        conn.ShutdownSend();
        var reader = new SocketReader(conn, timeoutSeconds: 5);
        for (int i = 0; i < 2; i++)
        {
            yield return Yield.From(reader.ReadLine());
            log.Add(Co.Result<string>());
        }
    }

    private static IEnumerator<Yield> Shout(CoSocket conn)
    {
        var reader = new SocketReader(conn);
        var writer = new SocketWriter(conn);
        while (true)
        {
            yield return Yield.From(reader.ReadLine());
            string? line = Co.Result<string?>();
            if (line is null)
            {
                break;
            }

            writer.Write(line.ToUpperInvariant() + "\n");
            yield return writer.Drain();
        }

        yield return writer.Flush();
    }

    private static IEnumerator<Yield> ShoutServer(CoSocket listener)
    {
        yield return listener.Accept();
        using CoSocket conn = listener.Accepted!;
        yield return Yield.From(Shout(conn));
    }

    [TestMethod]
    [Timeout(30_000)]
    public void Socket_snippets_run()
    {
        var log = new List<string>();
        using var loop = new EventLoop(ClockKind.Real);
        using CoSocket listener = CoSocket.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        loop.Spawn(Serve(listener));
        loop.Run(Client(listener.LocalEndPoint!, log));
        loop.Spawn(ShoutServer(listener));
        loop.Run(OpenAndShout(listener.LocalEndPoint!, log));
        CollectionAssert.AreEqual(new[] { "hi", "sent 2", "ONE", "TWO" }, log);

        using var a = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        a.Connect(listener.LocalEndPoint!);
        loop.Spawn(AcceptAndSend(listener));
        loop.Run(WaitForData(a));
    }

    private static IEnumerator<Yield> AcceptAndSend(CoSocket listener)
    {
        yield return listener.Accept();
        using CoSocket conn = listener.Accepted!;
        yield return conn.SendAll(new byte[] { 1 });
    }
}
