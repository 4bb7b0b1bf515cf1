using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots: a process's event saves its task; restored, it goes back into its environment's table of
// process events (pending until the process's end has its turn, or processed), so AsEvent() returns it again.
internal sealed partial class ProcessEvent
{
    private ProcessEvent(SimEnvironment env)
        : base(env)
    {
        _task = null!;
    }

    internal static ProcessEvent CreateRestored(SimEnvironment env) => new(env);

    private protected override void WriteKind(FieldWriter fields) => fields.Add("Task", _task);

    private protected override void ReadKind(FieldReader fields)
    {
        _task = fields.Get<CoTask>("Task");
        Env.AddRestoredProcessEvent(_task, this);
    }
}
