using System;
using System.Collections.Generic;
using System.Text;

namespace Engine.Game;

// Phases a game adds to the five built-in ones. An added phase has a name and an anchor (a built-in phase or another
// added one) and runs right after its anchor, each time the anchor runs: after every fixed step for an anchor of
// FixedUpdate, only in frames with a slow update for SlowUpdate, once per frame otherwise. Several phases added after
// one anchor run in the order they were added. An added phase is a GamePhase value past the built-in ones, so tasks
// move to it, spawn into it and wait in it exactly as in a built-in phase (lanes per group, pause, time scale).
public sealed partial class GameLoop
{
    private readonly List<AddedPhase> _added = new();

    /// <summary>How many phases this game has: the five built-in ones and those added with <see cref="AddPhase"/>.</summary>
    public int PhaseCount => BuiltInPhaseCount + _added.Count;

    /// <summary>Adds a phase named <paramref name="name"/> that runs right after <paramref name="after"/>, each time that
    /// phase runs: after every fixed step for <see cref="GamePhase.FixedUpdate"/>, in frames with a slow update for
    /// <see cref="GamePhase.SlowUpdate"/>, once per frame for the others. Phases added after the same phase run in the
    /// order they were added. Tasks move to it with <see cref="Yield.Phase(GamePhase)"/> and spawn into it with
    /// <see cref="Spawn(IEnumerator{Yield}, GamePhase, string?)"/> or <see cref="ScriptGroup.Spawn(IEnumerator{Yield}, GamePhase, string?)"/>,
    /// as with a built-in phase.</summary>
    /// <param name="name">A name no other phase of this game has.</param>
    /// <param name="after">A built-in phase or one added before.</param>
    /// <returns>The new phase.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or taken.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="after"/> is not a phase of this game.</exception>
    /// <exception cref="InvalidOperationException">Called while a frame runs (add phases between frames).</exception>
    public GamePhase AddPhase(string name, GamePhase after)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("A phase needs a name.", nameof(name));
        }

        CheckPhase(after, nameof(after));
        ThrowIfDisposed();
        if (_loop.IsRunning)
        {
            ThrowHelper.ThrowInvalidOperation("Phases are added between frames, not while the loop runs.");
        }

        for (int i = 0; i < PhaseCount; i++)
        {
            if (string.Equals(PhaseName((GamePhase)i), name, StringComparison.Ordinal))
            {
                throw new ArgumentException("This game already has a phase named '" + name + "'.", nameof(name));
            }
        }

        var phase = (GamePhase)PhaseCount;
        ScriptGroup[] groups = Order; // the root and every group below it, read while their lanes match PhaseCount
        _added.Add(new AddedPhase(name, after));
        Array.Resize(ref _ungrouped, PhaseCount);
        foreach (ScriptGroup group in groups)
        {
            group.AddLanes(PhaseCount);
        }

        OnGroupsChanged(); // the lanes in order gain the new phase's

        return phase;
    }

    /// <summary>The name of <paramref name="phase"/>: the built-in phase's (<c>Update</c>) or the one given to
    /// <see cref="AddPhase"/>.</summary>
    /// <param name="phase">A phase of this game.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="phase"/> is not a phase of this game.</exception>
    public string PhaseName(GamePhase phase)
    {
        CheckPhase(phase, nameof(phase));
        return (int)phase < BuiltInPhaseCount ? phase.ToString() : _added[(int)phase - BuiltInPhaseCount].Name;
    }

    internal void CheckPhase(GamePhase phase, string paramName)
    {
        if ((uint)phase >= (uint)PhaseCount)
        {
            throw UnknownPhase(phase, paramName);
        }
    }

    internal ArgumentOutOfRangeException UnknownPhase(GamePhase phase, string paramName)
    {
        var names = new StringBuilder();
        for (int i = 0; i < PhaseCount; i++)
        {
            names.Append(i > 0 ? ", " : string.Empty).Append(PhaseName((GamePhase)i));
        }

        return new ArgumentOutOfRangeException(paramName, phase, "Phase " + (int)phase + " is not a phase of this GameLoop; it has " + names + " (add more with AddPhase).");
    }

    // The built-in phase an added phase finally follows (its own value for a built-in phase): when it can have work.
    internal GamePhase BuiltInAnchor(GamePhase phase)
    {
        while ((int)phase >= BuiltInPhaseCount)
        {
            phase = _added[(int)phase - BuiltInPhaseCount].After;
        }

        return phase;
    }

    // After anchor ran: the phases added after it, in the order they were added (each followed by its own).
    private void RunPhasesAfter(GamePhase anchor)
    {
        for (int i = 0; i < _added.Count; i++)
        {
            if (_added[i].After == anchor)
            {
                RunPhase((GamePhase)(BuiltInPhaseCount + i));
            }
        }
    }

    private readonly struct AddedPhase
    {
        public readonly string Name;
        public readonly GamePhase After;

        public AddedPhase(string name, GamePhase after)
        {
            Name = name;
            After = after;
        }
    }
}
