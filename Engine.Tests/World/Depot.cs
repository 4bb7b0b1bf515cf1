using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Engine.Simulation;
using IntStack = Engine.Simulation.LifoStore<int>;
using OrderStore = Engine.Simulation.PriorityStore<Engine.Tests.World.Depot.Order>;

namespace Engine.Tests.World;

// A small model for StoreSnapshotTests that uses the four store kinds. A maker puts numbered items on a belt (a plain
// store of 2, so its puts wait); two packers take them with a patience (an any-of against a timeout, the get withdrawn
// when it loses) and push them on a stack (a LIFO store of 3); a shipper pops the stack and files an order in a
// priority store whose comparer sees only the priority (so equal priorities are told apart by their arrival); a
// dispatcher takes orders and puts parts into a filter store of 4, where two fitters wait with named filters (a static
// method, and an instance method of a model object); part 2 suits neither, so it stays while later gets are served.
// Each fitter then works in a bay from a pool of two (a resource pool): the small fitter takes any bay, the large one
// needs the big bay (a named filter), and each gives its bay back explicitly; the dispatcher uses any bay while it
// dispatches and gives it back by disposing its request. Monitors follow the belt and the pool.
[SimModel]
internal sealed partial class Depot
{
    public const double End = 60;

    [NonSerialized]
    private readonly TextWriter _log;
    private readonly Sizer _sizer = new() { Threshold = 3 };
    private int _made;
    private int _gaveUp;
    private int _fitted;

    private Depot(SimEnvironment env, TextWriter log)
    {
        Env = env;
        _log = log;
        Random = env.RandomStream("depot");
        Belt = new Store<int>(env, 2, "belt")
        {
            CountMonitor = new TimeSeriesMonitor(env, "belt count", collect: true),
            GetWaitMonitor = new SampleMonitor("belt get wait", collect: true),
            PutWaitMonitor = new SampleMonitor("belt put wait"),
        };
        Stack = new IntStack(env, 3, "stack");
        Orders = new OrderStore(env, new ByPriority(), name: "orders");
        Parts = new FilterStore<int>(env, 4, "parts");
        Bays = new ResourcePool<Bay>(env, new[] { new Bay { Size = 1 }, new Bay { Size = 3 } }, "bays")
        {
            WaitingTimeMonitor = new SampleMonitor("bay wait", collect: true),
            UtilizationMonitor = new TimeSeriesMonitor(env, "bays in use"),
        };
    }

    public SimEnvironment Env { get; }

    public RandomStream Random { get; }

    public Store<int> Belt { get; }

    public IntStack Stack { get; }

    public OrderStore Orders { get; }

    public FilterStore<int> Parts { get; }

    public ResourcePool<Bay> Bays { get; }

    public static Depot Start(SimEnvironment env, TextWriter log)
    {
        var model = new Depot(env, log);
        env.Process(new MakerMachine(model), "maker");
        env.Process(new PackerMachine(model, "packer A"), "packer A");
        env.Process(new PackerMachine(model, "packer B"), "packer B");
        env.Process(new ShipperMachine(model), "shipper");
        env.Process(new DispatcherMachine(model), "dispatcher");
        env.Process(new FitterMachine(model, "small fitter", new Func<int, bool>(IsSmall), null), "small fitter");
        env.Process(new FitterMachine(model, "large fitter", new Func<int, bool>(model._sizer.Fits), new Func<Bay, bool>(model._sizer.IsBig)), "large fitter");
        return model;
    }

    public static bool IsSmall(int part) => part < 2;

    public void Report(TextWriter output)
    {
        output.WriteLine("made " + _made + ", gave up " + _gaveUp + ", fitted " + _fitted);
        output.WriteLine(Describe());
        output.Write(new MonitorReport(Belt.CountMonitor!, Belt.GetWaitMonitor!, Belt.PutWaitMonitor!, Bays.WaitingTimeMonitor!, Bays.UtilizationMonitor!).ToText());
    }

    // Every store with its items in their listed order and its waiting operations.
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(Belt).Append(": ").Append(string.Join(",", Belt.Items)).Append('\n');
        text.Append(Stack).Append(": ").Append(string.Join(",", Stack.Items)).Append('\n');
        text.Append(Orders).Append(": ").Append(string.Join(",", Orders.Items)).Append('\n');
        text.Append(Parts).Append(": ").Append(string.Join(",", Parts.Items)).Append('\n');
        text.Append(Bays).Append(": ").Append(string.Join(",", Bays.Available));
        return text.ToString();
    }

    [Engine.Coroutine]
    private IEnumerator<Yield> Maker()
    {
        while (true)
        {
            yield return Yield.Seconds(Random.Exponential(0.8));
            _made++;
            yield return Belt.Put(_made);
            Log("made " + _made);
        }
    }

    [Engine.Coroutine]
    private IEnumerator<Yield> Packer(string name)
    {
        while (true)
        {
            using (StoreGet<int> get = Belt.Get())
            {
                yield return get | Env.Timeout(Random.Uniform(0.5, 2));
                if (!Co.Result<ConditionValue>().Contains(get))
                {
                    _gaveUp++;
                    Log(name + " gave up");
                    continue;
                }

                yield return Stack.Put(get.Item);
                Log(name + " stacked " + get.Item);
            }
        }
    }

    [Engine.Coroutine]
    private IEnumerator<Yield> Shipper()
    {
        while (true)
        {
            yield return Yield.Seconds(Random.Uniform(0.5, 1.5));
            yield return Stack.Get();
            int item = Co.Result<int>();
            Orders.Put(new Order { Priority = item % 3, Id = item });
            Log("shipper filed " + item);
        }
    }

    [Engine.Coroutine]
    private IEnumerator<Yield> Dispatcher()
    {
        while (true)
        {
            yield return Orders.Get();
            Order order = Co.Result<Order>();
            using (PoolRequest<Bay> bay = Bays.Request())
            {
                yield return bay;
                Log("dispatching " + order + " from " + bay.Item);
                yield return Yield.Seconds(Random.Uniform(2, 5));
            }

            yield return Parts.Put(order.Id % 7);
        }
    }

    [Engine.Coroutine]
    private IEnumerator<Yield> Fitter(string name, Func<int, bool> filter, Func<Bay, bool>? bays)
    {
        while (true)
        {
            yield return Parts.Get(filter);
            int part = Co.Result<int>();
            using (PoolRequest<Bay> request = Bays.Request(bays))
            {
                yield return request;
                Bay bay = Co.Result<Bay>();
                _fitted++;
                Log(name + " fits " + part + " in " + bay);
                yield return Yield.Seconds(Random.Uniform(1, 4));
                yield return Bays.Release(request);
            }
        }
    }

    private void Log(string what) => _log.WriteLine(Env.Now.ToString("F3", CultureInfo.InvariantCulture) + " " + what);

    [SimModel]
    internal sealed class Order
    {
        public int Priority;
        public int Id;

        public override string ToString() => "#" + Id + "(p" + Priority + ")";
    }

    // Orders by priority alone: equal priorities are left to the store's arrival order.
    [SimModel]
    internal sealed class ByPriority : IComparer<Order>
    {
        public int Compare(Order? x, Order? y) => x!.Priority.CompareTo(y!.Priority);
    }

    [SimModel]
    internal sealed class Sizer
    {
        public int Threshold;

        public bool Fits(int part) => part >= Threshold;

        public bool IsBig(Bay bay) => bay.Size >= Threshold;
    }

    [SimModel]
    internal sealed class Bay
    {
        public int Size;

        public override string ToString() => "bay " + Size;
    }
}
