using System.Runtime.CompilerServices;
using Engine.Persist;

namespace Engine.Machines;

// The base of the engine's own coroutines written as machines by hand (Co.WaitFor and its await, timeout scopes, task
// groups, Co.Single, Sim.Interruptible, CoCondition.WaitUntil, the lifetime watcher). The engine does not run its own
// generator, yet a task inside one of these helpers must be saveable with the loop, so each is a CoroutineMachine
// written like the generator's output. What every such machine shares lives here, once: the state encoding (0 not
// started, -1 running or finished, n suspended at site n, -2 - n restored at site n and re-issuing its wait), State,
// Reset, Dispose (a machine with cleanup at a site overrides Unwind), the first step after a restore, Load's state, and
// the name, site and shape from one static HelperInfo. A machine keeps only its fields, its Step and its Save/LoadFields.
// Speed: the step helpers are inlined, so a helper's step is the same one virtual call as before, with no extra field.
internal abstract class HelperMachine : CoroutineMachine
{
    private int _state;

    public sealed override string Name => Info.Name;

    public sealed override int State => _state >= -1 ? _state : -2 - _state;

    public sealed override CoroutineSite Site => Info.Site;

    protected sealed override string Shape => Info.Shape;

    protected sealed override int SiteCount => Info.SiteCount;

    // The machine's name, site and shape: one static object per machine type.
    private protected abstract HelperInfo Info { get; }

    public sealed override void Reset()
    {
        ClearCurrent();
        _state = 0;
    }

    // Runs the cleanup open at the site the machine is suspended at (as an iterator's finally would), then finishes it.
    public sealed override void Dispose()
    {
        int site = State;
        _state = -1;
        if (site > 0)
        {
            Unwind(site);
        }
    }

    // The iterator's finally blocks open at site (a site inside a try): none unless overridden.
    protected virtual void Unwind(int site)
    {
    }

    // Starts a step: marks the machine running and returns where it resumes: 0 at its start, n after site n, a negative
    // value when it is not suspended (hand that to Stopped).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected int Resume()
    {
        int state = _state;
        _state = -1;
        return state;
    }

    // The step of a machine that is not suspended at a site it resumes from: a restored one re-issues its pending wait;
    // a finished one (or one past its last yield) ends.
    protected Yield Stopped(int state)
    {
        if (state < -1)
        {
            _state = -2 - state;
            return Reissue();
        }

        return End;
    }

    // Suspends at a site whose instruction PendingAt can give again (the machine's own override), or that needs none.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected Yield Suspend(int site, Yield instruction)
    {
        _state = site;
        return instruction;
    }

    // Suspends at a site and records the instruction, so a snapshot saves the wait.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected Yield SuspendAndRecord(int site, Yield instruction) => SuspendAndRecord(ref _state, site, instruction);

    protected sealed override void Load(FieldReader fields, int state, bool reissue)
    {
        LoadFields(fields);
        _state = reissue ? -2 - state : state;
    }

    // Reads back what Save wrote.
    protected abstract void LoadFields(FieldReader fields);
}
