using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text;
using Engine;
using Engine.IO;

// A line-based chat room: every line a client sends reaches all the others.
//   dotnet run --project examples/Chat -- [PORT]     serve on 127.0.0.1:PORT (8888 by default); connect with nc
//   dotnet run --project examples/Chat -- --demo     server plus two scripted clients, prints the transcript, exits
bool demo = args.Length > 0 && args[0] == "--demo";
int port = !demo && args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : demo ? 0 : 8888;
var room = new ChatRoom();
using CoSocket listener = CoSocket.Listen(new IPEndPoint(IPAddress.Loopback, port));
Console.WriteLine($"chat room on {listener.LocalEndPoint}");
if (demo)
{
    Co.Run(Demo(listener, room));
}
else
{
    Console.WriteLine($"join it from two terminals: nc 127.0.0.1 {((IPEndPoint)listener.LocalEndPoint!).Port}");
    Co.Run(room.Serve(listener));
}

return 0;

static IEnumerator<Yield> Demo(CoSocket listener, ChatRoom room)
{
    CoTask server = Co.Spawn(room.Serve(listener), "server");
    CoTask alice = Co.Spawn(Bot(listener.LocalEndPoint!, "alice", new[] { "hi all", "anyone here?" }, 0.00));
    CoTask bob = Co.Spawn(Bot(listener.LocalEndPoint!, "bob", new[] { "hello alice" }, 0.05));
    yield return Co.Gather(alice, bob);
    server.Cancel();
}

static IEnumerator<Yield> Bot(EndPoint server, string name, string[] lines, double delay)
{
    yield return Yield.Seconds(delay);
    yield return Yield.From(CoSocket.Open(server, 5));
    using CoSocket conn = Co.Result<CoSocket>();
    var reader = new SocketReader(conn, timeoutSeconds: 5);
    var writer = new SocketWriter(conn);
    CoTask listen = Co.Spawn(Listen(reader, name));
    yield return Yield.Seconds(0.1);
    writer.Write("/nick " + name + "\n");
    foreach (string line in lines)
    {
        yield return Yield.Seconds(0.1);
        writer.Write(line + "\n");
        yield return writer.Drain();
    }

    yield return Yield.Seconds(0.3);
    listen.Cancel();
}

static IEnumerator<Yield> Listen(SocketReader reader, string name)
{
    while (true)
    {
        yield return Yield.From(reader.ReadLine());
        string? line = Co.Result<string?>();
        if (line is null)
        {
            yield break;
        }

        Console.WriteLine($"  [{name}'s screen] {line}");
    }
}

// The room: one task per member reads its lines; a line is written to every other member's SocketWriter.
// Write never waits, so one slow member cannot stall the room; a member whose backlog passes 1 MiB is dropped.
internal sealed class ChatRoom
{
    private const int MaxBacklog = 1024 * 1024;
    private readonly List<Member> _members = new();
    private int _guests;

    public IEnumerator<Yield> Serve(CoSocket listener)
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
                Console.Error.WriteLine($"chat: accept failed ({error.Message}); retrying in 100 ms");
                yield return Yield.Seconds(0.1);
                continue;
            }

            Co.Spawn(Session(listener.Accepted!));
        }
    }

    private IEnumerator<Yield> Session(CoSocket conn)
    {
        var member = new Member(conn, "guest-" + ++_guests);
        var reader = new SocketReader(conn, limit: 4096, messageTimeoutSeconds: 300); // a line may take 5 minutes, no more
        _members.Add(member);
        member.Writer.Write($"welcome, {member.Name}! {_members.Count - 1} other(s) here. /nick NAME renames you.\n");
        Broadcast(member, $"* {member.Name} joined");
        try
        {
            while (true)
            {
                yield return Yield.Catch(reader.ReadLine());
                string? line = Co.Exception is null ? Co.Result<string?>() : null;
                if (line is null)
                {
                    break;
                }

                if (line.StartsWith("/nick ", StringComparison.Ordinal) && line.Length > 6)
                {
                    string old = member.Name;
                    member.Name = line.Substring(6).Trim();
                    Broadcast(member, $"* {old} is now {member.Name}");
                    continue;
                }

                Broadcast(member, $"{member.Name}: {line}");
                yield return member.Writer.Drain();
            }
        }
        finally
        {
            _members.Remove(member);
            conn.Close();
            Broadcast(member, $"* {member.Name} left");
        }
    }

    private void Broadcast(Member from, string text)
    {
        Console.WriteLine(text);
        byte[] line = Encoding.UTF8.GetBytes(text + "\n");
        for (int i = _members.Count - 1; i >= 0; i--)
        {
            Member m = _members[i];
            if (ReferenceEquals(m, from))
            {
                continue;
            }

            try
            {
                m.Writer.Write(line);
                if (m.Writer.Buffered > MaxBacklog)
                {
                    m.Socket.Close(); // its session ends with ObjectDisposedException and leaves the room
                }
            }
            catch (Exception e) when (e is ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                // It is leaving; its own session cleans up.
            }
        }
    }

    private sealed class Member
    {
        public Member(CoSocket socket, string name)
        {
            Socket = socket;
            Writer = new SocketWriter(socket);
            Name = name;
        }

        public CoSocket Socket { get; }

        public SocketWriter Writer { get; }

        public string Name { get; set; }
    }
}
