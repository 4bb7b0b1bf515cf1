using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engine.Generators;

/// <summary>
/// Lowers every <c>[Engine.Coroutine]</c> iterator method into a readable, poolable, inspectable, snapshot-able state
/// machine nested beside it.
/// </summary>
/// <remarks>
/// <para>
/// Design: one syntax pipeline over method declarations that carry attributes. The transform first finds, from the
/// compiler's own binding, whether one of them is <c>Engine.CoroutineAttribute</c> (by name or through any using
/// alias), then does all semantic work (validation and lowering) and returns a <see cref="ParseResult"/> of strings
/// and arrays only, so an edit elsewhere in the compilation yields an equal model and the output step is skipped
/// (cached). The output step only formats text.
/// </para>
/// <para>
/// Not ForAttributeWithMetadataName: in Microsoft.CodeAnalysis 4.3 (what Unity 6 loads) its syntax scan finds only
/// the first attribute of each file written through a using alias (<c>using Co = Engine.CoroutineAttribute;</c>):
/// the alias name it pushes on its "seen names" stack while following the alias is not popped when the alias
/// matches, so every later <c>[Co]</c> of the file looks like an alias cycle and is skipped. The methods it misses
/// would silently get no machine.
/// </para>
/// <para>
/// Site paths come from the analyzer config (the project directory), combined after the parse step, so the parsed
/// model stays the same on every machine and the emitted text never holds an absolute path (see <see cref="SitePaths"/>).
/// </para>
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class CoroutineGenerator : IIncrementalGenerator
{
    /// <summary>The tracking name of the parse step, for incrementality tests.</summary>
    public const string ParseStep = "CoroutineParse";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> parsed = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is MethodDeclarationSyntax { AttributeLists.Count: > 0 },
                static (ctx, ct) => CoroutineParser.ParseIfCoroutine((MethodDeclarationSyntax)ctx.Node, ctx.SemanticModel, ct))
            .Where(static result => result is not null)
            .Select(static (result, _) => result!)
            .WithTrackingName(ParseStep);

        IncrementalValueProvider<string?> projectDirectory = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => SitePaths.ProjectDirectory(options.GlobalOptions));

        IncrementalValuesProvider<ParseResult> results = parsed
            .Combine(projectDirectory)
            .Select(static (pair, _) => SitePaths.Apply(pair.Left, pair.Right));

        context.RegisterSourceOutput(results, static (spc, result) =>
        {
            foreach (DiagnosticInfo info in result.Diagnostics)
            {
                spc.ReportDiagnostic(info.ToDiagnostic());
            }

            if (result.Model is not null)
            {
                spc.AddSource(result.Model.HintName, MachineEmitter.Emit(result.Model));
            }
        });
    }
}
