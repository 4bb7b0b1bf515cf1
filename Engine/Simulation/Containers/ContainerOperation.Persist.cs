using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots: a container operation saves its container, amount, time and whether it was cancelled.
public abstract partial class ContainerOperation
{
    private protected ContainerOperation(SimEnvironment env)
        : base(env)
    {
        Container = null!;
    }

    private protected override void WriteKind(FieldWriter fields)
    {
        WriteOperation(fields);
        fields.Add("Container", Container);
        fields.Add("Amount", Amount);
    }

    private protected override void ReadKind(FieldReader fields)
    {
        Container = fields.Get<Container>("Container");
        ReadOperation(fields, Container);
        Amount = fields.Get<double>("Amount");
    }
}
