using Microsoft.CodeAnalysis;

namespace Engine.Generators;

/// <summary>Every diagnostic the generator reports. IDs are listed in AnalyzerReleases.*.md; messages say what to change.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Engine.Coroutines";

    public static readonly DiagnosticDescriptor NotPartial = new(
        "COR0001", "Containing type must be partial",
        "[Coroutine] method '{0}' is declared in '{1}', which is not partial; add the 'partial' modifier to '{1}' (and to every type that contains it) so the generated machine can be nested beside the method",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor BadSignature = new(
        "COR0002", "Unsupported coroutine signature",
        "[Coroutine] method '{0}' cannot be lowered: {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor LockAroundYield = new(
        "COR0003", "lock around a yield",
        "A 'yield return' inside a 'lock' would hold the monitor while the coroutine is suspended (and release it on another thread); move the yield out of the lock, or take the lock only around the code between yields",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedStatement = new(
        "COR0004", "Statement cannot be lowered",
        "A '{0}' that contains a 'yield return' cannot be lowered: {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor CannotHoist = new(
        "COR0005", "Local cannot live across a yield",
        "Local '{0}' lives across a 'yield return', so it must become a field of the generated machine, but {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor LoopCapture = new(
        "COR0006", "Per-iteration variable captured where a fresh copy cannot be made",
        "{1} captures '{0}', which is declared in a scope that is entered more than once (a loop that contains a yield, or a block a goto leads back into), so each entry needs its own '{0}', and the generated machine cannot give {2} one: {3}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsafeCode = new(
        "COR0007", "Unsafe code in a coroutine",
        "Unsafe code cannot be lowered into a coroutine machine; move it into a separate (non-iterator) method and call that",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor BaseAccess = new(
        "COR0008", "base access in a coroutine",
        "'base.{0}' cannot be called from the generated machine (it is a separate class); add a helper method in '{1}' that calls base.{0} and call it instead",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateName = new(
        "COR0009", "Coroutine name used twice",
        "Another [Coroutine] method named '{0}' exists in '{1}'; the generated '{0}Machine' would collide. Give overloads different names.",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GeneratedNameTaken = new(
        "COR0011", "A generated name is already declared",
        "[Coroutine] method '{0}' gets a generated {1} named '{2}', but {3}; rename that or the coroutine",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NotPooled = new(
        "COR0010", "Machine is not pooled: a closure captures its state",
        "{0} in coroutine '{1}' captures the machine's state ('{2}'), and the delegate may outlive the run; Rent{1} therefore creates a new machine each time and Dispose does not return it to the pool, so the closure never sees another run's values. To keep pooling, capture only variables declared in a block that contains no yield (they stay ordinary locals).",
        Category, DiagnosticSeverity.Info, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TooDeep = new(
        "COR0012", "Coroutine nested too deeply to lower",
        "[Coroutine] method '{0}' nests statements or expressions too deeply to be lowered: lowering it needs more than the {1} MB of stack the generator gives one method; move the deepest part into a separate method (no machine is generated, the method still compiles as the compiler's iterator)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
