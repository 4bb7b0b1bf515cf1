using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engine.Generators;

/// <summary>
/// Writes a node the way <c>NormalizeWhitespace("    ", "\n")</c> does, in time linear in its size however deep it is,
/// so that an expression nested thousands deep (object initialisers inside object initialisers, a long <c>&amp;&amp;</c>
/// chain) is formatted in linear time.
/// </summary>
/// <remarks>
/// <para>
/// Design: Roslyn's normalizer computes, for every token, the declaration depth of the token by walking up to the root,
/// so normalizing a node of depth <c>d</c> costs <c>d</c> per token: quadratic on deep expressions. Here a deep node is
/// cut into pieces no deeper than <see cref="PieceDepth"/>: each cut subexpression is normalized on its own (detached,
/// so the walk stops at its root) and its text is spliced where a placeholder name stood in the piece above it.
/// </para>
/// <para>
/// The spliced text is the normalizer's own, byte for byte, because a subexpression is cut only where the normalizer's
/// decisions at its two edges do not depend on what the subexpression is: it follows an assignment or binary operator
/// (always a space after it, and no line break before anything but a brace, a bracket or a query) or the opening
/// parenthesis of an argument list or a parenthesized expression (never a space after it, and the same line breaks),
/// so a left-deep chain is cut along its left edge too, and is followed by an
/// assignment or binary operator (always a space before it, no line break after anything but a brace that closes a
/// block-like construct) or by the comma or closing brace of an initializer (no space and no line break after a name,
/// a closing parenthesis or an initializer's closing brace); a placeholder name gives the same decisions there. Its
/// formatted text must be one line (indentation inside it would depend on its depth), and nodes with comments,
/// directives or interpolated strings (whose holes the caller reformats) are normalized whole, as before.
/// </para>
/// </remarks>
internal static class DeepFormat
{
    /// <summary>The syntax depth up to which a node is normalized whole.</summary>
    public const int PieceDepth = 48;

    /// <summary>The number of elements up to which an initializer is normalized whole.</summary>
    public const int RunLength = 32;

    private const string Indentation = "    ";
    private const string EndOfLine = "\n";

    // The annotation of a placeholder, with the index of the cut it stands for.
    private const string CutKind = "Engine.Generators.DeepFormat.Cut";

    /// <summary>The normalized text of <paramref name="node"/>, or null when it is shallow or must be normalized whole.</summary>
    public static string? TryFormat(SyntaxNode node)
    {
        List<Cut>? cuts = Cuts(node);
        if (cuts is null)
        {
            return null;
        }

        // Bottom-up: a cut's pieces are formatted before the cut that holds them (cuts are in pre-order).
        var text = new string?[cuts.Count];
        var children = new List<int>[cuts.Count + 1];
        for (int i = 0; i < cuts.Count; i++)
        {
            int parent = cuts[i].Parent < 0 ? cuts.Count : cuts[i].Parent;
            (children[parent] ??= new List<int>()).Add(i);
        }

        for (int i = cuts.Count - 1; i >= 0; i--)
        {
            DeepStack.Guard();
            text[i] = cuts[i].IsRun ? Run(children[i], text) : Piece(cuts[i].Node, children[i], cuts, text);
            if (text[i]!.IndexOf('\n') >= 0)
            {
                return null;
            }
        }

        return Piece(node, children[cuts.Count], cuts, text);
    }

    // The node normalized with each of its cut children as a placeholder, then each placeholder's text replaced.
    private static string Piece(SyntaxNode node, List<int>? cutChildren, List<Cut> cuts, string?[] text)
    {
        if (cutChildren is null)
        {
            // Detached, so the normalizer's walks stop at this node.
            return node.WithAdditionalAnnotations(new SyntaxAnnotation()).NormalizeWhitespace(Indentation, EndOfLine).ToFullString();
        }

        var placeholders = new Dictionary<SyntaxNode, int>();
        var runs = new Dictionary<SyntaxNode, int>();
        foreach (int child in cutChildren)
        {
            (cuts[child].IsRun ? runs : placeholders)[cuts[child].Node] = child;
        }

        SyntaxNode piece = new Placeholders(placeholders, runs).Visit(node)!;
        SyntaxNode normalized = piece.NormalizeWhitespace(Indentation, EndOfLine);
        string full = normalized.ToFullString();
        int offset = normalized.FullSpan.Start;
        var spliced = new StringBuilder(full.Length);
        int at = 0;
        foreach (SyntaxNode placeholder in normalized.GetAnnotatedNodes(CutKind))
        {
            int child = int.Parse(placeholder.GetAnnotations(CutKind).First().Data!, CultureInfo.InvariantCulture);
            spliced.Append(full, at, placeholder.Span.Start - offset - at).Append(text[child]);
            at = placeholder.Span.End - offset;
        }

        return spliced.Append(full, at, full.Length - at).ToString();
    }

