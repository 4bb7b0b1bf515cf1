using Engine.Machines;
using Engine.Persist;

namespace Engine.Simulation;

// The child coroutine behind Sim.Interruptible, written as a coroutine machine by hand (the engine does not run its own
// generator): one wait, caught; an interrupt comes back as the child's result, any other failure goes on, and a
// normal end hands on the wait's value. Being a machine, a process waiting in it can be saved (SimEnvironment.Save).
// Its frame name stays "Sim.InterruptibleCore", the name of the iterator it replaces, so traces and debug views read
// as before.
internal sealed class InterruptibleMachine : HelperMachine
{
    private static readonly HelperInfo s_info = new("Sim.InterruptibleCore", "Sim.cs", 3,
        "param wait Yield\nsite 1 Co.Catch(wait)\nsite 2 Yield.Return(error)\nsite 3 Yield.Return(Co.ResultObject)\ncode 1");

    private Yield _wait;

    public InterruptibleMachine(Yield wait) => _wait = wait;

    // For snapshots: created empty, then restored.
    private InterruptibleMachine()
    {
    }

    private protected override HelperInfo Info => s_info;

    protected override Yield Step()
    {
        int state = Resume();
        switch (state)
        {
            case 0:
                break;
            case 1:
                goto resume1;
            default:
                return Stopped(state);
        }

        // A wait that delivers no value (a timeout) leaves the task's last received value in place: clear it, so an
        // earlier interrupt is not mistaken for a new one.
        Co.CurrentTask!.ReceiveObject(null);
        Yield wait = _wait.Kind is YieldKind.From or YieldKind.Catch or YieldKind.Await or YieldKind.CatchAwait
            ? Co.Catch(_wait)
            : Yield.Catch(new SingleWaitMachine(_wait));
        return SuspendAndRecord(1, wait);

    resume1:
        System.Exception? error = Co.Exception;
        if (error is InterruptException)
        {
            return Suspend(2, Yield.Return(error));
        }

        if (error is not null)
        {
            ThrowHelper.Rethrow(error);
        }

        return Suspend(3, Yield.Return(Co.ResultObject));
    }

    protected override void Save(FieldWriter fields) => fields.Add("_wait", _wait);

    protected override void LoadFields(FieldReader fields) => _wait = fields.Get<Yield>("_wait");
}
