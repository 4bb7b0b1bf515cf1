using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Engine.Generators;

// Step-local copies of hoisted fields. A loop counter or accumulator that lives across a yield is a field, and the JIT
// compiles `_acc += _i` on fields into instructions that read memory the previous step wrote (`add reg, [acc]`,
// `inc [i]`); on the machine measured (AMD EPYC, Zen 4) that sat on the step's critical path and made a generated step
// cost as much as the compiler's iterator (Engine.Bench/README.md, "gen", session 31). So Step loads such fields into
// locals where it enters the body (its start and each resume label, after the state switch) and works on the locals;
// each yield stores its instruction in a local and jumps to one block that writes the copies back and returns it (one
// block: code grows with fields plus yields, not their product). The fields are exact whenever the machine is
// suspended, which is when anything else reads them (PendingAt, Site, snapshots, Dispose, Reset); while the step runs,
// and after the coroutine finished or threw, they may be stale.
//
// A field is copied only when Step assigns it (a field it only reads is never on such a chain, and each copy costs the
// step a register, a load and a store) and nothing but Step's own top-level code names it: its type is a built-in value
// type (no method can change it in place), it is not boxed, and no lambda, anonymous method, query, local function or
// finally block names it (finally blocks are methods of their own, run also when an exception unwinds the step). Of
// those, only the few most used are copied, since every step pays for every copy (MaxCopies).
internal sealed partial class Lowerer
{
    private static readonly HashSet<string> s_registerTypes = new(System.StringComparer.Ordinal)
    {
        "bool", "byte", "sbyte", "short", "ushort", "int", "uint", "long", "ulong", "char", "float", "double",
    };

    // How many fields a step copies at most (see CacheFields).
    private const int MaxCopies = 4;

    // The index in Lines of each yield's `return Suspend(...)`, where written-back copies are stored.
    private readonly List<int> _suspendLines = new();

    /// <summary>The fields Step works on through local copies (see the file's opening comment).</summary>
    public List<CachedFieldModel> CachedFields { get; } = new();

    /// <summary>The local that holds a yield's instruction while the copies are stored back, or "" when Step copies no
    /// field.</summary>
    public string CachedResult { get; private set; } = "";

