using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots: what every queued put or get saves (its time and whether it was cancelled); its queue is set
// by the kind of operation, which saves its owner.
public abstract partial class QueueOperation
{
    private protected QueueOperation(SimEnvironment env)
        : base(env)
    {
        _queue = null!;
    }

    private protected void WriteOperation(FieldWriter fields)
    {
        fields.Add("Time", Time);
        fields.Add("Cancelled", _cancelled);
    }

    private protected void ReadOperation(FieldReader fields, IOperationQueue queue)
    {
        _queue = queue;
        Time = fields.Get<double>("Time");
        _cancelled = fields.Get<bool>("Cancelled");
    }
}