    // The elements after the first of a wide initializer, written one after another as the normalizer writes them.
    private static string Run(List<int> elements, string?[] text)
    {
        var run = new StringBuilder();
        foreach (int element in elements)
        {
            run.Append(run.Length == 0 ? "" : ", ").Append(text[element]);
        }

        return run.ToString();
    }

    // The subexpressions to cut, in pre-order with the index of the cut that holds each (-1: the node itself); null when
    // the node is normalized whole.
    private static List<Cut>? Cuts(SyntaxNode node)
    {
        if ((DeepStack.Depth(node) <= PieceDepth && !node.DescendantNodes().Any(n => n is InitializerExpressionSyntax { Expressions.Count: > RunLength })) ||
            node.DescendantTrivia(descendIntoTrivia: true).Any(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia)) ||
            node.DescendantNodes().Any(n => n is InterpolatedStringExpressionSyntax))
        {
            return null;
        }

        var cuts = new List<Cut>();

        // The elements of the runs of wide initializers, with the index of their run.
        var runOf = new Dictionary<SyntaxNode, int>();

        // A node's first and last token, and their neighbours, by full-span position: GetFirstToken and
        // GetPreviousToken walk down and up the tree, as deep as it is.
        var tokens = new List<SyntaxToken>();
        var startsAt = new Dictionary<int, int>();
        var endsAt = new Dictionary<int, int>();
        foreach (SyntaxToken token in node.DescendantTokens())
        {
            if (token.FullSpan.Length > 0)
            {
                startsAt[token.FullSpan.Start] = tokens.Count;
                endsAt[token.FullSpan.End] = tokens.Count;
                tokens.Add(token);
            }
        }

        // Pre-order with the path of (node, depth below the nearest cut, index of that cut).
        var path = new Stack<(SyntaxNode Node, int Depth, int Cut)>();
        path.Push((node, 0, -1));
        foreach (SyntaxNode n in node.DescendantNodes())
        {
            while (path.Peek().Node != n.Parent)
            {
                path.Pop();
            }

            (_, int depth, int cut) = path.Peek();
            if (runOf.TryGetValue(n, out int run))
            {
                cuts.Add(new Cut(n, run, IsRun: false));
                path.Push((n, 0, cuts.Count - 1));
            }
            else if (depth + 1 >= PieceDepth && n is ExpressionSyntax expression &&
                startsAt.TryGetValue(n.FullSpan.Start, out int first) && endsAt.TryGetValue(n.FullSpan.End, out int last) &&
                CanCut(expression, first > 0 ? tokens[first - 1] : default, tokens[first], tokens[last], last < tokens.Count - 1 ? tokens[last + 1] : default))
            {
                cuts.Add(new Cut(expression, cut, IsRun: false));
                path.Push((n, 0, cuts.Count - 1));
            }
            else
            {
                path.Push((n, depth + 1, cut));
            }

            if (n is InitializerExpressionSyntax initializer && CanRun(initializer, startsAt, endsAt, tokens))
            {
                // Held by the cut that holds the initializer; its elements are cut below it.
                cuts.Add(new Cut(initializer, path.Peek().Cut, IsRun: true));
                for (int i = 1; i < initializer.Expressions.Count; i++)
                {
                    runOf[initializer.Expressions[i]] = cuts.Count - 1;
                }
            }
        }

