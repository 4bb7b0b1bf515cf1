using System;
using Engine.Machines;
using Engine.Persist;

namespace Engine.Game;

public sealed partial class Lifetime
{
    // The watcher task of While: waits while the owner's predicate holds (a caught wait, so a predicate that throws ends
    // the lifetime too), ends the lifetime, then passes the predicate's exception on. Written as a coroutine machine by
    // hand (the engine does not run its own generator) so the watcher can be saved with the loop; its predicate is saved
    // by name like any delegate (a lambda is reported, naming the watcher's frame). Named "Lifetime.Watch", the name of
    // the iterator it replaces, so traces and stack views read as before.
    private sealed class WatchMachine : HelperMachine
    {
        private static readonly HelperInfo s_info = new("Lifetime.Watch", "Lifetime.cs", 1,
            "param lifetime Lifetime\nparam isAlive Func<bool>\nsite 1 Co.Catch(Yield.While(isAlive))\ncode 1");

        private Lifetime _lifetime = null!;
        private Func<bool>? _isAlive;

        public WatchMachine(Lifetime lifetime, Func<bool> isAlive)
        {
            _lifetime = lifetime;
            _isAlive = isAlive;
        }

        // For snapshots: created empty, then restored.
        private WatchMachine()
        {
        }

        private protected override HelperInfo Info => s_info;

        protected override Yield Step()
        {
            int state = Resume();
            switch (state)
            {
                case 0:
                    Func<bool> isAlive = _isAlive!;
                    _isAlive = null; // the pending instruction holds it from here on (one delegate to save, one to report)
                    return SuspendAndRecord(1, Co.Catch(Yield.While(isAlive)));
                case 1:
                    Exception? error = Co.Exception;
                    _lifetime.End(error is null ? "Its owner is gone." : "Its owner's condition threw " + error.GetType().Name + ".");
                    if (error is not null)
                    {
                        ThrowHelper.Rethrow(error);
                    }

                    return End;
                default:
                    return Stopped(state);
            }
        }

        protected override void Save(FieldWriter fields)
        {
            fields.Add("_lifetime", _lifetime);
            fields.Add("_isAlive", _isAlive);
        }

        protected override void LoadFields(FieldReader fields)
        {
            _lifetime = fields.Get<Lifetime>("_lifetime");
            _isAlive = fields.Get<Func<bool>>("_isAlive");
        }
    }
}
