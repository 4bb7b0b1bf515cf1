namespace Engine;

/// <summary>A last-in, first-out <see cref="CoQueue{T}"/> (asyncio's <c>LifoQueue</c>): <see cref="CoQueue{T}.Get"/> returns
/// the most recently put item. Waiting getters and putters are still served FIFO.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class CoLifoQueue<T> : CoQueue<T>
{
    /// <summary>Creates a LIFO queue.</summary>
    /// <param name="capacity">The most items it holds; 0 for no limit.</param>
    public CoLifoQueue(int capacity = 0)
        : base(capacity, new LifoStore<T>())
    {
    }
}
