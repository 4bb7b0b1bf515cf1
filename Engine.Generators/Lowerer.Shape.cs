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
// fingerprint of what a snapshot holds and where it can resume, not of the code. It lists the parameters, the fields
// with their types (nullable annotations left out: they do not change what is stored) and the yields where each field is
// live ("field _i int live 2-5 8"), and each yield (a resume point, numbered in source order) with its expression,
// written from its tokens (no comments or layout, a local or lambda parameter that is not a field written as '$', so
// renaming it changes nothing), and how many finally blocks (try/finally, using, foreach over a disposable enumerator)
// are open around it. Each field is written once with its live yields as ranges, so the text grows with fields plus
// yields (an earlier form listed the fields in scope on every yield's line, fields times yields: 13.7 MB for 2,000
// locals and 1,000 yields); the engine reads both forms and compares what they mean. Editing code between yields,
// comments, layout and renaming locals that are not fields leave the shape as it was; adding, dropping or retyping a
// field, or adding, dropping, moving or editing a yield changes it, and the restore names the change.
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

        // Sites first (their lines come last): each field's line names the sites where it is live.
        List<YieldStatementSyntax> yields = DescendantsInBody(_syntax.Body!).OfType<YieldStatementSyntax>().Where(y => y.IsKind(SyntaxKind.YieldReturnStatement)).ToList();
        var sites = new List<string>(yields.Count);
        for (int id = 1; id <= yields.Count; id++)
        {
            int depth = 0;
            for (int region = id <= Sites.Count ? Sites[id - 1].Region : 0; region != 0; region = _regionParents[region])
            {
                depth++;
            }

            sites.Add("site " + id.ToString(CultureInfo.InvariantCulture) + " " + YieldText(yields[id - 1].Expression!) + " | finally " + depth.ToString(CultureInfo.InvariantCulture));
        }

        foreach (FieldModel f in Fields)
        {
            string type = locals.TryGetValue(f.Field, out ILocalSymbol? local) ? ShapeType(local.Type, f.Type)
                : _temps.TryGetValue(f.Field, out (SyntaxNode Owner, ITypeSymbol Type) temp) ? ShapeType(temp.Type, f.Type)
                : f.Type;
            (TextSpan scope, int after) = Liveness(f.Field, locals);
            lines.Add("field " + f.Field + " " + type + (f.Boxed ? " boxed" : "") + " live " + LiveSites(yields, scope, after));
        }

        lines.AddRange(sites);
        return string.Join("\n", lines);
    }

    // A type as the shape writes it: in full, without nullable reference annotations; a type the user's compilation
    // cannot bind (a generated machine's) as the field declares it.
    private string ShapeType(ITypeSymbol type, string declared) => HasErrorType(type) ? declared : Symbols.Full(type);

    // Where a field holds a live value when the machine is suspended at a yield: a hidden temporary at yields inside its
    // statement, a local at yields inside its scope after its declaration (one declared later in a loop body is a new
    // variable), any other field everywhere. A yield at span y is in the frame when Scope contains y and After < y's start.
    private (TextSpan Scope, int After) Liveness(string field, Dictionary<string, ILocalSymbol> locals)
    {
        if (_temps.TryGetValue(field, out (SyntaxNode Owner, ITypeSymbol Type) temp))
        {
            return (temp.Owner.Span, -1);
        }

        if (!locals.TryGetValue(field, out ILocalSymbol? local) || local.DeclaringSyntaxReferences.Length == 0)
        {
            return (_syntax.FullSpan, -1);
        }

        SyntaxNode declaration = local.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken);
        SyntaxNode? scope = declaration is CommonForEachStatementSyntax ? declaration : declaration.Ancestors().FirstOrDefault(IsScope);
        return scope is null ? (default, int.MaxValue) : (scope.Span, declaration.SpanStart);
    }

    // The sites where a field is live, written as ranges of yield numbers ("3-7", "5", "-" for none). Yield statements
    // never nest, so in source order their starts and ends both ascend: the yields inside the scope and after the
    // declaration are one run, found by two binary searches (time linear in fields plus yields, not their product).
    private static string LiveSites(List<YieldStatementSyntax> yields, TextSpan scope, int after)
    {
        int first = FirstIndex(yields, y => y.SpanStart > after && y.SpanStart >= scope.Start);
        int end = FirstIndex(yields, y => y.Span.End > scope.End);
        if (first >= end)
        {
            return "-";
        }

        string from = (first + 1).ToString(CultureInfo.InvariantCulture);
        return first + 1 == end ? from : from + "-" + end.ToString(CultureInfo.InvariantCulture);
    }

    // The first index whose yield satisfies a condition that, once true, stays true for every later yield (Count if none).
    private static int FirstIndex(List<YieldStatementSyntax> yields, System.Func<YieldStatementSyntax, bool> from)
    {
        int low = 0;
        int high = yields.Count;
        while (low < high)
        {
            int middle = (low + high) / 2;
            if (from(yields[middle]))
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
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
            IdentifierNameSyntax name => SymbolOf(name),
            ParameterSyntax or SingleVariableDesignationSyntax or VariableDeclaratorSyntax => _model.GetDeclaredSymbol(token.Parent, _cancellationToken),
            _ => null,
        };
        return symbol is ILocalSymbol or IParameterSymbol && !_fieldOf.ContainsKey(symbol);
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$' || c == '@';
}
