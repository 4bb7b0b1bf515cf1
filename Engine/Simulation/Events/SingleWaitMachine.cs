using Engine.Machines;
using Engine.Persist;

namespace Engine.Simulation;

// One wait as a child coroutine, handing on the wait's value: what Co.Catch wraps a plain wait (a timeout, an event)
// in so it can be caught, written as a machine by hand so a process suspended in it can be saved. Named like the
// iterator it stands for ("Co.Single"), so traces read the same.
internal sealed class SingleWaitMachine : CoroutineMachine
{
    private const string CoroutineName = "Co.Single";
    private const string ShapeText = "param instruction Yield\nsite 1 instruction\nsite 2 Yield.Return(Co.ResultObject)\ncode 1";
    private static readonly CoroutineSite s_site = new("Co.Tasks.cs", 0, CoroutineName, 0);

    // 0 not started, -1 running or finished, n suspended at site n; -2 - n: restored at site n, re-issuing its wait.
    private int _state;
    private Yield _instruction;

    public SingleWaitMachine(Yield instruction) => _instruction = instruction;

    // For snapshots: created empty, then restored.
    private SingleWaitMachine()
    {
    }

    public override string Name => CoroutineName;

    public override int State => _state >= -1 ? _state : -2 - _state;

    public override CoroutineSite Site => s_site;

    protected override string Shape => ShapeText;

    protected override int SiteCount => 2;

    public override void Reset()
    {
        ClearCurrent();
        _state = 0;
    }

    public override void Dispose() => _state = -1;

    protected override Yield Step()
    {
        switch (_state)
        {
            case 0:
                _state = -1;
                return SuspendAndRecord(ref _state, 1, _instruction);
            case 1:
                _state = -1;
                return Suspend(ref _state, 2, Yield.Return(Co.ResultObject));
            default:
                if (_state < -1)
                {
                    _state = -2 - _state;
                    return Reissue();
                }

                _state = -1;
                return End;
        }
    }

    protected override void Save(FieldWriter fields) => fields.Add("_instruction", _instruction);

    protected override void Load(FieldReader fields, int state, bool reissue)
    {
        _instruction = fields.Get<Yield>("_instruction");
        _state = reissue ? -2 - state : state;
    }
}
