using System.Net.Sockets;

namespace Engine.IO;

// One socket's state in a loop's IoDriver: its selector interest, and at most one waiting task per
// direction (reader, writer), each with the wait version it parked with, the operation to retry on
// readiness, and its deadline.
//
// Timeouts are lazy: each direction has at most one timer in the loop's queue (IoTimer). A wait that parks
// with a deadline later than the pending timer just records it; when the timer fires early it re-arms for
// the current deadline. A server that waits with a 30 s timeout 100,000 times a second thus keeps one timer
// per socket, not three million, and allocates a timer entry once per timeout period, not per wait.
//
// Interest is dropped lazily: a woken waiter keeps its interest registered, because a stream socket's
// next wait is almost always the same one (echo: receive, send, receive), and changing it would cost an
// epoll_ctl per round trip. Only a readiness report that finds no waiter removes the interest.
//
// The hints say "may be ready": an operation is tried at once only when its hint is set, so a receive
// that drained the socket last time parks without a recv syscall that would return EAGAIN; level-
// triggered readiness makes that safe (data that is already there is reported by the next wait).
internal sealed class IoRegistration
{
    public IoRegistration(Socket socket, bool owned)
    {
        Socket = socket;
        Owned = owned;
    }

    public Socket Socket { get; }

    // true for a CoSocket's registration (kept while the socket lives); false for a raw Yield.Readable wait
    // on a plain Socket (unregistered as soon as nobody waits).
    public bool Owned { get; }

    public IoDriver? Driver;
    public bool Registered;
    public bool Closed;
    public IoEvents Interest;
    public bool ReadHint = true;
    public bool WriteHint = true;

    public CoTask? ReadTask;
    public int ReadVersion;
    public IoOperation? ReadOp;
    public double ReadDeadline = double.PositiveInfinity;
    public double ReadTimeoutSeconds;
    public IoTimer? ReadTimer;

    public CoTask? WriteTask;
    public int WriteVersion;
    public IoOperation? WriteOp;
    public double WriteDeadline = double.PositiveInfinity;
    public double WriteTimeoutSeconds;
    public IoTimer? WriteTimer;

    public bool HasLiveReader => ReadTask is not null && ReadTask._waitVersion == ReadVersion && !ReadTask.IsDone;

    public bool HasLiveWriter => WriteTask is not null && WriteTask._waitVersion == WriteVersion && !WriteTask.IsDone;
}
