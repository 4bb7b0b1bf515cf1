using System;
using System.Collections.Generic;

namespace Engine.Observe;

// Finds deadlocks in a LoopView: cycles in the graph whose nodes are the waiting tasks and whose edges go from a task
// to the tasks that hold what it waits for (WaitView.BlockedBy: a lock's owner, an awaited task, a gather's or task
// group's unfinished children). Tarjan's strongly connected components, then one cycle walked inside each component.
// Waits anyone could release (an event, a queue, a plain future, a semaphore) have no edge: they block only when the
// loop is stalled, which the caller knows (EventLoop.IsStalled), not the graph.
internal static class DeadlockFinder
{
    public static DeadlockReport? Analyze(LoopView view, bool stalled, string? target)
    {
        List<IReadOnlyList<long>> cycles = FindCycles(view);
        var blocked = new List<long>();
        var seen = new HashSet<long>();
        foreach (IReadOnlyList<long> cycle in cycles)
        {
            foreach (long id in cycle)
            {
                if (seen.Add(id))
                {
                    blocked.Add(id);
                }
            }
        }

        if (stalled)
        {
            foreach (TaskView task in view.Tasks)
            {
                if (task.Wait is not null && seen.Add(task.Id))
                {
                    blocked.Add(task.Id);
                }
            }
        }
        else if (cycles.Count > 0)
        {
            AddWaitersOnBlocked(view, blocked, seen);
        }

        if (cycles.Count == 0 && (!stalled || blocked.Count == 0))
        {
            return null;
        }

        return new DeadlockReport(cycles.Count > 0 ? DeadlockKind.Cycle : DeadlockKind.Stall, target, cycles, blocked, view);
    }

    public static List<IReadOnlyList<long>> FindCycles(LoopView view)
    {
        var index = new Dictionary<long, int>();
        for (int i = 0; i < view.Tasks.Count; i++)
        {
            index[view.Tasks[i].Id] = i;
        }

        var tarjan = new Tarjan(view, index);
        for (int i = 0; i < view.Tasks.Count; i++)
        {
            if (tarjan.Order[i] == 0)
            {
                tarjan.Visit(i);
            }
        }

        return tarjan.Cycles;
    }

    // Tasks that wait (transitively) on a blocked task can never resume either.
    private static void AddWaitersOnBlocked(LoopView view, List<long> blocked, HashSet<long> seen)
    {
        bool added = true;
        while (added)
        {
            added = false;
            foreach (TaskView task in view.Tasks)
            {
                if (task.Wait is null || seen.Contains(task.Id))
                {
                    continue;
                }

                foreach (long blocker in task.Wait.BlockedBy)
                {
                    if (seen.Contains(blocker))
                    {
                        seen.Add(task.Id);
                        blocked.Add(task.Id);
                        added = true;
                        break;
                    }
                }
            }
        }
    }

    private sealed class Tarjan
    {
        private readonly LoopView _view;
        private readonly Dictionary<long, int> _index;
        private readonly int[] _low;
        private readonly bool[] _onStack;
        private readonly Stack<int> _stack = new();
        private int _counter;

        public Tarjan(LoopView view, Dictionary<long, int> index)
        {
            _view = view;
            _index = index;
            Order = new int[view.Tasks.Count];
            _low = new int[view.Tasks.Count];
            _onStack = new bool[view.Tasks.Count];
        }

        public int[] Order { get; }

        public List<IReadOnlyList<long>> Cycles { get; } = new();

        // Recursive: a wait-for chain is as deep as the tasks waiting on each other, not the program's nesting.
        public void Visit(int v)
        {
            Order[v] = _low[v] = ++_counter;
            _stack.Push(v);
            _onStack[v] = true;
            foreach (int w in Edges(v))
            {
                if (Order[w] == 0)
                {
                    Visit(w);
                    _low[v] = Math.Min(_low[v], _low[w]);
                }
                else if (_onStack[w])
                {
                    _low[v] = Math.Min(_low[v], Order[w]);
                }
            }

            if (_low[v] != Order[v])
            {
                return;
            }

            var component = new HashSet<int>();
            int x;
            do
            {
                x = _stack.Pop();
                _onStack[x] = false;
                component.Add(x);
            }
            while (x != v);

            bool selfLoop = component.Count == 1 && Array.IndexOf(Edges(v), v) >= 0;
            if (component.Count > 1 || selfLoop)
            {
                Cycles.Add(WalkCycle(component));
            }
        }

        private int[] Edges(int v)
        {
            WaitView? wait = _view.Tasks[v].Wait;
            if (wait is null)
            {
                return Array.Empty<int>();
            }

            var edges = new List<int>(wait.BlockedBy.Count);
            foreach (long id in wait.BlockedBy)
            {
                if (_index.TryGetValue(id, out int w) && _view.Tasks[w].Wait is not null)
                {
                    edges.Add(w);
                }
            }

            return edges.ToArray();
        }

        // From the component's oldest task, follow edges inside the component until a task repeats: that loop is a cycle.
        private IReadOnlyList<long> WalkCycle(HashSet<int> component)
        {
            int start = int.MaxValue;
            foreach (int c in component)
            {
                start = Math.Min(start, c);
            }

            var path = new List<int>();
            var position = new Dictionary<int, int>();
            int at = start;
            while (!position.ContainsKey(at))
            {
                position[at] = path.Count;
                path.Add(at);
                foreach (int w in Edges(at))
                {
                    if (component.Contains(w))
                    {
                        at = w;
                        break;
                    }
                }
            }

            var cycle = new List<long>();
            for (int i = position[at]; i < path.Count; i++)
            {
                cycle.Add(_view.Tasks[path[i]].Id);
            }

            return cycle;
        }
    }
}
