using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Threading;
using Engine.Machines;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Generators.Tests;

/// <summary>
/// Methods far larger and deeper than the corpus's (<see cref="ScalePrograms"/>): the generated machines trace exactly
/// like the compiler's iterators, the generator lowers the deepest shapes on a 1 MB thread (a Windows compiler thread)
/// without an exception, and <see cref="DeepStack"/> turns running out of stack into a retry on a large stack or a
/// COR0012, never a crash.
/// </summary>
[TestClass]
public sealed class ScaleTests
{
    // Sizes that compile in seconds but are still past what a 1 MB stack lowers by plain recursion for the deep shapes
    // (more than DeepStack.CallerThreadDepth syntax levels), so the large-stack path is compared with the iterators too.
    private static readonly (string Shape, int Size)[] s_differential =
    {
        ("yields", 400), ("locals", 200), ("switch", 200), ("elseif", 300), ("block", 120), ("if", 120), ("while", 120),
        ("for", 120), ("foreach", 120), ("using", 120), ("tryfinally", 120), ("trycatch", 120), ("add", 400),
        ("addyield", 400), ("chain", 400), ("chainyield", 400), ("concat", 1000), ("concatyield", 1000), ("lambdas", 40),
        ("localfunctions", 150), ("mixed", 300), ("sum", 1000), ("sumyield", 1000), ("condchain", 400), ("condchainyield", 400),
        ("ternary", 300), ("ternaryyield", 300), ("and", 4000), ("andyield", 1000), ("initializers", 500), ("initializersyield", 500),
        ("objects", 1000), ("objectsyield", 1000), ("collection", 1000), ("collectionyield", 1000), ("wide", 200),
        ("gotos", 150),
    };

    private static readonly Lazy<Assembly> s_assembly = new(CompileDifferentialPrograms);

    public static IEnumerable<object[]> DifferentialShapes => s_differential.Select(s => new object[] { s.Shape, s.Size });

    [TestMethod]
    public void EveryShapeIsComparedWithTheCompilersIterator()
    {
        CollectionAssert.AreEquivalent(ScalePrograms.Names, s_differential.Select(s => s.Shape).ToArray());
    }

    [TestMethod]
    [DynamicData(nameof(DifferentialShapes))]
    public void LargeAndDeepMethodsTraceLikeTheCompilersIterator(string shape, int size)
    {
        Type type = s_assembly.Value.GetType("Scale." + ScalePrograms.ClassName(shape))!;
        MethodInfo method = type.GetMethod("M")!;
        Type machine = type.GetNestedType("MMachine")!;
        for (int n = 0; n < 6; n++)
        {
            List<string> expected = Harness.Trace(() => (IEnumerator<Yield>)method.Invoke(null, new object[] { n })!, limit: 100_000);
            List<string> actual = Harness.Trace(() => (ICoroutineMachine)Activator.CreateInstance(machine, n)!, limit: 100_000);
            CollectionAssert.AreEqual(expected, actual, shape + " n=" + n + "\nfirst difference at " + FirstDifference(expected, actual));
        }

        // Disposed before the start and at the first, second, middle and last suspension: the same finally blocks and
        // using disposals run. (The oracle is compiled by Microsoft.CodeAnalysis 4.3, whose iterators keep running when
        // moved after a Dispose; the machines, like the SDK's compiler's iterators, do not: no move after Dispose.)
        int yields = Harness.CountYields(Harness.Trace(() => (IEnumerator<Yield>)method.Invoke(null, new object[] { 1 })!, limit: 100_000));
        Assert.IsGreaterThanOrEqualTo(1, yields, shape + " yields");
        foreach (int k in new[] { 0, 1, 2, yields / 2, yields - 1, yields }.Distinct())
        {
            List<string> expected = Harness.Trace(() => (IEnumerator<Yield>)method.Invoke(null, new object[] { 1 })!, disposeAfter: k, limit: 100_000, moveAfterDispose: false);
            List<string> actual = Harness.Trace(() => (ICoroutineMachine)Activator.CreateInstance(machine, 1)!, disposeAfter: k, limit: 100_000, moveAfterDispose: false);
            CollectionAssert.AreEqual(expected, actual, shape + " disposed after " + k + "\nfirst difference at " + FirstDifference(expected, actual));
        }
    }

