namespace Engine;

/// <summary>
/// A semaphore that refuses to be released more times than it was acquired (asyncio's <c>BoundedSemaphore</c>):
/// <see cref="CoSemaphore.Release"/> throws when the count would go above its initial value.
/// </summary>
public sealed class CoBoundedSemaphore : CoSemaphore
{
    /// <summary>Creates a bounded semaphore with <paramref name="initialCount"/> permits, which is also its maximum.</summary>
    /// <param name="initialCount">The number of permits; zero or more.</param>
    public CoBoundedSemaphore(int initialCount = 1)
        : base(initialCount, bounded: true)
    {
    }
}
