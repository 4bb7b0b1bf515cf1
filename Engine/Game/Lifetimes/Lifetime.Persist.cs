using System.Collections.Generic;
using Engine.Persist;

namespace Engine.Game;

// Whole-loop saves (GameConverter): whether the lifetime ended and why, its live tasks oldest first, its child
// lifetimes, its watcher task (Lifetime.While: a machine whose predicate is saved by name, a lambda reported there) and
// its owner. The owner is a host object, saved through the converter the host registers for its type (the host decides
// what identifies it, and which object it is after a restore); a save without one names the type. A lifetime that ends
// with a future (Lifetime.Of) is saved as that future's waiter. Cold path.
public sealed partial class Lifetime
{
    internal void WriteForSave(FieldWriter fields)
    {
        GraphWriter writer = fields.Writer;
        fields.Add("Ended", _ended);
        fields.Add("EndReason", _endReason);
        var tasks = new List<CoTask>();
        _tasks.AddLiveTo(tasks);
        fields.Add("Tasks", tasks.Count == 0 ? null : tasks);
        fields.Add("Children", _children is { Count: > 0 } ? _children : null);
        fields.Add("Watcher", _watcher);
        if (_owner is not null)
        {
            writer.PushPath("owner");
            int problems = writer.Problems.Count;
            int objects = writer.Graph.Objects.Count;
            writer.BeginWholeWrites();
            try
            {
                fields.Add("Owner", _owner);
            }
            finally
            {
                writer.EndWholeWrites();
            }

            if (writer.Problems.Count > problems)
            {
                writer.DropProblemsAfter(problems, objects); // one clear line for the owner instead of the generic one
                writer.AddProblem("is a host object of type " + _owner.GetType().FullName + ": register an ISaveConverter for it with Save and Restore (it decides how the owner is saved and which object it is after a restore)");
            }

            writer.PopPath();
            fields.Add("Game", _game);
        }
    }

    internal void ReadForRestore(FieldReader fields)
    {
        _ended = fields.Get<bool>("Ended");
        _endReason = fields.Get<string>("EndReason");
        foreach (CoTask task in fields.Get<List<CoTask>>("Tasks") ?? new List<CoTask>())
        {
            _tasks.Add(task);
        }

        _children = fields.Get<List<Lifetime>>("Children");
        _watcher = fields.Get<CoTask>("Watcher");
        _owner = fields.Get<object>("Owner");
        _game = fields.Get<GameLoop>("Game");
    }
}
