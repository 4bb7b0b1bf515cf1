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
/// Differential fuzzing: random coroutine bodies (nested if/loops/foreach/switch/try-finally/using with break,
/// continue, yield break and throw; lambdas whose locals collide with hoisted names; variables declared in loop
/// conditions and captured; query syntax over loop variables; pattern variables in is-patterns and case labels;
/// deconstructing foreach; goto case; escaping closures; closures in a block a backward goto enters again; constants
/// and local functions used by finally blocks; local functions capturing loop variables; names inferred from variables
/// (anonymous types, tuples); local functions capturing per-iteration variables that run later (delegates, calls from
/// lambdas and queries, recursion, nested, generic and static ones, handlers added and removed); lambdas and local functions capturing a per-iteration variable beside locals of yield-free blocks, loops, using, lock, try and switch statements, and lambdas evaluated twice in one iteration, whose delegates are compared; verbatim strings spanning lines; checked and unchecked blocks around yields (with the
/// project's overflow checking on and off); discards beside a user variable named '_'; interpolated strings with
/// qualified names, queries and block lambdas in their holes; locals typed through an alias, a namespace alias or a nested
/// type named like a System type, beside a using static and usings inside the namespace; the attribute in every
/// spelling, aliases included; generic children rented with inferred type arguments living across the body's yields, also in the restore programs)
/// are compiled with the generator in-process (also at two project roots, which must generate the same code), then each compiler
/// iterator is compared with its generated machine for several inputs and for Dispose at every suspension point. Every
/// closure and query is evaluated at the end of the method, so a variable shared where C# has one per iteration changes
/// the trace.
/// </summary>
[TestClass]
public sealed class RandomProgramTests
{
    private const int MethodsPerProgram = 40;

    // Assemblies compiled here, by name, for the saved type names a restore looks up (a rented child machine).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Assembly> s_loaded = new(StringComparer.Ordinal);

    static RandomProgramTests()
    {
        AppDomain.CurrentDomain.AssemblyResolve += (_, args) => s_loaded.TryGetValue(new AssemblyName(args.Name).Name ?? "", out Assembly? found) ? found : null;
    }

    [TestMethod]
    [DataRow(1, false)]
    [DataRow(2, false)]
    [DataRow(3, false)]
    [DataRow(4, false)]
    [DataRow(5, true)]
    [DataRow(6, true)]
    public void RandomCoroutinesMatchCompilerIterators(int seed, bool checkOverflow)
    {
        CompareWithIterators(seed, checkOverflow, MethodsPerProgram);
    }

