using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Generators.Tests;

/// <summary>
/// Coroutines in containers the corpus does not hold (an interface's default method, a record class, a generic static
/// class with an unmanaged constraint, private and internal coroutines rented by another): the generator reports
/// nothing and the generated code compiles with no warning.
/// </summary>
[TestClass]
public sealed class ContainerShapeTests
{
    [TestMethod]
    [DataRow("public partial interface IScript { int Speed { get; } [Coroutine] IEnumerator<Yield> Run(int n) { for (int i = 0; i < n; i++) { yield return Yield.Frames(Speed + i); } } }")]
    [DataRow("public partial record Npc(string Name) { [Coroutine] public IEnumerator<Yield> Walk(int n) { yield return Yield.Frames(n); Console.WriteLine(Name + this); } }")]
    [DataRow("public static partial class G<T> where T : unmanaged { [Coroutine] public static IEnumerator<Yield> Run(T value, int n) { T copy = value; yield return Yield.Frames(n); Console.WriteLine(copy); } }")]
    [DataRow("public static partial class H { [Coroutine] private static IEnumerator<Yield> Hidden(int n) { yield return Yield.Frames(n); } [Coroutine] internal static IEnumerator<Yield> Inner(int n) { yield return Yield.Frames(n); } [Coroutine] public static IEnumerator<Yield> Outer(int n) { var h = RentHidden(n); yield return Yield.From(h); } }")]
    public void GeneratesCompilingCodeWithNoDiagnostic(string body)
    {
        string source = "using System; using System.Collections.Generic; using Engine;\n" + body;
        var run = GeneratorHarness.Run(source);
        string diagnostics = string.Join("\n", run.Diagnostics) + "\n" + string.Join("\n", run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.AreEqual("", diagnostics.Trim(), diagnostics + string.Join("\n", GeneratorHarness.GeneratedSources(run.Driver)));
    }
}
