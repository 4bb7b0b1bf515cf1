using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Engine.Machines;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Generators.Tests;

/// <summary>
/// No user identifier may break the generated code: every name the generator writes (fields, labels, finally methods,
/// parameters and locals of generated members, base-class members) is used as a parameter, a local (hoisted and not),
/// a label and a local function, in static and instance coroutines with every kind of lowered statement; the result
/// must compile as C# 9 without warnings and run like the compiler's iterator.
/// </summary>
[TestClass]
public sealed class AdversarialNameTests
{
    private static readonly string[] s_names =
    {
        "_state", "_region", "_this", "_argThis", "_rented", "t_pool", "s_sites", "s_siteRegions", "s_regionParents",
        "CoroutineName", "ShapeText", "self", "machine", "Initialize", "ClearLocals", "UnwindFrom", "region", "parent",
        "completed", "result", "StepCore", "fields", "state", "reissue", "finish", "value", "Bind", "disposable",
        "resume1", "resume2", "for1", "fornext1", "endfor1", "if1", "else1", "endif1", "while1", "endwhile1", "do1",
        "docondition1", "enddo1", "foreach1", "foreachnext1", "endforeach1", "endswitch1", "case1", "leave1", "Finally1",
        "using1", "_using1Resource", "_foreach1Source", "_foreach1Index", "_foreach1Enumerator", "_foreach1Item",
        "box_x", "_x", "_arg_x", "Current", "Name", "State", "Site", "Shape", "SiteCount", "End", "Suspend",
        "SuspendAndRecord", "PendingAt", "Reissue", "ClearCurrent", "Step", "MoveNext", "Reset", "Dispose", "Snapshot", "Restore",
        "Save", "Load", "Advance", "Rent", "Machine", "MMachine", "RentM", "convDelegates", "PickDelegates", "TDelegate", "TArgument0",
        "Table", "key", "box_k2", "_k2", "arg0",
    };

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void EveryGeneratedNameAsParameterLocalLabelAndLocalFunction(bool isStatic)
    {
        string source = Program(isStatic);
        foreach (NullableContextOptions nullable in new[] { NullableContextOptions.Enable, NullableContextOptions.Disable })
        {
            var run = GeneratorHarness.Run(source, LanguageVersion.CSharp9, nullable);
            Diagnostic[] generator = run.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
            Assert.IsEmpty(generator, string.Join("\n", generator.Select(d => d.ToString())));
            Diagnostic[] problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
            Assert.IsEmpty(problems, string.Join("\n", problems.Select(d => d.ToString())) + "\n" + string.Join("\n// ----\n", GeneratorHarness.GeneratedSources(run.Driver)));
            Assert.HasCount(4, run.Driver.GetRunResult().GeneratedTrees);
        }

        // And each machine runs like the compiler's iterator.
        var compiled = GeneratorHarness.Run(source);
        using var stream = new MemoryStream();
        Assert.IsTrue(compiled.Output.Emit(stream).Success);
        Type type = Assembly.Load(stream.ToArray()).GetType("Adversarial.Names")!;
        object? target = isStatic ? null : Activator.CreateInstance(type);
        foreach (string method in new[] { "Parameters", "Locals", "Labels", "LocalFunctions" })
        {
            MethodInfo m = type.GetMethod(method)!;
            object?[] args = m.GetParameters().Select((p, i) => (object?)(i % 3)).ToArray();
            Type machineType = type.GetNestedType(method + "Machine")!;
            object?[] ctorArgs = isStatic ? args : new[] { target }.Concat(args).ToArray();
            List<string> expected = Harness.Trace(() => (IEnumerator<Yield>)m.Invoke(target, args)!);
            List<string> actual = Harness.Trace(() => (ICoroutineMachine)Activator.CreateInstance(machineType, ctorArgs)!);
            CollectionAssert.AreEqual(expected, actual, method + "\nexpected: " + string.Join(" | ", expected) + "\nactual:   " + string.Join(" | ", actual));
        }
    }