    private void CacheFields()
    {
        var candidates = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (ParameterModel parameter in Parameters)
        {
            if (s_registerTypes.Contains(parameter.Type))
            {
                candidates[parameter.Field] = parameter.Type;
            }
        }

        foreach (FieldModel field in Fields)
        {
            if (!field.Boxed && s_registerTypes.Contains(field.Type))
            {
                candidates[field.Field] = field.Type;
            }
        }

        if (candidates.Count == 0 || _suspendLines.Count == 0)
        {
            return;
        }

        // Names used by code outside Step's top level: a finally block and a local function are methods of their own.
        foreach (string outside in Regions.SelectMany(r => r.Finally).Concat(LocalFunctions))
        {
            foreach (string name in candidates.Keys.Where(k => outside.Contains(k)).ToList())
            {
                candidates.Remove(name);
            }
        }

        if (candidates.Count == 0)
        {
            return;
        }

        var text = new StringBuilder("{\n");
        var lineStarts = new int[Lines.Count];
        for (int i = 0; i < Lines.Count; i++)
        {
            lineStarts[i] = text.Length;
            text.Append(Lines[i]).Append('\n');
        }

        text.Append('}');
        string body = text.ToString();
        StatementSyntax block;
        try
        {
            block = SyntaxFactory.ParseStatement(body, options: (CSharpParseOptions)_syntax.SyntaxTree.Options);
        }
        catch (System.InsufficientExecutionStackException)
        {
            return;
        }

        // A body the parser cannot read back exactly (too deep for it) keeps its fields.
        if (block.FullSpan.Length != body.Length || block.ContainsDiagnostics)
        {
            return;
        }

        var uses = new Dictionary<string, List<TextSpan>>(System.StringComparer.Ordinal);
        var written = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (SyntaxToken token in block.DescendantTokens())
        {
            if (!token.IsKind(SyntaxKind.IdentifierToken) || !candidates.ContainsKey(token.ValueText))
            {
                continue;
            }

            string name = token.ValueText;
            if (token.Parent is not IdentifierNameSyntax use || !IsSimpleName(use) || InClosure(use))
            {
                candidates.Remove(name);
                continue;
            }

            if (IsWritten(use))
            {
                written.Add(name);
            }

            if (!uses.TryGetValue(name, out List<TextSpan>? spans))
            {
                uses[name] = spans = new List<TextSpan>();
            }

            spans.Add(token.Span);
        }

        // Every step loads and stores every copy, also those its code does not touch: a machine with 18 such fields
        // stepped 2.7 times slower than with plain fields. So only the few most used are copied (a loop's counter and
        // accumulator are named several times).
        var locals = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (KeyValuePair<string, List<TextSpan>> use in uses.Where(u => candidates.ContainsKey(u.Key) && written.Contains(u.Key))
            .OrderByDescending(u => u.Value.Count).ThenBy(u => u.Key, System.StringComparer.Ordinal).Take(MaxCopies)
            .OrderBy(u => u.Key, System.StringComparer.Ordinal))
        {
            if (candidates.TryGetValue(use.Key, out string? type))
            {
                string local = _names.Claim(use.Key.TrimStart('_') + "Value");
                locals[use.Key] = local;
                CachedFields.Add(new CachedFieldModel(type, use.Key, local));
            }
        }

        if (locals.Count == 0)
        {
            return;
        }

        // Rename each use, line by line (a token never spans two lines of Lines: each line is whole statements).
        var edits = uses.Where(u => locals.ContainsKey(u.Key))
            .SelectMany(u => u.Value.Select(span => (Span: span, Local: locals[u.Key])))
            .OrderByDescending(e => e.Span.Start)
            .ToList();
        int line = Lines.Count - 1;
        var current = new StringBuilder(Lines[line]);
        foreach ((TextSpan span, string local) in edits)
        {
            while (span.Start < lineStarts[line])
            {
                Lines[line] = current.ToString();
                line--;
                current = new StringBuilder(Lines[line]);
            }

            current.Remove(span.Start - lineStarts[line], span.Length).Insert(span.Start - lineStarts[line], local);
        }

        Lines[line] = current.ToString();

        // At each yield: evaluate the instruction (it may assign a copy), then jump to one block that stores the copies
        // and suspends, so the code grows with fields plus yields, not their product.
        CachedResult = _names.Claim("instruction");
        string store = _names.Claim("suspend");
        foreach (int index in _suspendLines)
        {
            Lines[index] = CachedResult + " = " + Lines[index].Substring("return ".Length) + "\ngoto " + store + ";";
        }

        Lines.Add(store + ":");
        foreach (CachedFieldModel cached in CachedFields)
        {
            Lines.Add(cached.Field + " = " + cached.Local + ";");
        }

        Lines.Add("return " + CachedResult + ";");

        // The copies are loaded where the step enters the body: at its start and after each resume label (the state
        // switch's restore and end paths need none).
        string loads = string.Join("\n", CachedFields.Select(c => c.Local + " = " + c.Field + ";"));
        var resumeLabels = new HashSet<string>(Sites.Select(site => site.Label + ":"), System.StringComparer.Ordinal);
        var entered = new List<string>(Lines.Count + Sites.Count + 1) { loads };
        foreach (string statement in Lines)
        {
            entered.Add(statement);
            if (resumeLabels.Contains(statement))
            {
                entered.Add(loads);
            }
        }

        Lines.Clear();
        Lines.AddRange(entered);
    }

    // The field itself, not a member of something else that happens to share its name (a generated name is unlike
    // every identifier of the method, but a member name written in full need not appear in the method).
    private static bool IsSimpleName(IdentifierNameSyntax use) => use.Parent switch
    {
        MemberAccessExpressionSyntax access => access.Expression == use,
        QualifiedNameSyntax or AliasQualifiedNameSyntax or MemberBindingExpressionSyntax or NameColonSyntax or NameEqualsSyntax => false,
        _ => true,
    };

    // Inside a lambda, an anonymous method, a local function or a query clause (which the compiler makes lambdas).
    private static bool InClosure(SyntaxNode node)
    {
        for (SyntaxNode? n = node.Parent; n is not null; n = n.Parent)
        {
            if (n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or QueryExpressionSyntax)
            {
                return true;
            }
        }

        return false;
    }

    // Whether a use can assign the variable: the target of an assignment (also inside a deconstructed tuple), ++ or --,
    // or an argument passed by ref or out, or a ref taken of it.
    private static bool IsWritten(IdentifierNameSyntax use)
    {
        SyntaxNode node = use;
        while (node.Parent is ParenthesizedExpressionSyntax)
        {
            node = node.Parent;
        }

        return node.Parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left == node,
            PrefixUnaryExpressionSyntax prefix => prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression),
            PostfixUnaryExpressionSyntax => true,
            ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None) || argument.Parent is TupleExpressionSyntax,
            RefExpressionSyntax => true,
            _ => false,
        };
    }
}
