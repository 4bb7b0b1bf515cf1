using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Engine;

/// <summary>
/// One instruction a coroutine gives the scheduler: what to wait for before it is resumed.
/// </summary>
/// <remarks>
/// <para>
/// A coroutine is an <see cref="IEnumerator{T}"/> of <see cref="Yield"/>. Every <c>yield return</c> hands
/// the scheduler one of these values: <see cref="NextTick"/>, <see cref="Seconds(double)"/>,
/// <see cref="Frames(int)"/>, <see cref="Until(Func{bool})"/>, a <see cref="Future"/> or <see cref="CoTask"/>
/// (converted implicitly), a child coroutine through <see cref="From(IEnumerator{Yield})"/>, or a result
/// through <see cref="Return(object)"/>.
/// </para>
/// <para>
/// Design: a small readonly struct (a kind, a number, an object) so that yielding a wait never allocates.
/// The factories validate their arguments and throw at the <c>yield return</c> site, so a bad delay fails
/// only the coroutine that asked for it; the loop keeps running every other task.
/// </para>
/// <para>
/// C# forbids user-defined conversions from interface types, so a child coroutine is yielded as
/// <c>yield return Yield.From(Child())</c> (Python's <c>yield from</c>) rather than converted implicitly.
/// </para>
/// </remarks>
public readonly partial struct Yield : IEquatable<Yield>
{
    private readonly object? _object;
    private readonly double _number;
    private readonly YieldKind _kind;

    private Yield(YieldKind kind, double number, object? obj)
    {
        _kind = kind;
        _number = number;
        _object = obj;
    }

    /// <summary>What this instruction waits for.</summary>
    public YieldKind Kind => _kind;

    /// <summary>The numeric argument: seconds for <see cref="YieldKind.Seconds"/>, frames for <see cref="YieldKind.Frames"/>, a timeout for socket waits.</summary>
    public double Number => _number;

    /// <summary>The object argument: the future, child coroutine, predicate, socket or returned value.</summary>
    public object? Target => _object;

    /// <summary>Resume on the next loop iteration: the next frame under <see cref="EventLoop.Tick(double)"/>, like Unity's <c>yield return null</c> or asyncio's <c>sleep(0)</c>.</summary>
    public static Yield NextTick => new(YieldKind.NextTick, 0, null);

    /// <summary>Resume after <paramref name="seconds"/> on the loop's clock (asyncio's <c>sleep</c>). Zero means the next tick.</summary>
    /// <param name="seconds">A finite, non-negative delay in seconds.</param>
    /// <exception cref="ArgumentOutOfRangeException">The delay is negative, NaN or infinite.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Yield Seconds(double seconds)
    {
        // Two comparisons, false for NaN, negatives and both infinities (issue 8: a timed resume's argument check).
        if (!(seconds >= 0 && seconds < double.PositiveInfinity))
        {
            ThrowHelper.ThrowBadDelay(seconds);
        }

        return new Yield(YieldKind.Seconds, seconds, null);
    }

    /// <summary>As <see cref="Seconds(double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="delay">A non-negative, finite delay.</param>
    /// <returns>The instruction to yield.</returns>
    public static Yield Seconds(TimeSpan delay) => Seconds(Durations.ToSeconds(delay));

    /// <summary>Resume after <paramref name="seconds"/>; the same as <see cref="Seconds(double)"/>, named for the asyncio reference.</summary>
    /// <param name="seconds">A finite, non-negative delay in seconds.</param>
    public static Yield Sleep(double seconds) => Seconds(seconds);

    /// <summary>As <see cref="Sleep(double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="delay">A non-negative, finite delay.</param>
    /// <returns>The instruction to yield.</returns>
    public static Yield Sleep(TimeSpan delay) => Seconds(Durations.ToSeconds(delay));

    /// <summary>Resume after <paramref name="frames"/> loop iterations (frames under <see cref="EventLoop.Tick(double)"/>). Zero or one means the next tick.</summary>
    /// <param name="frames">A non-negative frame count.</param>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative.</exception>
    public static Yield Frames(int frames)
    {
        if (frames < 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(frames), frames, "A frame count must be zero or more.");
        }

        return new Yield(YieldKind.Frames, frames, null);
    }

    /// <summary>Resume once <paramref name="condition"/> returns <see langword="true"/>; it is checked once per loop iteration, before ready tasks run.</summary>
    /// <param name="condition">The predicate to poll. An exception it throws is raised in the waiting coroutine.</param>
    public static Yield Until(Func<bool> condition)
    {
        if (condition is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(condition));
        }

        return new Yield(YieldKind.Until, 0, condition);
    }

    /// <summary>Resume once <paramref name="condition"/> returns <see langword="false"/>; it is checked once per loop iteration.</summary>
    /// <param name="condition">The predicate to poll. An exception it throws is raised in the waiting coroutine.</param>
    public static Yield While(Func<bool> condition)
    {
        if (condition is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(condition));
        }

        return new Yield(YieldKind.While, 0, condition);
    }

    /// <summary>Resume when <paramref name="future"/> completes. Its result is available through <see cref="Co.Result{T}"/>;
    /// its exception (or <see cref="CancelledException"/>) is raised in this coroutine.</summary>
    /// <param name="future">A future or task owned by the same loop.</param>
    public static Yield Await(Future future)
    {
        if (future is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(future));
        }

        return new Yield(YieldKind.Await, 0, future);
    }

    /// <summary>Run <paramref name="child"/> on this task's frame stack (Python's <c>yield from</c>). Its return value is
    /// available through <see cref="Co.Result{T}"/>; its exception propagates into this coroutine.</summary>
    /// <param name="child">The child coroutine.</param>
    public static Yield From(IEnumerator<Yield> child)
    {
        if (child is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(child));
        }

        return new Yield(YieldKind.From, 0, child);
    }

    /// <summary>Run <paramref name="child"/> like <see cref="From(IEnumerator{Yield})"/>, but receive its outcome instead of failing:
    /// afterwards <see cref="Co.Exception"/> holds its exception (or <see langword="null"/>) and <see cref="Co.Result{T}"/> its value.</summary>
    /// <param name="child">The child coroutine.</param>
    public static Yield Catch(IEnumerator<Yield> child)
    {
        if (child is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(child));
        }

        return new Yield(YieldKind.Catch, 0, child);
    }

    /// <summary>Wait for <paramref name="future"/> like <see cref="Await(Future)"/>, but receive its outcome instead of failing:
    /// afterwards <see cref="Co.Exception"/> holds its exception (or <see langword="null"/>) and <see cref="Co.Result{T}"/> its value.</summary>
    /// <param name="future">A future or task owned by the same loop.</param>
    public static Yield Catch(Future future)
    {
        if (future is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(future));
        }

        return new Yield(YieldKind.CatchAwait, 0, future);
    }

    /// <summary>Finish this coroutine now with <paramref name="value"/> for its caller (the parent frame, the task's
    /// <see cref="CoTask.Result"/>, or the caller of <see cref="EventLoop.Run(IEnumerator{Yield})"/>). Its <c>finally</c> blocks run.</summary>
    /// <param name="value">The value to return. Value types are boxed.</param>
    public static Yield Return(object? value) => new(YieldKind.Return, 0, value);

    /// <summary>Builds an instruction of any kind; for the IO layer and tools. Prefer the named factories.</summary>
    internal static Yield Create(YieldKind kind, double number, object? target) => new(kind, number, target);

    // Copies value into destination field by field, storing the object only when either side holds one: a whole-struct
    // store costs a GC write barrier even when both objects are null, as they are for the common waits
    // (CoroutineMachine.MoveNext). Runtimes without Unsafe.AsRef (netstandard2.1) copy the struct.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void StoreFields(ref Yield destination, in Yield value)
    {
#if NET
        Unsafe.AsRef(in destination._kind) = value._kind;
        Unsafe.AsRef(in destination._number) = value._number;
        if (value._object is not null || destination._object is not null)
        {
            Unsafe.AsRef(in destination._object) = value._object;
        }
#else
        destination = value;
#endif
    }

    /// <summary>Waits for a future or task: <c>yield return task;</c>.</summary>
    /// <param name="future">The future to wait for.</param>
    public static implicit operator Yield(Future future) => Await(future);

    /// <inheritdoc/>
    public bool Equals(Yield other) => _kind == other._kind && _number.Equals(other._number) && ReferenceEquals(_object, other._object);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Yield other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_kind, _number, _object);

    /// <summary>Compares two instructions for equality.</summary>
    public static bool operator ==(Yield left, Yield right) => left.Equals(right);

    /// <summary>Compares two instructions for inequality.</summary>
    public static bool operator !=(Yield left, Yield right) => !left.Equals(right);

    /// <summary>A short description such as <c>Seconds(1)</c> or <c>From(Child)</c>, used in traces.</summary>
    public override string ToString()
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        return _kind switch
        {
            YieldKind.None => "default(Yield)",
            YieldKind.NextTick => "NextTick",
            YieldKind.Seconds => "Seconds(" + _number.ToString("R", inv) + ")",
            YieldKind.Frames => "Frames(" + _number.ToString(inv) + ")",
            YieldKind.From or YieldKind.Catch => _kind + "(" + CoroutineNames.Of(_object) + ")",
            YieldKind.Await or YieldKind.CatchAwait => _kind + "(" + _object + ")",
            YieldKind.Return => "Return(" + (_object ?? "null") + ")",
            YieldKind.Wait => "Wait(" + _object + ")",
            YieldKind.Phase => "Phase(" + (Game.GamePhase)(int)_number + ")",
            YieldKind.Until or YieldKind.While when _number > 0 => _kind + "(timeout " + _number.ToString("R", inv) + ")",
            _ => _kind.ToString(),
        };
    }
}
