using Engine.Machines;
using Engine.Persist;

namespace Engine.Simulation;

// One wait as a child coroutine, handing on the wait's value: what Co.Catch wraps a plain wait (a timeout, an event)
// in so it can be caught, written as a machine by hand so a process suspended in it can be saved. Named like the
// iterator it stands for ("Co.Single"), so traces read the same.
internal sealed class SingleWaitMachine : HelperMachine
{
    private static readonly HelperInfo s_info = new("Co.Single", "Co.Tasks.cs", 2,
        "param instruction Yield\nsite 1 instruction\nsite 2 Yield.Return(Co.ResultObject)\ncode 1");

    private Yield _instruction;

    public SingleWaitMachine(Yield instruction) => _instruction = instruction;

    // For snapshots: created empty, then restored.
    private SingleWaitMachine()
    {
    }

    private protected override HelperInfo Info => s_info;

    protected override Yield Step()
    {
        int state = Resume();
        switch (state)
        {
            case 0:
                return SuspendAndRecord(1, _instruction);
            case 1:
                return Suspend(2, Yield.Return(Co.ResultObject));
            default:
                return Stopped(state);
        }
    }

    protected override void Save(FieldWriter fields) => fields.Add("_instruction", _instruction);

    protected override void LoadFields(FieldReader fields) => _instruction = fields.Get<Yield>("_instruction");
}
