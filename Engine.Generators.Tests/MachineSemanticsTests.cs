using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Engine.Machines;
using Engine.Persist;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Generators.Tests;

/// <summary>A point, for the converter extension point (a user type the graph does not know).</summary>
public sealed class Point
{
    public Point(int x, int y)
    {
        X = x;
        Y = y;
    }

    public int X { get; }

    public int Y { get; }
}

/// <summary>Saves <see cref="Point"/> as two members.</summary>
public sealed class PointConverter : ISaveConverter
{
    public bool CanConvert(Type type) => type == typeof(Point);

    public void Write(object value, FieldWriter fields)
    {
        var point = (Point)value;
        fields.Add("X", point.X);
        fields.Add("Y", point.Y);
    }

    public object Read(Type type, FieldReader fields) => new Point(fields.Get<int>("X"), fields.Get<int>("Y"));
}

/// <summary>Coroutines for the pooling, reset, snapshot and fast-path tests.</summary>
public static partial class Machines
{
    public static List<string> Log { get; } = new();

    [Coroutine]
    public static IEnumerator<Yield> Shared(int n)
    {
        int[] numbers = { n, n + 1 };
        int[] alias = numbers;
        var list = new List<int[]> { numbers };
        var points = new List<Point> { new Point(n, 2) };
        Point first = points[0];
        object boxed = list;
        yield return Yield.Frames(1);
        alias[0] += 10;
        Log.Add(numbers[0] + " " + list[0][0] + " " + ReferenceEquals(first, points[0]) + " " + ReferenceEquals(boxed, list) + " " + first.X);
        yield return Yield.Frames(2);
    }

    [Coroutine]
    public static IEnumerator<Yield> Unsavable(IEnumerable<int> items)
    {
        object gate = new object();
        var ticks = new List<Func<int>> { () => 1 };
        foreach (int item in items)
        {
            yield return Yield.Frames(item);
        }

        Log.Add(gate.ToString() + ticks.Count);
    }