        return cuts.Count == 0 ? null : cuts;
    }

    // Whether the elements after the first of an initializer can be written as a run: the normalizer writes ", " between
    // two of them whatever the next one starts with (one space after a comma, never a line break), and writes nothing
    // between an element and the comma or closing brace after it when the element ends in a name, a literal, a closing
    // parenthesis or bracket or an initializer's closing brace (as after a placeholder name).
    private static bool CanRun(InitializerExpressionSyntax initializer, Dictionary<int, int> startsAt, Dictionary<int, int> endsAt, List<SyntaxToken> tokens)
    {
        SeparatedSyntaxList<ExpressionSyntax> elements = initializer.Expressions;
        if (elements.Count <= RunLength || elements.SeparatorCount != elements.Count - 1)
        {
            return false;
        }

        for (int i = 1; i < elements.Count; i++)
        {
            if (!startsAt.TryGetValue(elements[i].FullSpan.Start, out int first) || !endsAt.TryGetValue(elements[i].FullSpan.End, out int last) ||
                !IsNeutralEnd(tokens[last]) || !tokens[first - 1].IsKind(SyntaxKind.CommaToken))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNeutralEnd(SyntaxToken last) => last.Kind() switch
    {
        SyntaxKind.IdentifierToken or SyntaxKind.NumericLiteralToken or SyntaxKind.StringLiteralToken or SyntaxKind.CharacterLiteralToken or
            SyntaxKind.TrueKeyword or SyntaxKind.FalseKeyword or SyntaxKind.NullKeyword => true,
        SyntaxKind.CloseParenToken => last.Parent is ExpressionSyntax or ArgumentListSyntax,
        SyntaxKind.CloseBracketToken => last.Parent is BracketedArgumentListSyntax,
        SyntaxKind.CloseBraceToken => last.Parent is InitializerExpressionSyntax,
        _ => false,
    };

    private static bool CanCut(ExpressionSyntax expression, SyntaxToken previous, SyntaxToken first, SyntaxToken last, SyntaxToken next)
    {
        if (expression is QueryExpressionSyntax)
        {
            return false;
        }

        // At the start or the end of the node, the normalizer writes nothing before the first token or after the last.
        bool afterOperator = (previous.IsKind(SyntaxKind.None) || IsOperatorOf(previous) || IsOpeningParenthesis(previous)) &&
            !first.IsKind(SyntaxKind.OpenBraceToken) && !first.IsKind(SyntaxKind.CloseBraceToken) && !first.IsKind(SyntaxKind.OpenBracketToken) &&
            !first.IsKind(SyntaxKind.ElseKeyword) && !first.IsKind(SyntaxKind.FinallyKeyword) && !first.IsKind(SyntaxKind.WhereKeyword) &&
            !first.IsKind(SyntaxKind.FromKeyword);
        bool closesInitializer = last.IsKind(SyntaxKind.CloseBraceToken) && last.Parent is InitializerExpressionSyntax;
        bool beforeOperator = next.IsKind(SyntaxKind.None) || IsOperatorOf(next) && (!last.IsKind(SyntaxKind.CloseBraceToken) || closesInitializer);
        bool beforeInitializerEnd = (next.IsKind(SyntaxKind.CommaToken) || next.IsKind(SyntaxKind.CloseBraceToken)) && next.Parent is InitializerExpressionSyntax &&
            (closesInitializer || last.IsKind(SyntaxKind.IdentifierToken) || (last.IsKind(SyntaxKind.CloseParenToken) && last.Parent is ExpressionSyntax or ArgumentListSyntax));
        return afterOperator && (beforeOperator || beforeInitializerEnd);
    }

    /// <summary>
    /// Replaces each cut of a piece with its placeholder name without visiting what is below the cut (Roslyn's
    /// <c>ReplaceNodes</c> rewrites the inside of every replaced node before replacing it, so replacing the cuts of each
    /// piece would walk the rest of the expression again for every piece: quadratic in its depth).
    /// </summary>
    private sealed class Placeholders : CSharpSyntaxRewriter
    {
        private readonly Dictionary<SyntaxNode, int> _cuts;
        private readonly Dictionary<SyntaxNode, int> _runs;

        public Placeholders(Dictionary<SyntaxNode, int> cuts, Dictionary<SyntaxNode, int> runs)
        {
            _cuts = cuts;
            _runs = runs;
        }

        public override SyntaxNode? Visit(SyntaxNode? node)
        {
            if (node is not null && _cuts.TryGetValue(node, out int cut))
            {
                return Placeholder(cut);
            }

            return base.Visit(node);
        }

        // A wide initializer's run as one placeholder after its first element: '{ first, cut }'.
        public override SyntaxNode? VisitInitializerExpression(InitializerExpressionSyntax node)
        {
            if (!_runs.TryGetValue(node, out int run))
            {
                return base.VisitInitializerExpression(node);
            }

            SeparatedSyntaxList<ExpressionSyntax> elements = SyntaxFactory.SeparatedList(
                new[] { (ExpressionSyntax)Visit(node.Expressions[0])!, Placeholder(run) },
                new[] { node.Expressions.GetSeparator(0) });
            return node.WithExpressions(elements);
        }

        private static IdentifierNameSyntax Placeholder(int cut) =>
            SyntaxFactory.IdentifierName("cut").WithAdditionalAnnotations(new SyntaxAnnotation(CutKind, cut.ToString(CultureInfo.InvariantCulture)));
    }

    // A subexpression formatted on its own, or the run of a wide initializer's elements after its first.
    private readonly record struct Cut(SyntaxNode Node, int Parent, bool IsRun);

    // The '(' of an argument list or a parenthesized expression: the normalizer writes no space after it and breaks the
    // line after it only before the tokens an operator excludes too, so a left-deep chain written as an argument
    // ('F(a && b && ...)', '(a + b + ...)') is cut along its left edge.
    private static bool IsOpeningParenthesis(SyntaxToken token) =>
        token.IsKind(SyntaxKind.OpenParenToken) && token.Parent is ArgumentListSyntax or ParenthesizedExpressionSyntax;

    private static bool IsOperatorOf(SyntaxToken token) => token.Parent switch
    {
        AssignmentExpressionSyntax assignment => assignment.OperatorToken == token,
        BinaryExpressionSyntax binary => binary.OperatorToken == token,
        EqualsValueClauseSyntax equals => equals.EqualsToken == token,
        _ => false,
    };
}
