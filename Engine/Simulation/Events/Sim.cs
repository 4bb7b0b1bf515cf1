
namespace Engine.Simulation;

/// <summary>
/// Helpers for simulation processes. C# forbids <c>yield</c> inside <c>try/catch</c>, so SimPy's
/// <c>try: yield ... except Interrupt:</c> is written <c>yield return Sim.Interruptible(wait);</c> followed by
/// <c>if (Sim.Interrupted(out InterruptException? interrupt)) { ... }</c>.
/// </summary>
public static class Sim
{
    /// <summary>Runs <paramref name="wait"/> (any instruction: a timeout, an event, a request, <c>Yield.From(child)</c>)
    /// and receives an interrupt as an outcome instead of failing: afterwards <see cref="Interrupted(out InterruptException)"/>
    /// tells whether an <see cref="InterruptException"/> ended the wait, and <see cref="Co.Result{T}"/> gives the wait's
    /// value when none did. Other exceptions travel on as usual. A child's frames unwind to here (their <c>finally</c>
    /// blocks run), so a whole block can be made interruptible: <c>Sim.Interruptible(Yield.From(Work()))</c>.</summary>
    /// <param name="wait">The instruction to run.</param>
    /// <returns>The instruction to yield.</returns>
    public static Yield Interruptible(Yield wait) => Yield.From(new InterruptibleMachine(wait));

    /// <summary>After <see cref="Interruptible(Yield)"/>: whether an interrupt ended the wait, and which.</summary>
    /// <param name="interrupt">The interrupt, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> if the process was interrupted.</returns>
    public static bool Interrupted(out InterruptException? interrupt)
    {
        interrupt = Co.ResultObject as InterruptException;
        return interrupt is not null;
    }
}