    [Coroutine]
    public static IEnumerator<Yield> Patrol(int laps)
    {
        for (int lap = 0; lap < laps; lap++)
        {
            yield return Yield.Seconds(2);
            Log.Add("lap " + lap);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> Child(int n)
    {
        yield return Yield.Seconds(n);
        yield return Yield.Return(n * 10);
    }

    [Coroutine]
    public static IEnumerator<Yield> Parent(int n)
    {
        yield return Yield.From(RentChild(n));
        Log.Add("child returned " + Co.Result<int>());
        yield return Yield.Seconds(1);
    }

    [Coroutine]
    public static IEnumerator<Yield> Escaping(int n, List<Func<int>> sink)
    {
        int total = n;
        sink.Add(() => total);
        yield return Yield.NextTick;
        total += 1;
    }

    [Coroutine]
    public static IEnumerator<Yield> NotEscaping(int n, List<int> sink)
    {
        int total = n;
        yield return Yield.NextTick;
        sink.Add(total);
    }

    [Coroutine]
    public static IEnumerator<Yield> ThrowingFinally(int n)
    {
        Log.Add("start " + n);
        try
        {
            yield return Yield.Frames(n);
            yield return Yield.Frames(n + 1);
        }
        finally
        {
            Log.Add("finally " + n);
            if (n > 0)
            {
                throw new InvalidOperationException("finally failed");
            }
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> YieldsDefault()
    {
        yield return Yield.NextTick;
        yield return default;
    }

    [Coroutine]
    public static IEnumerator<Yield> Recorded(int n)
    {
        yield return Yield.Frames(Next(n));
        yield return Yield.Frames(n);
    }

    private static int Next(int n) => n + 1;
}

/// <summary>A struct with an instance coroutine: the machine holds a copy of <c>this</c>, which Reset restores.</summary>
public partial struct Counter
{
    public int Value;

    [Coroutine]
    public IEnumerator<Yield> Count(int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            Value++;
            yield return Yield.Frames(Value);
        }
    }
}

[TestClass]
public sealed class MachineSemanticsTests
{
    [TestMethod]
    public void SnapshotKeepsObjectIdentityThroughJson()
    {
        Machines.Log.Clear();
        var machine = Machines.RentShared(5);
        Assert.IsTrue(machine.MoveNext());
        CoroutineSnapshot snapshot = machine.Snapshot(new PointConverter());
        string json = JsonSerializer.Serialize(snapshot);
        CoroutineSnapshot back = JsonSerializer.Deserialize<CoroutineSnapshot>(json)!;
        var copy = new Machines.SharedMachine(0);
        copy.Restore(back, new PointConverter());
        Assert.IsTrue(machine.MoveNext());
        List<string> original = Drain(copy);
        Assert.AreEqual(2, Machines.Log.Count);
        Assert.AreEqual("15 15 True True 5", Machines.Log[0]);
        Assert.AreEqual(Machines.Log[0], Machines.Log[1], "aliases, shared elements and converted objects are one object again after restore");
        CollectionAssert.AreEqual(new[] { "Frames 1", "Frames 2" }, original);
        machine.Dispose();
    }

    [TestMethod]
    public void SnapshotListsEveryUnsavableValue()
    {
        var machine = Machines.RentUnsavable(new LinkedList<int>(new[] { 1, 2 }));
        machine.MoveNext();
        var error = Assert.ThrowsExactly<NotSupportedException>(() => machine.Snapshot());
        StringAssert.Contains(error.Message, "coroutine 'Engine.Generators.Tests.Machines.Unsavable'");
        StringAssert.Contains(error.Message, "field '_gate' holds a System.Object");
        StringAssert.Contains(error.Message, "field '_ticks' [0] holds a System.Func`1[[System.Int32");
        StringAssert.Contains(error.Message, "field '_arg_items' holds a System.Collections.Generic.LinkedList`1");
        StringAssert.Contains(error.Message, "Enumerator");
        StringAssert.Contains(error.Message, "4 values cannot be saved"); // the list once, with its other field
        StringAssert.Contains(error.Message, "(also at coroutine 'Engine.Generators.Tests.Machines.Unsavable' field '_items')");
        machine.Dispose();
    }

    [TestMethod]
    public void RestoredMachineResumesAtItsPendingSecondsWait()
    {
        Machines.Log.Clear();
        var original = Machines.RentPatrol(3);
        using var first = new EventLoop(ClockKind.Virtual);
        first.Spawn(original);
        first.RunUntil(3);   // lap 0 done at t=2, waiting for the second Seconds(2) until t=4
        CollectionAssert.AreEqual(new[] { "lap 0" }, Machines.Log);
        CoroutineSnapshot saved = SnapshotTests.JsonRoundTrip(original.Snapshot());

        Machines.Log.Clear();
        using var second = new EventLoop(ClockKind.Virtual);
        var restored = new Machines.PatrolMachine(0);
        restored.Restore(saved);
        Assert.AreEqual(default, restored.Current, "nothing handed out yet in this process: a task accepts it as fresh");
        Assert.AreEqual(1, restored.State);
        CoTask task = second.Spawn(restored);
        second.RunUntilComplete(task);
        CollectionAssert.AreEqual(new[] { "lap 1", "lap 2" }, Machines.Log);
        Assert.AreEqual(4.0, second.Time, 1e-9, "the pending Seconds(2) is waited again in full, then one more lap");
    }

    [TestMethod]
    public void PendingChildMachineIsSavedInTheSameGraph()
    {
        Machines.Log.Clear();
        using var first = new EventLoop(ClockKind.Virtual);
        var parent = new Machines.ParentMachine(3);
        first.Spawn(parent);
        first.RunUntil(1);   // the child waits Seconds(3)
        CoroutineSnapshot saved = SnapshotTests.JsonRoundTrip(parent.Snapshot());
        Assert.IsTrue(saved.Types.Any(t => t.Kind == SavedObjectKind.Machine && t.Coroutine!.EndsWith("Machines.Child", StringComparison.Ordinal)));

        using var second = new EventLoop(ClockKind.Virtual);
        var restored = new Machines.ParentMachine(0);
        restored.Restore(saved);
        CoTask task = second.Spawn(restored);
        second.RunUntilComplete(task);
        CollectionAssert.AreEqual(new[] { "child returned 30" }, Machines.Log);
        Assert.AreEqual(4.0, second.Time, 1e-9, "the child's pending Seconds(3), then the parent's Seconds(1)");
    }

    [TestMethod]
    public void RecomputedAndRecordedPendingInstructionsMatchWhatWasYielded()
    {
        var machine = new Machines.RecordedMachine(4);
        machine.MoveNext();
        Assert.AreEqual(Yield.Frames(5), Read(machine.Snapshot()));
        var stepped = new Machines.RecordedMachine(4);
        using var loop = new EventLoop(ClockKind.Frame);
        loop.Spawn(stepped);
        loop.Tick(0);
        Assert.AreEqual(Yield.Frames(5), Read(stepped.Snapshot()), "recorded by the fast path");
        loop.Tick(0);
        for (int i = 0; i < 6 && stepped.State != 2; i++)
        {
            loop.Tick(0);
        }

        Assert.AreEqual(2, stepped.State);
        Assert.AreEqual(Yield.Frames(4), Read(stepped.Snapshot()), "recomputed: the fast path records nothing at this yield");
    }

    [TestMethod]
    public void RestoreIntoAChangedMethodNamesTheChange()
    {
        const string Before = "using System.Collections.Generic; using Engine; namespace V { public static partial class S { [Coroutine] public static IEnumerator<Yield> M(int n) { int i = n; yield return Yield.Frames(i); yield return Yield.Seconds(1); } } }";
        const string After = "using System.Collections.Generic; using Engine; namespace V { public static partial class S { [Coroutine] public static IEnumerator<Yield> M(int n) { int i = n; long extra = 2; yield return Yield.Frames(i); yield return Yield.Seconds(2 + extra); } } }";
        ICoroutineMachine before = NewMachine(Before, "V.S", "MMachine", 3);
        before.MoveNext();
        CoroutineSnapshot snapshot = SnapshotTests.JsonRoundTrip(before.Snapshot());
        ICoroutineMachine after = NewMachine(After, "V.S", "MMachine", 0);
        var error = Assert.ThrowsExactly<ArgumentException>(() => after.Restore(snapshot));
        StringAssert.Contains(error.Message, "Cannot restore coroutine 'V.S.M': the method changed");
        StringAssert.Contains(error.Message, "field '_extra' (long) was added");
        StringAssert.Contains(error.Message, "yield #2 changed: 'Yield.Seconds(1)' is now 'Yield.Seconds(2+extra)'");
        ICoroutineMachine same = NewMachine(Before, "V.S", "MMachine", 0);
        same.Restore(snapshot);
        Assert.AreEqual(1, same.State);
    }

    [TestMethod]
    public void EscapingClosureMakesTheMachineUnpooledAndKeepsItsValues()
    {
        var sink = new List<Func<int>>();
        var first = Machines.RentEscaping(1, sink);
        while (first.MoveNext())
        {
        }

        first.Dispose();
        var second = Machines.RentEscaping(7, sink);
        Assert.AreNotSame(first, second, "a machine whose closure escaped is never reused");
        Assert.AreEqual(2, sink[0](), "the first run's closure still sees its own final value after Dispose");
        second.Dispose();

        var kept = new List<int>();
        var a = Machines.RentNotEscaping(1, kept);
        while (a.MoveNext())
        {
        }

        a.Dispose();
        Assert.AreSame(a, Machines.RentNotEscaping(2, kept), "machines without escaping closures stay pooled");
    }

    [TestMethod]
    public void StructInstanceResetRestoresTheCopiedThis()
    {
        var counter = new Counter { Value = 10 };
        List<string> expected = Harness.Trace(() => counter.Count(3));
        var machine = new Counter.CountMachine(counter, 3);
        Assert.IsTrue(machine.MoveNext());
        Assert.AreEqual(Yield.Frames(11), machine.Current);
        Assert.IsTrue(machine.MoveNext());
        Assert.AreEqual(Yield.Frames(12), machine.Current);
        machine.Reset();
        CollectionAssert.AreEqual(expected, Harness.Trace(() => machine), "Reset starts again from the original copy of this (Value 10)");
        Assert.AreEqual(10, counter.Value, "the caller's struct is untouched, as with the compiler's iterator");
    }

    [TestMethod]
    public void ResetWhoseFinallyThrowsRestartsTheMachineAndPropagates()
    {
        Machines.Log.Clear();
        var machine = Machines.RentThrowingFinally(1);
        Assert.IsTrue(machine.MoveNext());
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => machine.Reset());
        Assert.AreEqual("finally failed", error.Message);
        Assert.AreEqual(0, machine.State, "restarted although the finally block threw");
        Machines.Log.Clear();
        Assert.IsTrue(machine.MoveNext());
        Assert.AreEqual(Yield.Frames(1), machine.Current);
        CollectionAssert.AreEqual(new[] { "start 1" }, Machines.Log);
        Assert.ThrowsExactly<InvalidOperationException>(() => machine.Dispose());
        Assert.AreEqual(-1, machine.State);
    }

    [TestMethod]
    public void MachineYieldingDefaultGetsTheSchedulersError()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        CoTask task = loop.Spawn(Machines.RentYieldsDefault());
        loop.Tick(0);
        loop.Tick(0);
        Assert.IsTrue(task.IsDone);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => task.Result);
        StringAssert.Contains(error.Message, "yielded default(Yield), which is not an instruction");
        StringAssert.Contains(error.Message, "Machines.YieldsDefault");
    }

