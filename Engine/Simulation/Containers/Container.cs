using System;
using System.Globalization;

namespace Engine.Simulation;

/// <summary>
/// A container of a continuous or discrete amount, such as fuel in a tank or parts in a bin (SimPy's <c>Container</c>):
/// <c>yield return tank.Get(40);</c> waits until 40 can be taken; <c>tank.Put(200)</c> adds (and waits while it would
/// overflow <see cref="Capacity"/>). Puts and gets are served in the order they came: one that cannot be served holds up
/// those behind it.
/// </summary>
/// <remarks>Semantics are SimPy's: an operation that can be done when made is done then (and processed at its turn); when
/// a put is processed the waiting gets are served, and when a get is processed the waiting puts are. A discrete container
/// accepts whole amounts only. Monitors cost nothing until set: <see cref="LevelMonitor"/> (time-weighted level),
/// <see cref="GetWaitMonitor"/> and <see cref="PutWaitMonitor"/> (time from each get or put to the moment it was done; a
/// withdrawn operation adds no sample).</remarks>
public sealed partial class Container : IOperationQueue
{
    private readonly SimEnvironment _env;
    private readonly double _capacity;
    private readonly bool _discrete;
    private readonly OperationList<ContainerPut> _puts = new();
    private readonly OperationList<ContainerGet> _gets = new();
    private double _level;

    /// <summary>Creates a container.</summary>
    /// <param name="env">The environment.</param>
    /// <param name="capacity">The most it holds; greater than zero; <see cref="double.PositiveInfinity"/> (the default) for no limit.</param>
    /// <param name="initial">The level at the start; between 0 and <paramref name="capacity"/>.</param>
    /// <param name="discrete">Accept whole amounts only (a count of parts rather than litres).</param>
    /// <param name="name">A name for messages and reports.</param>
    /// <exception cref="ArgumentOutOfRangeException">The capacity is not above zero, or the initial level is negative, above
    /// the capacity, or (discrete) not whole.</exception>
    public Container(SimEnvironment env, double capacity = double.PositiveInfinity, double initial = 0, bool discrete = false, string? name = null)
    {
        if (env is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(env));
        }

