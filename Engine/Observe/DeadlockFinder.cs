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

    // Tasks that wait (transitively) on a blocked task can never resume either. Listed in the order of passes over the
    // tasks in view order, each pass adding the tasks that wait on one already listed (a task listed earlier in the same
    // pass counts), until a pass adds none. The passes are simulated rather than run: a sorted set holds the tasks that
    // can be listed, and a cursor plays the pass's position, so a 100,000-long wait chain is listed in n log n steps
    // instead of one pass per task.
    private static void AddWaitersOnBlocked(LoopView view, List<long> blocked, HashSet<long> seen)
    {
        var waitersOf = new Dictionary<long, List<int>>();
        var ready = new SortedSet<int>();
        for (int i = 0; i < view.Tasks.Count; i++)
        {
            TaskView task = view.Tasks[i];
            if (task.Wait is null || seen.Contains(task.Id))
            {
                continue;
            }

            foreach (long blocker in task.Wait.BlockedBy)
            {
                if (seen.Contains(blocker))
                {
                    ready.Add(i);
                }
                else
                {
                    if (!waitersOf.TryGetValue(blocker, out List<int>? waiters))
                    {
                        waitersOf[blocker] = waiters = new List<int>();
                    }

                    waiters.Add(i);
                }
            }
        }

        int cursor = 0;
        while (ready.Count > 0)
        {
            int next = -1;
            foreach (int i in ready.GetViewBetween(cursor, int.MaxValue))
            {
                next = i;
                break;
            }

            if (next < 0)
            {
                cursor = 0; // the pass ended having listed some: the next pass starts
                continue;
            }

            ready.Remove(next);
            cursor = next + 1;
            long id = view.Tasks[next].Id;
            if (!seen.Add(id))
            {
                continue;
            }

            blocked.Add(id);
            if (waitersOf.TryGetValue(id, out List<int>? freed))
            {
                foreach (int w in freed)
                {
                    if (!seen.Contains(view.Tasks[w].Id))
                    {
                        ready.Add(w);
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

        // Tarjan's algorithm over an explicit stack of (task, its edges, the next edge): a wait-for chain is as deep as
        // the tasks waiting on each other (100,000 tasks each awaiting the next), far deeper than a thread's stack
        // allows a recursion. Same visiting order and the same components, in the same order, as the recursive form.
        public void Visit(int root)
        {
            var frames = new Stack<(int Task, int[] Edges, int Next)>();
            Enter(root, frames);
            while (frames.Count > 0)
            {
                (int v, int[] edges, int next) = frames.Pop();
                if (next > 0)
                {
                    // Back from the visit of edges[next - 1]: a frame is saved with next > 0 only to descend that edge.
                    _low[v] = Math.Min(_low[v], _low[edges[next - 1]]);
                }

                bool descended = false;
                while (next < edges.Length)
                {
                    int w = edges[next++];
                    if (Order[w] == 0)
                    {
                        frames.Push((v, edges, next));
                        Enter(w, frames);
                        descended = true;
                        break;
                    }

                    if (_onStack[w])
                    {
                        _low[v] = Math.Min(_low[v], Order[w]);
                    }
                }

                if (!descended)
                {
                    Leave(v, edges);
                }
            }
        }

        private void Enter(int v, Stack<(int Task, int[] Edges, int Next)> frames)
        {
            Order[v] = _low[v] = ++_counter;
            _stack.Push(v);
            _onStack[v] = true;
            frames.Push((v, Edges(v), 0));
        }

        private void Leave(int v, int[] edges)
        {
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

            bool selfLoop = component.Count == 1 && Array.IndexOf(edges, v) >= 0;
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
