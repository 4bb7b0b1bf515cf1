using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Engine;
using Engine.IO;

// An echo server and client on Engine's sockets.
//   dotnet run --project examples/Echo                      both in one loop: a short self-test
//   dotnet run --project examples/Echo -- --server 8007     serve until Ctrl+C
//   dotnet run --project examples/Echo -- --client 127.0.0.1 8007 [messages...]
if (args.Length >= 2 && args[0] == "--server")
{
    int port = int.Parse(args[1], CultureInfo.InvariantCulture);
    using CoSocket listener = CoSocket.Listen(new IPEndPoint(IPAddress.Loopback, port));
    Console.WriteLine($"echo server on {listener.LocalEndPoint}; try: nc 127.0.0.1 {port}");
    Co.Run(Serve(listener, verbose: true));
    return 0;
}

if (args.Length >= 3 && args[0] == "--client")
{
    var server = new IPEndPoint(IPAddress.Parse(args[1]), int.Parse(args[2], CultureInfo.InvariantCulture));
    string[] messages = args.Length > 3 ? args[3..] : new[] { "hello", "from", "Engine" };
    Co.Run(Client(server, messages));
    return 0;
}

if (args.Length > 0)
{
    Console.Error.WriteLine("usage: Echo [--server PORT | --client HOST PORT [messages...]]");
    return 2;
}

// Self-test: server and client in one loop, on one thread.
using (CoSocket listener = CoSocket.Listen(new IPEndPoint(IPAddress.Loopback, 0)))
{
    Console.WriteLine($"server listening on {listener.LocalEndPoint}");
    Co.Run(SelfTest(listener));
}

return 0;

static IEnumerator<Yield> SelfTest(CoSocket listener)
{
    CoTask server = Co.Spawn(Serve(listener, verbose: true), "server");
    yield return Yield.From(Client(listener.LocalEndPoint!, new[] { "hello", "from", "Engine" }));

    // A quick measure: 10,000 round trips of 64 bytes on one connection.
    yield return Yield.From(CoSocket.Open(listener.LocalEndPoint!, 5));
    using CoSocket conn = Co.Result<CoSocket>();
    byte[] message = new byte[64];
    byte[] reply = new byte[64];
    var watch = Stopwatch.StartNew();
    for (int i = 0; i < 10_000; i++)
    {
        yield return conn.SendAll(message);
        for (int got = 0; got < reply.Length; got += conn.BytesReceived)
        {
            yield return conn.Receive(reply.AsMemory(got), 5);
            if (conn.BytesReceived == 0)
            {
                throw new InvalidOperationException("server closed early");
            }
        }
    }

    Console.WriteLine($"client: 10,000 round trips of 64 bytes in {watch.Elapsed.TotalMilliseconds:0} ms on one thread");
    conn.Close();
    yield return Yield.Seconds(0.05);
    server.Cancel();
    Console.WriteLine("self-test passed");
}

static IEnumerator<Yield> Serve(CoSocket listener, bool verbose)
{
    while (true)
    {
        yield return Co.Catch(listener.Accept());
        if (Co.Exception is { } error)
        {
            if (!CoSocket.IsTransientAcceptError(error))
            {
                throw error;
            }

            // Out of file descriptors (EMFILE): the connection waits in the backlog; back off, then accept again.
            Console.Error.WriteLine($"server: accept failed ({error.Message}); retrying in 100 ms");
            yield return Yield.Seconds(0.1);
            continue;
        }

        Co.Spawn(EchoConnection(listener.Accepted!, verbose));
    }
}

static IEnumerator<Yield> EchoConnection(CoSocket conn, bool verbose)
{
    EndPoint? peer = conn.Socket.RemoteEndPoint;
    if (verbose)
    {
        Console.WriteLine($"server: {peer} connected");
    }

    byte[] buffer = new byte[16 * 1024];
    long total = 0;
    try
    {
        while (true)
        {
            yield return conn.Receive(buffer);
            int n = conn.BytesReceived;
            if (n == 0)
            {
                break;
            }

            total += n;
            yield return conn.SendAll(buffer.AsMemory(0, n));
        }
    }
    finally
    {
        conn.Close();
        if (verbose)
        {
            Console.WriteLine($"server: {peer} left after {total} bytes");
        }
    }
}

static IEnumerator<Yield> Client(EndPoint server, string[] messages)
{
    yield return Yield.From(CoSocket.Open(server, 5));
    using CoSocket conn = Co.Result<CoSocket>();
    var reader = new SocketReader(conn, timeoutSeconds: 5);
    foreach (string text in messages)
    {
        yield return conn.SendAll(Encoding.UTF8.GetBytes(text + "\n"));
        yield return Yield.From(reader.ReadLine());
        Console.WriteLine($"client: sent '{text}', got back '{Co.Result<string>()}'");
    }
}
