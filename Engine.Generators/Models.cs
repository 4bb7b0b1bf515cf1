using Microsoft.CodeAnalysis.Text;

namespace Engine.Generators;

// Pipeline models: records of strings, numbers and EquatableArrays only (never symbols or syntax), so the
// incremental generator can compare two runs' models by value and skip emitting when nothing changed.

/// <summary>Everything the emitter needs to write one machine.</summary>
internal sealed record MachineModel(
    string HintName,
    string Namespace,
    EquatableArray<string> ContainingTypes,
    EquatableArray<string> Usings,
    string MethodName,
    string TypeParameters,
    string Constraints,
    string FullName,
    string Accessibility,
    bool IsStatic,
    string ThisType,
    string FilePath,
    bool NullableEnabled,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<FieldModel> Fields,
    EquatableArray<SiteModel> Sites,
    EquatableArray<RegionModel> Regions,
    EquatableArray<string> Body,
    EquatableArray<string> LocalFunctions);

/// <summary>A parameter: hoisted to a working field, with its initial argument kept for Reset.</summary>
internal sealed record ParameterModel(string Type, string Name, string Field, string ArgField, bool Savable);

/// <summary>A hoisted local or a hidden temporary (loop source, index, enumerator, using resource). A boxed field holds a
/// per-iteration local captured by a lambda in a StrongBox, so each iteration's lambdas keep their own variable.</summary>
internal sealed record FieldModel(string Type, string Field, string Source, bool Savable, bool Boxed = false);

/// <summary>A <c>yield return</c>: its state number (1-based site id), source line, and the try/finally region it sits in.</summary>
internal sealed record SiteModel(int Id, int Line, int Region);

/// <summary>A try/finally or using region that contains a yield, with its parent region and its finally body lines.</summary>
internal sealed record RegionModel(int Id, int Parent, EquatableArray<string> Finally);

/// <summary>A diagnostic with its location flattened to equatable values.</summary>
internal sealed record DiagnosticInfo(string Id, string Path, TextSpan Span, LinePositionSpan LineSpan, EquatableArray<string> Args);

/// <summary>The result of parsing one [Coroutine] method: a model (null when it cannot be lowered) and diagnostics.</summary>
internal sealed record ParseResult(MachineModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
