using System;

namespace Engine.Game;

// The frame: what a GameLoop does inside each loop iteration (through IterationHooks) and in host-driven phases.
//
// Performance: per frame the game walks its groups (a handful to a few dozen) a few times; per task it adds less than
// the loop's own batch: a lane is an array of tasks stepped in place (Scheduling/LaneQueue.cs), a paused group's lanes
// are skipped whole, and nothing is allocated once the lanes and timer slabs have grown to the scene's high-water mark. At many scripts a
// frame waits on memory: a group's tasks lie among the other groups' (spawned in turn), so a long lane batch fetches
// the tasks ahead of the one it steps (PhaseLane.RunBatch, Scheduling/Prefetch.cs; Engine.Bench/README.md "frame").
public sealed partial class GameLoop
{
    private double _lastFrameTime;
    private double _frameDelta;
    private long _frameCount;
    private double _fixedStep = 0.02;
    private int _maxFixedSteps = 5;
    private double _fixedAccumulator;
    private double _fixedTime;
    private long _fixedStepCount;
    private double _slowInterval = 1.0 / 7;
    private int _slowEveryFrames;
    private double _slowAccumulator;
    private int _slowFrames;
    private bool _slowDue;
    private bool _hostDriven;

    /// <summary>The host time of one fixed step in seconds; 0.02 by default (50 steps a second, Unity's default).
    /// <see cref="Tick(double)"/> runs as many steps as the accumulated frame time holds, up to <see cref="MaxFixedSteps"/>.
    /// Fixed steps follow host time: a group's time scale stretches its waits, not the fixed rate.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero, negative, NaN or infinite.</exception>
    public double FixedStep
    {
        get => _fixedStep;
        set
        {
            if (!(value > 0) || double.IsInfinity(value))
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(FixedStep), value,
                    "A fixed step must be a finite number of seconds greater than zero (0.02 runs 50 fixed steps a second).");
            }

