namespace Engine.Simulation;

// Simulation snapshots: a restored timeout is created without scheduling itself; its timer (or its turn in the ready
// queue) is restored by the loop in saved order.
public sealed partial class SimTimeout
{
    private SimTimeout(SimEnvironment env, double delay)
        : base(env)
    {
        _delay = delay;
    }

    internal static SimTimeout CreateRestored(SimEnvironment env, double delay) => new(env, delay);
}
