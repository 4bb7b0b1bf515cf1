using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Generators.Tests;

/// <summary>
/// Which fields a generated Step works on through local copies (Lowerer.Caching.cs): value-type fields that Step
/// assigns and that only its own top-level code names. Corpus/CorpusCopies.cs checks that the copied machines behave like the compiler's iterator.
/// </summary>
[TestClass]
public sealed class StepCopyTests
{
    private const string Prefix = "using System; using System.Collections.Generic; using Engine; namespace Demo { public static partial class S { static void L(object o) { } ";

    [TestMethod]
    public void LoopCounterAndAccumulatorAreCopiedAndStoredAtTheYield()
    {
        string machine = Generate("[Coroutine] public static IEnumerator<Yield> M(int count) { int acc = 0; for (int i = 0; i < count; i++) { acc += i; yield return Yield.Frames(acc); } }");
        StringAssert.Contains(machine, "int accValue;");
        StringAssert.Contains(machine, "accValue = _acc;");
        StringAssert.Contains(machine, "iValue = _i;");
        StringAssert.Contains(machine, "_acc = accValue;");
        StringAssert.Contains(machine, "_i = iValue;");
        Assert.DoesNotContain("countValue", machine, "a field Step only reads gains nothing from a copy");
    }

    [TestMethod]
    [DataRow("finally", "int seen = 0; int copied = 0; try { while (true) { seen++; copied++; yield return Yield.Frames(copied); } } finally { L(seen); }")]
    [DataRow("lambda", "int seen = 0; int copied = 0; Func<int> read = () => seen; while (true) { seen++; copied++; L(read()); yield return Yield.Frames(copied); }")]
    [DataRow("local function", "int seen = 0; int copied = 0; while (true) { seen++; copied++; Show(); yield return Yield.Frames(copied); void Show() => L(seen); }")]
    [DataRow("query", "int seen = 0; int copied = 0; var xs = new[] { 1, 2 }; while (true) { seen++; copied++; foreach (int x in from a in xs where a > seen select a) { L(x); } yield return Yield.Frames(copied); }")]
    public void FieldNamedOutsideStepsTopLevelCodeStaysAField(string where, string body)
    {
        string machine = Generate("[Coroutine] public static IEnumerator<Yield> M() { " + body + " }", "System.Linq");
        StringAssert.Contains(machine, "copiedValue = _copied;", where);
        Assert.DoesNotContain("seenValue", machine, where);
    }

    [TestMethod]
    public void OnlyTheFourMostUsedFieldsAreCopied()
    {
        // Every step loads every copy and stores every assigned one, so a wide machine copies only its busiest fields.
        string machine = Generate("[Coroutine] public static IEnumerator<Yield> M(int count) { int a = 0, b = 0, c = 0, d = 0, e = 0, f = 0; " +
            "for (int i = 0; i < count; i++) { a += i; b += a; yield return Yield.Frames(a + b); if (i == 100) { c++; d++; e++; f++; } yield return Yield.Frames(a - b); } }");
        string[] copies = machine.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("int ", System.StringComparison.Ordinal) && l.EndsWith("Value;", System.StringComparison.Ordinal)).ToArray();
        Assert.HasCount(4, copies, string.Join("\n", copies));
        StringAssert.Contains(machine, "int aValue;");
        StringAssert.Contains(machine, "int bValue;");
        StringAssert.Contains(machine, "int iValue;");
        Assert.DoesNotContain("fValue", machine);
    }

    [TestMethod]
    public void ReferenceAndStructFieldsStayFields()
    {
        string machine = Generate("[Coroutine] public static IEnumerator<Yield> M() { string text = \"a\"; DateTime when = default; var list = new List<int>(); for (int i = 0; i < 3; i++) { text += i; list.Add(i); yield return Yield.Frames(i); } L(text + when + list.Count); }");
        StringAssert.Contains(machine, "iValue = _i;");
        Assert.DoesNotContain("textValue", machine);
        Assert.DoesNotContain("whenValue", machine);
        Assert.DoesNotContain("listValue", machine);
    }

    private static string Generate(string member, string extraUsing = "")
    {
        string source = (extraUsing.Length > 0 ? "using " + extraUsing + "; " : "") + Prefix + member + " } }";
        var run = GeneratorHarness.Run(source);
        Assert.IsEmpty(run.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning), string.Join("\n", run.Diagnostics));
        Assert.IsEmpty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), string.Join("\n", run.Output.GetDiagnostics()));
        return GeneratorHarness.GeneratedSources(run.Driver).Single();
    }
}