    /// <summary>The generic class that keeps a local function's delegates per instantiation is nested in the machine:
    /// its type parameters differ from those of the machine and the types around it (else warning CS0693).</summary>
    [TestMethod]
    public void DelegateCacheTypeParametersDifferFromTheContainingTypes()
    {
        const string source = """
            using System; using System.Collections.Generic; using Engine; using Engine.Generators.Tests.Corpus;
            namespace Adversarial {
            public static partial class Outer<TDelegate> {
            public partial class Holder<TArgument0, TArgument1> {
            [Coroutine] public static IEnumerator<Yield> Convert<TArgument2>(TArgument0 seed, int n) {
                var made = new List<Delegate>();
                for (int i = 0; i < n; i++) {
                    int v = i;
                    string Show<T>(T x) => x + "/" + v + typeof(TDelegate).Name;
                    string Both<U>(U u) { Func<U, string> p = Show; made.Add(p); return p.Equals((Func<U, string>)Show<U>) + p(u); }
                    CorpusLog.Entries.Add(Both(seed) + Both(i) + Both(default(TArgument2)));
                    yield return Yield.Frames(v);
                    v++;
                }
                foreach (Delegate d in made) { CorpusLog.Entries.Add(d.DynamicInvoke(new object[] { null! })!.ToString()!); }
            }
            } } }
            """;
        foreach (NullableContextOptions nullable in new[] { NullableContextOptions.Enable, NullableContextOptions.Disable })
        {
            var run = GeneratorHarness.Run(source, LanguageVersion.CSharp9, nullable);
            Diagnostic[] problems = run.Diagnostics.Concat(run.Output.GetDiagnostics()).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
            Assert.IsEmpty(problems, string.Join("\n", problems.Select(d => d.ToString())) + "\n" + string.Join("\n// ----\n", GeneratorHarness.GeneratedSources(run.Driver)));
        }

        var compiled = GeneratorHarness.Run(source);
        using var stream = new MemoryStream();
        Assert.IsTrue(compiled.Output.Emit(stream).Success);
        Type holder = Assembly.Load(stream.ToArray()).GetType("Adversarial.Outer`1+Holder`2")!.MakeGenericType(typeof(long), typeof(string), typeof(int));
        MethodInfo method = holder.GetMethod("Convert")!.MakeGenericMethod(typeof(byte));
        object?[] args = { "s", 3 };
        List<string> expected = Harness.Trace(() => (IEnumerator<Yield>)method.Invoke(null, args)!);
        List<string> actual = Harness.Trace(() => Harness.Machine(method, null, args));
        CollectionAssert.AreEqual(expected, actual, "expected: " + string.Join(" | ", expected) + "\nactual:   " + string.Join(" | ", actual));
    }

