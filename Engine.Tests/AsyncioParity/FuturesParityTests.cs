using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.AsyncioParity;

// CPython Lib/test/test_asyncio/test_futures.py, in the engine's generator form: Future<T>. Not mirrored: the engine has
// no remove_done_callback (test_remove_done_callback, test_callbacks_remove_*), nor concurrent.futures wrapping
// (test_wrap_future*, covered by Co.FromTask in docs/interop.md).
[TestClass]
public sealed class FuturesParityTests
{
    [TestMethod] // BaseFutureTests.test_initial_state, test_cancel
    public void Future_cancel_once_then_false()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var f = new Future<int>(loop);
        Assert.IsFalse(f.IsDone);
        Assert.IsFalse(f.IsCancelled);
        Assert.IsTrue(f.Cancel());
        Assert.IsTrue(f.IsCancelled);
        Assert.IsTrue(f.IsDone);
        Assert.ThrowsExactly<CancelledException>(() => _ = f.Result);
        Assert.ThrowsExactly<CancelledException>(() => f.ThrowIfFailed());
        Assert.ThrowsExactly<InvalidOperationException>(() => f.SetResult(1));
        Assert.ThrowsExactly<InvalidOperationException>(() => f.SetException(new InvalidOperationException()));
        Assert.IsFalse(f.Cancel());
    }

    [TestMethod] // BaseFutureTests.test_result
    public void Future_result_once_then_done()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var f = new Future<int>(loop);
        Assert.ThrowsExactly<InvalidOperationException>(() => _ = f.Result);
        f.SetResult(42);
        Assert.IsTrue(f.IsDone);
        Assert.AreEqual(42, f.Result);
        Assert.IsNull(f.Exception);
        Assert.ThrowsExactly<InvalidOperationException>(() => f.SetResult(1));
        Assert.IsFalse(f.Cancel());
    }

    [TestMethod] // BaseFutureTests.test_exception
    public void Future_exception_once_then_done()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var f = new Future<int>(loop);
        var exc = new InvalidOperationException("boom");
        f.SetException(exc);
        Assert.IsTrue(f.IsDone);
        Assert.AreSame(exc, Assert.ThrowsExactly<InvalidOperationException>(() => _ = f.Result));
        Assert.AreSame(exc, f.Exception);
        Assert.ThrowsExactly<InvalidOperationException>(() => f.SetResult(1));
        Assert.IsFalse(f.Cancel());
    }

    [TestMethod] // BaseFutureTests.test_future_cancel_message_getter
    public void Future_cancel_message_reaches_the_waiter()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var f = new Future<int>();
            Co.Loop.CallSoon(() => f.Cancel("my message"));
            yield return Yield.Catch(f);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            Assert.AreEqual("my message", Co.Exception!.Message);
            Assert.AreEqual("my message", f.CancelMessage);
        }
    }

    [TestMethod] // BaseFutureTests.test_set_result_unless_cancelled
    public void Future_try_set_result_after_cancel_is_refused()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var f = new Future<int>(loop);
        f.Cancel();
        Assert.IsFalse(f.TrySetResult(2));
        Assert.IsTrue(f.IsCancelled);
    }

    [TestMethod] // BaseFutureTests.test_iter, test_yield_from_twice
    public void Future_awaited_twice_gives_the_same_result()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var f = new Future<string>();
            Co.Loop.CallLater(1, () => f.SetResult("x"));
            yield return f;
            Assert.AreEqual("x", Co.Result<string>());
            yield return f;
            Assert.AreEqual("x", Co.Result<string>());
            Assert.AreEqual(1.0, Co.Time);
        }
    }

    [TestMethod] // FutureDoneCallbackTests.test_callbacks_invoked_on_set_result, test_callbacks_invoked_on_set_exception
    public void Future_callbacks_run_later_in_registration_order()
    {
        var bag = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var ok = new Future<int>();
            ok.OnCompleted(_ => bag.Add("a"));
            ok.OnCompleted(_ => bag.Add("b"));
            ok.OnCompleted(_ => bag.Add("c"));
            ok.SetResult(10);
            Assert.AreEqual(0, bag.Count, "callbacks never run inline");
            yield return Yield.NextTick;
            CollectionAssert.AreEqual(new[] { "a", "b", "c" }, bag);

            var failed = new Future<int>();
            failed.OnCompleted(f => bag.Add("failed: " + f.Exception!.Message));
            failed.SetException(new InvalidOperationException("boom"));
            yield return Yield.NextTick;
            Assert.AreEqual("failed: boom", bag[3]);

            var done = new Future<int>();
            done.SetResult(1);
            done.OnCompleted(_ => bag.Add("late"));
            Assert.AreEqual(4, bag.Count, "a callback added to a done future is scheduled, not run inline");
            yield return Yield.NextTick;
            Assert.AreEqual("late", bag[4]);
        }
    }

    [TestMethod] // BaseFutureTests.test_tb_logger_exception_unretrieved, test_tb_logger_exception_retrieved, test_tb_logger_not_called_after_cancel
    public void Future_unretrieved_failure_is_reported_once_it_can_never_be_retrieved()
    {
        var reported = new List<string>();
        var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = c => reported.Add(c.Exception?.Message ?? c.Message) };
        var unread = new Future<int>(loop);
        unread.SetException(new InvalidOperationException("unread"));
        var read = new Future<int>(loop);
        read.SetException(new InvalidOperationException("read"));
        _ = read.Exception;
        var cancelled = new Future<int>(loop);
        cancelled.Cancel();
        loop.Dispose();
        CollectionAssert.AreEqual(new[] { "unread" }, reported);
    }
}
