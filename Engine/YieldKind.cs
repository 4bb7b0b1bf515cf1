namespace Engine;

/// <summary>What a <see cref="Yield"/> instruction asks the scheduler to do.</summary>
public enum YieldKind
{
    /// <summary><c>default(Yield)</c>: not a valid instruction; yielding it fails the coroutine.</summary>
    None = 0,

    /// <summary>Resume on the next loop iteration (next frame under <see cref="EventLoop.Tick(double)"/>).</summary>
    NextTick,

    /// <summary>Resume after a delay in seconds on the loop's clock.</summary>
    Seconds,

    /// <summary>Resume after a number of loop iterations (frames).</summary>
    Frames,

    /// <summary>Resume once a predicate returns <see langword="true"/>.</summary>
    Until,

    /// <summary>Resume once a predicate returns <see langword="false"/>.</summary>
    While,

    /// <summary>Resume when a <see cref="Future"/> (or <see cref="CoTask"/>) completes; its exception is rethrown into this coroutine.</summary>
    Await,

    /// <summary>Resume when a <see cref="Future"/> completes, receiving its outcome (result or exception) instead of failing.</summary>
    CatchAwait,

    /// <summary>Run a child coroutine on this task's own frame stack; its exception propagates into this coroutine.</summary>
    From,

    /// <summary>Run a child coroutine on this task's frame stack and receive its outcome (result or exception) instead of failing.</summary>
    Catch,

    /// <summary>Finish this coroutine with a value for its caller.</summary>
    Return,

    /// <summary>Park on a synchronization primitive or queue (<see cref="CoLock"/>, <see cref="CoQueue{T}"/>, ...) without
    /// allocating a future; made by the primitives' methods such as <see cref="CoLock.Acquire"/>.</summary>
    Wait,

    /// <summary>Resume once a socket is readable (data, a connection to accept, end of stream or an error), or fail with
    /// <see cref="System.TimeoutException"/> after the instruction's timeout. See <see cref="Yield.Readable(System.Net.Sockets.Socket, double)"/>.</summary>
    Readable,

    /// <summary>Resume once a socket is writable, or fail with <see cref="System.TimeoutException"/> after the instruction's timeout.
    /// See <see cref="Yield.Writable(System.Net.Sockets.Socket, double)"/>.</summary>
    Writable,

    /// <summary>Perform a non-blocking operation of an <see cref="IO.CoSocket"/> (receive, send, accept, connect), waiting
    /// for readiness as often as needed; created by the socket's methods, never directly.</summary>
    SocketOperation,

    /// <summary>Move to a frame phase of a <see cref="Game.GameLoop"/> (fixed update, update, late update, end of frame,
    /// slow update) and resume when it next runs; <see cref="Yield.Number"/> holds the <see cref="Game.GamePhase"/>. See
    /// <see cref="Yield.LateUpdate"/> and its siblings.</summary>
    Phase,
}
