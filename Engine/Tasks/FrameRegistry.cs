using System.Runtime.CompilerServices;

namespace Engine;

// The coroutine objects that a loop's tasks drive right now (every frame of every live task), so that handing one
// iterator to two tasks, or to one task twice, fails with a clear error instead of silently interleaving both runs
// of one iterator (one iterator, one task).
//
// Design: an open-addressing identity set with linear probing and backward-shift deletion (no tombstones), keyed by
// the objects' identity hash codes. Add and Remove are a hash and a short probe; the table holds one reference per
// live frame at a load of at most 3/4.
internal sealed class FrameRegistry
{
    private object?[] _slots = new object?[64];
    private int _count;
    private int _shift = 64 - 6;

    public int Count => _count;

    // Adds frame; false if it is already there.
    public bool Add(object frame)
    {
        if (_count >= (_slots.Length >> 2) * 3)
        {
            Grow();
        }

        object?[] slots = _slots;
        int mask = slots.Length - 1;
        for (int i = Home(frame); ; i = (i + 1) & mask)
        {
            object? slot = slots[i];
            if (slot is null)
            {
                slots[i] = frame;
                _count++;
                return true;
            }

            if (ReferenceEquals(slot, frame))
            {
                return false;
            }
        }
    }

    public bool Contains(object frame)
    {
        object?[] slots = _slots;
        int mask = slots.Length - 1;
        for (int i = Home(frame); ; i = (i + 1) & mask)
        {
            object? slot = slots[i];
            if (slot is null)
            {
                return false;
            }

            if (ReferenceEquals(slot, frame))
            {
                return true;
            }
        }
    }

    public void Remove(object frame)
    {
        object?[] slots = _slots;
        int mask = slots.Length - 1;
        int i = Home(frame);
        while (true)
        {
            object? slot = slots[i];
            if (slot is null)
            {
                return;
            }

            if (ReferenceEquals(slot, frame))
            {
                break;
            }

            i = (i + 1) & mask;
        }

        int hole = i;
        for (int j = (hole + 1) & mask; slots[j] is { } next; j = (j + 1) & mask)
        {
            int home = Home(next);
            if (((j - home) & mask) >= ((j - hole) & mask))
            {
                slots[hole] = next;
                hole = j;
            }
        }

        slots[hole] = null;
        _count--;
    }

    private int Home(object frame) => (int)((ulong)(uint)RuntimeHelpers.GetHashCode(frame) * 0x9E3779B97F4A7C15UL >> _shift);

    private void Grow()
    {
        object?[] old = _slots;
        _slots = new object?[old.Length * 2];
        _shift--;
        _count = 0;
        foreach (object? frame in old)
        {
            if (frame is not null)
            {
                Add(frame);
            }
        }
    }
}
