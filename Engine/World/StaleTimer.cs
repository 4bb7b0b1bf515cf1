namespace Engine.World;

// A restored timer entry whose wait had ended before the save (a task cancelled while it slept, a cancelled callback).
// The saved loop's entry would still fire and be counted by observers, waking nothing; this one does the same, so a
// restored loop's trace counts the same entries. One shared instance: it holds nothing.
internal sealed class StaleTimer : ITimerTarget
{
    public static readonly StaleTimer Instance = new();

    public void OnTimer(int version)
    {
    }
}
