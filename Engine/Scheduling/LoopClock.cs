using System.Diagnostics;

namespace Engine;

// A clock strategy: how an EventLoop reads its time and what it does when an iteration leaves nothing ready. The
// three clocks differ only here; one iteration routine (EventLoop.RunIteration) serves Run, RunUntil,
// RunUntilComplete and Tick.
//
// Real: reads the monotonic clock once per iteration (so timers set in one iteration share due times and buckets)
// and sleeps in the selector until the next timer, socket event or post. Virtual: time stands still while work is
// ready and jumps to the next timer when none is. Frame: the host advances time with Tick(dt) and drives one
// iteration per frame; it never idles.
internal abstract class LoopClock
{
    public abstract ClockKind Kind { get; }

    // The loop time for a new iteration.
    public abstract double ReadTime(double current);

    // Nothing is ready. Wait for work or advance time, but not past until. Returns false when nothing can happen any
    // more before until: the run ends (or, when the run waits for a future, it is a deadlock).
    public abstract bool Idle(EventLoop loop, double until, bool waitingForFuture);

    // A restored loop continues at the saved time: the real clock counts on from it (the waits keep the time they had
    // left when saved); the virtual and frame clocks take the loop's own time and need nothing.
    public virtual void ContinueFrom(double time)
    {
    }

    public static LoopClock Create(ClockKind kind) => kind switch
    {
        ClockKind.Virtual => new VirtualClock(),
        ClockKind.Frame => new FrameClock(),
        _ => new RealClock(),
    };

    private sealed class RealClock : LoopClock
    {
        private long _start = Stopwatch.GetTimestamp();
        private double _origin; // the loop time at _start: 0, or the saved time of a restored loop

        public override ClockKind Kind => ClockKind.Real;

        public override double ReadTime(double current) => _origin + (Stopwatch.GetTimestamp() - _start) / (double)Stopwatch.Frequency;

        public override void ContinueFrom(double time)
        {
            _start = Stopwatch.GetTimestamp();
            _origin = time;
        }

        public override bool Idle(EventLoop loop, double until, bool waitingForFuture)
        {
            double now = ReadTime(0);
            if (now >= until)
            {
                return false;
            }

            double wait = until - now;
            if (loop.TryPeekTimer(out double due))
            {
                wait = System.Math.Min(wait, due - now);
            }
            else if (double.IsPositiveInfinity(wait) && loop.IsStalled)
            {
                // Nothing inside the loop can wake anything and no outside work is announced: instead of sleeping forever
                // (a silent deadlock), report it, after StallTimeout for a post from a thread the loop was not told
                // about (the stall rule: Loop/EventLoop.Observe.cs).
                return loop.WaitOutStall();
            }

            if (loop.HasPolls)
            {
                wait = System.Math.Min(wait, 0.001); // predicates are polled about once a millisecond while idle
            }

            loop.WaitForWork(wait);
            return true;
        }
    }

    private sealed class VirtualClock : LoopClock
    {
        public override ClockKind Kind => ClockKind.Virtual;

        public override double ReadTime(double current) => current;

        public override bool Idle(EventLoop loop, double until, bool waitingForFuture)
        {
            if (loop.PendingExternalWork > 0)
            {
                // Virtual time stands still while thread-pool work (ToThread) is out: its result arrives at the same
                // simulated time however long the thread takes.
                loop.WaitForExternalWork();
                return true;
            }

            if (loop.TryPeekTimer(out double due))
            {
                if (due > until)
                {
                    return false;
                }

                loop.AdvanceVirtualTime(due);
                return true;
            }

            if (!waitingForFuture)
            {
                return false;
            }

            if (loop.HasPolls)
            {
                return true; // a predicate may still change: keep iterating (each iteration is a frame)
            }

            // Tasks parked on sockets can still be woken from outside: wait for them in real time (docs/io.md: the
            // virtual clock and sockets) instead of declaring a deadlock.
            return loop.WaitForSockets();
        }
    }

    private sealed class FrameClock : LoopClock
    {
        public override ClockKind Kind => ClockKind.Frame;

        public override double ReadTime(double current) => current;

        public override bool Idle(EventLoop loop, double until, bool waitingForFuture) => false;
    }
}
