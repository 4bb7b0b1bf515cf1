using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Engine.Generators;

// Pipeline models: records of strings, numbers and EquatableArrays only (never symbols or syntax), so the
// incremental generator can compare two runs' models by value and skip emitting when nothing changed.

/// <summary>Everything the emitter needs to write one machine. <paramref name="ExternAliases"/> are the <c>extern alias</c>
/// directives the names in the machine need, <paramref name="Usings"/> the compilation unit's imports, and each of
/// <paramref name="Namespaces"/> is a namespace declaration's line followed by its imports (one per line).
/// <paramref name="SourcePath"/> is the file's path as the compiler sees it (PathMap applied when
/// <paramref name="SourcePathMapped"/>); <paramref name="SitePath"/> is what the sites carry (see <see cref="SitePaths"/>).
/// <paramref name="MethodIsOverloaded"/>: the containing type has other members of the method's name, so the generated
/// documentation names it as code, not as a cref (an ambiguous cref is warning CS0419, an error in many builds).</summary>
internal sealed record MachineModel(
    string HintName,
    EquatableArray<string> Namespaces,
    EquatableArray<string> ContainingTypes,
    EquatableArray<string> ExternAliases,
    EquatableArray<string> Usings,
    string MethodName,
    bool MethodIsOverloaded,
    string TypeParameters,
    string Constraints,
    string FullName,
    string Accessibility,
    bool IsStatic,
    bool ThisIsStruct,
    string ThisType,
    string SourcePath,
    bool SourcePathMapped,
    string SitePath,
    bool Poolable,
    string Shape,
    MachineNames Names,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<FieldModel> Fields,
    EquatableArray<SiteModel> Sites,
    EquatableArray<RegionModel> Regions,
    EquatableArray<string> Body,
    EquatableArray<string> LocalFunctions,
    EquatableArray<string> Constants,
    EquatableArray<CachedFieldModel> CachedFields,
    string CachedResult);

/// <summary>
/// The names of the machine's members, parameters and locals, claimed from the method's <see cref="NameTable"/> so no
/// user identifier can collide with them. The emitter writes these and nothing it makes up itself.
/// </summary>
internal sealed record MachineNames(
    string State,
    string Region,
    string This,
    string ArgThis,
    string Rented,
    string Pool,
    string Sites,
    string SiteRegions,
    string RegionParents,
    string CoroutineName,
    string ShapeText,
    string Self,
    string MachineLocal,
    string Initialize,
    string ClearLocals,
    string UnwindFrom,
    string RegionLocal,
    string ParentLocal,
    string Completed,
    string Result,
    string StepCore,
    string Fields,
    string StateParameter,
    string Reissue,
    string Finish,
    string Value,
    string Bind);

/// <summary>A parameter: hoisted to a working field, with its initial argument kept for Reset. <paramref name="Modifiers"/>
/// (caller-info attributes, <c>params</c>) and <paramref name="Default"/> (<c> = value</c>) let the generated factories be
/// called exactly like the coroutine.</summary>
internal sealed record ParameterModel(string Type, string Name, string Field, string ArgField, string Modifiers = "", string Default = "");

/// <summary>A hoisted local or a hidden temporary (loop source, index, enumerator, using resource). A boxed field holds a
/// per-iteration local captured by a lambda in a StrongBox, so each iteration's lambdas keep their own variable.</summary>
internal sealed record FieldModel(string Type, string Field, string Source, bool Boxed = false);

/// <summary>A field Step works on through a local copy (<paramref name="Local"/>), loaded where the step enters its body and
/// stored back at each yield (Lowerer.Caching.cs); the model's <c>CachedResult</c> names the local that holds the yield's
/// instruction meanwhile.</summary>
internal sealed record CachedFieldModel(string Type, string Field, string Local);

/// <summary>A <c>yield return</c>: its state number (1-based site id), resume label, source line, the try/finally region
/// it sits in, and its lowered expression when the machine can recompute it while suspended there (null otherwise).</summary>
internal sealed record SiteModel(int Id, string Label, int Line, int Region, string? Recompute);

/// <summary>A try/finally or using region that contains a yield: its finally method, parent region and finally body lines.</summary>
internal sealed record RegionModel(int Id, string Method, int Parent, EquatableArray<string> Finally);

/// <summary>A diagnostic with its descriptor and its location flattened to equatable values.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, string Path, TextSpan Span, LinePositionSpan LineSpan, EquatableArray<string> Args)
{
    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location.Create(Path, Span, LineSpan), System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Cast<object>(Args)));
}

/// <summary>The result of parsing one [Coroutine] method: a model (null when it cannot be lowered) and diagnostics.</summary>
internal sealed record ParseResult(MachineModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
