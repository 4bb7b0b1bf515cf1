using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Engine.Generators.Tests;

/// <summary>Drives <see cref="CoroutineGenerator"/> in-process on a source string, with incremental step tracking on.</summary>
internal static class GeneratorHarness
{
    private static readonly MetadataReference[] s_references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Where(p => !Path.GetFileName(p).Equals("Engine.dll", StringComparison.OrdinalIgnoreCase))
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .Append(MetadataReference.CreateFromFile(typeof(Yield).Assembly.Location))
        .ToArray();

    public static CSharpCompilation Compile(string source, LanguageVersion version = LanguageVersion.Latest, string path = "/src/Sample.cs", NullableContextOptions nullable = NullableContextOptions.Enable) =>
        CSharpCompilation.Create(
            "Sample",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(version), path) },
            s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: nullable));

    /// <summary>A compilation of several files (partial classes across files, global usings in another file).</summary>
    public static CSharpCompilation Compile(string[] sources, LanguageVersion version, NullableContextOptions nullable) =>
        CSharpCompilation.Create(
            "Sample",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(version), "/src/File" + i + ".cs")),
            s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: nullable));

    public static (GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(string[] sources, LanguageVersion version, NullableContextOptions nullable)
    {
        GeneratorDriver driver = CreateDriver(version).RunGeneratorsAndUpdateCompilation(Compile(sources, version, nullable), out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return (driver, output, diagnostics);
    }

    public static GeneratorDriver CreateDriver(LanguageVersion version = LanguageVersion.Latest) =>
        CSharpGeneratorDriver.Create(
            new[] { new CoroutineGenerator().AsSourceGenerator() },
            parseOptions: new CSharpParseOptions(version),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static (GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(string source, LanguageVersion version = LanguageVersion.Latest, NullableContextOptions nullable = NullableContextOptions.Enable)
    {
        GeneratorDriver driver = CreateDriver(version).RunGeneratorsAndUpdateCompilation(Compile(source, version, nullable: nullable), out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return (driver, output, diagnostics);
    }

    public static string[] GeneratedSources(GeneratorDriver driver) =>
        driver.GetRunResult().GeneratedTrees.Select(t => t.GetText().ToString()).ToArray();
}
