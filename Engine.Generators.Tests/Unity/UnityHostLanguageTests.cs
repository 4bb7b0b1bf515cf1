using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Generators.Tests.Unity;

// Unity 6 compiles the Unity package's scripts (unity/Runtime) as C# 9. Engine.Tests runs them against a stand-in of the
// UnityEngine types with the latest language version; this test compiles them as C# 9 against the same stand-in, so a
// newer construct (a file-scoped namespace, a record struct) fails here instead of in a user's Unity project.
[TestClass]
public sealed class UnityHostLanguageTests
{
    [TestMethod]
    public void The_Unity_host_scripts_compile_as_CSharp_9()
    {
        string root = RepoRoot();
        MetadataReference[] framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).Equals("Engine.dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();

        CSharpCompilation standIn = CSharpCompilation.Create(
            "UnityEngine",
            new[] { Parse(Path.Combine(root, "Engine.Tests", "Unity", "UnityEngineStandIn.cs"), LanguageVersion.Latest) },
            framework,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        Assert.IsTrue(standIn.Emit(image).Success, "the stand-in compiles");

        string[] scripts = Directory.GetFiles(Path.Combine(root, "unity", "Runtime"), "*.cs");
        Assert.IsGreaterThanOrEqualTo(2, scripts.Length);
        CSharpCompilation host = CSharpCompilation.Create(
            "Engine.Unity",
            scripts.Select(s => Parse(s, LanguageVersion.CSharp9)),
            framework.Append(MetadataReference.CreateFromFile(typeof(Yield).Assembly.Location))
                .Append(MetadataReference.CreateFromImage(image.ToArray())),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Diagnostic[] errors = host.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.AreEqual(0, errors.Length, string.Join("\n", errors.Select(e => e.ToString())));
    }

    private static SyntaxTree Parse(string path, LanguageVersion version) =>
        CSharpSyntaxTree.ParseText(File.ReadAllText(path), new CSharpParseOptions(version), path);

    private static string RepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Engine.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Engine.sln not found above " + AppContext.BaseDirectory);
    }
}
