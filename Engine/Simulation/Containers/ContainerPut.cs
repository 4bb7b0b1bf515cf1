using System.Globalization;

namespace Engine.Simulation;

/// <summary>A put of an amount into a <see cref="Container"/> (SimPy's <c>ContainerPut</c>): happens when it fits.</summary>
public sealed class ContainerPut : QueueOperation
{
    internal ContainerPut(Container container, double amount)
        : base(container.Environment, container)
    {
        Container = container;
        Amount = amount;
    }

    /// <summary>The container.</summary>
    public Container Container { get; }

    /// <summary>The amount being put.</summary>
    public double Amount { get; }

    internal void Done() => Trigger(true, null);

    /// <inheritdoc/>
    protected override string Describe() => "Put " + Amount.ToString("R", CultureInfo.InvariantCulture) + " into " + Container.Name;
}
