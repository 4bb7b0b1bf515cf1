using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.AsyncioParity;

// A task whose coroutine lets a CancelledException escape ends cancelled, as asyncio's Task.__step does with a
// CancelledError (it saves the exception as _cancelled_exc and cancels itself): whoever awaits the task receives that
// very exception (_make_cancelled_error hands it back), so its message is kept, whether or not Cancel(msg) was called
// before; one raised without a message leaves the task without a cancel message, as CancelledError() has no args.
[TestClass]
public sealed class CancelledRaiseParityTests
{
    private static IEnumerator<Yield> Raise(Exception error)
    {
        yield return Yield.NextTick;
        throw error;
    }

    [TestMethod] // BaseTaskTests.test_cancel_with_message_before_starting_task's shape, raised by the coroutine itself
    public void Raised_with_a_message_the_task_is_cancelled_with_it()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var original = new CancelledException("my message");
            CoTask t = Co.Spawn(Raise(original), "x");
            yield return Yield.Catch(t);
            Assert.IsTrue(t.IsCancelled);
            Assert.AreEqual("my message", t.CancelMessage);
            Assert.AreSame(original, Co.Exception, "the waiter receives the very exception (asyncio's _cancelled_exc)");
            Assert.IsNull(t.Exception);
        }
    }

    [TestMethod]
    public void Raised_without_a_message_the_task_has_no_cancel_message()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var original = new CancelledException();
            CoTask t = Co.Spawn(Raise(original), "x");
            yield return Yield.Catch(t);
            Assert.IsTrue(t.IsCancelled);
            Assert.IsNull(t.CancelMessage, "CancelledError() has no args: no message, not a generated one");
            Assert.AreSame(original, Co.Exception);

            // Awaiting it again: the same exception, and ThrowIfFailed throws it too.
            yield return Yield.Catch(t);
            Assert.AreSame(original, Co.Exception);
            Assert.AreSame(original, Assert.ThrowsExactly<CancelledException>(() => t.ThrowIfFailed()));
        }
    }

    [TestMethod] // asyncio: task.cancel("a") during the step, then the coroutine raises CancelledError("b"): "b" is kept
    [DataRow("b")]
    [DataRow(null)]
    public void Raised_after_Cancel_with_a_message_the_raised_exception_wins(string? raised)
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask? self = null;
            CancelledException original = raised is null ? new CancelledException() : new CancelledException(raised);
            IEnumerator<Yield> Body()
            {
                yield return Yield.NextTick;
                self!.Cancel("a");
                throw original;
            }

            self = Co.Spawn(Body(), "y");
            yield return Yield.Catch(self);
            Assert.IsTrue(self.IsCancelled);
            Assert.AreEqual(raised, self.CancelMessage, "Future.cancel() in __step resets the message to the exception's");
            Assert.AreSame(original, Co.Exception);
        }
    }

    [TestMethod] // raised by a child coroutine the task runs (yield from), or by a task it awaits
    [DataRow("child coroutine", "m")]
    [DataRow("child coroutine", null)]
    [DataRow("awaited task", "m")]
    [DataRow("awaited task", null)]
    [DataRow("awaited task cancelled", "m")]
    [DataRow("awaited task cancelled", null)]
    public void Raised_from_what_the_task_awaited_keeps_its_message(string shape, string? message)
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CancelledException original = message is null ? new CancelledException() : new CancelledException(message);
            CoTask? child = null;
            IEnumerator<Yield> Parent()
            {
                switch (shape)
                {
                    case "child coroutine":
                        yield return Yield.From(Raise(original));
                        break;
                    case "awaited task":
                        child = Co.Spawn(Raise(original), "child");
                        yield return child;
                        break;
                    default:
                        child = Co.Spawn(Parity.Sleep(10), "child");
                        yield return child;
                        break;
                }
            }

            CoTask parent = Co.Spawn(Parent(), "parent");
            yield return Yield.NextTick;
            if (shape == "awaited task cancelled")
            {
                child!.Cancel(message);
            }

            yield return Yield.Catch(parent);
            Exception? received = Co.Exception;
            Assert.IsTrue(parent.IsCancelled, shape);
            Assert.AreEqual(message, parent.CancelMessage, shape + ": nobody cancelled the parent; it keeps the message (or none)");
            Assert.IsInstanceOfType<CancelledException>(received);
            if (shape == "awaited task cancelled")
            {
                Assert.AreEqual(message ?? "Task 'child' was cancelled.", received!.Message, "the readable text of a cancellation without a message");
            }
            else
            {
                Assert.AreSame(original, received, shape);
            }

            yield return Yield.Catch(parent);
            Assert.AreSame(received, Co.Exception, "every waiter receives the exception that ended the parent");
            if (child is not null)
            {
                Assert.IsTrue(child.IsCancelled);
                Assert.AreEqual(message, child.CancelMessage);
            }
        }
    }

    [TestMethod] // a gather over such a task is cancelled too, and the loop's run of it raises the exception
    public void Run_of_a_task_that_raised_a_cancellation_throws_it()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var original = new CancelledException("stop");
        CancelledException thrown = Assert.ThrowsExactly<CancelledException>(() => loop.Run(Raise(original)));
        Assert.AreEqual("stop", thrown.Message);
    }
}
