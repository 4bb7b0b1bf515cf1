using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engine.Generators;

/// <summary>
/// Lowers every <c>[Engine.Coroutine]</c> iterator method into a readable, poolable, inspectable, snapshot-able state
/// machine nested beside it.
/// </summary>
/// <remarks>
/// Design: one ForAttributeWithMetadataName pipeline. The transform does all semantic work (validation and lowering)
/// and returns a <see cref="ParseResult"/> of strings and arrays only, so an edit elsewhere in the compilation yields
/// an equal model and the output step is skipped (cached). The output step only formats text.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class CoroutineGenerator : IIncrementalGenerator
{
    /// <summary>The tracking name of the parse step, for incrementality tests.</summary>
    public const string ParseStep = "CoroutineParse";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                "Engine.CoroutineAttribute",
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => CoroutineParser.Parse(ctx, ct))
            .WithTrackingName(ParseStep);

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
