using System.Collections.Generic;
using Engine.Game;

namespace Engine.Tests.World;

// The predicate waits of the random worlds (RandomWorldTests): Yield.Until/While polls inside a task group, and a
// Lifetime.While whose watcher ends the tasks bound to it. Their predicates are methods of a Flag, which a converter
// saves, so a snapshot can name them.
public static partial class PredicateWorldCoroutines
{
    // A group whose children wait for the flag (Until, with or without a timeout, and While it is down) and raise it.
    [Coroutine]
    public static IEnumerator<Yield> GroupPolls(Flag flag, double timeout, int raises, double every)
    {
        var group = new TaskGroup();
        yield return Co.Catch(group.Run(new PollBodyMachine(group, flag, timeout, raises, every)));
        yield return Yield.Return(Co.Exception is { } e ? e.GetType().Name : "polls done " + Co.Result<int>());
    }

    [Coroutine]
    public static IEnumerator<Yield> PollBody(TaskGroup group, Flag flag, double timeout, int raises, double every)
    {
        group.Spawn(new PollWorldCoroutines.WaitsUntilMachine(flag.IsUp, timeout), "until");
        group.Spawn(new PollWorldCoroutines.WaitsWhileMachine(flag.IsDown), "while");
        yield return Yield.Seconds(every);
        group.Spawn(new PollWorldCoroutines.RaiserMachine(flag, raises, every), "raiser");
        yield return Yield.Return(raises);
    }

    // Binds a sleeper to a lifetime that lives while the flag is down, then waits for it: the sleeper ends by itself or
    // is killed when the watcher sees the flag up.
    [Coroutine]
    public static IEnumerator<Yield> LifetimeBound(Flag flag, int steps, double every)
    {
        Lifetime life = Lifetime.While(Co.Loop, flag.IsDown);
        string outcome;
        try
        {
            CoTask bound = life.Attach(Co.Loop.Spawn(new WorldCoroutines.SleeperMachine(steps, every), "bound"));
            yield return Yield.Catch(bound);
            outcome = "lifetime " + (life.IsEnded ? "ended" : "lives") + ", bound " + (bound.IsCancelled ? "killed" : "done");
            Co.Loop.Trace?.Invoke(outcome);
        }
        finally
        {
            life.End("left"); // stops the watcher, which would otherwise check the flag every iteration for ever
        }

        yield return Yield.Return(outcome);
    }
}