    private static string Program(bool isStatic)
    {
        string modifier = isStatic ? "static " : "";
        var s = new StringBuilder();
        s.AppendLine("using System; using System.Collections.Generic; using Engine; using Engine.Generators.Tests.Corpus;");
        s.AppendLine("namespace Adversarial {");
        s.AppendLine("public " + modifier + "partial class Names {");
        s.AppendLine("static void L(object o) => CorpusLog.Entries.Add(o.ToString()!);");
        s.AppendLine("static int Id(int v) => v;");

        // Every name as a parameter, used before and after yields.
        s.AppendLine("[Coroutine] public " + modifier + "IEnumerator<Yield> Parameters(" + string.Join(", ", s_names.Select(n => "int " + n)) + ") {");
        s.AppendLine("int sum = 0;");
        s.AppendLine(Flow("sum"));
        s.AppendLine("L(" + string.Join(" + ", s_names) + " + sum);");
        s.AppendLine("}");

        // Every name as a local: hoisted (used across a yield) and left local (used between two yields).
        s.AppendLine("[Coroutine] public " + modifier + "IEnumerator<Yield> Locals(int n) {");
        foreach (string name in s_names)
        {
            s.AppendLine("int " + name + " = n + " + name.Length + ";");
        }

        s.AppendLine("int sum = 0;");
        s.AppendLine(Flow("sum"));
        s.AppendLine("L(" + string.Join(" + ", s_names) + " + sum);");
        s.AppendLine("{ int local = Id(n); yield return Yield.Frames(local); }");
        s.AppendLine("}");

        // Every name as a label (flattened and verbatim) with gotos to it.
        s.AppendLine("[Coroutine] public " + modifier + "IEnumerator<Yield> Labels(int n) {");
        s.AppendLine("int sum = 0;");
        s.AppendLine(Flow("sum"));
        for (int i = 0; i < s_names.Length; i++)
        {
            string name = s_names[i];
            s.AppendLine(i % 2 == 0
                ? "if (n >= 0) { goto " + name + "; } " + name + ": sum += " + i + "; yield return Yield.Frames(sum % 3);"
                : "{ if (n >= 0) { goto " + name + "; } " + name + ": sum += " + i + "; }");
        }

        s.AppendLine("L(sum);");
        s.AppendLine("}");

        // Every name as a local function, in sibling blocks and at the top.
        s.AppendLine("[Coroutine] public " + modifier + "IEnumerator<Yield> LocalFunctions(int n) {");
        s.AppendLine("int sum = 0;");
        s.AppendLine(Flow("sum"));
        for (int i = 0; i < s_names.Length; i++)
        {
            string name = s_names[i];
            s.AppendLine("if (n > -1) { int " + name + "(int v) => v + " + i + "; sum += " + name + "(n); yield return Yield.Frames(sum % 4); }");
            s.AppendLine("else { int " + name + "(int v) => v - " + i + "; sum += " + name + "(n); yield return Yield.Frames(sum % 5); }");
        }

        s.AppendLine("L(sum);");
        s.AppendLine("}");
        s.AppendLine("} }");
        return s.ToString();
    }

    // Every lowered statement kind, so every generated label, temporary and finally method exists.
    private static string Flow(string sum) =>
        "for (int i = 0; i < 2; i++) { if (i == 1) { " + sum + " += 1; } else { " + sum + " += 2; } yield return Yield.Frames(i); }\n" +
        "int w = 0; while (w < 2) { w++; yield return Yield.Frames(w); }\n" +
        "int d = 0; do { d++; yield return Yield.NextTick; } while (d < 2);\n" +
        "foreach (int e in new[] { 1, 2 }) { " + sum + " += e; yield return Yield.Frames(e); }\n" +
        "foreach (int e in new LoggingRange(2)) { " + sum + " += e; yield return Yield.Frames(e); }\n" +
        "foreach (var (a, b) in new[] { (1, 2) }) { " + sum + " += a + b; yield return Yield.Frames(a); }\n" +
        "switch (" + sum + " % 3) { case 0: yield return Yield.Frames(0); goto case 1; case 1: " + sum + " += 5; break; default: yield return Yield.NextTick; break; }\n" +
        "try { yield return Yield.Frames(1); if (" + sum + " > 1000) { goto end; } } finally { " + sum + " += 1; }\n" +
        "using (new Res(\"r\")) { yield return Yield.Frames(2); }\n" +
        "var x = new List<Func<int>>(); foreach (int k in new[] { 3, 4 }) { x.Add(() => k); yield return Yield.Frames(k); }\n" +
        "foreach (Func<int> f in x) { " + sum + " += f(); }\n" +
        "var hs = new List<Func<int, int>>(); foreach (int k2 in new[] { 5, 6 }) { int conv(int v) => v + k2; T Pick<T>(T t) => k2 > 5 ? t : default!; Func<int, int> c1 = conv; " +
        "Func<int, int> c2 = Pick<int>; hs.Add(c1); hs.Add(c2); " + sum + " += c1.Equals((Func<int, int>)conv) && c2.Equals((Func<int, int>)Pick) ? 1 : 0; yield return Yield.Frames(k2); }\n" +
        "foreach (Func<int, int> h in hs) { " + sum + " += h(1); }\n" +
        "end: L(" + sum + ");\n";
}