    /// <summary>
    /// The generator alone on a 1 MB thread, on shapes whose plain recursive lowering overflows it (statement nesting
    /// Roslyn's binder recurses along with no stack guard, expressions Roslyn's rewriters refuse at that depth, a long
    /// else-if chain): no exception (CS8785), no diagnostic, one machine with every yield as a resume point.
    /// </summary>
    [TestMethod]
    [DataRow("if", 1000)]
    [DataRow("elseif", 2000)]
    [DataRow("concat", 10000)]
    [DataRow("concatyield", 10000)]
    [DataRow("lambdas", 100)]
    public void DeepShapesAreLoweredOnAOneMegabyteThread(string shape, int size) => GenerateOnAOneMegabyteThread(shape, size);

    /// <summary>
    /// Expressions thousands of terms long, left-deep and right-deep, with and without a yield in their statement (a
    /// call chain of 5,000 calls took over ten minutes when the generator asked the semantic model about each method
    /// group apart from its call, which binds the whole receiver chain again; an <c>&amp;&amp;</c> chain of 20,000 terms
    /// in a yield took 65 s when each operator was asked whether it is user-defined and the chain, written as an
    /// argument, was normalized whole; a collection initialiser of 40,000 elements took 71 s in Roslyn's normalizer,
    /// which scans a list from its start for each token): lowered on a 1 MB thread with no exception and no diagnostic,
    /// into generated code that grows with the method's text, not with its square.
    /// </summary>
    [TestMethod]
    [DataRow("chain", 5000)]
    [DataRow("chainyield", 5000)]
    [DataRow("condchain", 5000)]
    [DataRow("condchainyield", 5000)]
    [DataRow("sum", 10000)]
    [DataRow("sumyield", 10000)]
    [DataRow("and", 20000)]
    [DataRow("andyield", 20000)]
    [DataRow("ternary", 1000)]
    [DataRow("ternaryyield", 1000)]
    [DataRow("initializers", 2000)]
    [DataRow("initializersyield", 2000)]
    [DataRow("objects", 4000)]
    [DataRow("objectsyield", 3000)]
    [DataRow("collection", 40000)]
    [DataRow("collectionyield", 40000)]
    public void LongExpressionsAreLoweredIntoCodeLinearInTheirLength(string shape, int size)
    {
        string generated = GenerateOnAOneMegabyteThread(shape, size);
        Assert.IsLessThan(4 * ScalePrograms.Program(shape, size).Length + 40_000, generated.Length, shape + " output size");
    }

    /// <summary>
    /// 4,000 hoisted locals live at each of 2,000 yields: the machine's shape names each field once with the yields where
    /// it is live, so the generated code grows with fields plus yields (13.9 MB of it for 2,000 locals when each yield's
    /// line listed the fields in scope, 1.1 MB now). Lowering them is linear too (2,000 locals took 13 s when each one
    /// looked for backward gotos in the whole body and scanned ahead to the next yield; 4,000 take about as long now).
    /// </summary>
    [TestMethod]
    public void FieldsLiveAtManyYieldsGiveCodeLinearInTheirNumber()
    {
        string small = GenerateOnAOneMegabyteThread("wide", 400);
        string large = GenerateOnAOneMegabyteThread("wide", 4000);
        Assert.IsLessThan(11 * small.Length, large.Length, "ten times the fields and yields");
        string shape = large.Split('\n').Single(l => l.Contains("private const string ShapeText = ", StringComparison.Ordinal));
        Assert.IsLessThan(40 * (4000 + 2000), shape.Length, "the shape names each field and each yield once");
        StringAssert.Contains(shape, "\\nfield _v3999 int live 1-2000\\nsite 1 Yield.Frames(v0%3) | finally 0\\n");
    }

    private static string GenerateOnAOneMegabyteThread(string shape, int size)
    {
        // Parsed first, as the compiler parses before it runs generators, on a large stack: how deep Roslyn's parser
        // goes before it gives up on an expression (CS8078, leaving no method to generate) depends on the stack of the
        // test's thread. Generated on the small thread.
        CSharpCompilation compilation = null!;
        string[] parseErrors = Array.Empty<string>();
        OnThread(64, () =>
        {
            compilation = GeneratorHarness.Compile(ScalePrograms.Program(shape, size));
            parseErrors = compilation.SyntaxTrees[0].GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToArray();
        });
        Assert.IsEmpty(parseErrors, string.Join("\n", parseErrors));
        string[] diagnostics = Array.Empty<string>();
        string[] generated = Array.Empty<string>();
        OnThread(1, () =>
        {
            var run = GeneratorHarness.Run(compilation, LanguageVersion.Latest);
            diagnostics = run.Diagnostics.Where(d => d.Severity > DiagnosticSeverity.Info).Select(d => d.ToString()).ToArray();
            generated = GeneratorHarness.GeneratedSources(run.Driver);
        });

        Assert.IsEmpty(diagnostics, string.Join("\n", diagnostics));
        Assert.HasCount(1, generated);
        StringAssert.Contains(generated[0], "protected override int SiteCount => " + ScalePrograms.Yields(shape, size) + ";");
        return generated[0];
    }

