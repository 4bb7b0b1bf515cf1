using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using CsCheck;
using Engine.Machines;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Generators.Tests;

/// <summary>The compiler's iterator is the oracle: each generated machine must be observably identical to it.</summary>
[TestClass]
public sealed class DifferentialTests
{
    public static IEnumerable<object[]> CorpusNames => Harness.Methods.Select(m => new object[] { m.Name });

    [TestMethod]
    public void CorpusHasAtLeastFortyCoroutines()
    {
        Assert.IsGreaterThanOrEqualTo(40, Harness.Methods.Length);
    }

    [TestMethod]
    [DynamicData(nameof(CorpusNames))]
    public void SameTraceAsCompilerIterator(string name)
    {
        MethodInfo method = Harness.Find(name);
        for (int seed = 0; seed < 7; seed++)
        {
            object?[] args = Harness.Args(method, seed);
            object? target = Harness.Target(method);
            List<string> expected = Harness.Trace(() => Harness.Iterator(method, target, args));
            List<string> actual = Harness.Trace(() => Harness.Machine(method, target, args));
            CollectionAssert.AreEqual(expected, actual, name + " seed " + seed + "\nexpected: " + string.Join(" | ", expected) + "\nactual:   " + string.Join(" | ", actual));
        }
    }

    [TestMethod]
    [DynamicData(nameof(CorpusNames))]
    public void SameFinallyBlocksWhenDisposedAtEverySuspensionPoint(string name)
    {
        MethodInfo method = Harness.Find(name);
        for (int seed = 0; seed < 6; seed++)
        {
            object?[] args = Harness.Args(method, seed);
            object? target = Harness.Target(method);
            int yields = Harness.CountYields(Harness.Trace(() => Harness.Iterator(method, target, args)));
            for (int k = 0; k <= yields + 1; k++)
            {
                List<string> expected = Harness.Trace(() => Harness.Iterator(method, target, args), disposeAfter: k);
                List<string> actual = Harness.Trace(() => Harness.Machine(method, target, args), disposeAfter: k);
                CollectionAssert.AreEqual(expected, actual, name + " seed " + seed + " dispose after " + k + "\nexpected: " + string.Join(" | ", expected) + "\nactual:   " + string.Join(" | ", actual));
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(CorpusNames))]
    public void PooledRentAndResetReplayTheSameTrace(string name)
    {
        MethodInfo method = Harness.Find(name);
        object?[] args = Harness.Args(method, 4);
        object? target = Harness.Target(method);
        List<string> expected = Harness.Trace(() => Harness.Iterator(method, target, args));
        ICoroutineMachine machine = Harness.Machine(method, target, args);
        List<string> first = Harness.Trace(() => machine, disposeAfter: 1);
        Assert.IsNotNull(first);
        machine.Reset();
        List<string> afterReset = Harness.Trace(() => machine);
        CollectionAssert.AreEqual(expected, afterReset, name + " after Reset");
    }

    [TestMethod]
    public void PropertyRandomInputsMatchIterator()
    {
        Gen.Select(Gen.Int[0, Harness.Methods.Length - 1], Gen.Int[0, 9], Gen.Int[-1, 8])
            .Sample((index, seed, disposeAfter) =>
            {
                MethodInfo method = Harness.Methods[index];
                object?[] args = Harness.Args(method, seed);
                object? target = Harness.Target(method);
                List<string> expected = Harness.Trace(() => Harness.Iterator(method, target, args), disposeAfter);
                List<string> actual = Harness.Trace(() => Harness.Machine(method, target, args), disposeAfter);
                return expected.SequenceEqual(actual);
            }, iter: 3000);
    }

    [TestMethod]
    public void PropertyRandomArraysAndLists()
    {
        Gen.Int[-3, 9].Array[0, 12].Sample(items =>
        {
            MethodInfo array = Harness.Find("ForeachArray");
            MethodInfo list = Harness.Find("ForeachList");
            int[] positive = items.Select(Math.Abs).ToArray();
            bool a = Harness.Trace(() => Harness.Iterator(array, null, new object[] { positive }))
                .SequenceEqual(Harness.Trace(() => Harness.Machine(array, null, new object[] { positive })));
            bool b = Harness.Trace(() => Harness.Iterator(list, null, new object[] { positive.ToList() }))
                .SequenceEqual(Harness.Trace(() => Harness.Machine(list, null, new object[] { positive.ToList() })));
            return a && b;
        }, iter: 500);
    }

    [TestMethod]
    public void SiteReportsFileLineMemberAndId()
    {
        var machine = Corpus.Corpus.RentSequence();
        Assert.AreEqual(0, machine.Site.Id);
        Assert.IsTrue(machine.MoveNext());
        CoroutineSite first = machine.Site;
        Assert.AreEqual(1, first.Id);
        Assert.AreEqual("Engine.Generators.Tests.Corpus.Corpus.Sequence", first.Member);
        Assert.EndsWith("Corpus.cs", first.File);
        Assert.IsTrue(machine.MoveNext());
        Assert.AreEqual(2, machine.Site.Id);
        Assert.IsGreaterThan(first.Line, machine.Site.Line);
        Assert.IsFalse(machine.MoveNext());
        Assert.IsFalse(machine.Site.IsSuspended);
        machine.Dispose();
    }

    [TestMethod]
    public void RentedMachinesAreReused()
    {
        var first = Corpus.Corpus.RentCountUp(3);
        while (first.MoveNext())
        {
        }

        first.Dispose();
        var second = Corpus.Corpus.RentCountUp(2);
        Assert.AreSame(first, second);
        Assert.IsTrue(second.MoveNext());
        Assert.AreEqual(Yield.Frames(0), second.Current);
        Assert.IsTrue(second.MoveNext());
        Assert.IsFalse(second.MoveNext());
        second.Dispose();
    }

    [TestMethod]
    public void CallerExceptionFilterRunsBeforeFinallyBlocksLikeTheIterator()
    {
        CollectionAssert.AreEqual(FilterOrder(() => Corpus.Corpus.ThrowInsideTry(2)), FilterOrder(() => Corpus.Corpus.RentThrowInsideTry(2)));
    }

    private static List<string> FilterOrder(Func<IEnumerator<Yield>> create)
    {
        var log = new List<string>();
        Corpus.CorpusLog.Entries = log;
        IEnumerator<Yield> e = create();
        try
        {
            while (e.MoveNext())
            {
            }
        }
        catch (InvalidOperationException) when (Note(log, "filter"))
        {
            log.Add("catch");
        }

        return log;
    }

    private static bool Note(List<string> log, string text)
    {
        log.Add(text);
        return true;
    }
}
