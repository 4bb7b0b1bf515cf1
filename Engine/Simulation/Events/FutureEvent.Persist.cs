using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots: an event made with FromFuture saves the future it listens to. While the future is pending the
// event is a waiter in the future's list, which saves it in its place and re-registers it on restore; once the future
// has finished, the event carries the outcome like any triggered event. Cold path.
internal sealed partial class FutureEvent
{
    private FutureEvent(SimEnvironment env)
        : base(env)
    {
        _future = null!;
    }

    internal static FutureEvent CreateRestored(SimEnvironment env) => new(env);

    private protected override void WriteKind(FieldWriter fields) => fields.Add("Future", _future);

    private protected override void ReadKind(FieldReader fields) => _future = fields.Get<Future>("Future");
}
