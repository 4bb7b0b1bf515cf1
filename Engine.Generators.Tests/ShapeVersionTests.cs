using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Engine.Machines;
using Engine.Persist;
using Microsoft.CodeAnalysis;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Generators.Tests;

/// <summary>
/// Versioned snapshots against real edits: a machine of one version of a coroutine is saved, and restored into the
/// machine the generator makes for an edited version, compiled and loaded beside it. An edit that keeps what a snapshot
/// holds (comments, layout, a renamed local that is not a field, code between yields) restores and continues like the
/// old version; one that changes it (a field added, dropped or retyped, a yield added, dropped, moved or put under
/// another finally or scope) is refused with a message naming the coroutine and the change, unless a migration is given.
/// </summary>
[TestClass]
public sealed class ShapeVersionTests
{
    private const string Coroutine = "Versions.Script.Walk";

    private const string Version1 = """
        using System.Collections.Generic;
        using Engine;

        namespace Versions;

        public static partial class Script
        {
            [Coroutine]
            public static IEnumerator<Yield> Walk(int steps)
            {
                int total = 0;
                string label = "walk";
                for (int i = 1; i <= steps; i++)
                {
                    int delay = i * 2;
                    total += i;
                    yield return Yield.Seconds(delay);
                }

                try
                {
                    yield return Yield.Frames(total);
                }
                finally
                {
                    total++;
                }

                yield return Yield.Return(label + total);
            }
        }
        """;

    private const string FramesInTry = """
                try
                {
                    yield return Yield.Frames(total);
                }
                finally
                {
                    total++;
                }
        """;

    private static readonly Dictionary<string, Type> s_machines = new();

    public static IEnumerable<object[]> Compatible => new[]
    {
        new object[] { "comments", Version1.Replace("int total = 0;", "int total = 0; // the running total\n/* steps */")
            .Replace("total += i;", "total += i; // one more\n// and a line of its own") },
        new object[] { "a local that is not a field renamed", Version1.Replace("delay", "wait") },
        new object[] { "layout", Version1.Replace("\n            ", "\n").Replace("Yield.Seconds(delay)", "Yield.Seconds( delay )").Replace("i <= steps", "i<=steps") },
        new object[] { "code between yields edited", Version1.Replace("total += i;", "total = total + i;").Replace("int delay = i * 2;", "int delay = 2 * i;") },
        new object[] { "a field's nullable annotation", Version1.Replace("string label = \"walk\";", "string? label = \"walk\";") },
    };

    public static IEnumerable<object[]> Incompatible => new[]
    {
        new object[] { "field added", Version1.Replace("int total = 0;", "int total = 0;\nint extra = 1;").Replace("yield return Yield.Return(label + total);", "total += extra - 1;\nyield return Yield.Return(label + total);"),
            "field '_extra' (int) was added" },
        new object[] { "field removed", Version1.Replace("string label = \"walk\";", "").Replace("label + total", "\"walk\" + total"),
            "field '_label' (string) was removed" },
        new object[] { "field retyped", Version1.Replace("for (int i = 1;", "for (byte i = 1;"),
            "field '_i' changed type from int to byte" },
        new object[] { "yield added", Version1.Replace("string label = \"walk\";", "string label = \"walk\";\nyield return Yield.NextTick;"),
            "yield #1 (Yield.NextTick) was added; yields renumbered: #1 (Yield.Seconds($)) is now #2, #2 (Yield.Frames(total)) is now #3, #3 (Yield.Return(label+total)) is now #4" },
        new object[] { "yield removed", Version1.Replace(FramesInTry, "        total++;\n"),
            "yield #2 (Yield.Frames(total)) was removed; yields renumbered: #3 (Yield.Return(label+total)) is now #2" },
        new object[] { "yields swapped", Version1.Replace(FramesInTry, "").Replace("string label = \"walk\";", "string label = \"walk\";\n" + FramesInTry),
            "yields renumbered: #1 (Yield.Seconds($)) is now #2, #2 (Yield.Frames(total)) is now #1" },
        new object[] { "yield taken out of its try/finally", Version1.Replace(FramesInTry, "        yield return Yield.Frames(total);\n        total++;\n"),
            "yield #2 changed: finally blocks open around it 1 are now 0" },
        new object[] { "field no longer in scope at a yield", Version1.Replace("string label = \"walk\";", "").Replace("        try\n", "        string label = \"walk\";\n        try\n"),
            "yield #1 changed: fields in scope '_i _label _total' are now '_i _total'" },
        new object[] { "yield expression edited", Version1.Replace("Yield.Frames(total)", "Yield.Frames(total + 1)"),
            "yield #2 changed: 'Yield.Frames(total)' is now 'Yield.Frames(total+1)'" },
    };

