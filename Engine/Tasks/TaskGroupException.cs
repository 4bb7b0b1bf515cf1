using System;
using System.Collections.Generic;

namespace Engine;

/// <summary>
/// Raised by a <see cref="TaskGroup"/> whose children (or body) failed (asyncio's <c>ExceptionGroup</c> from a
/// <c>TaskGroup</c>): <see cref="AggregateException.InnerExceptions"/> holds every error and <see cref="TaskNames"/> the
/// name of the task each came from, in the same order.
/// </summary>
public sealed class TaskGroupException : AggregateException
{
    private readonly string[] _taskNames;

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="taskNames">The task names, one per error.</param>
    /// <param name="errors">The errors.</param>
    public TaskGroupException(string message, IReadOnlyList<string> taskNames, IReadOnlyList<Exception> errors)
        : base(message, ToArray(errors))
    {
        _taskNames = ToArray(taskNames);
    }

    /// <summary>The name of the task each error came from (<c>"(body)"</c> for the group's own body).</summary>
    public IReadOnlyList<string> TaskNames => _taskNames;

    private static TItem[] ToArray<TItem>(IReadOnlyList<TItem> items)
    {
        if (items is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(items));
        }

        var array = new TItem[items.Count];
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = items[i];
        }

        return array;
    }
}
