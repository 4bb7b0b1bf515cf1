using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Engine.Persist;
using Engine.World;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// The saved form itself (format 3: one line of self-delimiting tokens per object): every kind of value survives a
// JSON round trip exactly, however its text looks, and a damaged line is refused with a message that names it.
[TestClass]
public partial class SavedFormatTests
{
    // Texts that could be mistaken for the line's own syntax: spaces, the absent marker, colons, digits, "null".
    private static readonly string[] s_awkwardTexts =
    {
        "", " ", "  ", "-", "- -", "null", "a b", "12:34", "s3:abc", "#7", "y2:0.5", "line\nbreak", "tab\there", "\u00e9t\u00e9 \u2603", "ends with space ",
    };

    [Coroutine]
    public static IEnumerator<Yield> Holder(string label, string[] texts, List<string?> more, int before, int after)
    {
        string? nothing = null;
        int middle = 0; // stays 0: left out between saved members
        var pair = (label, before);
        double? maybe = null;
        long big = long.MinValue;
        char letter = ' ';
        yield return Yield.Seconds(1);
        yield return Yield.Return(string.Join("|", texts) + "/" + string.Join("|", more.Select(m => m ?? "<null>")) + "/" + label + "/" +
            (nothing ?? "<none>") + "/" + middle + "/" + pair + "/" + (maybe?.ToString() ?? "<empty>") + "/" + big + "/" + (int)letter + "/" + before + after);
    }

    private static string Expected(string label, string[] texts, List<string?> more, int before, int after) =>
        string.Join("|", texts) + "/" + string.Join("|", more.Select(m => m ?? "<null>")) + "/" + label + "/<none>/0/" + (label, before) + "/<empty>/" +
        long.MinValue + "/32/" + before + after;

    private static WorldSnapshot RoundTrip(WorldSnapshot snapshot) => JsonSerializer.Deserialize<WorldSnapshot>(JsonSerializer.Serialize(snapshot))!;

    [TestMethod]
    public void AwkwardTextsAndAbsentMembersSurviveARoundTrip()
    {
        foreach (string label in s_awkwardTexts)
        {
            string[] texts = s_awkwardTexts.Reverse().ToArray();
            var more = new List<string?> { null, label, "-", null, "null" };
            using var loop = new EventLoop(ClockKind.Virtual);
            CoTask holder = loop.Spawn(new HolderMachine(label, texts, more, -5, 0));
            loop.RunUntil(0.5);
            WorldSnapshot snapshot = RoundTrip(loop.Save());
            using EventLoop restored = EventLoop.Restore(snapshot);
            CoTask back = restored.GetTasks().Single();
            restored.RunUntil(2);
            Assert.IsTrue(back.IsDone, "label '" + label + "'");
            Assert.AreEqual(Expected(label, texts, more, -5, 0), back.Result, "label '" + label + "'");
        }
    }

    [TestMethod]
    public void DecodedObjectsShowEveryToken()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.Spawn(new HolderMachine("a b", new[] { "x y", "" }, new List<string?> { null }, 3, 4));
        loop.RunUntil(0.5);
        WorldSnapshot snapshot = RoundTrip(loop.Save());
        int id = Enumerable.Range(1, snapshot.Objects.Count).Single(i => snapshot.TypeOf(snapshot.ObjectAt(i)).Coroutine == "Engine.Tests.World.SavedFormatTests.Holder");
        SavedObject holder = snapshot.ObjectAt(id);
        Dictionary<string, string> fields = snapshot.FieldsOf(holder).ToDictionary(f => f.Key, f => f.Value);
        Assert.AreEqual("s3:a b", fields["_arg_label"]);
        Assert.AreEqual("a b", snapshot.Decode(fields["_arg_label"]).Text);
        Assert.AreEqual(SavedValueKind.String, snapshot.Decode(fields["_arg_label"]).Kind);
        Assert.IsFalse(fields.ContainsKey("_middle"), "a member at its default value is left out");
        Assert.AreEqual("i4", fields["_arg_after"]);

        SavedValue array = snapshot.Decode(fields["_arg_texts"]);
        Assert.AreEqual(SavedValueKind.Reference, array.Kind);
        CollectionAssert.AreEqual(new[] { "s3:x y", "s0:" }, snapshot.ObjectAt((int)array.Number).Values);
        SavedValue list = snapshot.Decode(fields["_arg_more"]);
        CollectionAssert.AreEqual(new[] { "null" }, snapshot.ObjectAt((int)list.Number).Values);