    [TestMethod]
    public void ShapeListsFieldsTypesAndEachYieldsFrame()
    {
        string shape = ((CoroutineMachine)NewMachine(Version1, 3)).RecordedShape;
        Assert.AreEqual(
            "param steps int\nfield _total int live 1-3\nfield _label string live 1-3\nfield _i int live 1\n" +
            "site 1 Yield.Seconds($) | finally 0\n" +
            "site 2 Yield.Frames(total) | finally 1\n" +
            "site 3 Yield.Return(label+total) | finally 0",
            shape);
    }

    [TestMethod]
    [DynamicData(nameof(Compatible))]
    public void EditThatKeepsWhatIsSavedRestores(string edit, string source)
    {
        Assert.AreNotEqual(Version1, source, edit + " edits the source");
        Assert.AreEqual(((CoroutineMachine)NewMachine(Version1, 3)).RecordedShape, ((CoroutineMachine)NewMachine(source, 3)).RecordedShape, edit);
        for (int k = 0; k <= 4; k++)
        {
            ICoroutineMachine original = NewMachine(Version1, 3);
            Step(original, k);
            CoroutineSnapshot snapshot = RoundTrip(original.Snapshot());
            ICoroutineMachine edited = NewMachine(source, 99);
            edited.Restore(snapshot);
            CollectionAssert.AreEqual(ContinueRestored(original), Continue(edited), edit + ", restored after " + k + " steps");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Incompatible))]
    public void EditThatChangesWhatIsSavedIsRefusedNamingTheChange(string edit, string source, string change)
    {
        ICoroutineMachine original = NewMachine(Version1, 3);
        Step(original, 1);
        CoroutineSnapshot snapshot = RoundTrip(original.Snapshot());
        ArgumentException e = Assert.ThrowsExactly<ArgumentException>(() => NewMachine(source, 3).Restore(snapshot), edit);
        StringAssert.StartsWith(e.Message, "Cannot restore coroutine '" + Coroutine + "': the method changed since the snapshot was taken: ", edit);
        StringAssert.Contains(e.Message, change, edit);
        StringAssert.Contains(e.Message, "pass a SnapshotMigration for '" + Coroutine + "'", edit);
    }

    // Version1's shape as earlier generators wrote it, listing the fields in scope on every site's line (fields
    // times yields of text); snapshots in save files keep it, so the restore compares what it means, not its text.
    private const string Version1ShapeOfEarlierGenerators =
        "param steps int\nfield _total int\nfield _label string\nfield _i int\n" +
        "site 1 Yield.Seconds($) | fields _i _label _total | finally 0\n" +
        "site 2 Yield.Frames(total) | fields _label _total | finally 1\n" +
        "site 3 Yield.Return(label+total) | fields _label _total | finally 0";

    [TestMethod]
    [DynamicData(nameof(Compatible))]
    public void SnapshotOfAnEarlierGeneratorRestoresIntoTheUnchangedMethod(string edit, string source)
    {
        foreach (string version in new[] { Version1, source })
        {
            for (int k = 0; k <= 4; k++)
            {
                ICoroutineMachine original = NewMachine(Version1, 3);
                Step(original, k);
                CoroutineSnapshot snapshot = WithEarlierShape(RoundTrip(original.Snapshot()));
                ICoroutineMachine restored = NewMachine(version, 99);
                restored.Restore(snapshot, SnapshotMigration.For(Coroutine, _ => Assert.Fail("no migration for an unchanged shape")));
                CollectionAssert.AreEqual(ContinueRestored(original), Continue(restored), edit + ", restored after " + k + " steps");
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(Incompatible))]
    public void SnapshotOfAnEarlierGeneratorOfAChangedMethodIsRefusedNamingTheChange(string edit, string source, string change)
    {
        ICoroutineMachine original = NewMachine(Version1, 3);
        Step(original, 1);
        CoroutineSnapshot snapshot = WithEarlierShape(RoundTrip(original.Snapshot()));
        ArgumentException e = Assert.ThrowsExactly<ArgumentException>(() => NewMachine(source, 3).Restore(snapshot), edit);
        StringAssert.StartsWith(e.Message, "Cannot restore coroutine '" + Coroutine + "': the method changed since the snapshot was taken: ", edit);
        StringAssert.Contains(e.Message, change, edit);

        // The same message as for a snapshot in the current form.
        ArgumentException current = Assert.ThrowsExactly<ArgumentException>(() => NewMachine(source, 3).Restore(RoundTrip(original.Snapshot())), edit);
        Assert.AreEqual(current.Message, e.Message, edit);
    }

    private static CoroutineSnapshot WithEarlierShape(CoroutineSnapshot snapshot)
    {
        SavedType type = snapshot.Types.Single(t => t.Coroutine == Coroutine);
        Assert.AreEqual(((CoroutineMachine)NewMachine(Version1, 3)).RecordedShape, type.Shape);
        type.Shape = Version1ShapeOfEarlierGenerators;
        return snapshot;
    }

    [TestMethod]
    public void AddedFieldRestoresWithAMigration()
    {
        string source = (string)Incompatible.Single(c => (string)c[0] == "field added")[1];
        for (int k = 0; k <= 4; k++)
        {
            ICoroutineMachine original = NewMachine(Version1, 3);
            Step(original, k);
            CoroutineSnapshot snapshot = RoundTrip(original.Snapshot());
            ICoroutineMachine edited = NewMachine(source, 99);
            var changes = new List<string>();
            edited.Restore(snapshot, SnapshotMigration.For(Coroutine, machine =>
            {
                changes.Add(machine.Changes);
                machine.Set("_extra", 1);
            }));
            Assert.HasCount(1, changes, "restored after " + k + " steps: " + string.Join(" / ", changes));
            StringAssert.StartsWith(changes[0], "field '_extra' (int) was added; yield #1 changed: fields in scope '_i _label _total' are now '_extra _i _label _total'");
            CollectionAssert.AreEqual(ContinueRestored(original), Continue(edited), "restored after " + k + " steps");
        }
    }

    [TestMethod]
    public void MovedYieldRestoresWithAMigrationThatMapsTheState()
    {
        // The swapped version waits for the frames first: a machine saved at the old yield #1 resumes at the new #2.
        string source = (string)Incompatible.Single(c => (string)c[0] == "yields swapped")[1];
        ICoroutineMachine original = NewMachine(Version1, 3);
        Step(original, 1);
        CoroutineSnapshot snapshot = RoundTrip(original.Snapshot());
        ICoroutineMachine edited = NewMachine(source, 99);
        edited.Restore(snapshot, SnapshotMigration.For(Coroutine, machine => machine.State = machine.State switch { 1 => 2, 2 => 1, _ => machine.State }));
        Assert.AreEqual(2, edited.State);
        CollectionAssert.AreEqual(new[] { "Seconds 2", "Seconds 4", "Seconds 6", "Return walk6" }, Continue(edited).Select(Short).ToArray());
    }

    private static string Short(string instruction) => instruction.Replace("Yield.", "").Replace("(", " ").Replace(")", "").Replace("\"", "");

    private static ICoroutineMachine NewMachine(string source, int steps) =>
        (ICoroutineMachine)Activator.CreateInstance(MachineType(source), steps)!;

    private static Type MachineType(string source)
    {
        lock (s_machines)
        {
            if (!s_machines.TryGetValue(source, out Type? type))
            {
                var run = GeneratorHarness.Run(source);
                Diagnostic[] errors = run.Output.GetDiagnostics().Concat(run.Diagnostics).Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
                Assert.IsEmpty(errors, string.Join("\n", errors.Select(d => d.ToString())) + "\n" + source);
                using var stream = new MemoryStream();
                Assert.IsTrue(run.Output.Emit(stream).Success);
                type = Assembly.Load(stream.ToArray()).GetType("Versions.Script+WalkMachine")!;
                s_machines[source] = type;
            }

            return type;
        }
    }

    private static void Step(ICoroutineMachine machine, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            Assert.IsTrue(machine.MoveNext());
        }
    }

    private static List<string> Continue(ICoroutineMachine machine)
    {
        var yielded = new List<string>();
        for (int i = 0; i < 100 && machine.MoveNext(); i++)
        {
            yielded.Add(machine.Current.ToString());
        }

        return yielded;
    }

    // What the original yields from here, after the wait it is suspended on (a restored machine re-issues that first).
    private static List<string> ContinueRestored(ICoroutineMachine original)
    {
        var yielded = new List<string>();
        if (original.State > 0)
        {
            yielded.Add(original.Current.ToString());
        }

        yielded.AddRange(Continue(original));
        return yielded;
    }

    private static CoroutineSnapshot RoundTrip(CoroutineSnapshot snapshot) =>
        JsonSerializer.Deserialize<CoroutineSnapshot>(JsonSerializer.Serialize(snapshot))!;
}
