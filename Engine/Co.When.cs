using System.Collections.Generic;

namespace Engine;

// When-all and when-any under the names game developers know (UniTask's WhenAll/WhenAny, MEC's WaitUntilDone on many).
// The waiter resumes in the same frame as the task that completes the wait (EventLoop.Game.cs: the same-frame rule).
public static partial class Co
{
    /// <summary>Waits for all <paramref name="futures"/> (UniTask's <c>WhenAll</c>; the same as <see cref="Gather(Future[])"/>):
    /// <c>yield return Co.WhenAll(a, b); var results = Co.Result&lt;object?[]&gt;();</c>, results in argument order. The
    /// first failure reaches the waiter at once and the others keep running; cancelling the wait cancels them.</summary>
    /// <param name="futures">Futures or tasks of the current loop.</param>
    /// <returns>A future of the results.</returns>
    public static Future<object?[]> WhenAll(params Future[] futures) => Gather(futures);

    /// <summary>Spawns each coroutine as a task and waits for all of them (see <see cref="WhenAll(Future[])"/>).</summary>
    /// <param name="coroutines">The coroutines.</param>
    /// <returns>A future of the results in argument order.</returns>
    public static Future<object?[]> WhenAll(params IEnumerator<Yield>[] coroutines) => Gather(coroutines);

    /// <summary>Waits until the first of <paramref name="futures"/> finishes and kills the others (UniTask's <c>WhenAny</c>,
    /// plus cleanup): <c>yield return Co.WhenAny(a, b); var r = Co.Result&lt;WhenAnyResult&gt;();</c> gives the winner's
    /// index and result. The losers' <c>finally</c> blocks have run before the waiter resumes. The first to finish wins
    /// whatever its outcome: if it failed or was cancelled, so does the wait.</summary>
    /// <param name="futures">One or more futures or tasks of one loop.</param>
    /// <returns>A future of the winner.</returns>
    /// <exception cref="System.ArgumentException"><paramref name="futures"/> is empty, holds null, or mixes loops.</exception>
    public static Future<WhenAnyResult> WhenAny(params Future[] futures)
    {
        Future[] list = ToFutureArray(futures, nameof(futures), "Co.WhenAny");
        if (list.Length == 0)
        {
            throw new System.ArgumentException("Co.WhenAny needs at least one future.", nameof(futures));
        }

        return new WhenAnyFuture(list[0].Loop, list);
    }

    /// <summary>Spawns each coroutine as a task and waits for the first to finish, killing the others (see
    /// <see cref="WhenAny(Future[])"/>).</summary>
    /// <param name="coroutines">One or more coroutines.</param>
    /// <returns>A future of the winner.</returns>
    public static Future<WhenAnyResult> WhenAny(params IEnumerator<Yield>[] coroutines)
    {
        if (coroutines is { Length: 0 })
        {
            throw new System.ArgumentException("Co.WhenAny needs at least one coroutine.", nameof(coroutines));
        }

        return WhenAny(SpawnAll(coroutines, "Co.WhenAny"));
    }
}
