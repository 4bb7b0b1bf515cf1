using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Engine.Machines;
using Engine.Persist;
using Engine.World;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// Versioned snapshots: a snapshot written by an older version of a coroutine (simulated by editing the saved graph's
// shape, member names and values the way that version would have written them) restores with a SnapshotMigration and
// runs on to the result of the uninterrupted run; without one, the restore names what changed.
[TestClass]
public sealed partial class SnapshotMigrationTests
{
    private const string Sleeper = "Engine.Tests.World.WorldCoroutines.Sleeper";

    // Sleeper(3, 1): total 1 at t=0, 3 at t=1, suspended at site 1 (its Seconds wait) at t=1.5; the run returns 6.
    private static WorldSnapshot SaveSleeperMidway()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.Spawn(new WorldCoroutines.SleeperMachine(3, 1), "sleeper");
        loop.RunUntil(1.5);
        WorldSnapshot snapshot = loop.Save();
        return JsonSerializer.Deserialize<WorldSnapshot>(JsonSerializer.Serialize(snapshot))!;
    }

    private static object? RunToEnd(WorldSnapshot snapshot, params ISaveConverter[] converters)
    {
        using EventLoop loop = EventLoop.Restore(snapshot, converters);
        CoTask sleeper = loop.GetTasks().Single(t => t.Name == "sleeper");
        loop.RunUntilComplete(sleeper);
        Assert.AreEqual(3.0, loop.Time, "the restored timer fires at the saved due time");
        return sleeper.Result;
    }

    private static SavedType SleeperType(SavedGraph graph) => graph.Types.Single(t => t.Coroutine == Sleeper);

    private static int SleeperId(SavedGraph graph) => Enumerable.Range(1, graph.Objects.Count).Single(id => graph.TypeOf(graph.ObjectAt(id)).Coroutine == Sleeper);

    private static SavedObject SleeperObject(SavedGraph graph) => graph.ObjectAt(SleeperId(graph));

    private static string ShapeLine(SavedGraph graph, string start) =>
        SleeperType(graph).Shape!.Split('\n').Single(l => l.StartsWith(start, StringComparison.Ordinal));

    private static void ReplaceShapeLine(SavedGraph graph, string start, string? replacement)
    {
        SavedType type = SleeperType(graph);
        List<string> lines = type.Shape!.Split('\n').ToList();
        int at = lines.FindIndex(l => l.StartsWith(start, StringComparison.Ordinal));
        Assert.IsTrue(at >= 0, "the shape has a line starting '" + start + "': " + type.Shape);
        if (replacement is null)
        {
            lines.RemoveAt(at);
        }
        else
        {
            lines[at] = replacement;
        }

        type.Shape = string.Join("\n", lines);
    }

    private static void RenameMember(SavedGraph graph, string from, string to)
    {
        List<string> members = SleeperType(graph).Members!;
        members[members.IndexOf(from)] = to;
    }

    // Sets a member's token on the Sleeper object (null: not saved), adding the member name when the type lacks it.
    private static void SetToken(SavedGraph graph, string member, string? token)
    {
        List<string> members = SleeperType(graph).Members!;
        int index = members.IndexOf(member);
        if (index < 0)
        {
            members.Add(member);
            index = members.Count - 1;
        }

        int id = SleeperId(graph);
        SavedObject node = graph.ObjectAt(id);
        while (node.Values.Count <= index)
        {
            node.Values.Add(null);
        }

        node.Values[index] = token;
        graph.SetObject(id, node);
    }

    private static string? Token(SavedGraph graph, string member) =>
        graph.FieldsOf(SleeperObject(graph)).Where(f => f.Key == member).Select(f => f.Value).SingleOrDefault();

    // The shape shown in docs/save-restore.md ("Versioning and migrations").
    [TestMethod]
    public void SleepersShapeIsTheOneTheDocsShow()
    {
        WorldSnapshot snapshot = SaveSleeperMidway();
        Assert.AreEqual(
            "param steps int\nparam seconds double\nfield _total int live 1-2\nfield _i int live 1\n" +
            "site 1 Yield.Seconds(seconds) | finally 0\n" +
            "site 2 Yield.Return(total) | finally 0",
            SleeperType(snapshot).Shape);
        string doc = System.IO.File.ReadAllText(System.IO.Path.Combine(RepositoryRoot(), "docs", "save-restore.md"));
        StringAssert.Contains(doc, "```\n" + SleeperType(snapshot).Shape + "\n```");
    }

    private static string RepositoryRoot()
    {
        string directory = AppContext.BaseDirectory;
        while (!System.IO.File.Exists(System.IO.Path.Combine(directory, "Engine.sln")))
        {
            directory = System.IO.Path.GetDirectoryName(directory)!;
        }

        return directory;
    }

    [TestMethod]
    public void UnchangedSnapshotRunsToTheSameResult()
    {
        WorldSnapshot snapshot = SaveSleeperMidway();
        Assert.AreEqual("i3", Token(snapshot, "_total"));
        Assert.AreEqual(6, RunToEnd(snapshot));
        bool called = false;
        Assert.AreEqual(6, RunToEnd(snapshot, SnapshotMigration.For(Sleeper, _ => called = true)));
        Assert.IsFalse(called, "a migration is not called when the shape did not change");
    }

    // The shape as earlier generators wrote it (the fields in scope on every site's line): save files keep it
    // for good, so a snapshot of an unchanged method restores without a migration, and a changed one is still refused.
    private const string SleeperShapeOfEarlierGenerators =
        "param steps int\nparam seconds double\nfield _total int\nfield _i int\n" +
        "site 1 Yield.Seconds(seconds) | fields _i _total | finally 0\n" +
        "site 2 Yield.Return(total) | fields _total | finally 0";

    [TestMethod]
    public void SnapshotOfAnEarlierGeneratorRestoresIntoTheUnchangedMethod()
    {
        WorldSnapshot snapshot = SaveSleeperMidway();
        SleeperType(snapshot).Shape = SleeperShapeOfEarlierGenerators;
        bool called = false;
        Assert.AreEqual(6, RunToEnd(snapshot, SnapshotMigration.For(Sleeper, _ => called = true)));
        Assert.IsFalse(called, "the same fields live at the same yields: the shape did not change");
    }

    [TestMethod]
    public void SnapshotOfAnEarlierGeneratorOfAChangedMethodIsRefused()
    {
        // The older version kept '_i' in scope at its last yield too, and waited twice as long.
        WorldSnapshot snapshot = SaveSleeperMidway();
        SleeperType(snapshot).Shape = SleeperShapeOfEarlierGenerators
            .Replace("site 1 Yield.Seconds(seconds)", "site 1 Yield.Seconds(2*seconds)")
            .Replace("| fields _total |", "| fields _i _total |");
        const string Changes = "yield #1 changed: 'Yield.Seconds(2*seconds)' is now 'Yield.Seconds(seconds)'; " +
            "yield #2 changed: fields in scope '_i _total' are now '_total'";
        ArgumentException e = Assert.ThrowsExactly<ArgumentException>(() => EventLoop.Restore(snapshot));
        StringAssert.Contains(e.Message, "the method changed since the snapshot was taken: " + Changes + ".");

        var changes = new List<string>();
        Assert.AreEqual(6, RunToEnd(snapshot, SnapshotMigration.For(Sleeper, machine => changes.Add(machine.Changes))));
        CollectionAssert.AreEqual(new[] { Changes }, changes);
    }

    [TestMethod]
    public void RenamedFieldIsRefusedThenMigrated()
    {
        // The older version called the local 'sum'.
        WorldSnapshot snapshot = SaveSleeperMidway();
        ReplaceShapeLine(snapshot, "field _total ", "field _sum int live 1-2");
        RenameMember(snapshot, "_total", "_sum");
        ArgumentException e = Assert.ThrowsExactly<ArgumentException>(() => EventLoop.Restore(snapshot));
        StringAssert.Contains(e.Message, "coroutine '" + Sleeper + "'");
        StringAssert.Contains(e.Message, "field '_sum' (int) was removed");
        StringAssert.Contains(e.Message, "field '_total' (int) was added");
        StringAssert.Contains(e.Message, "pass a SnapshotMigration for '" + Sleeper + "'");

        Assert.AreEqual(6, RunToEnd(snapshot, SnapshotMigration.For(Sleeper, machine => machine.Rename("_sum", "_total"))));
    }

    [TestMethod]
    public void ChangedTypeIsConverted()
    {
        // The older version kept the total as text.
        WorldSnapshot snapshot = SaveSleeperMidway();
        ReplaceShapeLine(snapshot, "field _total ", "field _total string live 1-2");
        SetToken(snapshot, "_total", "s1:3");
        ArgumentException refused = Assert.ThrowsExactly<ArgumentException>(() => EventLoop.Restore(snapshot));
        StringAssert.Contains(refused.Message, "field '_total' changed type from string to int");

        var migration = new TextTotalMigration();
        Assert.AreEqual(6, RunToEnd(snapshot, migration));
        Assert.AreEqual("field '_total' changed type from string to int", migration.Changes);
    }

    [TestMethod]
    public void AddedFieldGetsItsValueFromTheMigration()
    {
        // The older version had no running total; it summed 1..steps at the end.
        WorldSnapshot snapshot = SaveSleeperMidway();
        ReplaceShapeLine(snapshot, "field _total ", null);
        SetToken(snapshot, "_total", null);
        ArgumentException refused = Assert.ThrowsExactly<ArgumentException>(() => EventLoop.Restore(snapshot));
        StringAssert.Contains(refused.Message, "field '_total' (int) was added");

        // Without the migration setting it, the new field keeps its default and the run gives another result.
        Assert.AreEqual(3, RunToEnd(snapshot, SnapshotMigration.For(Sleeper, machine => { })));
        Assert.AreEqual(6, RunToEnd(snapshot, SnapshotMigration.For(Sleeper, machine =>
        {
            int i = machine.Get<int>("_i");
            machine.Set("_total", i * (i + 1) / 2);
        })));
    }

    [TestMethod]
    public void RemovedFieldMustBeDroppedByTheMigration()
    {
        // The older version also counted the waits in a local 'waits'.
        WorldSnapshot snapshot = SaveSleeperMidway();
        SleeperType(snapshot).Shape = ShapeLine(snapshot, "param steps") + "\nfield _waits int live 1\n" +
            string.Join("\n", SleeperType(snapshot).Shape!.Split('\n').Skip(1));
        SetToken(snapshot, "_waits", "i2");
        ArgumentException refused = Assert.ThrowsExactly<ArgumentException>(() => EventLoop.Restore(snapshot));
        StringAssert.Contains(refused.Message, "field '_waits' (int) was removed");

        // A migration that forgets the field fails rather than dropping it silently.
        ArgumentException left = Assert.ThrowsExactly<ArgumentException>(() => EventLoop.Restore(snapshot, SnapshotMigration.For(Sleeper, machine => { })));
        StringAssert.Contains(left.Message, "The migration of coroutine '" + Sleeper + "' left member '_waits', which the current method does not have");

        int waits = 0;
        Assert.AreEqual(6, RunToEnd(snapshot, SnapshotMigration.For(Sleeper, machine =>
        {
            waits = machine.Get<int>("_waits");
            machine.Remove("_waits");
        })));
        Assert.AreEqual(2, waits, "the migration read the old field before dropping it");
    }

    [TestMethod]
    public void RenumberedSiteMapsTheState()
    {
        // The older version waited a tick before its loop: its sites were 1 NextTick, 2 Seconds, 3 Return.
        WorldSnapshot snapshot = SaveSleeperMidway();
        string seconds = ShapeLine(snapshot, "site 1 ");
        string result = ShapeLine(snapshot, "site 2 ");
        ReplaceShapeLine(snapshot, "site 1 ", "site 1 Yield.NextTick | finally 0\nsite 2 " + seconds.Substring("site 1 ".Length));
        ReplaceShapeLine(snapshot, result, "site 3 " + result.Substring("site 2 ".Length));
        ReplaceShapeLine(snapshot, "field _total ", "field _total int live 2-3");
        ReplaceShapeLine(snapshot, "field _i ", "field _i int live 2");
        Assert.AreEqual("i1", Token(snapshot, SavedObject.StateField));
        SetToken(snapshot, SavedObject.StateField, "i2");
        ArgumentException refused = Assert.ThrowsExactly<ArgumentException>(() => EventLoop.Restore(snapshot));
        StringAssert.Contains(refused.Message, "yield #1 (Yield.NextTick) was removed; yields renumbered: #2 (Yield.Seconds(seconds)) is now #1, #3 (Yield.Return(total)) is now #2");

        // The sites changed their meaning: keeping the old number resumes at the wrong yield and is refused or wrong.
        ArgumentException unmapped = Assert.ThrowsExactly<ArgumentException>(() => RunToEnd(snapshot, SnapshotMigration.For(Sleeper, machine => machine.State = 3)));
        StringAssert.Contains(unmapped.Message, "names state 3, which the machine does not have (after its migration; the method has 2 yield sites)");

        Assert.AreEqual(6, RunToEnd(snapshot, SnapshotMigration.For(Sleeper, machine =>
        {
            if (machine.State > 1)
            {
                machine.State--;
            }
        })));
    }

    [TestMethod]
    public void SeveralChangesInOneMigrationClass()
    {
        // Renamed 'total' to 'sum', kept it as a long, and had an extra field: one migration undoes all three.
        WorldSnapshot snapshot = SaveSleeperMidway();
        ReplaceShapeLine(snapshot, "field _total ", "field _sum long live 1-2\nfield _label string live 1-2");
        RenameMember(snapshot, "_total", "_sum");
        SetToken(snapshot, "_sum", "l3");
        SetToken(snapshot, "_label", "s8:sleeping");
        Assert.AreEqual(6, RunToEnd(snapshot, new SleeperV1Migration()));
    }

    // The example of docs/save-restore.md ("Versioning and migrations").
    [TestMethod]
    public void DocExampleMigratesARenamedLong()
    {
        WorldSnapshot snapshot = SaveSleeperMidway();
        ReplaceShapeLine(snapshot, "field _total ", "field _sum long live 1-2");
        RenameMember(snapshot, "_total", "_sum");
        SetToken(snapshot, "_sum", "l3");

        // Version 1 of Sleeper called its running total 'sum' and kept it as a long.
        SnapshotMigration sleeperV1 = SnapshotMigration.For("Engine.Tests.World.WorldCoroutines.Sleeper", machine =>
        {
            machine.Set("_total", (int)machine.Get<long>("_sum"));   // a member that held 0 was not saved: Get returns 0
            machine.Remove("_sum");
        });
        using EventLoop resumed = EventLoop.Restore(snapshot, sleeperV1);   // migrations travel with the converters

        CoTask sleeper = resumed.GetTasks().Single(t => t.Name == "sleeper");
        resumed.RunUntilComplete(sleeper);
        Assert.AreEqual(6, sleeper.Result);
    }

    [TestMethod]
    public void EveryMachineOfTheCoroutineIsMigratedIncludingChildren()
    {
        // Two sleepers and a parent waiting for a child machine (a frame of the parent's task): the child's
        // coroutine changed a yield, and its migration runs for the child saved inside the parent's task.
        using var loop = new EventLoop(ClockKind.Virtual);
        CoTask first = loop.Spawn(new WorldCoroutines.SleeperMachine(3, 1), "first");
        CoTask second = loop.Spawn(new WorldCoroutines.SleeperMachine(4, 1), "second");
        CoTask parent = loop.Spawn(new WorldCoroutines.ParentMachine(3), "parent");
        loop.RunUntil(1.2);
        WorldSnapshot snapshot = JsonSerializer.Deserialize<WorldSnapshot>(JsonSerializer.Serialize(loop.Save()))!;
        loop.RunUntilComplete(parent);
        loop.RunUntilComplete(second);
        var expected = new object?[] { first.Result, second.Result, parent.Result };

        const string Child = "Engine.Tests.World.WorldCoroutines.Child";
        ReplaceShapeLine(snapshot, "field _total ", "field _sum int live 1-2");
        RenameMember(snapshot, "_total", "_sum");
        SavedType child = snapshot.Types.Single(t => t.Coroutine == Child);
        child.Shape = child.Shape!.Replace("site 2 Yield.Frames(2) ", "site 2 Yield.Frames(3) ");
        Assert.AreEqual(1, Enumerable.Range(1, snapshot.Objects.Count).Count(id => snapshot.TypeOf(snapshot.ObjectAt(id)) == child), "one child machine is pending");

        ArgumentException refused = Assert.ThrowsExactly<ArgumentException>(() =>
            EventLoop.Restore(snapshot, SnapshotMigration.For(Sleeper, machine => machine.Rename("_sum", "_total"))));
        StringAssert.Contains(refused.Message, "Cannot restore coroutine '" + Child + "'");

        var migrated = new List<string>();
        using EventLoop restored = EventLoop.Restore(snapshot,
            SnapshotMigration.For(Sleeper, machine =>
            {
                migrated.Add(machine.Coroutine + " " + machine.Get<int>("_sum"));
                machine.Rename("_sum", "_total");
            }),
            SnapshotMigration.For(Child, machine => migrated.Add(machine.Coroutine + " " + machine.Changes)));
        CollectionAssert.AreEquivalent(new[] { Sleeper + " 3", Sleeper + " 3", Child + " yield #2 changed: 'Yield.Frames(3)' is now 'Yield.Frames(2)'" }, migrated);
        CoTask[] tasks = restored.GetTasks();
        restored.RunUntilComplete(tasks.Single(t => t.Name == "parent"));
        restored.RunUntilComplete(tasks.Single(t => t.Name == "second"));
        CollectionAssert.AreEqual(expected, new[] { "first", "second", "parent" }.Select(n => tasks.Single(t => t.Name == n).Result).ToArray());
    }

    [TestMethod]
    public void SimulationRestoreTakesMigrationsWithItsConverters()
    {
        using var env = new Engine.Simulation.SimEnvironment();
        env.Process(new WorldCoroutines.SleeperMachine(3, 1), "sleeper");
        env.Run(1.5);
        Engine.Simulation.SimSnapshot snapshot = JsonSerializer.Deserialize<Engine.Simulation.SimSnapshot>(JsonSerializer.Serialize(env.Save()))!;
        ReplaceShapeLine(snapshot, "field _total ", "field _sum int live 1-2");
        RenameMember(snapshot, "_total", "_sum");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Engine.Simulation.SimEnvironment.Restore(snapshot)).Message,
            "field '_sum' (int) was removed");

        using Engine.Simulation.SimEnvironment restored = Engine.Simulation.SimEnvironment.Restore(snapshot, null,
            SnapshotMigration.For(Sleeper, machine => machine.Rename("_sum", "_total")));
        CoTask sleeper = restored.Loop.GetTasks().Single(t => t.Name == "sleeper");
        restored.Run();
        Assert.AreEqual(6, sleeper.Result);
        Assert.AreEqual(3.0, restored.Now);
    }

    [TestMethod]
    public void EditedYieldNeedsAMigration()
    {
        // The older version waited twice as long at the same yield: same fields, same frame, another instruction.
        WorldSnapshot snapshot = SaveSleeperMidway();
        ReplaceShapeLine(snapshot, "site 1 ", "site 1 Yield.Seconds(2*seconds) | finally 0");
        ArgumentException e = Assert.ThrowsExactly<ArgumentException>(() => EventLoop.Restore(snapshot));
        StringAssert.Contains(e.Message, "yield #1 changed: 'Yield.Seconds(2*seconds)' is now 'Yield.Seconds(seconds)'");
        Assert.AreEqual(6, RunToEnd(snapshot, SnapshotMigration.For(Sleeper, machine => { })), "a migration that changes nothing accepts the edit");
    }

    [TestMethod]
    public void MigrationOfAnotherCoroutineKeepsTheRefusal()
    {
        WorldSnapshot snapshot = SaveSleeperMidway();
        ReplaceShapeLine(snapshot, "site 1 ", "site 1 Yield.Seconds(2*seconds) | finally 0");
        ArgumentException e = Assert.ThrowsExactly<ArgumentException>(() =>
            EventLoop.Restore(snapshot, SnapshotMigration.For("Engine.Tests.World.WorldCoroutines.Child", machine => { })));
        StringAssert.Contains(e.Message, "Cannot restore coroutine '" + Sleeper + "'");
    }

    [TestMethod]
    public void ThrowingMigrationNamesTheCoroutine()
    {
        WorldSnapshot snapshot = SaveSleeperMidway();
        ReplaceShapeLine(snapshot, "field _total ", "field _total string live 1-2");
        SetToken(snapshot, "_total", "s5:three");
        ArgumentException e = Assert.ThrowsExactly<ArgumentException>(() => EventLoop.Restore(snapshot, new TextTotalMigration()));
        StringAssert.Contains(e.Message, "The migration TextTotalMigration for '" + Sleeper + "' failed on a snapshot of coroutine '" + Sleeper + "'");
        StringAssert.Contains(e.Message, "field '_total' changed type from string to int");
        Assert.IsInstanceOfType<FormatException>(e.GetBaseException(), e.ToString());

        // A value that does not fit its field names the field and the coroutine.
        ArgumentException misfit = Assert.ThrowsExactly<ArgumentException>(() =>
            EventLoop.Restore(snapshot, SnapshotMigration.For(Sleeper, machine => machine.Set("_total", 3L))));
        StringAssert.Contains(misfit.Message, "Cannot restore field '_total' of coroutine '" + Sleeper + "': the migration set a System.Int64, which does not fit a System.Int32");

        // The runtime's own members are not the migration's to change.
        ArgumentException own = Assert.ThrowsExactly<ArgumentException>(() =>
            EventLoop.Restore(snapshot, SnapshotMigration.For(Sleeper, machine => machine.Remove(SavedObject.PendingField))));
        StringAssert.Contains(own.Message, "'$pending' is not a field a migration can change");
    }

    [TestMethod]
    public void OneMachineSnapshotMigratesThroughRestoreAndTheReader()
    {
        var original = new WorldCoroutines.SleeperMachine(3, 1);
        Assert.IsTrue(original.MoveNext());
        Assert.IsTrue(original.MoveNext());
        CoroutineSnapshot snapshot = SnapshotTestsJson(original.Snapshot());
        ReplaceShapeLine(snapshot, "field _total ", "field _sum int live 1-2");
        RenameMember(snapshot, "_total", "_sum");
        SnapshotMigration rename = SnapshotMigration.For(Sleeper, machine => machine.Rename("_sum", "_total"));

        var refused = new WorldCoroutines.SleeperMachine(0, 0);
        Assert.ThrowsExactly<ArgumentException>(() => refused.Restore(snapshot));

        var restored = new WorldCoroutines.SleeperMachine(0, 0);
        restored.Restore(snapshot, rename);
        Assert.AreEqual(1, restored.State);
        Assert.IsTrue(restored.MoveNext(), "re-issues the pending wait");
        Assert.AreEqual(YieldKind.Seconds, restored.Current.Kind);
        Assert.IsTrue(restored.MoveNext());
        Assert.IsTrue(restored.MoveNext());
        Assert.AreEqual(YieldKind.Return, restored.Current.Kind);
        Assert.AreEqual(6, restored.Current.Target);

        var reader = new GraphReader(snapshot);
        reader.Migrations.Add(rename);
        var direct = new WorldCoroutines.SleeperMachine(0, 0);
        reader.ReadMachineInto(snapshot.Root, direct);
        Assert.AreEqual(1, direct.State);
    }

    [TestMethod]
    public void SnapshotOfAnotherFormatIsRefusedNamingIt()
    {
        WorldSnapshot world = SaveSleeperMidway();
        world.Format = SavedGraph.CurrentFormat + 1;
        ArgumentException e = Assert.ThrowsExactly<ArgumentException>(() => EventLoop.Restore(world, SnapshotMigration.For(Sleeper, machine => { })));
        StringAssert.Contains(e.Message, "The saved graph has format 4; this runtime reads format 3 only.");

        using (var game = new Engine.Game.GameLoop())
        {
            WorldSnapshot saved = game.Save();
            saved.Format = 1;
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Engine.Game.GameLoop.Restore(saved)).Message, "has format 1");
        }

        var machine = new WorldCoroutines.SleeperMachine(3, 1);
        CoroutineSnapshot one = machine.Snapshot();
        one.Format = 0;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new WorldCoroutines.SleeperMachine(0, 0).Restore(one)).Message, "has format 0");
    }

    private static CoroutineSnapshot SnapshotTestsJson(CoroutineSnapshot snapshot) =>
        JsonSerializer.Deserialize<CoroutineSnapshot>(JsonSerializer.Serialize(snapshot))!;

    // Version 1 kept the total as text.
    private sealed class TextTotalMigration : SnapshotMigration
    {
        public TextTotalMigration()
            : base(Sleeper)
        {
        }

        public string? Changes { get; private set; }

        public override void Migrate(SavedMachine machine)
        {
            Changes = machine.Changes;
            machine.Set("_total", int.Parse(machine.Get<string>("_total"), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    // Version 1 of Sleeper: 'sum' as a long and a 'label' field, both gone in version 2.
    private sealed class SleeperV1Migration : SnapshotMigration
    {
        public SleeperV1Migration()
            : base("Engine.Tests.World.WorldCoroutines.Sleeper")
        {
        }

        public override void Migrate(SavedMachine machine)
        {
            machine.Set("_total", (int)machine.Get<long>("_sum"));
            machine.Remove("_sum");
            machine.Remove("_label");
        }
    }

    // The Sleeper's method under a new name, in a version that also called its local 'sum'.
    [Coroutine]
    public static IEnumerator<Yield> Dozer(int steps, double seconds)
    {
        int sum = 0;
        for (int i = 1; i <= steps; i++)
        {
            sum += i;
            yield return Yield.Seconds(seconds);
        }

        yield return Yield.Return(sum);
    }

    // A snapshot whose Sleeper machines were saved by an older build where the coroutine was called OldSleeper (its
    // machine class no longer exists).
    private static WorldSnapshot SaveOldSleeperMidway()
    {
        WorldSnapshot snapshot = SaveSleeperMidway();
        SavedType type = SleeperType(snapshot);
        type.Name = type.Name.Replace("+SleeperMachine", "+OldSleeperMachine", StringComparison.Ordinal);
        type.Coroutine = "Engine.Tests.World.WorldCoroutines.OldSleeper";
        return snapshot;
    }

    [TestMethod]
    public void RenamedCoroutineIsRefusedNamingTheMigrationThenRestores()
    {
        const string Old = "Engine.Tests.World.WorldCoroutines.OldSleeper";
        ArgumentException refused = Assert.ThrowsExactly<ArgumentException>(() => EventLoop.Restore(SaveOldSleeperMidway()));
        StringAssert.Contains(refused.Message, "OldSleeperMachine");
        StringAssert.Contains(refused.Message, "SnapshotMigration.Renamed(\"" + Old + "\"");

        // Renamed and moved to another class, with the same body: the name change alone is migrated.
        Assert.AreEqual(6, RunToEnd(SaveOldSleeperMidway(), SnapshotMigration.Renamed(Old, typeof(WorldCoroutines.SleeperMachine))));

        // Renamed, and its local renamed too: the migration sees both changes and renames the member.
        string? changes = null;
        var both = SnapshotMigration.Renamed(Old, typeof(DozerMachine), machine =>
        {
            changes = machine.Changes;
            machine.Rename("_total", "_sum");
        });
        Assert.AreEqual(6, RunToEnd(SaveOldSleeperMidway(), both));
        StringAssert.StartsWith(changes, "renamed from '" + Old + "' to 'Engine.Tests.World.SnapshotMigrationTests.Dozer'");
        StringAssert.Contains(changes, "_total");

        // Forgetting the member rename fails, naming the member left over.
        ArgumentException leftover = Assert.ThrowsExactly<ArgumentException>(() =>
            EventLoop.Restore(SaveOldSleeperMidway(), SnapshotMigration.Renamed(Old, typeof(DozerMachine))));
        StringAssert.Contains(leftover.Message, "'_total'");

        // A machine type is checked, and a snapshot of one coroutine does not restore into another without a migration.
        Assert.ThrowsExactly<ArgumentException>(() => SnapshotMigration.Renamed(Old, typeof(string)));
        var direct = new DozerMachine(0, 0);
        WorldSnapshot sleeper = SaveSleeperMidway();
        ArgumentException other = Assert.ThrowsExactly<ArgumentException>(() => new GraphReader(sleeper).ReadMachineInto(SleeperId(sleeper), direct));
        StringAssert.Contains(other.Message, "SnapshotMigration.Renamed(\"" + Sleeper + "\", typeof(DozerMachine)");
    }
}
