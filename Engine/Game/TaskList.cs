using System;
using System.Collections.Generic;

namespace Engine.Game;

// The tasks of a script group, a lifetime or a singleton key: what a kill must reach. Finished tasks are not removed
// when they finish (that would need a hook in every completion); a full array first drops them, so a long-lived group
// whose scripts come and go stays as large as its live tasks, and steady state allocates nothing.
internal sealed class TaskList
{
    private CoTask[] _items = new CoTask[8];
    private int _count;
    private int _killing; // > 0 while KillAll runs: no compaction, so its index stays valid and newcomers are reached

    public int LiveCount
    {
        get
        {
            int live = 0;
            for (int i = 0; i < _count; i++)
            {
                if (!_items[i].IsDone)
                {
                    live++;
                }
            }

            return live;
        }
    }

    public void Add(CoTask task)
    {
        if (_count == _items.Length)
        {
            if (_killing == 0)
            {
                DropFinished();
            }

            if (_count > _items.Length / 2)
            {
                Array.Resize(ref _items, _items.Length * 2);
            }
        }

        _items[_count++] = task;
    }

    // True while a task is live and no kill of it is under way (a task killed during its own step finishes when the step
    // yields; one whose finally blocks run now is finishing).
    public bool HasTaskToKill()
    {
        for (int i = 0; i < _count; i++)
        {
            if (!_items[i].IsDone && !_items[i].IsBeingKilled)
            {
                return true;
            }
        }

        return false;
    }

    // Kills every live task, oldest first, including tasks added while it runs (a finally block that spawns into the
    // same group). Returns how many were live. A task that kills its own group finishes when its step yields (Kill).
    public int KillAll(string? message)
    {
        int killed = 0;
        _killing++;
        try
        {
            for (int i = 0; i < _count; i++)
            {
                CoTask task = _items[i];
                if (!task.IsDone && task.Kill(message))
                {
                    killed++;
                }
            }
        }
        finally
        {
            _killing--;
        }

        if (_killing == 0)
        {
            DropFinished();
        }

        return killed;
    }

    public void AddLiveTo(List<CoTask> tasks)
    {
        for (int i = 0; i < _count; i++)
        {
            if (!_items[i].IsDone)
            {
                tasks.Add(_items[i]);
            }
        }
    }

    private void DropFinished()
    {
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            if (!_items[i].IsDone)
            {
                _items[kept++] = _items[i];
            }
        }

        Array.Clear(_items, kept, _count - kept);
        _count = kept;
    }
}
