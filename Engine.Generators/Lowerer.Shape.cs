using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Engine.Generators;

// The machine's shape, saved with every snapshot and compared on restore (Engine/Machines/MachineShape.cs): a
// fingerprint of what a snapshot holds and where it can resume, not of the code. It lists the parameters and fields
// with their types (nullable annotations left out: they do not change what is stored), and each yield (a resume point,
// numbered in source order) with its expression, written from its tokens (no comments or layout, a local or lambda
// parameter that is not a field written as '$', so renaming it changes nothing), the fields in scope there, and how
// many finally blocks (try/finally, using, foreach over a disposable enumerator) are open around it. Editing code
// between yields, comments, layout and renaming locals that are not fields leave the shape as it was; adding, dropping
// or retyping a field, or adding, dropping, moving or editing a yield changes it, and the restore names the change.
internal sealed partial class Lowerer
{
    // Hidden temporaries (foreach sources, indexes and enumerators, using resources): the statement each lives in and its type.
    private readonly Dictionary<string, (SyntaxNode Owner, ITypeSymbol Type)> _temps = new(System.StringComparer.Ordinal);

    /// <summary>The machine's shape for snapshots: one line per parameter, field and yield (see the file's comment).</summary>
    public string Shape()
    {
        var lines = new List<string>();
        foreach (IParameterSymbol parameter in _method.Parameters)
        {
            lines.Add("param " + parameter.Name + " " + ShapeType(parameter.Type, TypeName(parameter.Type)));
        }

        var locals = new Dictionary<string, ILocalSymbol>(System.StringComparer.Ordinal);
        foreach (KeyValuePair<ISymbol, string> pair in _fieldOf)
        {
            if (pair.Key is ILocalSymbol local)
            {
                locals[pair.Value] = local;
            }
        }

        foreach (FieldModel f in Fields)
        {
            string type = locals.TryGetValue(f.Field, out ILocalSymbol? local) ? ShapeType(local.Type, f.Type)
                : _temps.TryGetValue(f.Field, out (SyntaxNode Owner, ITypeSymbol Type) temp) ? ShapeType(temp.Type, f.Type)
                : f.Type;
            lines.Add("field " + f.Field + " " + type + (f.Boxed ? " boxed" : ""));
        }

        // Where each field is live, found once per field (not once per field and yield: a method with thousands of
        // both would take quadratic time walking ancestors).
        List<(string Field, TextSpan Scope, int After)> live = Fields.Select(f => Liveness(f.Field, locals)).ToList();
        int id = 0;
        foreach (YieldStatementSyntax y in DescendantsInBody(_syntax.Body!).OfType<YieldStatementSyntax>().Where(y => y.IsKind(SyntaxKind.YieldReturnStatement)))
        {
            id++;
            List<string> frame = live.Where(l => l.Scope.Contains(y.Span) && l.After < y.SpanStart).Select(l => l.Field).ToList();
            frame.Sort(System.StringComparer.Ordinal);
            int depth = 0;
            for (int region = id <= Sites.Count ? Sites[id - 1].Region : 0; region != 0; region = _regionParents[region])
            {
                depth++;
            }

            lines.Add("site " + id.ToString(CultureInfo.InvariantCulture) + " " + YieldText(y.Expression!) +
                " | fields " + (frame.Count == 0 ? "-" : string.Join(" ", frame)) + " | finally " + depth.ToString(CultureInfo.InvariantCulture));
        }

        return string.Join("\n", lines);
    }

    // A type as the shape writes it: in full, without nullable reference annotations; a type the user's compilation
    // cannot bind (a generated machine's) as the field declares it.
    private string ShapeType(ITypeSymbol type, string declared) => HasErrorType(type) ? declared : Symbols.Full(type);

    // Where a field holds a live value when the machine is suspended at a yield: a hidden temporary at yields inside its
    // statement, a local at yields inside its scope after its declaration (one declared later in a loop body is a new
    // variable), any other field everywhere. A yield at span y is in the frame when Scope contains y and After < y's start.
    private (string Field, TextSpan Scope, int After) Liveness(string field, Dictionary<string, ILocalSymbol> locals)
    {
        if (_temps.TryGetValue(field, out (SyntaxNode Owner, ITypeSymbol Type) temp))
        {
            return (field, temp.Owner.Span, -1);
        }

        if (!locals.TryGetValue(field, out ILocalSymbol? local) || local.DeclaringSyntaxReferences.Length == 0)
        {
            return (field, _syntax.FullSpan, -1);
        }

        SyntaxNode declaration = local.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken);
        SyntaxNode? scope = declaration is CommonForEachStatementSyntax ? declaration : declaration.Ancestors().FirstOrDefault(IsScope);
        return scope is null ? (field, default, int.MaxValue) : (field, scope.Span, declaration.SpanStart);
    }

    private static bool IsScope(SyntaxNode node) =>
        node is BlockSyntax or SwitchStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax or UsingStatementSyntax or WhileStatementSyntax or CatchClauseSyntax;

    // The expression from its tokens: a space only between two word tokens, locals and lambda parameters that are not
    // fields written as '$'.
    private string YieldText(ExpressionSyntax expression)
    {
        var text = new StringBuilder();
        foreach (SyntaxToken token in expression.DescendantTokens())
        {
            string piece = token.Text;
            if (token.IsKind(SyntaxKind.IdentifierToken) && IsUnsavedLocal(token))
            {
                piece = "$";
            }

            if (text.Length > 0 && piece.Length > 0 && IsWordChar(text[text.Length - 1]) && IsWordChar(piece[0]))
            {
                text.Append(' ');
            }

            text.Append(piece);
        }

        return text.ToString();
    }

    private bool IsUnsavedLocal(SyntaxToken token)
    {
        ISymbol? symbol = token.Parent switch
        {
            IdentifierNameSyntax name => SymbolInfoOf(name).Symbol,
            ParameterSyntax or SingleVariableDesignationSyntax or VariableDeclaratorSyntax => _model.GetDeclaredSymbol(token.Parent, _cancellationToken),
            _ => null,
        };
        return symbol is ILocalSymbol or IParameterSymbol && !_fieldOf.ContainsKey(symbol);
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$' || c == '@';
}
