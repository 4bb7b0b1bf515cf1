using System;
using System.Runtime.ExceptionServices;

namespace Engine;

// How a cancellation travels down what tasks await without the call stack growing with the chain.
//
// Cancelling or killing a task cancels the work it awaits (asyncio's rule), which cancels what that work awaits, and so
// on: a chain of 100,000 tasks each awaiting the next would be 100,000 nested calls, and a stack overflow ends the
// process (.NET cannot catch it). So every step of that descent, a waiter cancelling or killing the work it awaits
// (a task, a gather's children, a task group's children, a WhenAny's losers), goes through Work, which counts the
// nesting: up to DepthLimit levels it cancels the work at once, so at every depth that worked before the effects come
// in exactly the order of plain recursion; deeper, the step is deferred, and the outermost call runs the deferred
// steps, one after another, before it returns. Public entries (CoTask.Cancel and Kill, a gather's Cancel) called from
// code that runs inside a descent (a finally block a kill runs) run what they deferred before they return, so a Kill
// has always finished when it returns.
//
// A kill must finish its task after the work it awaits: the work's finally blocks run first, and a failure of its
// cleanup reaches the task. A task whose descent deferred anything therefore defers its own finish (DeferFinish),
// behind what its descent deferred. The deferred steps are run as a stack of segments: what a step defers runs before
// the steps deferred earlier than it, each segment in the order it was deferred, which for a chain is exactly the
// order of plain recursion (the deepest finally first, the root's last). In a tree wider than one child per level, the
// part of a subtree below the limit is cancelled after the upper part of its later siblings instead of before it.
internal sealed class CancelPropagation
{
    // Deep enough that no ordinary program reaches it; shallow enough that the descent and the finally blocks a kill
    // runs at the bottom fit in a 1 MB stack (Windows' and Unity's main thread).
    internal const int DefaultDepthLimit = 256;

    private Step[] _steps = Array.Empty<Step>();
    private int _count;
    private int _depth;

    // The nesting past which steps are deferred. Tests lower it to run every shape through the deferred path.
    internal int DepthLimit { get; set; } = DefaultDepthLimit;

    // How many steps are deferred now: a caller compares it before and after a call to learn whether the call left
    // anything deferred.
    public int Deferred => _count;

    // A waiter is being cancelled (immediate: killed) and so cancels the work it awaits.
    public void Work(Future work, bool immediate, string? message)
    {
        if (_depth >= DepthLimit)
        {
            Push(new Step(work, null, immediate, message));
            return;
        }

        int start = _count;
        _depth++;
        try
        {
            work.CancelFromWaiter(immediate, message);
        }
        finally
        {
            // Even when the cancel threw (an observer's callback), what it deferred is still cancelled.
            if (--_depth == 0)
            {
                RunDeferred(start);
            }
        }
    }

    // A task being killed whose descent deferred steps: it finishes (its finally blocks run) after them.
    public void DeferFinish(CoTask task) => Push(new Step(null, task, immediate: true, null));

    // Runs the steps deferred since start (a count read from Deferred), and what they defer in turn, before returning.
    // A step that throws (an observer's callback) does not stop the others; the first exception is rethrown at the end.
    public void RunDeferred(int start)
    {
        if (_count <= start)
        {
            return;
        }

        Array.Reverse(_steps, start, _count - start);
        ExceptionDispatchInfo? first = null;
        while (_count > start)
        {
            Step step = _steps[--_count];
            _steps[_count] = default;
            int before = _count;
            _depth++;
            try
            {
                if (step.Work is { } work)
                {
                    work.CancelFromWaiter(step.Immediate, step.Message);
                }
                else if (!step.Finish!.IsDone)
                {
                    step.Finish.FinishKill();
                }
            }
            catch (Exception e)
            {
                first ??= ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                _depth--;
            }

            Array.Reverse(_steps, before, _count - before);
        }

        first?.Throw();
    }

    private void Push(Step step)
    {
        if (_count == _steps.Length)
        {
            Array.Resize(ref _steps, Math.Max(16, _count * 2));
        }

        _steps[_count++] = step;
    }

    private readonly struct Step
    {
        public readonly Future? Work;
        public readonly CoTask? Finish;
        public readonly bool Immediate;
        public readonly string? Message;

        public Step(Future? work, CoTask? finish, bool immediate, string? message)
        {
            Work = work;
            Finish = finish;
            Immediate = immediate;
            Message = message;
        }
    }
}
