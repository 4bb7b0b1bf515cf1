using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Generators.Tests;

/// <summary>
/// Types, namespaces and members of an assembly referenced only under an extern alias are written with that alias
/// (<c>Ext::Shared.Thing</c>) in generated code, which declares <c>extern alias Ext;</c>: in parameters, hoisted locals,
/// generic arguments, tuples, default values, constraints, static members, <c>using static</c> and namespace imports
/// (extension methods), namespace aliases to an aliased namespace and inferred <c>RentX</c> type arguments. The program
/// also declares its own <c>Shared.Thing</c>, so a name bound to the wrong assembly changes what it logs.
/// </summary>
[TestClass]
public sealed class ExternAliasTests
{
    private const string Program = """
        extern alias Ext;
        using System.Collections.Generic;
        using Engine;
        using E = Ext::Shared;
        using Co = Engine.CoroutineAttribute;

        namespace Shared
        {
            public sealed class Thing
            {
                public readonly int V;
                public Thing(int v) { V = v + 1; }
                public override string ToString() => "own" + V;
            }
        }

        namespace Aliased
        {
            using Ext::Shared;
            using static Ext::Shared.Util;

            public static partial class Work
            {
                public static readonly List<string> Log = new List<string>();

                [Co]
                public static IEnumerator<Yield> Locals(int n, Ext::Shared.Pair<int> pair, Ext::Shared.Mode mode = Ext::Shared.Mode.Fast)
                {
                    Ext::Shared.Thing lib = new Ext::Shared.Thing(n);
                    global::Shared.Thing own = new global::Shared.Thing(n);
                    E.Thing viaAlias = new E.Thing(2);
                    var inferred = new Ext::Shared.Thing(3);
                    Ext::RootThing root = new Ext::RootThing();
                    yield return Yield.Frames(n);
                    var pairs = new List<Ext::Shared.Pair<Ext::Shared.Thing>> { new Ext::Shared.Pair<Ext::Shared.Thing>(lib, n) };
                    Dictionary<Ext::Shared.Mode, (Ext::Shared.Thing Thing, global::Shared.Thing Own)> byMode = new Dictionary<Ext::Shared.Mode, (Ext::Shared.Thing, global::Shared.Thing)> { [mode] = (viaAlias, own) };
                    Ext::Shared.Thing[] array = { inferred, lib };
                    yield return Yield.Frames(pairs.Count + array.Length);
                    Log.Add(lib + " " + own + " " + viaAlias + " " + inferred + " " + root.W + " " + pairs[0] + " " + byMode[mode].Thing + byMode[mode].Own + " " + pair + " " + mode + " " + array[1]);
                    yield return Yield.Return(Ext::Shared.Util.Twice(n) + Ext::Shared.Util.Seven);
                }

                [Co]
                public static IEnumerator<Yield> Imports(int n)
                {
                    // 'Thing' and 'Lib()' come through 'using Ext::Shared;', 'Twice' and 'Seven' through 'using static'.
                    Thing imported = new Thing(n);
                    int extended = n.Lib();
                    yield return Yield.Frames(Twice(n));
                    Log.Add(imported + " " + extended + " " + Seven);
                    yield return Yield.Return(imported.V + extended);
                }

                [Co]
                public static IEnumerator<Yield> Echo<T>(T value)
                {
                    Log.Add("echo " + value);
                    yield return Yield.Return(value);
                }

                [Co]
                public static IEnumerator<Yield> Children(int n)
                {
                    // Inferred type arguments from the aliased assembly, named in the machine's fields.
                    var thing = RentEcho(new Ext::Shared.Thing(n));
                    var pairs = RentEcho(new List<Ext::Shared.Pair<int>> { new Ext::Shared.Pair<int>(n, 2) });
                    var explicitly = RentEcho<Ext::Shared.Mode>(Ext::Shared.Mode.Slow);
                    yield return Yield.Frames(n);
                    while (thing.MoveNext() && pairs.MoveNext() && explicitly.MoveNext())
                    {
                        Log.Add(thing.Current.Target + " " + ((List<Ext::Shared.Pair<int>>)pairs.Current.Target!)[0] + " " + explicitly.Current.Target);
                        yield return Yield.NextTick;
                    }
                }
            }
        }
        """;

