using System;
using Engine.Machines;
using Engine.Persist;

namespace Engine;

public sealed partial class CoCondition
{
    // The coroutine behind WaitUntil (asyncio's wait_for): check the predicate, wait for a notification while it is
    // false. Written as a coroutine machine by hand (the engine does not run its own generator) so a task waiting in it
    // can be saved with the loop; the predicate is saved by name like any delegate in a machine (a lambda is reported).
    // Named "CoCondition.WaitUntilCore", the name of the iterator it replaces, so traces and stack views read as before.
    private sealed class WaitUntilMachine : HelperMachine
    {
        private static readonly HelperInfo s_info = new("CoCondition.WaitUntilCore", "CoCondition.cs", 1,
            "param condition CoCondition\nparam predicate Func<bool>\nsite 1 Wait()\ncode 1");

        private CoCondition _condition = null!;
        private Func<bool> _predicate = null!;

        public WaitUntilMachine(CoCondition condition, Func<bool> predicate)
        {
            _condition = condition;
            _predicate = predicate;
        }

        // For snapshots: created empty, then restored.
        private WaitUntilMachine()
        {
        }

        private protected override HelperInfo Info => s_info;

        protected override Yield Step()
        {
            int state = Resume();
            if (state is not (0 or 1))
            {
                return Stopped(state);
            }

            return _predicate() ? End : SuspendAndRecord(1, _condition.Wait());
        }

        protected override void Save(FieldWriter fields)
        {
            fields.Add("_condition", _condition);
            fields.Add("_predicate", _predicate);
        }

        protected override void LoadFields(FieldReader fields)
        {
            _condition = fields.Get<CoCondition>("_condition");
            _predicate = fields.Get<Func<bool>>("_predicate");
        }
    }
}