    /// <summary>
    /// The hunt with other seeds: ENGINE_FUZZ_SEEDS (a list and ranges, "2201-2230,2240"; overflow checking on for the
    /// odd ones) and ENGINE_FUZZ_METHODS (methods per program, 40 unless set). Without them it runs seed 7 (the session
    /// 22 statement kinds, local functions capturing per-iteration variables, are common in it).
    /// </summary>
    [TestMethod]
    public void RandomCoroutinesOfTheEnvironmentSeedsMatchCompilerIterators()
    {
        string seeds = Environment.GetEnvironmentVariable("ENGINE_FUZZ_SEEDS") is { Length: > 0 } set ? set : "7";
        int methods = int.TryParse(Environment.GetEnvironmentVariable("ENGINE_FUZZ_METHODS"), out int count) && count > 0 ? count : MethodsPerProgram;
        foreach (string part in seeds.Split(','))
        {
            string[] range = part.Trim().Split('-');
            int first = int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
            int last = range.Length > 1 ? int.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture) : first;
            for (int seed = first; seed <= last; seed++)
            {
                CompareWithIterators(seed, checkOverflow: seed % 2 == 1, methods);
            }
        }
    }

    private static void CompareWithIterators(int seed, bool checkOverflow, int methods)
    {
        Type type = CompileProgram(seed, savableOnly: false, checkOverflow, methods);
        for (int m = 0; m < methods; m++)
        {
            MethodInfo method = type.GetMethod("M" + m)!;
            Type machineType = type.GetNestedType("M" + m + "Machine")!;
            for (int n = 0; n < 5; n++)
            {
                object[] args = { n };
                Func<IEnumerator<Yield>> iterator = () => (IEnumerator<Yield>)method.Invoke(null, args)!;
                Func<IEnumerator<Yield>> machine = () => (ICoroutineMachine)Activator.CreateInstance(machineType, args)!;
                List<string> expected = Harness.Trace(iterator);
                List<string> actual = Harness.Trace(machine);
                CollectionAssert.AreEqual(expected, actual, "M" + m + "(" + n + ")\nexpected: " + string.Join(" | ", expected) + "\nactual:   " + string.Join(" | ", actual));
                int yields = Harness.CountYields(expected);

                // The in-process oracle is Roslyn 4.3, whose iterators keep running when MoveNext is called after
                // Dispose (the SDK's compiler, the corpus oracle, stops them, and so do generated machines), so here
                // only Dispose's own effects are compared.
                for (int k = 0; k <= yields; k++)
                {
                    List<string> disposedExpected = Harness.Trace(iterator, disposeAfter: k, moveAfterDispose: false);
                    List<string> disposedActual = Harness.Trace(machine, disposeAfter: k, moveAfterDispose: false);
                    CollectionAssert.AreEqual(disposedExpected, disposedActual, "M" + m + "(" + n + ") disposed after " + k + "\nexpected: " + string.Join(" | ", disposedExpected) + "\nactual:   " + string.Join(" | ", disposedActual));
                }
            }
        }
    }

    [TestMethod]
    [DataRow(11, false)]
    [DataRow(12, false)]
    [DataRow(13, true)]
    public void RandomCoroutinesRestoreAtEverySuspensionPoint(int seed, bool checkOverflow)
    {
        Type type = CompileProgram(seed, savableOnly: true, checkOverflow);
        for (int m = 0; m < MethodsPerProgram; m++)
        {
            Type machineType = type.GetNestedType("M" + m + "Machine")!;
            for (int n = 0; n < 4; n++)
            {
                int yields = Harness.CountYields(Harness.Trace(() => (ICoroutineMachine)Activator.CreateInstance(machineType, n)!));
                for (int k = 0; k <= yields; k++)
                {
                    var original = (ICoroutineMachine)Activator.CreateInstance(machineType, n)!;
                    for (int i = 0; i < k; i++)
                    {
                        original.MoveNext();
                    }

                    var copy = (ICoroutineMachine)Activator.CreateInstance(machineType, 77)!;
                    copy.Restore(SnapshotTests.JsonRoundTrip(original.Snapshot()));
                    List<string> expected = Harness.ContinueRestored(original);
                    List<string> actual = Harness.Continue(copy);
                    CollectionAssert.AreEqual(expected, actual, "M" + m + "(" + n + ") restored at " + k + "\nexpected: " + string.Join(" | ", expected) + "\nactual:   " + string.Join(" | ", actual));
                }
            }
        }
    }

    private static Type CompileProgram(int seed, bool savableOnly, bool checkOverflow, int methods = MethodsPerProgram)
    {
        var random = new Random(seed);
        var source = new StringBuilder();
        // Names in every form the generated file must keep: an alias to a generic type, a using static, usings inside
        // the namespace, a namespace alias, and nested types named like System's (Math, Func) beside the imports.
        // The attribute in every spelling (several methods of one file through one alias: Roslyn 4.3's
        // ForAttributeWithMetadataName found only the first), and generic children rented with inferred type arguments
        // held across the body's yields, come from their own random stream so the bodies of each seed stay the same.
        var spelling = new Random(seed * 7919);
        string[] attributes = { "[Coroutine]", "[Co]", "[Step]", "[Engine.Coroutine]", "[StepAttribute]" };
        string[] childArguments = { "n", "\"k\" + n", "(n, \"t\")", "new List<int> { n, 1 }", "new[] { n }", "(A: n, B: new List<string> { \"b\" })", "new Col::List<int?> { n, null }" };
        source.AppendLine("using System; using System.Linq; using Engine; using Ints = System.Collections.Generic.List<int>; using static System.Math; using Co = Engine.CoroutineAttribute;");
        source.AppendLine("namespace Fuzz { using System.Collections.Generic; using Col = System.Collections.Generic; using Engine.Generators.Tests.Corpus; using StepAttribute = Engine.CoroutineAttribute;");
        source.AppendLine("public static partial class P" + seed + " {");
        source.AppendLine("static class Math { public static int Max(int a, int b) => a * 100 + b; }");
        source.AppendLine("sealed class Func { public readonly int V; public Func(int v) { V = v * 3; } }");
        source.AppendLine("static void L(string s) => CorpusLog.Entries.Add(s);");
        source.AppendLine("static Yield F(int f) => Yield.Frames(f);");
        source.AppendLine("static object B(int v) => v % 3 == 0 ? \"s\" + v : v;");
        source.AppendLine("static bool TryNext(ref int cursor, int limit, out int value) { value = cursor * 5 + 1; cursor++; return cursor <= limit; }");
        source.AppendLine("[Co] public static IEnumerator<Yield> Child<T>(T value, int count) { for (int i = 0; i < count; i++) { L(\"child \" + value + \" \" + i); yield return F(i); } }");
        for (int m = 0; m < methods; m++)
        {
            var writer = new BodyWriter(random, savableOnly);
            // In the restore programs too: each program's assembly has its own name, which the resolver above finds
            // when a restore looks up the saved child's type.
            bool child = spelling.Next(3) == 0;
            source.AppendLine(attributes[spelling.Next(attributes.Length)] + " public static IEnumerator<Yield> M" + m + "(int n) {");
            source.AppendLine("var fs = new List<Func<int>>(); var qs = new List<IEnumerable<int>>();");
            if (child)
            {
                source.AppendLine("var kid = RentChild(" + childArguments[spelling.Next(childArguments.Length)] + ", n % 3);");
            }

            source.AppendLine(writer.Block(depth: 0, inLoop: false));
            if (child)
            {
                source.AppendLine("while (kid.MoveNext()) { L(\"kid \" + kid.Current.Number); } kid.Dispose();");
            }

            source.AppendLine("yield return F(-1 + 1);");
            source.AppendLine("foreach (Func<int> f in fs) { L(\"f\" + f()); } foreach (IEnumerable<int> q in qs) { L(\"q\" + string.Join(\",\", q)); }");
            source.AppendLine("}");
        }

        source.AppendLine("} }");
        // Its own assembly name (a restore finds a saved child machine's type by name), and the project's overflow
        // checking on or off: the oracle iterators and the machines are compiled with the same option.
        string assemblyName = "Fuzz" + seed + (savableOnly ? "r" : "") + (checkOverflow ? "c" : "");
        CSharpCompilation compilation = GeneratorHarness.Compile(source.ToString()).WithAssemblyName(assemblyName);
        compilation = compilation.WithOptions(compilation.Options.WithOverflowChecks(checkOverflow));
        var run = GeneratorHarness.Run(compilation, LanguageVersion.Latest);

        // ENGINE_FUZZ_DUMP=<directory> writes each program and its generated machines there, to read a failing one.
        if (Environment.GetEnvironmentVariable("ENGINE_FUZZ_DUMP") is { Length: > 0 } dump)
        {
            Directory.CreateDirectory(dump);
            File.WriteAllText(Path.Combine(dump, "P" + seed + ".cs"), source.ToString());
            File.WriteAllText(Path.Combine(dump, "P" + seed + ".g.cs"), string.Join("\n", GeneratorHarness.GeneratedSources(run.Driver)));
        }

        Diagnostic[] problems = run.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.IsEmpty(problems, string.Join("\n", problems.Select(d => d.ToString())));
        Assert.HasCount(methods + 1, run.Driver.GetRunResult().GeneratedTrees, "a machine for every method, whatever its attribute's spelling");

        // The same project at two roots on two kinds of machine generates the same code.
        string[] here = GenerateAt("/home/fuzz/work/Game/", "/home/fuzz/work/Game/Fuzz/P.cs");
        string[] there = GenerateAt(@"C:\Builds\agent-7\Game", @"C:\Builds\agent-7\Game\Fuzz\P.cs");
        CollectionAssert.AreEqual(here, there);
        Assert.IsTrue(here.Any(t => t.Contains("CoroutineSite(\"Fuzz/P.cs\"", StringComparison.Ordinal)));
        using var stream = new MemoryStream();
        var emit = run.Output.Emit(stream);
        Assert.IsTrue(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) + "\n" + source);
        Assembly assembly = Assembly.Load(stream.ToArray());
        s_loaded[assemblyName] = assembly;
        return assembly.GetType("Fuzz.P" + seed)!;

        string[] GenerateAt(string projectDirectory, string path) =>
            GeneratorHarness.GeneratedSources(GeneratorHarness.CreateDriver(LanguageVersion.Latest, ("build_property.ProjectDir", projectDirectory))
                .RunGenerators(GeneratorHarness.Compile(source.ToString(), path: path)));
    }

    /// <summary>Writes random statement trees; loops are bounded so every program terminates.</summary>
    private sealed class BodyWriter
    {
        private readonly Random _random;
        private readonly bool _savableOnly;
        private int _id;
        private bool _underscore;

        public BodyWriter(Random random, bool savableOnly)
        {
            _random = random;
            _savableOnly = savableOnly;
        }

        public string Block(int depth, bool inLoop)
        {
            var sb = new StringBuilder();
            int count = _random.Next(1, 4);
            for (int i = 0; i < count; i++)
            {
                sb.AppendLine(Statement(depth, inLoop));
            }

            return sb.ToString();
        }

        private string Statement(int depth, bool inLoop)
        {
            int id = ++_id;
            int choice = depth >= 3 ? _random.Next(0, 6) : _random.Next(0, 44);
            if (_savableOnly && choice is 9 or 13 or 15 or 16 or 17 or 23 or 24 or 26 or 28 or >= 33)
            {
                choice = 10;
            }

            switch (choice)
            {
                case 0:
                case 1:
                    return "L(\"s" + id + "\");";
                case 2:
                case 3:
                    return "yield return F(" + id + ");";
                case 4:
                    if (inLoop)
                    {
                        return _random.Next(2) == 0 ? "if (n == " + _random.Next(4) + ") { L(\"b" + id + "\"); break; }" : "if (n % 2 == " + _random.Next(2) + ") { L(\"c" + id + "\"); continue; }";
                    }

                    return "if (n == " + _random.Next(5) + ") { L(\"yb" + id + "\"); yield break; }";
                case 5:
                    return "if (n == " + _random.Next(6) + ") { throw new InvalidOperationException(\"t" + id + "\"); }";
                case 6:
                    return "if (n % 3 == " + _random.Next(3) + ") {\n" + Block(depth + 1, inLoop) + "} else {\n" + Block(depth + 1, inLoop) + "}";
                case 7:
                    return "for (int i" + id + " = 0; i" + id + " < " + _random.Next(1, 4) + "; i" + id + "++) {\n" + Block(depth + 1, true) + "}";
                case 8:
                    return "int w" + id + " = 0; while (w" + id + " < " + _random.Next(1, 3) + ") { w" + id + "++;\n" + Block(depth + 1, true) + "}";
                case 9:
                    return "foreach (int e" + id + " in new LoggingRange(" + _random.Next(0, 3) + ")) { L(\"e\" + e" + id + ");\n" + Block(depth + 1, true) + "}";
                case 10:
                    return "foreach (int a" + id + " in new[] { 1, 2 }) {\n" + Block(depth + 1, true) + "}";
                case 11:
                    return "switch ((n + " + id + ") % 3) { case 0: {\n" + Block(depth + 1, inLoop) + "} break; case 1: {\n" + Block(depth + 1, inLoop) + "} break; default: L(\"d" + id + "\"); break; }";
                case 12:
                    return "try {\n" + Block(depth + 1, inLoop) + "} finally { L(\"f" + id + "\"); }";
                case 13:
                    return "using (new Res(\"r" + id + "\")) {\n" + Block(depth + 1, inLoop) + "}";
                case 14:
                    return "int d" + id + " = 0; do { d" + id + "++;\n" + Block(depth + 1, true) + "} while (d" + id + " < 2);";
                case 15:
                    // A lambda capturing a (possibly per-iteration) local, declaring a local named like its hoisted field.
                    return "int c" + id + " = n + " + id + "; fs.Add(() => { int _c" + id + " = 1; return c" + id + " * 10 + _c" + id + "; });\n" + Block(depth + 1, inLoop) + "c" + id + "++;";
                case 16:
                    return "int cur" + id + " = 0; while (TryNext(ref cur" + id + ", " + _random.Next(0, 3) + ", out var v" + id + ")) { fs.Add(() => v" + id + ");\n" + Block(depth + 1, true) + "}";
                case 17:
                    return "foreach (int a" + id + " in new[] { 1, 2 }) { qs.Add(from q in new[] { 1, 2, 3 } where q > a" + id + " select q * 10 + a" + id + ");\n" + Block(depth + 1, true) + "}";
                case 18:
                    return "if (B(n + " + id + ") is int p" + id + ") {\n" + Block(depth + 1, inLoop) + "L(\"p\" + p" + id + "); }";
                case 19:
                    return "switch (B(n + " + id + ")) { case int s" + id + " when s" + id + " > 2: {\n" + Block(depth + 1, inLoop) + "} L(\"s\" + s" + id + "); break; case string t" + id + ": {\n" + Block(depth + 1, inLoop) + "} L(t" + id + "); break; }";
                case 20:
                    return "foreach (var (x" + id + ", y" + id + ") in new[] { (1, 2), (3, 4) }) {\n" + Block(depth + 1, true) + "L(\"xy\" + (x" + id + " + y" + id + ")); }";
                case 22:
                    // Alias-typed local (hoisted when the block yields), using static and the nested Math beside it.
                    return "Ints h" + id + " = new Ints { n, " + id + " };\n" + Block(depth + 1, inLoop) + "L(\"h\" + h" + id + ".Count + \",\" + Max(n, " + id + ") + \",\" + Math.Max(n, 1));";
                case 23:
                    return "Col.List<System.Func<int>> g" + id + " = new Col::List<global::System.Func<int>> { () => n + " + id + " };\n" + Block(depth + 1, inLoop) + "L(\"g\" + g" + id + "[0]());";
                case 24:
                    return "Func lf" + id + " = new Func(n + " + id + ");\n" + Block(depth + 1, inLoop) + "L(\"lf\" + lf" + id + ".V);";
                case 26:
                    // A block a backward goto enters again: each entry's closure keeps its own variable.
                    return "int g" + id + " = 0; retry" + id + ": { int r" + id + " = g" + id + " * 7 + n; fs.Add(() => r" + id + ");\n" + Block(depth + 1, inLoop) +
                        "g" + id + "++; if (g" + id + " < 2) { goto retry" + id + "; } }";
                case 27:
                    // A constant and a local function used by a finally block (a method of its own in the machine).
                    return "const int k" + id + " = " + id + "; int kf" + id + "(int v) => v + k" + id + "; try {\n" + Block(depth + 1, inLoop) +
                        "} finally { L(\"kf\" + kf" + id + "(n) + @\"\n    v" + id + "\"); }";
                case 28:
                    // A local function capturing a loop variable, only ever called directly.
                    return "foreach (int q" + id + " in new[] { 1, 2 }) { int dq" + id + "() => q" + id + " * 3 + n; L(\"dq\" + dq" + id + "());\n" + Block(depth + 1, true) +
                        "L(\"dq\" + dq" + id + "()); }";
                case 29:
                    // Names C# infers from variables: an anonymous type's members and a tuple's elements.
                    return "int an" + id + " = n + " + id + ";\n" + Block(depth + 1, inLoop) + "var at" + id + " = new { an" + id + ", n }; var tt" + id + " = (an" + id + ", n); L(at" + id + " + \"/\" + tt" + id + ".an" + id + ");";
                case 30:
                    // A checked or unchecked block around yields: every operation inside keeps the block's context,
                    // also in lambdas, compound assignments, casts and after a yield (the project option varies too).
                    string context = _random.Next(2) == 0 ? "checked" : "unchecked";
                    return "int ov" + id + " = int.MaxValue - n % 2; byte ob" + id + " = (byte)(250 + n); " + context + " { try { ov" + id + " += 1; ob" + id + "++; L(\"ov\" + ov" + id + " + \",\" + (byte)(ov" + id + " / 3) + \",\" + unchecked(ov" + id + " + 1) + \",\" + ob" + id + "); } catch (OverflowException) { L(\"of" + id + "\"); }\n" +
                        (_savableOnly ? "" : "fs.Add(() => { try { return (ov" + id + " - 2) * 2; } catch (OverflowException) { return -" + id + "; } });\n") + Block(depth + 1, inLoop) +
                        "try { ov" + id + "--; ob" + id + " += (byte)(n + 3); L(\"ow\" + (-ov" + id + " - 2) + \",\" + ob" + id + " + \",\" + (short)(ov" + id + " * 1)); } catch (OverflowException) { L(\"og" + id + "\"); } }";
                case 31:
                    // Discards beside a user variable named '_' (in its own block, so two never meet), and without one.
                    if (_underscore)
                    {
                        return "var (dx" + id + ", _) = (n + " + id + ", \"s\"); L(\"dx\" + dx" + id + ");";
                    }

                    _underscore = true;
                    string body = Block(depth + 1, inLoop);
                    _underscore = false;
                    return "{ string _ = \"u" + id + "\"; var (du" + id + ", _) = (n, " + id + "); L(\"du\" + du" + id + " + _); int.TryParse(\"5\", out int _" + id + "); foreach (var (fu" + id + ", _) in new[] { (1, 2) }) { L(_ + fu" + id + "); }\n" +
                        body + "L(\"du\" + du" + id + " + _ + (n is var _ ? \"v\" : \"w\")); }";
                case 32:
                    // Interpolated strings: qualified names and queries in holes, a verbatim string spanning lines with a block lambda in a hole.
                    return "int ip" + id + " = n * " + id + ";\n" + Block(depth + 1, inLoop) +
                        "L($\"i{Max(ip" + id + ", 2)} {string.Join(\",\", from q in new[] { 1, 2 } where q > 0 select q + ip" + id + ")} {(ip" + id + " > 1 ? \"a\" : \"b\"),3}|\" + $@\"v {new System.Func<int>(() => { return ip" + id + " + 1; })()}\n  w{{x}}\");";
                case 33:
                    // Local functions capturing per-iteration variables that run later: converted to a delegate, called
                    // from a lambda, called after the body local changed.
                    return "foreach (int a" + id + " in new[] { 1, 2 }) { int b" + id + " = a" + id + " * n; int lf" + id + "() => a" + id + " * 10 + b" + id + "; fs.Add(lf" + id + "); fs.Add(() => lf" + id + "() + 1);\n" +
                        Block(depth + 1, true) + "b" + id + "++; L(\"lf\" + lf" + id + "()); }";
                case 34:
                    // A recursive local function over a loop-condition variable, with a query and a lambda inside, converted
                    // to a Func<int, int> and called from a deferred query.
                    return "int cr" + id + " = 0; while (TryNext(ref cr" + id + ", " + _random.Next(0, 3) + ", out var v" + id + ")) { int rf" + id + "(int k) => k <= 0 ? v" + id +
                        " : rf" + id + "(k - 1) + (from q in new[] { 1, 2 } select q + v" + id + ").Sum() + new System.Func<int>(() => v" + id + ")(); Func<int, int> rd" + id + " = rf" + id +
                        "; fs.Add(() => rd" + id + "(2)); qs.Add(from q in new[] { 1, 2 } where q < v" + id + " select rf" + id + "(q));\n" + Block(depth + 1, true) + "v" + id + " += 3; }";
                case 35:
                    // Nested, generic and static local functions; one declared outside an inner loop captures the outer
                    // loop's variable and is used from the inner one.
                    return "for (int i" + id + " = 0; i" + id + " < " + _random.Next(1, 3) + "; i" + id + "++) { int o" + id + " = i" + id + " + n; T gf" + id + "<T>(T t, T u) => o" + id + " > 1 ? t : u; static int sf" + id +
                        "(int z) => z * 2; int of" + id + "() { int nf" + id + "() => o" + id + " + sf" + id + "(1); Func<int> nd" + id + " = nf" + id + "; return nd" + id + "() + gf" + id + "(1, 2); }\n" +
                        "foreach (int j" + id + " in new[] { 1, 2 }) { int ij" + id + "() => of" + id + "() * 100 + j" + id + " + gf" + id + "(j" + id + ", 0); fs.Add(ij" + id + "); Func<string, string, string> gd" + id + " = gf" + id + "; L(gd" + id + "(\"x\", \"y\"));\n" +
                        Block(depth + 1, true) + "} o" + id + " += 5; }";
                case 36:
                    // A local function subscribed and unsubscribed as a handler: conversions in one iteration are equal.
                    return "Action? ev" + id + " = null; foreach (int a" + id + " in new[] { 1, 2, 3 }) { int u" + id + " = a" + id + " + n; void h" + id + "() => L(\"h\" + u" + id + "); ev" + id + " += h" + id + ";\n" +
                        Block(depth + 1, true) + "if (u" + id + " % 2 == 0) { ev" + id + " -= h" + id + "; } u" + id + "++; }\nev" + id + "?.Invoke();";
                case 37:
                    // A block a backward goto enters again, with a local function converted to a delegate in each entry.
                    return "int gg" + id + " = 0; rg" + id + ": { int rr" + id + " = gg" + id + " * 3 + n; int rl" + id + "() => rr" + id + " + gg" + id + "; fs.Add(rl" + id + ");\n" + Block(depth + 1, inLoop) +
                        "rr" + id + "++; gg" + id + "++; if (gg" + id + " < 2) { goto rg" + id + "; } }";
                case 38:
                    // A generic local function over a per-iteration variable, converted inside a generic one with
                    // delegate types that mention the caller's type parameter: conversions in one iteration are equal.
                    return "foreach (int a" + id + " in new[] { 1, 2 }) { int gv" + id + " = a" + id + " + n; string gs" + id + "<T>(T t) => t + \"/\" + gv" + id + "; string gb" + id +
                        "<U>(U u) { Func<U, string> gp" + id + " = gs" + id + "; Func<U, string> gq" + id + " = gs" + id + "<U>; Func<U, string> gc" + id + " = null!; gc" + id + " += gp" + id +
                        "; gc" + id + " -= gq" + id + "; return (gp" + id + ".Equals(gq" + id + ") ? \"eq\" : \"ne\") + (gc" + id + " == null) + gp" + id + "(u); }\n" +
                        "L(gb" + id + "(n) + gb" + id + "(\"s\")); Func<int, string> go" + id + " = gs" + id + "; fs.Add(() => gb" + id + "(a" + id + ").Length + (go" + id + ".Equals((Func<int, string>)gs" + id + ") ? 1 : 0));\n" +
                        Block(depth + 1, true) + "gv" + id + "++; L(gb" + id + "(1)); }";
                case 39:
                    // Two sibling generic local functions with one name (renamed when flattened), called and converted
                    // with explicit type arguments, over per-iteration variables.
                    return "foreach (int a" + id + " in new[] { 1, 2 }) { { int rv" + id + " = a" + id + " + n; T rp" + id + "<T>(T x, T y) => rv" + id + " % 2 == 0 ? x : y; Func<int, int, int> rd" + id + " = rp" + id +
                        "<int>; fs.Add(() => rd" + id + "(1, 2) + rp" + id + "<int>(3, 4)); L(rp" + id + "<string>(\"x\", \"y\") + rd" + id + ".Equals((Func<int, int, int>)rp" + id + "<int>));\n" +
                        Block(depth + 1, true) + "rv" + id + "++; L(\"r\" + rp" + id + "<long>(1, 2)); } { int rv" + id + " = a" + id + " * 3; T rp" + id + "<T>(T x, T y) => rv" + id + " % 3 == 0 ? x : y; fs.Add(() => rp" + id +
                        "<int>(5, 6));\n" + Block(depth + 1, true) + "rv" + id + " += 2; L(rp" + id + "<string>(\"p\", \"q\")); } }";
                case 40:
                    // Local functions nested in a local function and in a lambda, converted by different calls in one
                    // iteration; ref-returning and params delegates of local functions.
                    return "for (int i" + id + " = 0; i" + id + " < 2; i" + id + "++) { int nv" + id + " = i" + id + " + n; int[] nc" + id + " = { n, i" + id + " }; Func<int> no" + id + "(int e" + id + ") { int ni" + id +
                        "() => nv" + id + " * 2; int ne" + id + "() => nv" + id + " + e" + id + "; Func<int> nd" + id + " = ni" + id + "; fs.Add(ne" + id + "); return nd" + id + "; }\n" +
                        "L(no" + id + "(1).Equals(no" + id + "(2)) + \"\" + no" + id + "(3)()); ref int nr" + id + "() => ref nc" + id + "[nv" + id + " % 2]; CellRef cr" + id + " = nr" + id + "; cr" + id + "() += 3; int ns" + id +
                        "(params int[] xs) => xs.Sum() + nv" + id + "; Summer sm" + id + " = ns" + id + "; fs.Add(() => sm" + id + "(1, 2) + cr" + id + "()); fs.Add(() => { int nl" + id + "() => nv" + id +
                        " + 1; Func<int> na" + id + " = nl" + id + "; return na" + id + ".Equals((Func<int>)nl" + id + ") ? nl" + id + "() : -1; });\n" + Block(depth + 1, true) + "nv" + id + "++; cr" + id + "()++; }";
                case 41:
                    // Local functions and lambdas capturing a per-iteration variable and locals of yield-free blocks and
                    // loops inside the loop body: conversions in one entry of the innermost captured scope are equal,
                    // across entries they are not (the index of the first delegate equal to each is logged).
                    return "var el" + id + " = new List<Func<int>>(); foreach (int a" + id + " in new[] { 1, 2 }) { int bv" + id + " = a" + id + " + n; { int bl" + id + " = bv" + id + " * 2; int bf" + id + "() => bv" + id + " + bl" + id +
                        "; Func<int> bp" + id + " = bf" + id + "; Func<int>? bc" + id + " = null; bc" + id + " += bf" + id + "; bc" + id + " += bp" + id + "; bc" + id + " -= bf" + id + "; L(\"bf\" + bp" + id + ".Equals((Func<int>)bf" + id +
                        ") + (bc" + id + "?.GetInvocationList().Length ?? 0)); el" + id + ".Add(bf" + id + "); for (int bk" + id + " = 0; bk" + id + " < 2; bk" + id + "++) { int bd" + id + " = bk" + id + "; int bg" + id + "() => bl" + id + " + bv" + id +
                        "; int bh" + id + "() => bd" + id + " + bv" + id + "; el" + id + ".Add(bg" + id + "); el" + id + ".Add(bh" + id + "); el" + id + ".Add(() => bv" + id + " + bl" + id + " + bd" + id + "); el" + id + ".Add(() => bv" + id + " * 2); } bl" + id + "++; }\n" +
                        Block(depth + 1, true) + "bv" + id + "++; }\nL(\"eq" + id + ":\" + string.Join(\",\", el" + id + ".Select(x => el" + id + ".FindIndex(y => y.Equals(x))))); fs.AddRange(el" + id + ");";
                case 42:
                    // One lambda evaluated twice in one iteration (in a yield-free loop, returned by a local function, by
                    // a lambda): equal delegates, as C# gives (same closure, same method).
                    return "var ll" + id + " = new List<Func<int>>(); int lc" + id + " = 0; while (TryNext(ref lc" + id + ", " + _random.Next(0, 3) + ", out var lv" + id + ")) { for (int lk" + id + " = 0; lk" + id + " < 2; lk" + id + "++) { ll" + id +
                        ".Add(() => lv" + id + " * 3); } Func<int> lm" + id + "() => () => lv" + id + " + 1; ll" + id + ".Add(lm" + id + "()); ll" + id + ".Add(lm" + id + "()); Func<Func<int>> lo" + id + " = () => () => lv" + id + " - 1; ll" + id +
                        ".Add(lo" + id + "()); ll" + id + ".Add(lo" + id + "()); Action? lh" + id + " = null; Action la" + id + "() => () => L(\"la\" + lv" + id + "); lh" + id + " += la" + id + "(); lh" + id + " += la" + id + "(); lh" + id + " -= la" + id + "(); lh" + id + "?.Invoke();\n" +
                        Block(depth + 1, true) + "ll" + id + ".Add(lm" + id + "()); lv" + id + " += 2; }\nL(\"eq" + id + ":\" + string.Join(\",\", ll" + id + ".Select(x => ll" + id + ".FindIndex(y => y.Equals(x))))); fs.AddRange(ll" + id + ");";
                case 43:
                    // Local functions and lambdas in yield-free using, lock, try/finally and switch statements in a loop
                    // body, capturing the loop's variable with a deconstructing foreach's, a pattern variable or a block's.
                    return "var ml" + id + " = new List<Func<int>>(); foreach (int a" + id + " in new[] { 1, 2 }) { int mv" + id + " = a" + id + " * n; using (new Res(\"m" + id + "\")) { int mu" + id + " = mv" + id + " + 1; int mf" + id + "() => mu" + id +
                        " + mv" + id + "; ml" + id + ".Add(mf" + id + "); ml" + id + ".Add(mf" + id + "); } lock (ml" + id + ") { int mk" + id + " = mv" + id + " * 3; static int ms" + id + "(int z) => z + 1; int mj" + id + "() => ms" + id + "(mk" + id + ") + mv" + id + "; ml" + id +
                        ".Add(mj" + id + "); ml" + id + ".Add(mj" + id + "); } try { foreach (var (mx" + id + ", my" + id + ") in new[] { (1, 2), (3, 4) }) { ml" + id + ".Add(() => mx" + id + " + my" + id + " + mv" + id + "); int mt" + id + "() => mx" + id + " * mv" + id + "; ml" + id +
                        ".Add(mt" + id + "); ml" + id + ".Add(mt" + id + "); } } finally { L(\"mf" + id + "\"); } switch (B(mv" + id + ")) { case int mi" + id + ": int mg" + id + "() => mi" + id + " + mv" + id + "; ml" + id + ".Add(mg" + id + "); ml" + id + ".Add(mg" + id +
                        "); break; case string mz" + id + ": ml" + id + ".Add(() => mz" + id + ".Length + mv" + id + "); ml" + id + ".Add(() => mv" + id + "); break; }\n" +
                        Block(depth + 1, true) + "mv" + id + "++; }\nL(\"eq" + id + ":\" + string.Join(\",\", ml" + id + ".Select(x => ml" + id + ".FindIndex(y => y.Equals(x))))); fs.AddRange(ml" + id + ");";
                default:
                    return "switch ((n + " + id + ") % 3) { case 0: {\n" + Block(depth + 1, inLoop) + "} goto case 1; case 1: L(\"g" + id + "\"); {\n" + Block(depth + 1, inLoop) + "} break; default: {\n" + Block(depth + 1, inLoop) + "} break; }";
            }
        }
    }
}
