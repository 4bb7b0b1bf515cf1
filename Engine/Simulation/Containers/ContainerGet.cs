namespace Engine.Simulation;

/// <summary>A get of an amount from a <see cref="Container"/> (SimPy's <c>ContainerGet</c>): happens when the level allows it.</summary>
public sealed class ContainerGet : ContainerOperation
{
    internal ContainerGet(Container container, double amount)
        : base(container, amount)
    {
    }

    // Simulation snapshots: created empty, then filled (ContainerOperation.Persist.cs).
    private ContainerGet(SimEnvironment env)
        : base(env)
    {
    }

    internal static ContainerGet CreateRestored(SimEnvironment env) => new(env);

    private protected override string Verb => "Get from";
}
