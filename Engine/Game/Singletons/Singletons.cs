using System.Collections.Generic;

namespace Engine.Game;

// The scripts of a GameLoop that run under a key, one at a time (GameLoop.RunSingleton). A key's entry holds every task
// started under it (Replace kills them all: the running one and those queued after it) and the last one (Queue waits for
// it). The entry goes away when its last task finishes, so keys do not pile up.
internal sealed partial class Singletons
{
    private readonly Dictionary<object, Entry> _entries = new();

    public CoTask? Running(object key) => _entries.TryGetValue(key, out Entry? entry) && !entry.Last.IsDone ? entry.Last : null;

    public CoTask Run(object key, IEnumerator<Yield> coroutine, SingletonPolicy policy, ScriptGroup group, string? name)
    {
        name ??= "singleton " + key;
        if (!_entries.TryGetValue(key, out Entry? entry) || entry.Last.IsDone)
        {
            return Start(key, group.Spawn(coroutine, name));
        }

        switch (policy)
        {
            case SingletonPolicy.KeepRunning:
                coroutine.Dispose();
                return entry.Last;
            case SingletonPolicy.Queue:
                return Start(key, group.Spawn(new QueuedRun(entry.Last, coroutine, key), name));
            default:
                entry.Tasks.KillAll("Replaced by a new run of singleton '" + key + "'.");
                return Start(key, group.Spawn(coroutine, name));
        }
    }

    private CoTask Start(object key, CoTask task)
    {
        if (!_entries.TryGetValue(key, out Entry? entry))
        {
            _entries[key] = entry = new Entry(this, key);
        }

        entry.Last = task;
        entry.Tasks.Add(task);
        task.AddWaiter(entry, 0);
        return task;
    }

    internal sealed partial class Entry : ICompletionListener
    {
        private readonly Singletons _owner;
        private readonly object _key;

        public Entry(Singletons owner, object key)
        {
            _owner = owner;
            _key = key;
            Last = null!;
        }

        public object Key => _key;

        public TaskList Tasks { get; } = new();

        public CoTask Last { get; set; }

        public void OnCompleted(Future future)
        {
            if (ReferenceEquals(future, Last) && _owner._entries.TryGetValue(_key, out Entry? current) && ReferenceEquals(current, this))
            {
                _owner._entries.Remove(_key);
            }
        }
    }
}