        // An edited object is written back as a line and restored as edited.
        holder.Values[snapshot.Types[holder.Type - 1].Members!.IndexOf("_after")] = "i9";
        snapshot.SetObject(id, holder);
        using EventLoop restored = EventLoop.Restore(RoundTrip(snapshot));
        CoTask back = restored.GetTasks().Single();
        restored.RunUntil(2);
        Assert.AreEqual(Expected("a b", new[] { "x y", "" }, new List<string?> { null }, 3, 9), back.Result);
    }

    [TestMethod]
    public void StandaloneTokensReadBackAsTheirValues()
    {
        var writer = new GraphWriter();
        foreach (string text in s_awkwardTexts)
        {
            string token = writer.Write(text);
            Assert.AreEqual(text, new GraphReader(writer.Graph).Read<string>(token), "token '" + token + "'");
            Assert.AreEqual(text, writer.Graph.Decode(token).Text);
        }

        var reader = new GraphReader(writer.Graph);
        Assert.AreEqual(-17, reader.Read<int>(writer.Write(-17)));
        Assert.AreEqual(long.MaxValue, reader.Read<long>(writer.Write(long.MaxValue)));
        Assert.AreEqual(-0.0, reader.Read<double>(writer.Write(-0.0)));
        Assert.IsTrue(double.IsNaN(reader.Read<double>(writer.Write(double.NaN))));
        Assert.AreEqual(double.NegativeInfinity, reader.Read<double>(writer.Write(double.NegativeInfinity)));
        Assert.AreEqual(1.5f, reader.Read<float>(writer.Write(1.5f)));
        Assert.AreEqual(12.25m, reader.Read<decimal>(writer.Write(12.25m)));
        Assert.AreEqual(ulong.MaxValue, reader.Read<ulong>(writer.Write(ulong.MaxValue)));
        Assert.AreEqual('x', reader.Read<char>(writer.Write('x')));
        Assert.AreEqual(DayOfWeek.Friday, reader.Read<DayOfWeek>(writer.Write(DayOfWeek.Friday)));
        Assert.IsTrue(reader.Read<bool>(writer.Write(true)));
        Assert.AreEqual(Yield.Seconds(0.25), reader.Read<Yield>(writer.Write(Yield.Seconds(0.25))));
        Assert.AreEqual(42, reader.Read(writer.Write(42), typeof(object)));
        Assert.AreEqual((byte)7, reader.Read<byte>(writer.Write(7)), "an int converts to a narrower field");
    }

    [TestMethod]
    public void MalformedTokensAndLinesAreRefusedNamingThem()
    {
        var reader = new GraphReader(new GraphWriter().Graph);
        foreach (string token in new[] { "", "s", "s4:abc", "s2:abc", "sx:a", "i", "q1", "i1 i2", "s1:ab" })
        {
            ArgumentException e = Assert.ThrowsExactly<ArgumentException>(() => reader.Read<string>(token), "token '" + token + "'");
            StringAssert.Contains(e.Message, "'" + token + "'");
        }

        ArgumentException misfit = Assert.ThrowsExactly<ArgumentException>(() => reader.Read<int>("i1x"));
        StringAssert.Contains(misfit.Message, "'i1x'");

        using var loop = new EventLoop(ClockKind.Virtual);
        loop.Spawn(new HolderMachine("a", new[] { "b" }, new List<string?>(), 1, 2));
        loop.RunUntil(0.5);
        WorldSnapshot snapshot = RoundTrip(loop.Save());
        int id = Enumerable.Range(1, snapshot.Objects.Count).Single(i => snapshot.TypeOf(snapshot.ObjectAt(i)).Coroutine == "Engine.Tests.World.SavedFormatTests.Holder");
        string line = snapshot.Objects[id - 1];

        snapshot.Objects[id - 1] = line.Replace("s1:a", "s99:a", StringComparison.Ordinal);
        ArgumentException overrun = Assert.ThrowsExactly<ArgumentException>(() => EventLoop.Restore(snapshot));
        StringAssert.Contains(overrun.Message, "is malformed");

        snapshot.Objects[id - 1] = "x" + line;
        ArgumentException noType = Assert.ThrowsExactly<ArgumentException>(() => EventLoop.Restore(snapshot));
        StringAssert.Contains(noType.Message, "starts with its type's position in the type table");

        snapshot.Objects[id - 1] = line.Replace(" i2", " i2z", StringComparison.Ordinal);
        ArgumentException field = Assert.ThrowsExactly<ArgumentException>(() => EventLoop.Restore(snapshot));
        StringAssert.Contains(field.Message, "field '_arg_after' of coroutine 'Engine.Tests.World.SavedFormatTests.Holder'");
    }
}
