using System;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Engine.IO;

namespace Engine.Bench.Quick;

// The load generator of `quick echo`, run in its own process: `echo-client PORT CONNECTIONS SIZE SECONDS WARMUP`.
// One thread, a raw selector loop (no coroutines): each connection sends SIZE bytes, waits for all of them
// to come back, and sends again. Prints the round trips per second of the measured window and the
// total round trips (warm-up included). Kept minimal
// so that the client, not the server under test, has CPU to spare.
public static class EchoClient
{
    public static int Run(string[] args)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        int port = int.Parse(args[1], inv);
        int connections = int.Parse(args[2], inv);
        int size = int.Parse(args[3], inv);
        double seconds = double.Parse(args[4], inv);
        double warmup = double.Parse(args[5], inv);

        using Selector selector = Selector.CreateDefault();
        var sockets = new Socket[connections];
        var received = new int[connections];
        byte[] message = new byte[size];
        byte[] buffer = new byte[64 * 1024];
        for (int i = 0; i < connections; i++)
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            s.Connect(new IPEndPoint(IPAddress.Loopback, port));
            s.Blocking = false;
            sockets[i] = s;
            selector.Register(s, IoEvents.Read, i);
            s.Send(message);
        }

        var events = new SelectorEvent[1024];
        long trips = 0;
        long startCount = 0;
        var clock = Stopwatch.StartNew();
        double measureStart = warmup;
        double end = warmup + seconds;
        bool measuring = false;
        while (true)
        {
            double now = clock.Elapsed.TotalSeconds;
            if (!measuring && now >= measureStart)
            {
                measuring = true;
                startCount = trips;
                measureStart = now;
            }

            if (now >= end)
            {
                double rate = (trips - startCount) / (now - measureStart);
                Console.WriteLine(rate.ToString("0", inv) + " " + trips.ToString(inv));
                break;
            }

            int n = selector.Select(0.1, events);
            for (int e = 0; e < n; e++)
            {
                int i = (int)events[e].Data;
                Socket s = sockets[i];
                int got = s.Receive(buffer, 0, buffer.Length, SocketFlags.None, out SocketError err);
                if (err == SocketError.WouldBlock)
                {
                    continue;
                }

                if (err != SocketError.Success || got == 0)
                {
                    Console.Error.WriteLine("connection " + i + " ended: " + err);
                    return 1;
                }

                received[i] += got;
                while (received[i] >= size)
                {
                    received[i] -= size;
                    trips++;
                    s.Send(message, 0, size, SocketFlags.None, out _);
                }
            }
        }

        foreach (Socket s in sockets)
        {
            s.Dispose();
        }

        return 0;
    }
}
