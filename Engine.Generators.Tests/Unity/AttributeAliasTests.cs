using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Generators.Tests.Unity;

/// <summary>
/// Every method marked <c>[Coroutine]</c>, however the attribute is written, gets its machine with the Roslyn that
/// Unity 6 loads (Microsoft.CodeAnalysis 4.3, the version these tests drive the generator with): aliases in the file,
/// in a namespace, in a global using of another file, several methods and classes per file, aliases with and without
/// the <c>Attribute</c> suffix, mixed with the plain and qualified names. ForAttributeWithMetadataName of that version
/// finds only the first aliased attribute of each file; the generator no longer relies on it.
/// </summary>
[TestClass]
public sealed class AttributeAliasTests
{
    [TestMethod]
    public void TheseTestsDriveTheGeneratorWithRoslyn43()
    {
        Version version = typeof(CSharpCompilation).Assembly.GetName().Version!;
        Assert.AreEqual(4, version.Major);
        Assert.AreEqual(3, version.Minor);
    }

    [TestMethod]
    public void TwoAndThreeMethodsOfOneClassMarkedThroughOneAlias()
    {
        const string Source = """
            using System.Collections.Generic;
            using Engine;
            using Co = Engine.CoroutineAttribute;

            public static partial class Work
            {
                [Co] public static IEnumerator<Yield> A(int n) { yield return Yield.Frames(n); }
                [Co] public static IEnumerator<Yield> B(int n) { yield return Yield.Frames(n + 1); }
                [Co()] public static IEnumerator<Yield> C(int n) { yield return Yield.Frames(n + 2); }
            }

            public partial class Other
            {
                [Co] public IEnumerator<Yield> D(int n) { yield return Yield.Frames(n + 3); }
            }
            """;
        AssertMachines(new[] { Source }, "Work.A", "Work.B", "Work.C", "Other.D");
    }

    [TestMethod]
    public void AliasesInNamespacesWithAndWithoutTheAttributeSuffixMixedWithThePlainNames()
    {
        const string Source = """
            using System.Collections.Generic;
            using Engine;

            namespace First
            {
                using Co = Engine.CoroutineAttribute;
                using StepAttribute = Engine.CoroutineAttribute;

                public static partial class Work
                {
                    [Co] public static IEnumerator<Yield> A(int n) { yield return Yield.Frames(n); }
                    [Coroutine] public static IEnumerator<Yield> B(int n) { yield return Yield.Frames(n); }
                    [Step] public static IEnumerator<Yield> C(int n) { yield return Yield.Frames(n); }
                    [Co] public static IEnumerator<Yield> D(int n) { yield return Yield.Frames(n); }
                    [StepAttribute] public static IEnumerator<Yield> E(int n) { yield return Yield.Frames(n); }
                    [Engine.Coroutine] public static IEnumerator<Yield> F(int n) { yield return Yield.Frames(n); }
                    [global::Engine.CoroutineAttribute] public static IEnumerator<Yield> G(int n) { yield return Yield.Frames(n); }
                    [Co] public static IEnumerator<Yield> H(int n) { yield return Yield.Frames(n); }
                }
            }

            namespace Second
            {
                using Task = Engine.CoroutineAttribute;

                public static partial class Work
                {
                    [Task] public static IEnumerator<Yield> A(int n) { yield return Yield.Frames(n); }
                    [System.Obsolete, Task] public static IEnumerator<Yield> B(int n) { yield return Yield.Frames(n); }
                }
            }
            """;
        AssertMachines(new[] { Source }, "First.Work.A", "First.Work.B", "First.Work.C", "First.Work.D", "First.Work.E", "First.Work.F", "First.Work.G", "First.Work.H", "Second.Work.A", "Second.Work.B");
    }

    [TestMethod]
    public void AGlobalUsingAliasInAnotherFileMarksMethodsInSeveralFiles()
    {
        const string Usings = "global using Co = Engine.CoroutineAttribute;\nglobal using Engine;\nglobal using System.Collections.Generic;";
        const string One = """
            public static partial class One
            {
                [Co] public static IEnumerator<Yield> A(int n) { yield return Yield.Frames(n); }
                [Co] public static IEnumerator<Yield> B(int n) { yield return Yield.Frames(n); }
            }
            """;
        const string Two = """
            namespace Deep
            {
                public static partial class Two
                {
                    [Co] public static IEnumerator<Yield> A(int n) { yield return Yield.Frames(n); }
                    public static partial class Inner
                    {
                        [Co] public static IEnumerator<Yield> B(int n) { yield return Yield.Frames(n); }
                    }
                }
            }
            """;
        AssertMachines(new[] { Usings, One, Two }, "One.A", "One.B", "Deep.Two.A", "Deep.Two.Inner.B");
    }

    [TestMethod]
    public void NamesThatAreNotTheEngineAttributeMarkNothing()
    {
        const string Source = """
            using System;
            using System.Collections.Generic;
            using Engine;
            using Co = Other.CoroutineAttribute;
            using Old = System.ObsoleteAttribute;

            namespace Other
            {
                public sealed class CoroutineAttribute : Attribute { }
            }

            public static partial class Work
            {
                [Co] public static IEnumerator<Yield> A(int n) { yield return Yield.Frames(n); }
                [Other.Coroutine] public static IEnumerator<Yield> B(int n) { yield return Yield.Frames(n); }
                [Old] public static IEnumerator<Yield> C(int n) { yield return Yield.Frames(n); }
                [Engine.Coroutine] public static IEnumerator<Yield> D(int n) { yield return Yield.Frames(n); }
            }
            """;
        AssertMachines(new[] { Source }, "Work.D");
    }

    private static void AssertMachines(string[] sources, params string[] expected)
    {
        foreach (LanguageVersion version in new[] { LanguageVersion.CSharp10, LanguageVersion.Latest })
        {
            var run = GeneratorHarness.Run(sources, version, NullableContextOptions.Enable);
            string[] names = run.Driver.GetRunResult().GeneratedTrees
                .Select(t => System.IO.Path.GetFileName(t.FilePath).Replace(".g.cs", ""))
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToArray();
            CollectionAssert.AreEqual(expected.OrderBy(n => n, StringComparer.Ordinal).ToArray(), names, string.Join("\n", run.Diagnostics));
            Diagnostic[] errors = run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            Assert.IsEmpty(errors, string.Join("\n", errors.Select(e => e.ToString())));
        }
    }
}
