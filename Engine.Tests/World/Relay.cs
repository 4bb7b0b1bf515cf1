using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Engine.Simulation;

namespace Engine.Tests.World;

// A small model for SimSnapshotTests with the events a snapshot saves since issue 13's helper slice: events made from
// engine futures with FromFuture (a plain future a process sets, a task that returns, a task that fails) waited on
// alone and in a condition, and simulation events that fail (one awaited, one caught inside an any-of, one failed
// before anyone waits for it, defused).
[SimModel]
internal sealed partial class Relay
{
    public const double End = 12;

    [NonSerialized]
    private readonly TextWriter _log;
    private readonly Future<int> _answer;
    private readonly SimEvent _alarm;
    private readonly SimEvent _early;
    private CoTask? _worker;
    private CoTask? _crasher;

    private Relay(SimEnvironment env, TextWriter log)
    {
        Env = env;
        _log = log;
        _answer = new Future<int>(env.Loop);
        _alarm = env.Event();
        _early = env.Event();
    }

    public SimEnvironment Env { get; }

    public static Relay Start(SimEnvironment env, TextWriter log)
    {
        var model = new Relay(env, log);
        model._worker = env.Process(new WorkerMachine(model), "worker").Task;
        model._crasher = env.Process(new CrasherMachine(model), "crasher").Task;
        env.Process(new SetterMachine(model), "setter");
        env.Process(new ListenerMachine(model), "listener");
        env.Process(new BothMachine(model), "both");
        env.Process(new AlarmedMachine(model), "alarmed");
        env.Process(new LateMachine(model), "late");
        return model;
    }

    private void Log(string line) => _log.WriteLine(Env.Now.ToString("R", CultureInfo.InvariantCulture) + " " + line);

    [Engine.Coroutine]
    private IEnumerator<Yield> Worker()
    {
        yield return Env.Timeout(2.5);
        yield return Yield.Return(25);
    }

    [Engine.Coroutine]
    private IEnumerator<Yield> Crasher()
    {
        yield return Env.Timeout(4);
        throw new InvalidOperationException("crashed at " + Env.Now.ToString("R", CultureInfo.InvariantCulture));
    }

    [Engine.Coroutine]
    private IEnumerator<Yield> Setter()
    {
        yield return Env.Timeout(3);
        _answer.SetResult(42);
        Log("answer set");
        yield return Env.Timeout(1.5);
        _alarm.Fail(new TimeoutException("alarm at " + Env.Now.ToString("R", CultureInfo.InvariantCulture)));
        _early.Fail(new ArgumentException("early failure"));
        _early.Defused = true;
        Log("alarm failed");
    }

    [Engine.Coroutine]
    private IEnumerator<Yield> Listener()
    {
        SimEvent answer = Env.FromFuture(_answer);
        yield return answer;
        Log("listener got " + answer.Value);
        SimEvent crash = Env.FromFuture(_crasher!);
        yield return Co.Catch(crash);
        Log("listener saw the crash: " + (Co.Exception?.Message ?? "none"));
    }

    [Engine.Coroutine]
    private IEnumerator<Yield> Both()
    {
        yield return Env.FromFuture(_worker!) & Env.Timeout(1);
        Log("both: " + Co.Result<ConditionValue>().Count);
        yield return Co.Catch(_alarm | Env.Timeout(10));
        Log("both caught " + (Co.Exception is { } e ? e.GetType().Name + " " + e.Message : "nothing"));
    }

    [Engine.Coroutine]
    private IEnumerator<Yield> Alarmed()
    {
        yield return Co.Catch(_alarm);
        Log("alarmed: " + (Co.Exception is { } e ? e.GetType().Name + " " + e.Message : "nothing"));
    }

    [Engine.Coroutine]
    private IEnumerator<Yield> Late()
    {
        yield return Env.Timeout(6);
        yield return Co.Catch(_early);
        Log("late: " + (Co.Exception is { } e ? e.GetType().Name + " " + e.Message : "nothing"));
    }
}
