using System.Runtime.ExceptionServices;
using Engine.Machines;
using Engine.Persist;

namespace Engine.Simulation;

// The child coroutine behind Sim.Interruptible, written as a coroutine machine by hand (the engine does not run its own
// generator): one wait, caught; an interrupt comes back as the child's result, any other failure goes on, and a
// normal end hands on the wait's value. Being a machine, a process waiting in it can be saved (SimEnvironment.Save).
// Its frame name stays "Sim.InterruptibleCore", the name of the iterator it replaces, so traces and debug views read
// as before.
internal sealed class InterruptibleMachine : CoroutineMachine
{
    private const string CoroutineName = "Sim.InterruptibleCore";
    private const string ShapeText = "param wait Yield\nsite 1 Co.Catch(wait)\nsite 2 Yield.Return(error)\nsite 3 Yield.Return(Co.ResultObject)\ncode 1";
    private static readonly CoroutineSite s_site = new("Sim.cs", 0, CoroutineName, 0);

    // 0 not started, -1 running or finished, n suspended at site n; -2 - n: restored at site n, re-issuing its wait.
    private int _state;
    private Yield _wait;

    public InterruptibleMachine(Yield wait) => _wait = wait;

    // For snapshots: created empty, then restored.
    private InterruptibleMachine()
    {
    }

    public override string Name => CoroutineName;

    public override int State => _state >= -1 ? _state : -2 - _state;

    public override CoroutineSite Site => s_site;

    protected override string Shape => ShapeText;

    protected override int SiteCount => 3;

    public override void Reset()
    {
        ClearCurrent();
        _state = 0;
    }

    public override void Dispose() => _state = -1;

    protected override Yield Step()
    {
        switch (_state)
        {
            case 0:
                break;
            case 1:
                goto resume1;
            default:
                if (_state < -1)
                {
                    _state = -2 - _state;
                    return Reissue();
                }

                _state = -1;
                return End;
        }

        _state = -1;

        // A wait that delivers no value (a timeout) leaves the task's last received value in place: clear it, so an
        // earlier interrupt is not mistaken for a new one.
        Co.CurrentTask!.ReceiveObject(null);
        Yield wait = _wait.Kind is YieldKind.From or YieldKind.Catch or YieldKind.Await or YieldKind.CatchAwait
            ? Co.Catch(_wait)
            : Yield.Catch(new SingleWaitMachine(_wait));
        return SuspendAndRecord(ref _state, 1, wait);

    resume1:
        _state = -1;
        System.Exception? error = Co.Exception;
        if (error is InterruptException)
        {
            return Suspend(ref _state, 2, Yield.Return(error));
        }

        if (error is not null)
        {
            ExceptionDispatchInfo.Capture(error).Throw();
        }

        return Suspend(ref _state, 3, Yield.Return(Co.ResultObject));
    }

    protected override void Save(FieldWriter fields) => fields.Add("_wait", _wait);

    protected override void Load(FieldReader fields, int state, bool reissue)
    {
        _wait = fields.Get<Yield>("_wait");
        _state = reissue ? -2 - state : state;
    }
}