        if (!(capacity > 0))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(capacity), capacity, "A container needs a capacity greater than zero.");
        }

        if (!(initial >= 0) || initial > capacity || double.IsInfinity(initial))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(initial), initial, "A container's initial level must be between 0 and its capacity " +
                capacity.ToString("R", CultureInfo.InvariantCulture) + ".");
        }

        _env = env;
        _capacity = capacity;
        _discrete = discrete;
        Name = name ?? "Container";
        CheckWhole(initial, nameof(initial));
        _level = initial;
    }

    /// <summary>The environment.</summary>
    public SimEnvironment Environment => _env;

    /// <summary>The name used in messages and reports.</summary>
    public string Name { get; }

    /// <summary>The most the container holds.</summary>
    public double Capacity => _capacity;

    /// <summary>The amount in the container now.</summary>
    public double Level => _level;

    /// <summary>Whether only whole amounts are accepted.</summary>
    public bool IsDiscrete => _discrete;

    /// <summary>The number of puts waiting for room.</summary>
    public int WaitingPutters => _puts.Count;

    /// <summary>The number of gets waiting for the level.</summary>
    public int WaitingGetters => _gets.Count;

    /// <summary>When set, follows the level over time.</summary>
    public TimeSeriesMonitor? LevelMonitor { get; set; }

    /// <summary>When set, receives each get's waiting time (from the get to the moment its amount was taken); a get that
    /// was cancelled or withdrawn adds nothing.</summary>
    public SampleMonitor? GetWaitMonitor { get; set; }

    /// <summary>When set, receives each put's waiting time (from the put to the moment its amount went in); a put that
    /// was cancelled or withdrawn adds nothing.</summary>
    public SampleMonitor? PutWaitMonitor { get; set; }

    /// <summary>Puts <paramref name="amount"/> into the container (SimPy's <c>put</c>): done at once if it fits, otherwise
    /// when gets make room.</summary>
    /// <param name="amount">The amount; greater than zero, at most the capacity.</param>
    /// <returns>The put; yield it to wait until the amount is in.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The amount is not above zero, exceeds the capacity (it could never
    /// fit), or (discrete) is not whole.</exception>
    public ContainerPut Put(double amount)
    {
        CheckAmount(amount, nameof(amount), "put");
        var put = new ContainerPut(this, amount);
        _puts.Add(put);
        TriggerPut();
        return put;
    }

    /// <summary>Takes <paramref name="amount"/> from the container (SimPy's <c>get</c>): done at once if the level allows,
    /// otherwise when puts bring enough.</summary>
    /// <param name="amount">The amount; greater than zero, at most the capacity.</param>
    /// <returns>The get; yield it to wait until the amount is taken.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The amount is not above zero, exceeds the capacity (it could never be
    /// served), or (discrete) is not whole.</exception>
    public ContainerGet Get(double amount)
    {
        CheckAmount(amount, nameof(amount), "get");
        var get = new ContainerGet(this, amount);
        _gets.Add(get);
        TriggerGet();
        return get;
    }

    /// <inheritdoc/>
    public override string ToString() => Name + " [level " + _level.ToString("R", CultureInfo.InvariantCulture) + "/" +
        _capacity.ToString("R", CultureInfo.InvariantCulture) + ", " + _puts.Count.ToString(CultureInfo.InvariantCulture) + " putters, " +
        _gets.Count.ToString(CultureInfo.InvariantCulture) + " getters waiting]";

    void IOperationQueue.Withdraw(QueueOperation operation)
    {
        if (operation is ContainerPut put)
        {
            _puts.Remove(put);
        }
        else
        {
            _gets.Remove((ContainerGet)operation);
        }
    }

    void IOperationQueue.OnProcessed(QueueOperation operation)
    {
        if (operation is ContainerPut)
        {
            TriggerGet();
        }
        else
        {
            TriggerPut();
        }
    }

    private void CheckAmount(double amount, string name, string what)
    {
        _env.Loop.CheckOwnerThread(null, what + " on a container of");
        if (!(amount > 0) || double.IsInfinity(amount))
        {
            ThrowHelper.ThrowArgumentOutOfRange(name, amount, "A container " + what + " needs a finite amount greater than zero.");
        }

        if (amount > _capacity)
        {
            ThrowHelper.ThrowArgumentOutOfRange(name, amount, "A " + what + " of " + amount.ToString("R", CultureInfo.InvariantCulture) + " from container '" +
                Name + "' exceeds its capacity " + _capacity.ToString("R", CultureInfo.InvariantCulture) + ", so it could never be served.");
        }

        CheckWhole(amount, name);
    }

    private void CheckWhole(double amount, string name)
    {
        if (_discrete && Math.Floor(amount) != amount)
        {
            ThrowHelper.ThrowArgumentOutOfRange(name, amount, "Container '" + Name + "' is discrete and takes whole amounts only.");
        }
    }

    private void SetLevel(double level)
    {
        _level = level;
        LevelMonitor?.UpdateTo(level);
    }

    private void TriggerPut() => _puts.Serve(_env, this, static (c, put) =>
    {
        if (c._capacity - c._level >= put.Amount)
        {
            c.SetLevel(c._level + put.Amount);
            c.PutWaitMonitor?.Add(c._env.Now - put.Time);
            put.Done();
            return true;
        }

        return false;
    });

    private void TriggerGet() => _gets.Serve(_env, this, static (c, get) =>
    {
        if (c._level >= get.Amount)
        {
            c.SetLevel(c._level - get.Amount);
            c.GetWaitMonitor?.Add(c._env.Now - get.Time);
            get.Done();
            return true;
        }

        return false;
    });
}