    [TestMethod]
    public void TypesOfAnAliasedReferenceAreWrittenWithTheirAliasAndRunLikeTheIterator()
    {
        foreach (NullableContextOptions nullable in new[] { NullableContextOptions.Enable, NullableContextOptions.Disable })
        {
            var run = Generate(Program, nullable, AliasedLibrary.Reference("Ext"));
            string[] generated = GeneratorHarness.GeneratedSources(run.Driver);
            Assert.HasCount(4, generated, string.Join("\n", run.Diagnostics));
            string all = string.Join("\n", generated);
            StringAssert.Contains(all, "extern alias Ext;");
            StringAssert.Contains(all, "Ext::Shared.Thing _lib");
            StringAssert.Contains(all, "global::Shared.Thing _own");
            StringAssert.Contains(all, "global::Aliased.Work.EchoMachine<Ext::Shared.Thing> _thing");
            StringAssert.Contains(all, "using Ext::Shared;");
            StringAssert.Contains(all, "using static Ext::Shared.Util;");
            Assert.DoesNotContain("global::Shared.Pair", all);
            if (nullable == NullableContextOptions.Enable)
            {
                Assembly assembly = Load(run.Output);
                Assert.AreEqual(4, NameBindingTests.RunsLikeTheIterator(assembly));
                var log = (List<string>)assembly.GetType("Aliased.Work")!.GetField("Log")!.GetValue(null)!;
                Assert.IsTrue(log.Any(l => l.StartsWith("lib1000 own2 lib2000 lib3000 3000 pair(lib1000,1)", StringComparison.Ordinal)), string.Join("\n", log));
            }
        }
    }

    [TestMethod]
    public void AReferenceWithTheGlobalAliasTooIsWrittenFromGlobal()
    {
        const string Source = """
            using System.Collections.Generic;
            using Engine;
            public static partial class Work
            {
                [Coroutine]
                public static IEnumerator<Yield> Go(int n)
                {
                    var t = new RootThing();
                    yield return Yield.Frames(n);
                    yield return Yield.Return(t.W);
                }
            }
            """;
        var run = Generate(Source, NullableContextOptions.Enable, AliasedLibrary.Reference("Ext", "global"));
        string generated = GeneratorHarness.GeneratedSources(run.Driver).Single();
        StringAssert.Contains(generated, "global::RootThing? _t");
        Assert.DoesNotContain("extern alias", generated);
    }

    [TestMethod]
    public void AReferenceWithTwoAliasesIsWrittenWithOneAndTheConstraintsAndDefaultsBind()
    {
        // The user's file names the library by its second alias; the generated file declares and uses the first.
        const string Source = """
            extern alias Other;
            using System.Collections.Generic;
            using Engine;
            public static partial class Work
            {
                [Coroutine]
                public static IEnumerator<Yield> Go<T>(T item, Other::Shared.Mode mode = Other::Shared.Mode.Fast) where T : class, Other::Shared.IThing
                {
                    List<Other::Shared.IThing> items = new List<Other::Shared.IThing> { item };
                    yield return Yield.Frames(items.Count + (int)mode);
                    yield return Yield.Return(items[0].V);
                }
            }
            """;
        var run = Generate(Source, NullableContextOptions.Enable, AliasedLibrary.Reference("Ext", "Other"));
        string generated = GeneratorHarness.GeneratedSources(run.Driver).Single();
        StringAssert.Contains(generated, "extern alias Ext;");
        StringAssert.Contains(generated, "where T : class, Ext::Shared.IThing");
        StringAssert.Contains(generated, "Ext::Shared.Mode mode = (Ext::Shared.Mode)(5)");
        StringAssert.Contains(generated, "global::System.Collections.Generic.List<Ext::Shared.IThing> _items");
    }

    private static (GeneratorDriver Driver, Compilation Output, System.Collections.Immutable.ImmutableArray<Diagnostic> Diagnostics) Generate(string source, NullableContextOptions nullable, MetadataReference library)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(source, "/src/Aliased.cs", LanguageVersion.CSharp9, nullable, library);
        Diagnostic[] before = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !d.GetMessage().Contains("Rent", StringComparison.Ordinal)).ToArray();
        Assert.IsEmpty(before, "the program itself compiles: " + string.Join("\n", before));
        var run = GeneratorHarness.Run(compilation, LanguageVersion.CSharp9);
        Diagnostic[] problems = run.Diagnostics.Concat(run.Output.GetDiagnostics())
            .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.StartsWith("/src/", StringComparison.Ordinal) != true))
            .ToArray();
        Assert.IsEmpty(problems, nullable + ":\n" + string.Join("\n", problems.Select(d => d.ToString())) + "\n" + string.Join("\n// ----\n", GeneratorHarness.GeneratedSources(run.Driver)));
        return run;
    }

    private static Assembly Load(Compilation output)
    {
        using var stream = new MemoryStream();
        Assert.IsTrue(output.Emit(stream).Success);
        return Assembly.Load(stream.ToArray());
    }
}
