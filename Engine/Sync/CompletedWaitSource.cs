namespace Engine;

// A wait that is already complete: lets a factory such as CoQueue.Put return a Yield that does not suspend.
internal sealed class CompletedWaitSource : WaitSource
{
    public static readonly CompletedWaitSource Instance = new();

    public static readonly Yield Yield = Engine.Yield.Create(YieldKind.Wait, 0, Instance);

    internal override bool TryCompleteOrEnqueue(ParkedTask waiter) => true;

    internal override void Remove(CoTask task)
    {
    }

    public override string ToString() => "Completed";
}
