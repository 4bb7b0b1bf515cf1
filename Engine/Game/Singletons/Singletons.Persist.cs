using System;
using System.Collections.Generic;
using Engine.Persist;

namespace Engine.Game;

// Whole-loop saves (GameConverter): every key's entry (its live tasks oldest first and its last run, which the entry
// listens to as a waiter of that task), and queued runs (their state, the run they wait for, and the coroutine they
// will start, which must be a [Coroutine] machine to be saved). Cold path.
internal sealed partial class Singletons
{
    public bool IsEmpty => _entries.Count == 0;

    public void WriteForSave(FieldWriter fields)
    {
        var entries = new List<Entry>(_entries.Values);
        fields.Add("Entries", entries.Count == 0 ? null : entries);
    }

    public void ReadForRestore(FieldReader fields)
    {
        foreach (Entry entry in fields.Get<List<Entry>>("Entries") ?? new List<Entry>())
        {
            _entries[entry.Key] = entry;
        }
    }

    internal sealed partial class Entry
    {
        public void WriteForSave(FieldWriter fields)
        {
            fields.Add("Owner", _owner);
            fields.Add("Key", _key);
            var tasks = new List<CoTask>();
            Tasks.AddLiveTo(tasks);
            fields.Add("Tasks", tasks.Count == 0 ? null : tasks);
            fields.Add("Last", Last);
        }

        public void ReadForRestore(FieldReader fields)
        {
            foreach (CoTask task in fields.Get<List<CoTask>>("Tasks") ?? new List<CoTask>())
            {
                Tasks.Add(task);
            }

            Last = fields.Get<CoTask>("Last") ?? throw new ArgumentException("A saved singleton entry has no last run.");
        }
    }

    internal sealed partial class QueuedRun
    {
        private QueuedRun(CoTask previous, IEnumerator<Yield> body, object key, int state, bool started)
            : this(previous, body, key)
        {
            _state = state;
            _started = started;
        }

        public static QueuedRun CreateRestored(FieldReader fields) => new(
            fields.Get<CoTask>("Previous") ?? throw new ArgumentException("A saved queued singleton run has no previous run."),
            fields.Get<IEnumerator<Yield>>("Body") ?? throw new ArgumentException("A saved queued singleton run has no coroutine."),
            fields.Get<object>("Key")!,
            fields.Get<int>("State"),
            fields.Get<bool>("Started"));

        public void WriteForSave(FieldWriter fields)
        {
            fields.Add("Previous", _previous);
            fields.Add("Body", _body);
            fields.Add("Key", _key);
            fields.Add("State", _state);
            fields.Add("Started", _started);
        }
    }
}
