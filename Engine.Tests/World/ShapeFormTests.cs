using System.Collections.Generic;
using System.Linq;
using System.Text;
using Engine.Machines;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// The two forms of a machine's shape (MachineShape): the generator writes each field once with the yields
// where it is live ("field _x int live 3-7 9"); earlier builds listed the fields in scope on every site's line. Snapshots
// keep whichever form wrote them, so the restore check compares what the two say (the same fields live at the same
// yields), never their text: equal meaning is no change, any other difference is named as before.
[TestClass]
public sealed class ShapeFormTests
{
    // One method in both forms: a field live with gaps (1-3, 5, 7-8), a boxed field, a field live nowhere, a tuple
    // whose element is named 'live', a site with no field in scope.
    private const string Earlier =
        "param n int\n" +
        "field _x int\n" +
        "field _box global::System.Runtime.CompilerServices.StrongBox<int> boxed\n" +
        "field _never string\n" +
        "field _pair (int live, string name)\n" +
        "site 1 Yield.Frames(x) | fields _box _pair _x | finally 0\n" +
        "site 2 Yield.NextTick | fields _box _x | finally 1\n" +
        "site 3 Yield.NextTick | fields _box _x | finally 1\n" +
        "site 4 Yield.Seconds($) | fields _box | finally 0\n" +
        "site 5 Yield.NextTick | fields _box _x | finally 0\n" +
        "site 6 Yield.NextTick | fields - | finally 0\n" +
        "site 7 Yield.Frames(2) | fields _x | finally 0\n" +
        "site 8 Yield.Return(x) | fields _x | finally 0";

    private const string Current =
        "param n int\n" +
        "field _x int live 1-3 5 7-8\n" +
        "field _box global::System.Runtime.CompilerServices.StrongBox<int> boxed live 1-5\n" +
        "field _never string live -\n" +
        "field _pair (int live, string name) live 1\n" +
        "site 1 Yield.Frames(x) | finally 0\n" +
        "site 2 Yield.NextTick | finally 1\n" +
        "site 3 Yield.NextTick | finally 1\n" +
        "site 4 Yield.Seconds($) | finally 0\n" +
        "site 5 Yield.NextTick | finally 0\n" +
        "site 6 Yield.NextTick | finally 0\n" +
        "site 7 Yield.Frames(2) | finally 0\n" +
        "site 8 Yield.Return(x) | finally 0";

    [TestMethod]
    public void BothFormsOfOneShapeAreTheSame()
    {
        Assert.IsNull(MachineShape.Describe(Earlier, Current));
        Assert.IsNull(MachineShape.Describe(Current, Earlier));
        Assert.IsNull(MachineShape.Describe(Current, Current));
    }

    [TestMethod]
    public void RangesAreComparedByTheYieldsTheyName()
    {
        // Unsorted, overlapping and adjacent ranges, and single yields written as ranges, name the same yields.
        string rewritten = Current.Replace("live 1-3 5 7-8", "live 7 5-5 1-2 2-3 8").Replace("live 1-5\n", "live 4-5 1-3\n");
        Assert.IsNull(MachineShape.Describe(Earlier, rewritten));
        Assert.IsNull(MachineShape.Describe(rewritten, Current));
    }

    [TestMethod]
    public void AFieldLiveAtOtherYieldsIsAChangeEitherWay()
    {
        // The gap at yield 4 closed: '_x' is now also in scope there.
        string closed = Current.Replace("live 1-3 5 7-8", "live 1-5 7-8");
        const string Change = "yield #4 changed: fields in scope '_box' are now '_box _x'";
        Assert.AreEqual(Change, MachineShape.Describe(Earlier, closed));
        Assert.AreEqual(Change, MachineShape.Describe(Current, closed));
        Assert.AreEqual("yield #4 changed: fields in scope '_box _x' are now '_box'", MachineShape.Describe(closed, Earlier));

        // A field live nowhere that becomes live somewhere.
        Assert.AreEqual("yield #6 changed: fields in scope '-' are now '_never'",
            MachineShape.Describe(Earlier, Current.Replace("_never string live -", "_never string live 6")));
    }

