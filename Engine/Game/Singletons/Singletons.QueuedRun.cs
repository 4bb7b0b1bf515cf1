using System;
using System.Collections;
using System.Collections.Generic;

namespace Engine.Game;

internal sealed partial class Singletons
{
    // A queued run (SingletonPolicy.Queue): waits for the previous run without taking its failure away from the loop's
    // handler, then runs the new coroutine as a child and returns its result. Written as an explicit state machine,
    // not an iterator, so a whole-loop snapshot can save a queued run (its state, the previous run, the body).
    internal sealed partial class QueuedRun : IEnumerator<Yield>
    {
        private const int WaitingForPrevious = 0;
        private const int RunningBody = 1;
        private const int Returning = 2;
        private const int Done = 3;

        private readonly CoTask _previous;
        private readonly IEnumerator<Yield> _body;
        private readonly object _key;
        private int _state;
        private bool _started;
        private Yield _current;

        public QueuedRun(CoTask previous, IEnumerator<Yield> body, object key)
        {
            _previous = previous;
            _body = body;
            _key = key;
        }

        public object Key => _key;

        public Yield Current => _current;

        object IEnumerator.Current => _current;

        public bool MoveNext()
        {
            switch (_state)
            {
                case WaitingForPrevious:
                    _state = RunningBody;
                    _current = Yield.Catch(_previous);
                    return true;
                case RunningBody:
                    if (Co.Exception is { } error and not CancelledException)
                    {
                        _previous.Loop.Report(new LoopExceptionContext(
                            "The previous run of singleton '" + _key + "' (task '" + _previous.Name + "') failed; the queued run starts anyway.",
                            error,
                            _previous,
                            _previous.FailureChain));
                    }

                    _started = true;
                    _state = Returning;
                    _current = Yield.From(_body);
                    return true;
                case Returning:
                    _state = Done;
                    _current = Yield.Return(Co.ResultObject);
                    return true;
                default:
                    return false;
            }
        }

        public void Dispose()
        {
            _state = Done;
            if (!_started)
            {
                _started = true;
                _body.Dispose();
            }
        }

        void IEnumerator.Reset() => throw new NotSupportedException("A queued singleton run cannot be reset.");

        public override string ToString() => "Singletons.QueuedRun '" + _key + "'";
    }
}
