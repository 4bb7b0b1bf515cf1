namespace Engine;

/// <summary>The outcome of <see cref="Co.WhenAny(Future[])"/>: which future finished first and with what result.</summary>
public readonly struct WhenAnyResult
{
    internal WhenAnyResult(int index, Future winner)
    {
        Index = index;
        Winner = winner;
    }

    /// <summary>The position of the winner in the arguments.</summary>
    public int Index { get; }

    /// <summary>The future or task that finished first.</summary>
    public Future Winner { get; }

    /// <summary>The winner's result as an object.</summary>
    public object? Result => Winner.ResultObject;

    /// <summary>The winner's result converted to <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <returns>The result.</returns>
    public T GetResult<T>() => Winner is Future<T> typed ? typed.Result : Co.Convert<T>(Winner.ResultObject, Winner as CoTask);

    /// <inheritdoc/>
    public override string ToString() => "WhenAny won by " + Winner + " (item " + Index + ")";
}
