using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engine.Generators;

/// <summary>
/// Rewrites names in code copied from the coroutine into the machine: hoisted locals and parameters become fields,
/// <c>this</c> and implicit instance members go through <c>_this</c>, static members of the containing type are fully
/// qualified, and break/continue/yield break that leave verbatim code become gotos.
/// </summary>
/// <remarks>
/// Design: binds every name against the original tree's semantic model (the rewriter is always handed original
/// nodes), so renaming is exact even when a hoisted local shadows a member or two scopes reuse a name.
/// </remarks>
internal sealed class BodyRewriter : CSharpSyntaxRewriter
{
    private readonly Lowerer _lowerer;
    private readonly Dictionary<ISymbol, string> _lambdaBoxes = new(SymbolEqualityComparer.Default);

    public BodyRewriter(Lowerer lowerer)
    {
        _lowerer = lowerer;
    }

    private SemanticModel Model => _lowerer.Model;

    public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
    {
        SymbolInfo info = Model.GetSymbolInfo(node);
        ISymbol? symbol = info.Symbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] : null);
        if (symbol is null)
        {
            return base.VisitIdentifierName(node);
        }

        if ((symbol is ILocalSymbol || symbol is IParameterSymbol) && _lowerer.TryGetField(symbol, out string field))
        {
            if (_lowerer.IsBoxed(symbol))
            {
                string box = _lambdaBoxes.TryGetValue(symbol, out string? parameter) ? parameter : field;
                return SyntaxFactory.ParseExpression(box + ".Value").WithTriviaFrom(node);
            }

            if (_lowerer.IsPerIteration(symbol) && IsInsideFunction(node))
            {
                _lowerer.Report(DiagnosticDescriptors.LoopCapture, node, symbol.Name);
            }

            return SyntaxFactory.IdentifierName(field).WithTriviaFrom(node);
        }

        return QualifyMember(node, symbol) ?? base.VisitIdentifierName(node);
    }

    public override SyntaxNode? VisitGenericName(GenericNameSyntax node)
    {
        SymbolInfo info = Model.GetSymbolInfo(node);
        ISymbol? symbol = info.Symbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] : null);
        SyntaxNode rewritten = base.VisitGenericName(node)!;
        if (symbol is not null && rewritten is SimpleNameSyntax simple)
        {
            return QualifyMember(node, symbol, simple) ?? rewritten;
        }

        return rewritten;
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) =>
        WrapIfCapturingBoxes(node, () => base.VisitParenthesizedLambdaExpression(node));

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) =>
        WrapIfCapturingBoxes(node, () => base.VisitSimpleLambdaExpression(node));

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) =>
        WrapIfCapturingBoxes(node, () => base.VisitAnonymousMethodExpression(node));

    /// <summary>
    /// A lambda that captures boxed per-iteration locals is wrapped in a factory that receives the current boxes, so the
    /// lambda keeps this iteration's variables, exactly like the compiler's per-iteration closure:
    /// <c>((Func&lt;StrongBox&lt;T&gt;, D&gt;)(__box_x =&gt; lambda))(_x)</c>.
    /// </summary>
    private SyntaxNode? WrapIfCapturingBoxes(AnonymousFunctionExpressionSyntax node, Func<SyntaxNode?> visitBase)
    {
        var captured = new List<ILocalSymbol>();
        foreach (IdentifierNameSyntax id in node.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (Model.GetSymbolInfo(id).Symbol is ILocalSymbol local && _lowerer.IsBoxed(local) && !_lambdaBoxes.ContainsKey(local) &&
                !captured.Contains(local, SymbolEqualityComparer.Default))
            {
                captured.Add(local);
            }
        }

        if (captured.Count == 0)
        {
            return visitBase();
        }

        if (Model.GetTypeInfo(node).ConvertedType is not INamedTypeSymbol { TypeKind: TypeKind.Delegate } delegateType)
        {
            _lowerer.Report(DiagnosticDescriptors.LoopCapture, node, captured[0].Name);
            return visitBase();
        }

        var parameters = new List<string>();
        var fields = new List<string>();
        var boxTypes = new List<string>();
        foreach (ILocalSymbol local in captured)
        {
            _lowerer.TryGetField(local, out string field);
            string parameter = "__box" + field;
            _lambdaBoxes[local] = parameter;
            parameters.Add(parameter);
            fields.Add(field);
            boxTypes.Add(Lowerer.BoxType + "<" + local.Type.ToDisplayString(CoroutineParser.TypeFormat) + ">");
        }

        SyntaxNode inner = visitBase()!;
        foreach (ILocalSymbol local in captured)
        {
            _lambdaBoxes.Remove(local);
        }

        string text = "((global::System.Func<" + string.Join(", ", boxTypes) + ", " + delegateType.ToDisplayString(CoroutineParser.TypeFormat) + ">)(" +
            (parameters.Count == 1 ? parameters[0] : "(" + string.Join(", ", parameters) + ")") + " => " + inner.WithoutTrivia().ToFullString() + "))(" +
            string.Join(", ", fields) + ")";
        return SyntaxFactory.ParseExpression(text).WithTriviaFrom(node);
    }

    public override SyntaxNode? VisitThisExpression(ThisExpressionSyntax node) =>
        SyntaxFactory.IdentifierName("_this").WithTriviaFrom(node);

    public override SyntaxNode? VisitBaseExpression(BaseExpressionSyntax node)
    {
        string member = node.Parent is MemberAccessExpressionSyntax access ? access.Name.Identifier.ValueText : "member";
        _lowerer.Report(DiagnosticDescriptors.BaseAccess, node.Parent ?? node, member, _lowerer.Method.ContainingType.Name);
        return node;
    }

    public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        if (node.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" } && Model.GetSymbolInfo(node.Expression).Symbol is null)
        {
            Optional<object?> constant = Model.GetConstantValue(node);
            if (constant.HasValue && constant.Value is string text)
            {
                return SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(text)).WithTriviaFrom(node);
            }
        }

        return base.VisitInvocationExpression(node);
    }

    public override SyntaxNode? VisitDeclarationExpression(DeclarationExpressionSyntax node)
    {
        ExpressionSyntax? replacement = Designate(node.Designation);
        return replacement is null ? base.VisitDeclarationExpression(node) : replacement.WithTriviaFrom(node);
    }

    public override SyntaxNode? VisitBreakStatement(BreakStatementSyntax node)
    {
        SyntaxNode? target = FindTarget(node, continueStatement: false);
        if (target is not null && _lowerer.Targets.TryGetValue(target, out JumpTarget? jump))
        {
            return Goto(_lowerer.JumpTo(jump.Break, jump.Region), node);
        }

        return base.VisitBreakStatement(node);
    }

    public override SyntaxNode? VisitContinueStatement(ContinueStatementSyntax node)
    {
        SyntaxNode? target = FindTarget(node, continueStatement: true);
        if (target is not null && _lowerer.Targets.TryGetValue(target, out JumpTarget? jump) && jump.Continue is not null)
        {
            return Goto(_lowerer.JumpTo(jump.Continue, jump.Region), node);
        }

        return base.VisitContinueStatement(node);
    }

    public override SyntaxNode? VisitGotoStatement(GotoStatementSyntax node)
    {
        if (node.IsKind(SyntaxKind.GotoStatement) && node.Expression is not null &&
            Model.GetSymbolInfo(node.Expression).Symbol is ILabelSymbol label && _lowerer.IsFlattenedLabel(label, out string name))
        {
            return Goto(_lowerer.JumpToUserLabel(label, name), node);
        }

        if (!node.IsKind(SyntaxKind.GotoStatement) && FindTarget(node, continueStatement: false) is SwitchStatementSyntax target && _lowerer.Targets.ContainsKey(target))
        {
            _lowerer.Report(DiagnosticDescriptors.UnsupportedStatement, node, "goto case/goto default", "in a switch that contains a yield, move the shared code after the switch or into a helper, and use break");
        }

        return base.VisitGotoStatement(node);
    }

    public override SyntaxNode? VisitLabeledStatement(LabeledStatementSyntax node)
    {
        var rewritten = (LabeledStatementSyntax)base.VisitLabeledStatement(node)!;
        ISymbol? label = Model.GetDeclaredSymbol(node);
        if (label is not null && _lowerer.IsFlattenedLabel(label, out string name))
        {
            return rewritten.WithIdentifier(SyntaxFactory.Identifier(name).WithTriviaFrom(node.Identifier));
        }

        return rewritten;
    }

    public override SyntaxNode? VisitYieldStatement(YieldStatementSyntax node)
    {
        if (node.IsKind(SyntaxKind.YieldBreakStatement) && !IsInsideFunction(node))
        {
            if (_lowerer.CurrentRegion == 0)
            {
                return SyntaxFactory.ReturnStatement(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression)).WithTriviaFrom(node);
            }

            return Goto(_lowerer.JumpTo(Lowerer.FinishLabel, 0), node);
        }

        return base.VisitYieldStatement(node);
    }

    private static StatementSyntax Goto(string label, StatementSyntax original) =>
        SyntaxFactory.GotoStatement(SyntaxKind.GotoStatement, SyntaxFactory.IdentifierName(label)).WithTriviaFrom(original);

    private ExpressionSyntax? Designate(VariableDesignationSyntax designation)
    {
        switch (designation)
        {
            case SingleVariableDesignationSyntax single:
                ISymbol? local = Model.GetDeclaredSymbol(single);
                return local is not null && _lowerer.TryGetField(local, out string field) ? SyntaxFactory.IdentifierName(field) : null;
            case ParenthesizedVariableDesignationSyntax parenthesized:
                var items = parenthesized.Variables.Select(Designate).ToList();
                if (items.All(i => i is null))
                {
                    return null;
                }

                if (items.Any(i => i is null))
                {
                    return null;
                }

                return SyntaxFactory.TupleExpression(SyntaxFactory.SeparatedList(items.Select(i => SyntaxFactory.Argument(i!))));
            case DiscardDesignationSyntax:
                return SyntaxFactory.IdentifierName("_");
            default:
                return null;
        }
    }

    private bool IsInsideFunction(SyntaxNode node)
    {
        for (SyntaxNode? n = node.Parent; n is not null; n = n.Parent)
        {
            if (n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return true;
            }

            if (n is MethodDeclarationSyntax)
            {
                return false;
            }
        }

        return false;
    }

    private static SyntaxNode? FindTarget(SyntaxNode node, bool continueStatement)
    {
        for (SyntaxNode? n = node.Parent; n is not null; n = n.Parent)
        {
            switch (n)
            {
                case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax:
                    return n;
                case SwitchStatementSyntax when !continueStatement:
                    return n;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MethodDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    private SyntaxNode? QualifyMember(SimpleNameSyntax node, ISymbol symbol, SimpleNameSyntax? rewritten = null)
    {
        if (symbol.Kind is not (SymbolKind.Field or SymbolKind.Property or SymbolKind.Method or SymbolKind.Event) ||
            symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.ReducedExtension } ||
            symbol.ContainingType is null || !IsContainingTypeOrBase(symbol.ContainingType) || !HasImplicitReceiver(node))
        {
            return null;
        }

        SimpleNameSyntax name = (rewritten ?? node).WithoutTrivia();
        ExpressionSyntax receiver = symbol.IsStatic
            ? SyntaxFactory.ParseExpression(_lowerer.Method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
            : SyntaxFactory.IdentifierName("_this");
        return SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, name).WithTriviaFrom(node);
    }

    private bool IsContainingTypeOrBase(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? t = _lowerer.Method.ContainingType; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, type.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasImplicitReceiver(SimpleNameSyntax node)
    {
        switch (node.Parent)
        {
            case MemberAccessExpressionSyntax access when access.Name == node:
            case MemberBindingExpressionSyntax:
            case QualifiedNameSyntax qualified when qualified.Right == node:
            case NameColonSyntax:
            case NameEqualsSyntax:
                return false;
            case AssignmentExpressionSyntax assignment when assignment.Left == node && assignment.Parent is InitializerExpressionSyntax:
                return false;
            default:
                return true;
        }
    }
}
