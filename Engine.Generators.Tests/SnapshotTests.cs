using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Engine.Machines;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Generators.Tests;

/// <summary>A machine snapshotted at each suspension point and restored into a fresh instance continues identically.</summary>
[TestClass]
public sealed class SnapshotTests
{
    public static IEnumerable<object[]> StaticNames => Harness.Methods.Where(m => m.IsStatic).Select(m => new object[] { m.Name });

    [TestMethod]
    [DynamicData(nameof(StaticNames))]
    public void RestoredMachineContinuesLikeTheOriginal(string name)
    {
        MethodInfo method = Harness.Find(name);
        int restored = 0;
        for (int seed = 0; seed < 5; seed++)
        {
            object?[] args = Harness.Args(method, seed);
            int yields = Harness.CountYields(Harness.Trace(() => Harness.Iterator(method, null, args)));
            for (int k = 0; k <= yields; k++)
            {
                ICoroutineMachine original = Harness.Machine(method, null, args);
                CorpusLogScope(() => Step(original, k));
                CoroutineSnapshot snapshot;
                try
                {
                    snapshot = original.Snapshot();
                }
                catch (NotSupportedException e)
                {
                    // Only live non-savable values (held enumerators, resources, child iterators) may refuse, and the message must name them.
                    StringAssert.Contains(e.Message, method.DeclaringType!.FullName + "." + name);
                    StringAssert.Contains(e.Message, " holds a ");
                    try
                    {
                        original.Dispose();
                    }
                    catch (InvalidOperationException)
                    {
                        // ExceptionInUsingDispose's resource throws from Dispose on purpose.
                    }

                    continue;
                }

                Assert.AreEqual(original.State, snapshot.MachineState());
                ICoroutineMachine copy = Harness.Machine(method, null, Harness.Args(method, 99));
                copy.Restore(JsonRoundTrip(snapshot));
                Assert.AreEqual(original.Site, copy.Site);
                List<string> expected = Harness.ContinueRestored(original);
                List<string> actual = Harness.Continue(copy);
                CollectionAssert.AreEqual(expected, actual, name + " seed " + seed + " restored at " + k + "\nexpected: " + string.Join(" | ", expected) + "\nactual:   " + string.Join(" | ", actual));
                restored++;
            }
        }

        Assert.IsGreaterThan(0, restored, name + " was never restorable");
    }

    [TestMethod]
    public void SnapshotOfHeldEnumeratorNamesMethodAndField()
    {
        var machine = Corpus.Corpus.RentForeachCustom(3);
        machine.MoveNext();
        var e = Assert.ThrowsExactly<NotSupportedException>(() => machine.Snapshot());
        StringAssert.Contains(e.Message, "Engine.Generators.Tests.Corpus.Corpus.ForeachCustom");
        StringAssert.Contains(e.Message, "_foreach1Enumerator");
        machine.Dispose();
    }

    [TestMethod]
    public void RestoreRejectsAnotherCoroutinesSnapshot()
    {
        var machine = Corpus.Corpus.RentCountUp(3);
        machine.MoveNext();
        CoroutineSnapshot snapshot = machine.Snapshot();
        var other = Corpus.Corpus.RentWhileLoop(3);
        Assert.ThrowsExactly<ArgumentException>(() => other.Restore(snapshot));
        machine.Dispose();
        other.Dispose();
    }

    [TestMethod]
    public void SnapshotHoldsNamedFieldsAndState()
    {
        var machine = Corpus.Corpus.RentTwoParameters(3, 10);
        machine.MoveNext();
        machine.MoveNext();
        CoroutineSnapshot snapshot = machine.Snapshot();
        Assert.AreEqual(1, snapshot.MachineState());
        Assert.AreEqual(3, snapshot.Field("_n")!.Number);
        Assert.AreEqual(11, snapshot.Field("_m")!.Number);
        Assert.AreEqual(10, snapshot.Field("_arg_m")!.Number);
        Assert.AreEqual(1, snapshot.Field("_i")!.Number);
        Assert.AreEqual("System.Int32", snapshot.Field("_i")!.Type);
        machine.Dispose();
    }

    [TestMethod]
    public void DisposeRunsFinallyAndIteratorAgrees()
    {
        List<string> trace = Harness.Trace(() => Corpus.Corpus.RentNestedTryFinally(0), disposeAfter: 2);
        CollectionAssert.AreEqual(new[] { "Y Frames 1", "Y Frames 2", "dispose", "inner", "outer", "after dispose False" }, trace);
    }

    private static void Step(ICoroutineMachine machine, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            Assert.IsTrue(machine.MoveNext());
        }
    }

    private static void CorpusLogScope(Action action)
    {
        Corpus.CorpusLog.Entries = new List<string>();
        action();
    }

    /// <summary>Writes the snapshot as JSON and reads it back with System.Text.Json and no options, as another process would.</summary>
    internal static CoroutineSnapshot JsonRoundTrip(CoroutineSnapshot snapshot) =>
        JsonSerializer.Deserialize<CoroutineSnapshot>(JsonSerializer.Serialize(snapshot))!;
}
