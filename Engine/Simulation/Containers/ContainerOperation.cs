using System.Globalization;

namespace Engine.Simulation;

/// <summary>A put or get of an amount on a <see cref="Container"/>: <see cref="ContainerPut"/> or <see cref="ContainerGet"/>.</summary>
public abstract partial class ContainerOperation : QueueOperation
{
    private protected ContainerOperation(Container container, double amount)
        : base(container.Environment, container)
    {
        Container = container;
        Amount = amount;
    }

    /// <summary>The container.</summary>
    public Container Container { get; private set; }

    /// <summary>The amount being put or taken.</summary>
    public double Amount { get; private set; }

    private protected abstract string Verb { get; }

    /// <inheritdoc/>
    protected override string Describe() => Verb + " " + Amount.ToString("R", CultureInfo.InvariantCulture) + " " + Container.Name;

    internal void Done() => Trigger(true, null);
}