    [TestMethod]
    public void TypesAndYieldsAreComparedAsBefore()
    {
        Assert.AreEqual("field '_x' changed type from int to long", MachineShape.Describe(Earlier, Current.Replace("field _x int", "field _x long")));
        Assert.AreEqual("field '_pair' changed type from (int live, string name) to (int live, string title)",
            MachineShape.Describe(Earlier, Current.Replace("string name)", "string title)")));
        Assert.AreEqual("yield #7 changed: 'Yield.Frames(2)' is now 'Yield.Frames(3)'",
            MachineShape.Describe(Earlier, Current.Replace("Yield.Frames(2)", "Yield.Frames(3)")));
        Assert.AreEqual("yield #1 changed: finally blocks open around it 0 are now 1",
            MachineShape.Describe(Earlier, Current.Replace("site 1 Yield.Frames(x) | finally 0", "site 1 Yield.Frames(x) | finally 1")));
        Assert.AreEqual("parameter 'n' changed type from int to long", MachineShape.Describe(Earlier, Current.Replace("param n int", "param n long")));
    }

    [TestMethod]
    public void ATextThatIsNoRangeListIsPartOfTheType()
    {
        // Not a list of yields: read as the field's type, so the type differs (and the field is live nowhere).
        string message = MachineShape.Describe(Earlier, Current.Replace("live 1-3 5 7-8", "live 3-1"))!;
        StringAssert.StartsWith(message, "field '_x' changed type from int to int live 3-1; yield #1 changed: fields in scope '_box _pair _x' are now '_box _pair'");
    }

    [TestMethod]
    public void RenumberedYieldsMatchByTheirFrames()
    {
        // A yield inserted first: the old yields match the new ones by expression, finally blocks and frame.
        string inserted = "param n int\nfield _x int live 2-3\nsite 1 Yield.NextTick | finally 0\nsite 2 Yield.Frames(x) | finally 0\nsite 3 Yield.Return(x) | finally 0";
        string earlier = "param n int\nfield _x int\nsite 1 Yield.Frames(x) | fields _x | finally 0\nsite 2 Yield.Return(x) | fields _x | finally 0";
        Assert.AreEqual("yield #1 (Yield.NextTick) was added; yields renumbered: #1 (Yield.Frames(x)) is now #2, #2 (Yield.Return(x)) is now #3",
            MachineShape.Describe(earlier, inserted));
    }

    [TestMethod]
    public void HelperShapesKeepTheirVersionCheck()
    {
        const string Helper = "site 2 _join\nsite 3 Yield.Return(result)\ncode 1";
        Assert.IsNull(MachineShape.Describe(Helper, Helper));
        Assert.AreEqual("its version changed from 1 to 2", MachineShape.Describe(Helper, Helper.Replace("code 1", "code 2")));
    }

    [TestMethod]
    public void ManyFieldsAtManyYieldsInBothForms()
    {
        // 300 fields over 1,000 yields: field k is live from yield k + 1 to yield 700 + k, with a gap at yield 500.
        const int Fields = 300;
        const int Sites = 1000;
        var earlier = new StringBuilder("param n int");
        var current = new StringBuilder("param n int");
        var frames = new List<string>[Sites + 1];
        for (int k = 0; k < Fields; k++)
        {
            earlier.Append("\nfield _f").Append(k).Append(" int");
            current.Append("\nfield _f").Append(k).Append(" int live ").Append(k + 1).Append('-').Append(499)
                .Append(' ').Append(501).Append('-').Append(700 + k);
            for (int site = k + 1; site <= 700 + k; site++)
            {
                if (site != 500)
                {
                    (frames[site] ??= new List<string>()).Add("_f" + k);
                }
            }
        }

        for (int site = 1; site <= Sites; site++)
        {
            List<string> frame = frames[site] ?? new List<string>();
            frame.Sort(System.StringComparer.Ordinal);
            earlier.Append("\nsite ").Append(site).Append(" Yield.Frames(").Append(site).Append(") | fields ")
                .Append(frame.Count == 0 ? "-" : string.Join(" ", frame)).Append(" | finally 0");
            current.Append("\nsite ").Append(site).Append(" Yield.Frames(").Append(site).Append(") | finally 0");
        }

        Assert.IsNull(MachineShape.Describe(earlier.ToString(), current.ToString()));
        Assert.IsLessThan(earlier.Length / 20, current.Length, "the current form grows with fields plus yields");

        // Closing the gap of one field changes exactly one yield's frame.
        string changed = current.ToString().Replace("field _f7 int live 8-499 501-707", "field _f7 int live 8-707");
        string message = MachineShape.Describe(earlier.ToString(), changed)!;
        StringAssert.StartsWith(message, "yield #500 changed: fields in scope '-' are now '_f7'");
        Assert.AreEqual(1, message.Split("changed").Length - 1, message);
        Assert.AreEqual(0, Enumerable.Range(1, Sites).Count(s => s != 500 && message.Contains("#" + s + " ")), message);
    }
}
