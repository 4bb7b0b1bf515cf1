using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

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

    /// <summary>The framework and Engine, as every compilation here references them.</summary>
    public static IReadOnlyList<MetadataReference> References => s_references;

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

    /// <summary>A driver that sees <paramref name="buildProperties"/> as the build's global analyzer config
    /// (<c>build_property.ProjectDir</c> and the like), as MSBuild passes them.</summary>
    public static GeneratorDriver CreateDriver(LanguageVersion version, params (string Key, string Value)[] buildProperties) =>
        CSharpGeneratorDriver.Create(
            new[] { new CoroutineGenerator().AsSourceGenerator() },
            parseOptions: new CSharpParseOptions(version),
            optionsProvider: new GlobalOptionsProvider(buildProperties.ToDictionary(p => p.Key, p => p.Value)),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>A compilation of one file at <paramref name="path"/> with extra references (an aliased library).</summary>
    public static CSharpCompilation Compile(string source, string path, LanguageVersion version, NullableContextOptions nullable, params MetadataReference[] extra) =>
        CSharpCompilation.Create(
            "Sample",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(version), path) },
            s_references.Concat(extra),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: nullable));

    public static (GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(string source, LanguageVersion version = LanguageVersion.Latest, NullableContextOptions nullable = NullableContextOptions.Enable)
    {
        GeneratorDriver driver = CreateDriver(version).RunGeneratorsAndUpdateCompilation(Compile(source, version, nullable: nullable), out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return (driver, output, diagnostics);
    }

    /// <summary>Runs the generator on a compilation and returns the updated compilation and every diagnostic.</summary>
    public static (GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(Compilation compilation, LanguageVersion version)
    {
        GeneratorDriver driver = CreateDriver(version).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return (driver, output, diagnostics);
    }

    public static string[] GeneratedSources(GeneratorDriver driver) =>
        driver.GetRunResult().GeneratedTrees.Select(t => t.GetText().ToString()).ToArray();
}

/// <summary>The build's global analyzer config as a generator sees it (what MSBuild writes into the generated
/// <c>.editorconfig</c>), with no per-file options.</summary>
internal sealed class GlobalOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly Options _global;

    public GlobalOptionsProvider(Dictionary<string, string> values) => _global = new Options(values);

    public override AnalyzerConfigOptions GlobalOptions => _global;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

    private sealed class Options : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());

        private readonly Dictionary<string, string> _values;

        public Options(Dictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
    }
}