    [TestMethod]
    public void WaitingForNamesTheMachinesPendingInstruction()
    {
        var machine = Machines.RentPatrol(3);
        Assert.AreEqual(default, machine.Current, "a fresh machine has handed out nothing");
        using var loop = new EventLoop(ClockKind.Virtual);
        CoTask task = loop.Spawn(machine);
        loop.RunUntil(1);
        Assert.AreEqual("Seconds(2)", task.WaitingFor);
        Assert.AreEqual(Yield.Seconds(2), machine.Current, "recomputed while the task holds it");
        loop.RunUntil(100);
        Assert.IsTrue(task.IsDone);
        Assert.AreEqual(default, machine.Current);
    }

    [TestMethod]
    public void MachinesAndIteratorsGiveTheSameLoopTrace()
    {
        foreach (int laps in new[] { 0, 1, 3 })
        {
            Machines.Log.Clear();
            using (var loop = new EventLoop(ClockKind.Virtual))
            {
                loop.Run(Machines.Patrol(laps));
            }

            var iterator = Machines.Log.ToList();
            Machines.Log.Clear();
            double end;
            using (var loop = new EventLoop(ClockKind.Virtual))
            {
                loop.Run(Machines.RentPatrol(laps));
                end = loop.Time;
            }

            CollectionAssert.AreEqual(iterator, Machines.Log);
            Assert.AreEqual(2.0 * laps, end, 1e-9);
        }
    }

    private static Yield Read(CoroutineSnapshot snapshot) => new GraphReader(snapshot).Read<Yield>(snapshot.FieldsOf(snapshot.Machine()).Single(f => f.Key == SavedObject.PendingField).Value);

    private static List<string> Drain(IEnumerator<Yield> e)
    {
        var yields = new List<string>();
        while (e.MoveNext())
        {
            yields.Add(e.Current.Kind + " " + e.Current.Number);
        }

        return yields;
    }

    private static ICoroutineMachine NewMachine(string source, string type, string machine, int n)
    {
        var run = GeneratorHarness.Run(source);
        using var stream = new System.IO.MemoryStream();
        Assert.IsTrue(run.Output.Emit(stream).Success);
        Type t = System.Reflection.Assembly.Load(stream.ToArray()).GetType(type)!.GetNestedType(machine)!;
        return (ICoroutineMachine)Activator.CreateInstance(t, n)!;
    }
}