            _fixedStep = value;
        }
    }

    /// <summary>The most fixed steps one frame runs; 5 by default. After a long frame the accumulator keeps less than one
    /// step and the rest is dropped, so a slow frame cannot snowball into ever more steps (Unity's maximum allowed timestep).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxFixedSteps
    {
        get => _maxFixedSteps;
        set
        {
            if (value < 1)
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(MaxFixedSteps), value, "A frame must be allowed at least one fixed step.");
            }

            _maxFixedSteps = value;
        }
    }

    /// <summary>The time of the last fixed step: the number of fixed steps run times their length.</summary>
    public double FixedTime => _fixedTime;

    /// <summary>The number of fixed steps run so far.</summary>
    public long FixedStepCount => _fixedStepCount;

    /// <summary>The slow update runs once every this many seconds of host time (at most once a frame); 1/7 s by default.
    /// Setting it clears <see cref="SlowUpdateEveryFrames"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero, negative, NaN or infinite.</exception>
    public double SlowUpdateInterval
    {
        get => _slowInterval;
        set
        {
            if (!(value > 0) || double.IsInfinity(value))
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(SlowUpdateInterval), value, "The slow update interval must be a finite number of seconds greater than zero.");
            }

            _slowInterval = value;
            _slowEveryFrames = 0;
        }
    }

    /// <summary>When more than zero, the slow update runs every this many frames instead of by time; 0 (the default)
    /// means by <see cref="SlowUpdateInterval"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int SlowUpdateEveryFrames
    {
        get => _slowEveryFrames;
        set
        {
            if (value < 0)
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(SlowUpdateEveryFrames), value, "A frame count must be zero (slow update by time) or more.");
            }

            _slowEveryFrames = value;
            _slowFrames = 0;
        }
    }

    // The smallest loop time t (from `from` on) at which value + (t - from) * rate reaches target, computed with the same
    // floating-point operations the frame uses to advance, so an idle clock that jumps to t is sure to fire what it
    // jumped for.
    internal static double FirstTimeReaching(double value, double rate, double target, double from)
    {
        double t = from + ((target - value) / rate);
        if (!(t > from))
        {
            return from;
        }

        for (int i = 0; i < 64 && value + ((t - from) * rate) < target; i++)
        {
            t = NextUp(t);
        }

        return t;
    }

    private static double NextUp(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        return value >= 0 ? BitConverter.Int64BitsToDouble(bits + 1) : BitConverter.Int64BitsToDouble(bits - 1);
    }

    // Frame start (inside the iteration, after the loop's own timers and predicates).
    private void BeginFrame()
    {
        double now = _loop.Now;
        double dt = _loop.Clock == ClockKind.Frame ? _loop.TickDelta : now - _lastFrameTime;
        if (!(dt > 0))
        {
            dt = 0;
        }

        _lastFrameTime = now;
        _frameDelta = dt;
        _frameCount++;
        ScriptGroup[] order = Order;
        for (int i = 0; i < order.Length; i++)
        {
            order[i].Advance(dt);
        }

        _slowDue = IsSlowUpdateDue(dt);
        if (!_hostDriven)
        {
            _fixedAccumulator += dt;
            for (int steps = 0; _fixedAccumulator >= _fixedStep; steps++)
            {
                if (steps == _maxFixedSteps)
                {
                    _fixedAccumulator %= _fixedStep;
                    break;
                }

                _fixedAccumulator -= _fixedStep;
                RunFixedStep();
            }
        }
    }

    // After the loop's own batch: the rest of the update phase, then the later phases.
    private void FinishFrame()
    {
        RunLanes(GamePhase.Update);
        _loop.RunWoken();
        RunPhasesAfter(GamePhase.Update); // added phases anchored on the update phase (GameLoop.Phases.cs)
        if (_slowDue)
        {
            RunPhase(GamePhase.SlowUpdate);
        }

        if (!_hostDriven)
        {
            RunPhase(GamePhase.LateUpdate);
            RunPhase(GamePhase.EndOfFrame);
        }
    }

    private bool IsSlowUpdateDue(double dt)
    {
        if (_slowEveryFrames > 0)
        {
            if (++_slowFrames < _slowEveryFrames)
            {
                return false;
            }

            _slowFrames = 0;
            return true;
        }

        _slowAccumulator += dt;
        if (_slowAccumulator < _slowInterval)
        {
            return false;
        }

        _slowAccumulator -= _slowInterval;
        if (_slowAccumulator >= _slowInterval)
        {
            _slowAccumulator %= _slowInterval; // at most one slow update per frame: a long frame does not queue several
        }

        return true;
    }

    private void RunFixedStep()
    {
        _fixedTime += _fixedStep;
        _fixedStepCount++;
        RunPhase(GamePhase.FixedUpdate);
    }

    // Runs phase, then the phases added after it (GameLoop.Phases.cs), each time phase runs.
    private void RunPhase(GamePhase phase)
    {
        int previous = _loop.RunningPhase;
        _loop.RunningPhase = (int)phase;
        RunLanes(phase);
        _loop.RunWoken();
        _loop.RunningPhase = previous;
        RunPhasesAfter(phase);
    }

    // Every unpaused lane of the phase: the one of no group first, then each group's in tree order.
    private void RunLanes(GamePhase phase)
    {
        PhaseLane? ungrouped = _ungrouped[(int)phase];
        if (ungrouped is not null && ungrouped.Ready.Count > 0)
        {
            ungrouped.RunBatch();
        }

        PhaseLane[] lanes = LanesInOrder[(int)phase];
        for (int i = 0; i < lanes.Length; i++)
        {
            PhaseLane lane = lanes[i];
            if (!lane.Paused && lane.Ready.Count > 0)
            {
                lane.RunBatch();
            }
        }
    }

    private void MoveToPhase(CoTask task, GamePhase phase)
    {
        ScriptGroup? group = (task._lane as PhaseLane)?.Group;
        task._lane = group is not null ? group.Lane(phase) : UngroupedLane(phase);
        _loop.EnqueueReady(task);
    }

    private bool HasWorkWithoutTime()
    {
        bool slowByFrames = _slowEveryFrames > 0;
        for (int i = 0; i < _ungrouped.Length; i++)
        {
            GamePhase phase = BuiltInAnchor((GamePhase)i); // an added phase runs when its built-in anchor does
            if (_ungrouped[i] is { } lane && lane.Ready.Count > 0 && phase != GamePhase.FixedUpdate && (phase != GamePhase.SlowUpdate || slowByFrames))
            {
                return true;
            }
        }

        foreach (ScriptGroup group in Order)
        {
            if (group.HasWorkWithoutTime(slowByFrames))
            {
                return true;
            }
        }

        return false;
    }

    private bool TryPeekDue(out double loopDue)
    {
        bool any = false;
        loopDue = double.PositiveInfinity;
        foreach (ScriptGroup group in Order)
        {
            if (group.TryPeekLoopDue(_lastFrameTime, out double due) && due < loopDue)
            {
                loopDue = due;
                any = true;
            }
        }

        if (!_hostDriven && HasReadyTasks(GamePhase.FixedUpdate))
        {
            double due = FirstTimeReaching(_fixedAccumulator, 1, _fixedStep, _lastFrameTime);
            if (due < loopDue)
            {
                loopDue = due;
                any = true;
            }
        }

        if (_slowEveryFrames == 0 && HasReadyTasks(GamePhase.SlowUpdate))
        {
            double due = FirstTimeReaching(_slowAccumulator, 1, _slowInterval, _lastFrameTime);
            if (due < loopDue)
            {
                loopDue = due;
                any = true;
            }
        }

        return any;
    }

    private bool HasReadyTasks(GamePhase phase)
    {
        if (_ungrouped[(int)phase] is { } ungrouped && ungrouped.Ready.Count > 0)
        {
            return true;
        }

        foreach (ScriptGroup group in Order)
        {
            PhaseLane lane = group.Lane(phase);
            if (!lane.Paused && lane.Ready.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    private bool HasActivePolls()
    {
        foreach (ScriptGroup group in Order)
        {
            if (group.HasActivePolls)
            {
                return true;
            }
        }

        return false;
    }

    // The loop's view of the game (IterationHooks is internal, GameLoop public: this adapter keeps the base internal).
    private sealed class FrameHooks : IterationHooks
    {
        private readonly GameLoop _game;

        public FrameHooks(GameLoop game) => _game = game;

        public GameLoop Game => _game;

        public override bool HasWork => _game.HasWorkWithoutTime();

        public override bool HasPolls => _game.HasActivePolls();

        public override void BeforeReadyBatch() => _game.BeginFrame();

        public override void AfterReadyBatch() => _game.FinishFrame();

        public override bool TryPeekDue(out double loopDue) => _game.TryPeekDue(out loopDue);

        public override Exception? MoveToPhase(CoTask task, int phase)
        {
            if ((uint)phase >= (uint)_game.PhaseCount)
            {
                return _game.UnknownPhase((GamePhase)phase, "phase");
            }

            _game.MoveToPhase(task, (GamePhase)phase);
            return null;
        }

        public override void RunHostedPhase(int phase)
        {
            if ((GamePhase)phase == GamePhase.FixedUpdate)
            {
                _game.RunFixedStep();
            }
            else
            {
                _game.RunPhase((GamePhase)phase);
            }
        }
    }
}
