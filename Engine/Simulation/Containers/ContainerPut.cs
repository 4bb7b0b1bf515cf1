namespace Engine.Simulation;

/// <summary>A put of an amount into a <see cref="Container"/> (SimPy's <c>ContainerPut</c>): happens when it fits.</summary>
public sealed class ContainerPut : ContainerOperation
{
    internal ContainerPut(Container container, double amount)
        : base(container, amount)
    {
    }

    private protected override string Verb => "Put into";
}