    [TestMethod]
    public void DepthIsMeasuredWithoutRecursion()
    {
        int depth = 0;
        ExpressionSyntax expression = null!;
        OnThread(256, () => expression = SyntaxFactory.ParseExpression(string.Concat(Enumerable.Repeat("a + (", 20_000)) + "1" + new string(')', 20_000)));
        Assert.IsFalse(expression.ContainsDiagnostics);
        OnThread(1, () => depth = DeepStack.Depth(expression));
        Assert.AreEqual(40_000, depth);
        Assert.AreEqual(2, DeepStack.Depth(SyntaxFactory.ParseStatement("{ { } }")) + 1);
    }

    [TestMethod]
    public void ShallowWorkRunsOnTheCallersThread()
    {
        int caller = Environment.CurrentManagedThreadId;
        Assert.AreEqual(caller, DeepStack.Run(DeepStack.CallerThreadDepth, () => Environment.CurrentManagedThreadId, () => -1));
        Assert.AreNotEqual(caller, DeepStack.Run(DeepStack.CallerThreadDepth + 1, () => Environment.CurrentManagedThreadId, () => -1));
    }

    [TestMethod]
    public void WorkThatExhaustsTheCallersStackIsRetriedOnALargeStack()
    {
        // About 16 MB of guarded recursion: too deep for a 1 MB thread, well within the large stack.
        string result = "";
        int attempts = 0;
        OnThread(1, () => result = DeepStack.Run(0, () => { attempts++; return "depth " + Recurse(16_000); }, () => "too deep"));
        Assert.AreEqual("depth 16000", result);
        Assert.AreEqual(2, attempts);
    }

    [TestMethod]
    public void WorkThatExhaustsEvenTheLargeStackGetsTheTooDeepResult()
    {
        Assert.AreEqual("too deep", DeepStack.Run(DeepStack.CallerThreadDepth + 1, () => "depth " + Recurse(int.MaxValue), () => "too deep"));
    }

    [TestMethod]
    public void OtherExceptionsOfTheLargeStackPropagateUnchanged()
    {
        var thrown = Assert.ThrowsExactly<InvalidOperationException>(() => DeepStack.Run<int>(DeepStack.CallerThreadDepth + 1, () => throw new InvalidOperationException("bad input"), () => -1));
        Assert.AreEqual("bad input", thrown.Message);
        Assert.ThrowsExactly<OperationCanceledException>(() => DeepStack.Run<int>(0, () => throw new OperationCanceledException(), () => -1));
    }

    // Guarded recursion of about 1 KB of stack per level; returns its depth.
    private static int Recurse(int levels)
    {
        DeepStack.Guard();
        Span<byte> frame = stackalloc byte[1000];
        frame[levels % 1000] = 1;
        return levels == 0 ? 0 : Recurse(levels - 1) + frame[levels % 1000];
    }

    private static void OnThread(int megabytes, Action action)
    {
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    action();
                }
                catch (Exception ex)
                {
                    error = ExceptionDispatchInfo.Capture(ex);
                }
            },
            megabytes * 1024 * 1024);
        thread.Start();
        thread.Join();
        error?.Throw();
    }

    private static Assembly CompileDifferentialPrograms()
    {
        string[] sources = s_differential.Select(s => ScalePrograms.Program(s.Shape, s.Size)).ToArray();
        var run = GeneratorHarness.Run(sources, LanguageVersion.Latest, NullableContextOptions.Enable);
        Diagnostic[] problems = run.Diagnostics.Where(d => d.Severity > DiagnosticSeverity.Info).ToArray();
        Assert.IsEmpty(problems, string.Join("\n", problems.Select(d => d.ToString())));
        using var stream = new MemoryStream();
        var emit = run.Output.WithAssemblyName("ScalePrograms").Emit(stream);
        Assert.IsTrue(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        return Assembly.Load(stream.ToArray());
    }

    private static string FirstDifference(List<string> expected, List<string> actual)
    {
        int i = 0;
        while (i < expected.Count && i < actual.Count && expected[i] == actual[i])
        {
            i++;
        }

        return i + ": " + (i < expected.Count ? expected[i] : "(end)") + " vs " + (i < actual.Count ? actual[i] : "(end)");
    }
}
