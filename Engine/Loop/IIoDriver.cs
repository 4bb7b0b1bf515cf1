using System;

namespace Engine;

// What the loop needs from its IO layer (Engine/IO/IoDriver.cs), so that the core and the IO layer meet at this
// interface and the parking protocol (ParkedTask, IWaitHolder, ITimerTarget) instead of each other's fields.
internal interface IIoDriver : IDisposable
{
    IO.Selector Selector { get; }

    // Parks task on the socket readiness y asks for, or completes the operation at once (false: the task keeps running,
    // with error when the operation failed).
    bool TryPark(CoTask task, Yield y, out Exception? error);

    // A non-blocking check of the selector, once per iteration.
    void Poll();

    // Blocks in the selector until readiness, a wakeup or the timeout.
    void Wait(double timeoutSeconds);

    // Wakes a blocked Wait from another thread (EventLoop.Post).
    void Wakeup();

    // Whether any task still waits on a socket.
    bool HasLiveWaiters();
}
