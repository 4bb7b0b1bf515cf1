using Engine.Game;

namespace Engine;

// The phase instructions of the game layer: a task moves to a phase by yielding one, and keeps running in it (its
// NextTick, Seconds and other waits resume in that phase) until it yields another.
public readonly partial struct Yield
{
    /// <summary>Move to the fixed-update phase: resume at the next fixed step (next frame's, if this frame's steps have
    /// run), and keep running in fixed steps: there <see cref="NextTick"/> waits for the next fixed step. Needs a
    /// <see cref="GameLoop"/> on the task's loop.</summary>
    public static Yield FixedUpdate => Phase(GamePhase.FixedUpdate);

    /// <summary>Move back to the update phase: resume in the next update (this frame's, if it has not run yet).</summary>
    public static Yield Update => Phase(GamePhase.Update);

    /// <summary>Move to the late-update phase: resume in this frame's late update (the next frame's if it has run).</summary>
    public static Yield LateUpdate => Phase(GamePhase.LateUpdate);

    /// <summary>Move to the end-of-frame phase: resume at the end of this frame (Unity's <c>WaitForEndOfFrame</c>).</summary>
    public static Yield EndOfFrame => Phase(GamePhase.EndOfFrame);

    /// <summary>Move to the slow-update phase: resume at the next slow update (MEC's <c>Segment.SlowUpdate</c>).</summary>
    public static Yield SlowUpdate => Phase(GamePhase.SlowUpdate);

    /// <summary>Move to <paramref name="phase"/> and resume the next time it runs: later in this frame if it comes after
    /// the phase running now, otherwise in the next frame. The task keeps running in that phase until it yields another.
    /// A phase added with <see cref="GameLoop.AddPhase(string, GamePhase)"/> works the same; one the task's game does
    /// not have raises <see cref="System.ArgumentOutOfRangeException"/> at the yield, naming the phases it has.</summary>
    /// <param name="phase">The phase.</param>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="phase"/> is negative.</exception>
    public static Yield Phase(GamePhase phase)
    {
        if (phase < GamePhase.Update)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(phase), phase, "Unknown game phase: phases are the built-in ones and those a GameLoop adds with AddPhase, never negative.");
        }

        return new Yield(YieldKind.Phase, (int)phase, null);
    }
}
