using System.Globalization;

namespace Engine.Simulation;

/// <summary>A get of an amount from a <see cref="Container"/> (SimPy's <c>ContainerGet</c>): happens when the level allows it.</summary>
public sealed class ContainerGet : QueueOperation
{
    internal ContainerGet(Container container, double amount)
        : base(container.Environment, container)
    {
        Container = container;
        Amount = amount;
    }

    /// <summary>The container.</summary>
    public Container Container { get; }

    /// <summary>The amount being taken.</summary>
    public double Amount { get; }

    internal void Done() => Trigger(true, null);

    /// <inheritdoc/>
    protected override string Describe() => "Get " + Amount.ToString("R", CultureInfo.InvariantCulture) + " from " + Container.Name;
}
