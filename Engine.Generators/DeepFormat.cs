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

    private const string Indentation = "    ";
    private const string EndOfLine = "\n";

    // The annotation of a placeholder, with the index of the cut it stands for.
    private const string CutKind = "Engine.Generators.DeepFormat.Cut";

    /// <summary>The normalized text of <paramref name="node"/>, or null when it is shallow or must be normalized whole.</summary>
    public static string? TryFormat(SyntaxNode node)
    {
        List<(ExpressionSyntax Cut, int Parent)>? cuts = Cuts(node);
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
            text[i] = Piece(cuts[i].Cut, children[i], cuts, text);
            if (text[i]!.IndexOf('\n') >= 0)
            {
                return null;
            }
        }

        return Piece(node, children[cuts.Count], cuts, text);
    }

    // The node normalized with each of its cut children as a placeholder, then each placeholder's text replaced.
    private static string Piece(SyntaxNode node, List<int>? cutChildren, List<(ExpressionSyntax Cut, int Parent)> cuts, string?[] text)
    {
        if (cutChildren is null)
        {
            // Detached, so the normalizer's walks stop at this node.
            return node.WithAdditionalAnnotations(new SyntaxAnnotation()).NormalizeWhitespace(Indentation, EndOfLine).ToFullString();
        }

        var placeholders = new Dictionary<SyntaxNode, int>();
        foreach (int child in cutChildren)
        {
            placeholders[cuts[child].Cut] = child;
        }

        SyntaxNode piece = new Placeholders(placeholders).Visit(node)!;
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

    // The subexpressions to cut, in pre-order with the index of the cut that holds each (-1: the node itself); null when
    // the node is normalized whole.
    private static List<(ExpressionSyntax Cut, int Parent)>? Cuts(SyntaxNode node)
    {
        if (DeepStack.Depth(node) <= PieceDepth ||
            node.DescendantTrivia(descendIntoTrivia: true).Any(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia)) ||
            node.DescendantNodes().Any(n => n is InterpolatedStringExpressionSyntax))
        {
            return null;
        }

        var cuts = new List<(ExpressionSyntax Cut, int Parent)>();

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
            if (depth + 1 >= PieceDepth && n is ExpressionSyntax expression &&
                startsAt.TryGetValue(n.FullSpan.Start, out int first) && endsAt.TryGetValue(n.FullSpan.End, out int last) &&
                CanCut(expression, first > 0 ? tokens[first - 1] : default, tokens[first], tokens[last], last < tokens.Count - 1 ? tokens[last + 1] : default))
            {
                cuts.Add((expression, cut));
                path.Push((n, 0, cuts.Count - 1));
            }
            else
            {
                path.Push((n, depth + 1, cut));
            }
        }

        return cuts.Count == 0 ? null : cuts;
    }

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

        public Placeholders(Dictionary<SyntaxNode, int> cuts)
        {
            _cuts = cuts;
        }

        public override SyntaxNode? Visit(SyntaxNode? node)
        {
            if (node is not null && _cuts.TryGetValue(node, out int cut))
            {
                return SyntaxFactory.IdentifierName("cut").WithAdditionalAnnotations(new SyntaxAnnotation(CutKind, cut.ToString(CultureInfo.InvariantCulture)));
            }

            return base.Visit(node);
        }
    }

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
