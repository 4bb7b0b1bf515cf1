using System;
using System.Collections.Generic;

namespace Engine;

// The Until/While predicate waits of a loop, or of a game group: checked once per iteration (frame), in the order they
// were added. A poll whose task stopped waiting (a dead registration: woken by its timeout, cancelled) or whose
// condition held is dropped in place, so nothing stale stays behind. A woken waiter reads Co.Result<bool>(): Held,
// or TimedOut when the deadline of a timed wait (Yield.Until(condition, timeout)) came first.
internal sealed class PollList
{
    public static readonly object Held = true;
    public static readonly object TimedOut = false;

    private Poll[] _items = new Poll[8];
    private int _count;

    public int Count => _count;

    public void Add(ParkedTask waiter, Func<bool> condition, bool negate)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[_count++] = new Poll(waiter, condition, negate);
    }

    // The tasks whose poll is still live, in order (whole-loop saves: a predicate cannot be saved, so they are reported).
    public void AddLiveTo(List<CoTask> tasks)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_items[i].Waiter.IsLive)
            {
                tasks.Add(_items[i].Waiter.Task);
            }
        }
    }

    public void Check()
    {
        int kept = 0;
        int count = _count;
        for (int i = 0; i < count; i++)
        {
            Poll poll = _items[i];
            if (!poll.Waiter.IsLive)
            {
                continue;
            }

            bool satisfied;
            try
            {
                satisfied = poll.Condition() != poll.Negate;
            }
            catch (Exception e)
            {
                poll.Waiter.Fail(e, WakeCause.Poll);
                continue;
            }

            if (satisfied)
            {
                poll.Waiter.Wake(Held, WakeCause.Poll);
                continue;
            }

            _items[kept++] = poll;
        }

        // Conditions may have added polls meanwhile (a predicate that runs code which waits); keep those too.
        for (int i = count; i < _count; i++)
        {
            _items[kept++] = _items[i];
        }

        Array.Clear(_items, kept, _count - kept);
        _count = kept;
    }

    // The live polls in check order, for whole-loop saves (Engine/World). Cold path.
    public void GetLive(System.Collections.Generic.List<(CoTask Task, Func<bool> Condition, bool Negate)> into)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_items[i].Waiter.IsLive)
            {
                into.Add((_items[i].Waiter.Task, _items[i].Condition, _items[i].Negate));
            }
        }
    }

    private readonly struct Poll
    {
        public readonly ParkedTask Waiter;
        public readonly Func<bool> Condition;
        public readonly bool Negate;

        public Poll(ParkedTask waiter, Func<bool> condition, bool negate)
        {
            Waiter = waiter;
            Condition = condition;
            Negate = negate;
        }
    }
}
