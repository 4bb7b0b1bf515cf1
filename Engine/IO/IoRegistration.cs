using System.Net.Sockets;

namespace Engine.IO;

// One socket's state in a loop's IoDriver: its selector interest and one waiter per direction (reader, writer).
//
// Interest is dropped lazily: a woken waiter keeps its interest registered, because a stream socket's next wait is
// almost always the same one (echo: receive, send, receive), and changing it would cost an epoll_ctl per round trip.
// Only a readiness report that finds no waiter removes the interest.
//
// The hints say "may be ready": an operation is tried at once only when its hint is set, so a receive that drained
// the socket last time parks without a recv syscall that would return EAGAIN; level-triggered readiness makes that
// safe (data that is already there is reported by the next wait).
internal sealed class IoRegistration
{
    public IoRegistration(Socket socket, bool owned)
    {
        Socket = socket;
        Owned = owned;
    }

    public Socket Socket { get; }

    // true for a CoSocket's registration (kept while the socket lives); false for a raw Yield.Readable wait on a plain
    // Socket (unregistered as soon as nobody waits).
    public bool Owned { get; }

    public IoDriver? Driver;
    public bool Registered;
    public bool Closed;
    public IoEvents Interest;
    public bool ReadHint = true;
    public bool WriteHint = true;
    public IoWaiter? Reader;
    public IoWaiter? Writer;

    public IoWaiter? WaiterFor(IoEvents direction) => direction == IoEvents.Read ? Reader : Writer;

    public IoWaiter GetOrCreateWaiter(IoEvents direction, IoDriver driver) => direction == IoEvents.Read
        ? Reader ??= new IoWaiter(driver, this, IoEvents.Read)
        : Writer ??= new IoWaiter(driver, this, IoEvents.Write);

    public bool HasLiveWaiter(IoEvents direction) => WaiterFor(direction)?.HasLiveWaiter == true;
}
