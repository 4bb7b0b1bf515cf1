namespace Engine;

/// <summary>Which clock drives an <see cref="EventLoop"/>.</summary>
public enum ClockKind
{
    /// <summary>The monotonic wall clock. <see cref="EventLoop.Run(System.Collections.Generic.IEnumerator{Yield})"/> blocks until the next timer or event (servers and tools).</summary>
    Real = 0,

    /// <summary>Simulated time that jumps straight to the next timer when nothing is ready (simulations, tests).</summary>
    Virtual,

    /// <summary>Time advanced by the host: each <see cref="EventLoop.Tick(double)"/> adds its <c>dt</c> and runs one frame (game loops).</summary>
    Frame,
}
