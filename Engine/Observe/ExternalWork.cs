using System;
using System.Threading;

namespace Engine.Observe;

/// <summary>
/// Work another thread will hand back to a loop, announced with <see cref="EventLoop.BeginExternalWork"/>: while it is
/// out, the loop waits for it instead of reporting a deadlock (real and virtual clocks) or advancing virtual time. The
/// other thread ends it once, with <see cref="Post(Action)"/> (the usual way: complete a future on the loop) or
/// <see cref="Dispose"/> (nothing to hand back).
/// </summary>
/// <remarks>Thread-safe. The count it holds is kept on the loop's thread: ending it posts the decrement to the loop,
/// in the same post as the action, so the loop never sees the work ended before its result arrived.</remarks>
public sealed class ExternalWork : IDisposable
{
    private readonly EventLoop _loop;
    private int _ended;

    internal ExternalWork(EventLoop loop) => _loop = loop;

    /// <summary><see langword="true"/> once <see cref="Post(Action)"/> or <see cref="Dispose"/> was called.</summary>
    public bool IsEnded => Volatile.Read(ref _ended) != 0;

    /// <summary>Hands <paramref name="action"/> to the loop (as <see cref="EventLoop.Post(Action)"/>) and ends the work.
    /// From any thread, once.</summary>
    /// <param name="action">What to run on the loop's thread, such as <c>() =&gt; future.SetResult(value)</c>.</param>
    /// <exception cref="InvalidOperationException">The work was already ended.</exception>
    /// <exception cref="ObjectDisposedException">The loop is closed.</exception>
    public void Post(Action action)
    {
        if (action is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(action));
        }

        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            ThrowHelper.ThrowInvalidOperation("This ExternalWork was already ended; each announced piece of work is posted back once.");
        }

        _loop.Post(() =>
        {
            _loop.AddExternalWork(-1);
            action();
        });
    }

    /// <summary>Ends the work without handing anything back (from any thread; later calls do nothing). A closed loop is
    /// left alone.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0 || _loop.IsClosed)
        {
            return;
        }

        try
        {
            _loop.Post(() => _loop.AddExternalWork(-1));
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile: nobody is left to wait for the work.
        }
    }
}
