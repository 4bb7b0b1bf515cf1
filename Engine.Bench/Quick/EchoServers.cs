using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Engine.IO;

namespace Engine.Bench.Quick;

// The two C# echo servers of `quick echo`, each run in its own process (`echo-server engine|dotnet PORT`):
// this engine on one thread, and the idiomatic .NET async/await Socket server.
public static class EchoServers
{
    public static int Run(string[] args)
    {
        string kind = args[1];
        int port = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        if (kind == "engine")
        {
            using var loop = new EventLoop(ClockKind.Real);
            using CoSocket listener = CoSocket.Listen(new IPEndPoint(IPAddress.Loopback, port), 1024);
            Console.WriteLine("ready");
            loop.Run(AcceptLoop(listener));
            return 0;
        }

        if (kind == "dotnet")
        {
            RunDotnet(port).GetAwaiter().GetResult();
            return 0;
        }

        Console.Error.WriteLine("unknown server " + kind);
        return 2;
    }

    private static IEnumerator<Yield> AcceptLoop(CoSocket listener)
    {
        while (true)
        {
            yield return listener.Accept();
            Co.Spawn(Echo(listener.Accepted!));
        }
    }

    private static IEnumerator<Yield> Echo(CoSocket conn)
    {
        byte[] buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                yield return conn.Receive(buffer);
                int n = conn.BytesReceived;
                if (n == 0)
                {
                    yield break;
                }

                yield return conn.SendAll(buffer.AsMemory(0, n));
            }
        }
        finally
        {
            conn.Close();
        }
    }

    private static async Task RunDotnet(int port)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(1024);
        Console.WriteLine("ready");
        while (true)
        {
            Socket s = await listener.AcceptAsync().ConfigureAwait(false);
            s.NoDelay = true;
            _ = Handle(s);
        }
    }

    private static async Task Handle(Socket s)
    {
        byte[] buffer = new byte[16 * 1024];
        using (s)
        {
            try
            {
                while (true)
                {
                    int n = await s.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return;
                    }

                    await s.SendAsync(buffer.AsMemory(0, n), SocketFlags.None).ConfigureAwait(false);
                }
            }
            catch (SocketException)
            {
                // client went away
            }
        }
    }
}
