namespace Engine.Simulation;

/// <summary>A put of an amount into a <see cref="Container"/> (SimPy's <c>ContainerPut</c>): happens when it fits.</summary>
public sealed class ContainerPut : ContainerOperation
{
    internal ContainerPut(Container container, double amount)
        : base(container, amount)
    {
    }

    // Simulation snapshots: created empty, then filled (ContainerOperation.Persist.cs).
    private ContainerPut(SimEnvironment env)
        : base(env)
    {
    }

    internal static ContainerPut CreateRestored(SimEnvironment env) => new(env);

    private protected override string Verb => "Put into";
}
