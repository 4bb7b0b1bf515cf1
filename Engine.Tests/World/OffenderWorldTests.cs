using System;
using System.Net;
using System.Threading;
using Engine.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// The error for a world that cannot be saved lists every offender at once, each with where it is (task, field) and its
// type: a user Future<T> subclass, a compiler iterator, lambda callbacks, an open socket, a CancellationToken task.
[TestClass]
public sealed class OffenderWorldTests
{
    [TestMethod]
    public void EveryOffenderOfOneWorldIsListedInOneError()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        using CoSocket listener = CoSocket.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        using var source = new CancellationTokenSource();
        var ticket = new Ticket(loop, "A");
        var future = new Future<int>(loop);
        int called = 0;
        loop.Spawn(new OffenderWorldCoroutines.AcceptOneMachine(listener), "socket");
        loop.Spawn(new OffenderWorldCoroutines.AwaitTicketMachine(ticket), "ticket");
        loop.Spawn(new OffenderWorldCoroutines.AwaitFutureMachine(future), "future");
        loop.Spawn(OffenderWorldCoroutines.PlainNap(5), "iterator");
        loop.Spawn(new OffenderWorldCoroutines.NapMachine(5), source.Token, "token");
        loop.CallLater(2, () => called++);
        future.OnCompleted(_ => called++);
        loop.RunOnce();

        NotSupportedException e = Assert.ThrowsExactly<NotSupportedException>(() => loop.Save());
        const string Coroutines = "Engine.Tests.World.OffenderWorldCoroutines";
        string[] expected =
        {
            // A user Future<T> subclass, once, with the other places that hold it.
            "task 'ticket' field 'Top' coroutine '" + Coroutines + ".AwaitTicket' pending instruction Await holds a Engine.Tests.World.Ticket: " +
                "a future of a type the snapshot does not know (a subclass of Future<T> of your own?): register an ISaveConverter for it, " +
                "or keep its state in an engine Future<T> and a savable object beside it (also at task 'ticket' field 'Top' coroutine '" + Coroutines +
                ".AwaitTicket' field '_arg_ticket'; task 'ticket' field 'Top' coroutine '" + Coroutines + ".AwaitTicket' field '_ticket')",

            // A compiler iterator.
            "task 'iterator' field 'Top' holds a " + Coroutines + "+<PlainNap>d__",
            "a compiler iterator, whose position cannot be saved: mark its method [Coroutine]",

            // Lambda callbacks: a timer's and a future's done callback.
            "the timer queue at 2 callback field 'Action' holds a delegate to Engine.Tests.World.OffenderWorldTests+<>c__DisplayClass",
            "field 'Waiters' [0] holds a delegate to Engine.Tests.World.OffenderWorldTests+<>c__DisplayClass",

            // An open socket: the field, the operation in flight and the wait.
            "task 'socket' field 'Top' coroutine '" + Coroutines + ".AcceptOne' field '_arg_listener' holds a Engine.IO.CoSocket: an open socket: " +
                "a snapshot cannot save a connection; close it before saving and open it again after the restore (also at task 'socket' field 'Top' coroutine '" +
                Coroutines + ".AcceptOne' field '_listener')",
            "task 'socket' field 'Top' coroutine '" + Coroutines + ".AcceptOne' pending instruction SocketOperation holds a Engine.IO.AcceptOperation: a socket operation in flight",
            "task 'socket' waits on SocketOperation, which a snapshot does not save yet (sockets are not saved)",

            // A task driven by a CancellationToken.
            "task 'token' is bound to a CancellationToken (Engine.Interop)",
        };
        foreach (string part in expected)
        {
            StringAssert.Contains(e.Message, part);
        }

        StringAssert.StartsWith(e.Message, "Cannot snapshot the event loop: 8 values cannot be saved:\n");
        Assert.AreEqual(8, e.Message.Split('\n').Length - 2, e.Message);
    }
}
