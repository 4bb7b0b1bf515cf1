using System;
using System.Collections.Generic;

namespace Engine;

// One iterator, one task: an iterator is started once. Handing the same iterator to two tasks (Spawn(c) twice,
// Gather(c, c), Yield.From(c) of an iterator another task runs) would interleave two runs of one state machine, so it
// fails with an error that names the problem.
//
// Design: the check must cost nothing measurable on Spawn and on child calls, so it keeps no set of live iterators
// (an identity hash per iterator costs more than a whole spawn). It uses what every iterator already tells: a fresh
// one has never produced an instruction, so its Current is default(Yield). That holds for compiler iterators and
// generated machines (and is the rule for hand-written coroutine types). Spawn and child calls refuse an iterator
// whose Current is not default; Spawn also compares with the few most recent spawns not yet started (the second
// Spawn(c) in a row), and a task's first step checks again, so a duplicate spawned further apart fails in the task
// that would have stepped it second.
internal static class CoroutineStart
{
    public static bool IsFresh(IEnumerator<Yield> coroutine)
    {
        if (coroutine is Machines.CoroutineMachine machine)
        {
            return machine.Current.Kind == YieldKind.None; // a class call, not an interface dispatch (a spawn and a first step each ask)
        }

        try
        {
            return coroutine.Current.Kind == YieldKind.None;
        }
        catch (InvalidOperationException)
        {
            // A hand-written enumerator whose Current throws before MoveNext: it has not started.
            return true;
        }
    }
}
