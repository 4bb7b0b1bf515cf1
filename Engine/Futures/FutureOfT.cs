using System;

namespace Engine;

/// <summary>
/// A typed <see cref="Future"/>: an operation's result of type <typeparamref name="T"/>, set once by its producer
/// (asyncio's <c>Future</c>). Completing it twice is an error; waiters resume on the loop, in the order they started waiting.
/// </summary>
/// <typeparam name="T">The result type.</typeparam>
public class Future<T> : Future
{
    private T _result = default!;

    /// <summary>Creates a pending future owned by <paramref name="loop"/>.</summary>
    /// <param name="loop">The owning loop.</param>
    public Future(EventLoop loop)
        : base(loop)
    {
    }

    /// <summary>Creates a pending future owned by the loop running on this thread (<see cref="EventLoop.Current"/>).</summary>
    /// <exception cref="InvalidOperationException">No loop is running on this thread.</exception>
    public Future()
        : base(EventLoop.RequireCurrent())
    {
    }

    /// <summary>The result. Throws the failure, <see cref="CancelledException"/> if cancelled, or
    /// <see cref="InvalidOperationException"/> if the future is not done yet.</summary>
    public T Result
    {
        get
        {
            ThrowIfFailed();
            return _result;
        }
    }

    /// <summary>Completes the future with <paramref name="result"/>.</summary>
    /// <param name="result">The result.</param>
    /// <exception cref="InvalidOperationException">The future is already done.</exception>
    public void SetResult(T result)
    {
        if (!TrySetResult(result))
        {
            ThrowAlreadyDone();
        }
    }

    /// <summary>Completes the future with <paramref name="result"/> unless it is already done.</summary>
    /// <param name="result">The result.</param>
    /// <returns><see langword="false"/> if it was already done.</returns>
    public bool TrySetResult(T result)
    {
        if (IsDone)
        {
            return false;
        }

        Loop.CheckOwnerThread(this, "complete");

        _result = result;
        return TrySucceed();
    }

    /// <summary>Fails the future with <paramref name="exception"/>; waiters see it raised.</summary>
    /// <param name="exception">The failure.</param>
    /// <exception cref="InvalidOperationException">The future is already done.</exception>
    public void SetException(Exception exception)
    {
        if (!TrySetException(exception))
        {
            ThrowAlreadyDone();
        }
    }

    /// <summary>Fails the future with <paramref name="exception"/> unless it is already done.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns><see langword="false"/> if it was already done.</returns>
    public bool TrySetException(Exception exception) => TryFail(exception);

    /// <inheritdoc/>
    protected override object? GetResultObject() => _result;

    // Whole-loop restores (Engine/World): the saved result.
    private protected override void RestoreResultObject(object? value) => _result = value is null ? default! : (T)value;

    // A waiting task receives the result unboxed (Co.Result<T>() reads it from the task's typed slot).
    private protected override void HandResultTo(CoTask task) => task.ReceiveValue(_result);

    private void ThrowAlreadyDone() =>
        ThrowHelper.ThrowInvalidOperation(Describe() + " is already done (" + State + "); a future can be completed only once.");
}
