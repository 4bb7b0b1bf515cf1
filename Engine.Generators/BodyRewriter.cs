using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engine.Generators;

/// <summary>
/// Rewrites names in code copied from the coroutine into the machine: hoisted locals and parameters become fields,
/// pattern variables that live across a yield are bound into their fields, locals moved into Step's top scope get
/// their unique names, <c>this</c> and implicit instance members go through the machine's <c>this</c> field, static
/// members are fully qualified, and break/continue/goto case/yield break that leave verbatim code become gotos.
/// </summary>
/// <remarks>
/// Design: binds every name against the original tree's semantic model (the rewriter is always handed original
/// nodes), so renaming is exact even when a hoisted local shadows a member or two scopes reuse a name. It also notes
/// closures that capture the machine's own state, which makes the machine non-poolable.
/// </remarks>
internal sealed class BodyRewriter : CSharpSyntaxRewriter
{
    private readonly Lowerer _lowerer;
    private readonly Dictionary<ISymbol, string> _lambdaBoxes = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, string> _patternTemps = new(SymbolEqualityComparer.Default);
    private readonly Stack<SyntaxNode> _closures = new();
    private int _localFunctionDepth;
    private bool _touchedInLocalFunction;
    private SyntaxNode? _localFunctionTouchingState;
    private SyntaxNode? _localFunctionAsDelegate;

    public BodyRewriter(Lowerer lowerer)
    {
        _lowerer = lowerer;
    }

    private SemanticModel Model => _lowerer.Model;

    private MachineNames Names => _lowerer.Names;

    // Set while visiting code already inside an emitted checked/unchecked wrapper, so nested operations are not wrapped again.
    private bool _inContext;

    /// <summary>
    /// An operation whose result depends on the overflow-checking context (integral arithmetic, ++/--, compound
    /// assignment, a numeric cast), written inside a <c>checked</c>/<c>unchecked</c> block that contains a yield (which
    /// lowering removes), is wrapped in that context's operator: <c>checked(a + b)</c>. Where only a statement
    /// expression may stand (an expression statement, a for loop's initializer or incrementor, the body of a lambda or
    /// local function that returns void), the owner wraps the statement instead (<c>checked { x++; }</c>).
    /// </summary>
    public override SyntaxNode? Visit(SyntaxNode? node)
    {
        if (node is StatementSyntax statement && _lowerer.SnapshotsAt(statement) is { Count: > 0 } snapshots)
        {
            return WithSnapshots((StatementSyntax)base.Visit(node)!, snapshots);
        }

        if (_inContext || node is not ExpressionSyntax expression || _lowerer.LoweredContext(expression) is not { } context || !IsContextSensitive(expression, context))
        {
            return base.Visit(node);
        }

        _inContext = true;
        SyntaxNode rewritten;
        try
        {
            rewritten = base.Visit(node)!;
        }
        finally
        {
            _inContext = false;
        }

        if (IsStatementExpressionPosition(expression))
        {
            return rewritten;
        }

        return SyntaxFactory.CheckedExpression(
            context == "checked" ? SyntaxKind.CheckedExpression : SyntaxKind.UncheckedExpression,
            ((ExpressionSyntax)rewritten).WithoutTrivia()).WithTriviaFrom(rewritten);
    }

    /// <summary>
    /// A statement emitted verbatim that declares local functions of <see cref="Lowerer.SnapshotBoxes"/>, in a block that
    /// first copies the current boxes they read into locals (inside the label of a labeled statement, so a goto to it
    /// still reaches it): <c>{ StrongBox&lt;T&gt; boxX = _x; statement }</c>.
    /// </summary>
    private StatementSyntax WithSnapshots(StatementSyntax rewritten, IReadOnlyList<ILocalSymbol> boxes)
    {
        var statements = new List<StatementSyntax>();
        foreach (ILocalSymbol local in boxes)
        {
            _lowerer.TryGetField(local, out string field);
            statements.Add(SyntaxFactory.ParseStatement(BoxTypeOf(local) + " " + _lowerer.SnapshotLocal(local) + " = " + field + ";"));
        }

        if (rewritten is LabeledStatementSyntax labeled)
        {
            statements.Add(labeled.Statement);
            return labeled.WithStatement(SyntaxFactory.Block(statements));
        }

        statements.Add(rewritten);
        return SyntaxFactory.Block(statements).WithTriviaFrom(rewritten);
    }

    /// <summary>Whether <paramref name="expression"/>'s value depends on the checking context it is evaluated in.</summary>
    private bool IsContextSensitive(ExpressionSyntax expression, string context)
    {
        ITypeSymbol? type;
        switch (expression.Kind())
        {
            case SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or SyntaxKind.MultiplyExpression or SyntaxKind.DivideExpression or
                SyntaxKind.UnaryMinusExpression:
                type = Model.GetTypeInfo(expression).Type;
                break;
            case SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression or SyntaxKind.PostIncrementExpression or SyntaxKind.PostDecrementExpression:
                type = Model.GetTypeInfo(expression).Type;
                break;
            case SyntaxKind.AddAssignmentExpression or SyntaxKind.SubtractAssignmentExpression or SyntaxKind.MultiplyAssignmentExpression or SyntaxKind.DivideAssignmentExpression:
                type = Model.GetTypeInfo(((AssignmentExpressionSyntax)expression).Left).Type;
                break;
            case SyntaxKind.CastExpression:
                type = Model.GetTypeInfo(expression).Type;
                if (Model.GetTypeInfo(((CastExpressionSyntax)expression).Expression).Type is { TypeKind: TypeKind.Dynamic })
                {
                    return true;
                }

                break;
            default:
                return false;
        }

        if (_lowerer.IsUserDefinedOperator(expression))
        {
            return true;
        }

        // A constant is folded at compile time, where the default context is checked: only 'unchecked' changes it.
        if (Model.GetConstantValue(expression).HasValue && context == "checked")
        {
            return false;
        }

        return IsCheckable(type);
    }

    private static bool IsCheckable(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type is not null && (type.TypeKind is TypeKind.Enum or TypeKind.Dynamic || type.SpecialType is
            SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16 or
            SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64 or
            SpecialType.System_Char or SpecialType.System_IntPtr or SpecialType.System_UIntPtr);
    }

    /// <summary>Where only a statement expression may stand, so <c>checked(...)</c> cannot: the owner wraps a statement.</summary>
    private bool IsStatementExpressionPosition(ExpressionSyntax expression) => expression.Parent switch
    {
        ExpressionStatementSyntax => true,
        ForStatementSyntax loop => loop.Initializers.Contains(expression) || loop.Incrementors.Contains(expression),
        AnonymousFunctionExpressionSyntax function => function.ExpressionBody == expression && Model.GetSymbolInfo(function).Symbol is IMethodSymbol { ReturnsVoid: true },
        ArrowExpressionClauseSyntax { Parent: LocalFunctionStatementSyntax function } => Model.GetDeclaredSymbol(function) is IMethodSymbol { ReturnsVoid: true },
        _ => false,
    };

    /// <summary>The lowered checking context of a statement expression in one of the positions of
    /// <see cref="IsStatementExpressionPosition"/> that needs a statement wrapper, or null.</summary>
    private string? StatementContext(ExpressionSyntax? expression) =>
        !_inContext && expression is not null && _lowerer.LoweredContext(expression) is { } context && IsContextSensitive(expression, context) ? context : null;

    private static CheckedStatementSyntax CheckedBlock(string context, params StatementSyntax[] statements) =>
        SyntaxFactory.CheckedStatement(context == "checked" ? SyntaxKind.CheckedStatement : SyntaxKind.UncheckedStatement, SyntaxFactory.Block(statements));

    public override SyntaxNode? VisitExpressionStatement(ExpressionStatementSyntax node)
    {
        string? context = StatementContext(node.Expression);
        var rewritten = (ExpressionStatementSyntax)base.VisitExpressionStatement(node)!;
        if (context is null)
        {
            return rewritten;
        }

        // A variable the statement declares (out var, a pattern) that stays a local is in scope after the statement:
        // a block would end its scope, an if condition does not.
        bool declares = node.DescendantNodes(n => n is not AnonymousFunctionExpressionSyntax).OfType<SingleVariableDesignationSyntax>()
            .Any(d => Model.GetDeclaredSymbol(d) is ILocalSymbol local && !_lowerer.TryGetField(local, out _));
        if (declares)
        {
            return SyntaxFactory.ParseStatement("if (" + context + "(" + rewritten.Expression.WithoutTrivia().ToFullString() + ") is var _)\n{\n}").WithTriviaFrom(node);
        }

        return CheckedBlock(context, rewritten.WithoutTrivia()).WithTriviaFrom(node);
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        string? context = node.Initializers.Concat(node.Incrementors).Select(StatementContext).FirstOrDefault(c => c is not null);
        if (context is null)
        {
            return base.VisitForStatement(node);
        }

        // The whole loop, which declares nothing outside itself, in the context.
        _inContext = true;
        try
        {
            var rewritten = (StatementSyntax)base.VisitForStatement(node)!;
            return CheckedBlock(context, rewritten.WithoutTrivia()).WithTriviaFrom(node);
        }
        finally
        {
            _inContext = false;
        }
    }

    /// <summary>Rewrites a statement expression of lowered code (a for loop's initializer or incrementor) as a statement.</summary>
    public string StatementOf(ExpressionSyntax expression)
    {
        string? context = StatementContext(expression);
        if (context is null)
        {
            return _lowerer.Format(Visit(expression)!) + ";";
        }

        _inContext = true;
        try
        {
            return _lowerer.Format(CheckedBlock(context, SyntaxFactory.ExpressionStatement((ExpressionSyntax)Visit(expression)!)));
        }
        finally
        {
            _inContext = false;
        }
    }

    // A void lambda or local function whose expression body needs a context: a block body holding the wrapped statement.
    private AnonymousFunctionExpressionSyntax WithContextBody(AnonymousFunctionExpressionSyntax original, AnonymousFunctionExpressionSyntax rewritten, string? context) =>
        context is null || rewritten.ExpressionBody is null || !IsStatementExpressionPosition(original.ExpressionBody!)
            ? rewritten
            : rewritten.WithExpressionBody(null).WithBlock(SyntaxFactory.Block(CheckedBlock(context, SyntaxFactory.ExpressionStatement(rewritten.ExpressionBody.WithoutTrivia()))));

    public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
    {
        ISymbol? symbol = _lowerer.SymbolOrCandidateOf(node);
        if (symbol is null)
        {
            return QualifyGenerated(node, node) ?? base.VisitIdentifierName(node);
        }

        if ((symbol is ILocalSymbol || symbol is IParameterSymbol) && _lowerer.TryGetField(symbol, out string field))
        {
            if (_lowerer.IsBoxed(symbol))
            {
                string box = _lambdaBoxes.TryGetValue(symbol, out string? parameter) ? parameter : field;
                return SyntaxFactory.ParseExpression(box + ".Value").WithTriviaFrom(node);
            }

            NoteStateUse(field);
            return SyntaxFactory.IdentifierName(field).WithTriviaFrom(node);
        }

        if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function && !IsInvoked(node) && _lowerer.LocalFunctionBoxes(function).Count > 0)
        {
            NoteLocalFunctionUse(node, symbol);
            string name = _lowerer.TryGetRenamed(symbol, out string functionName) ? functionName : node.Identifier.ValueText;
            return LocalFunctionConversion(node, function, SyntaxFactory.IdentifierName(name));
        }

        if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } nested && !IsInvoked(node) && CachedNestedConversion(node, nested, node) is { } cached)
        {
            NoteLocalFunctionUse(node, symbol);
            return cached;
        }

        if (_lowerer.TryGetRenamed(symbol, out string renamed) && symbol is ILocalSymbol or IMethodSymbol { MethodKind: MethodKind.LocalFunction })
        {
            NoteLocalFunctionUse(node, symbol);
            return SyntaxFactory.IdentifierName(renamed).WithTriviaFrom(node);
        }

        NoteLocalFunctionUse(node, symbol);
        if (HasImplicitReceiver(node) && _lowerer.MayBeAlias(node) && Model.GetAliasInfo(node) is { } alias)
        {
            // An alias ('using L = List<int>;', 'using IO = System.IO;') is not in scope in the generated file: the
            // aliased type or namespace, written in full.
            return SyntaxFactory.ParseName(FullName(alias.Target)).WithTriviaFrom(node);
        }

        return QualifyTypeOrNamespace(node, symbol, node) ?? QualifyMember(node, symbol) ?? base.VisitIdentifierName(node);
    }

    public override SyntaxNode? VisitGenericName(GenericNameSyntax node)
    {
        ISymbol? symbol = _lowerer.SymbolOrCandidateOf(node);
        SyntaxNode rewritten = base.VisitGenericName(node)!;
        if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function)
        {
            // 'F<int>(...)' or 'F<int>' as a delegate: the function's generated name (a top-level local function is
            // renamed when another one of the body has its name), with the type arguments as written.
            NoteLocalFunctionUse(node, symbol);
            var generic = (GenericNameSyntax)rewritten;
            if (_lowerer.TryGetRenamed(function.OriginalDefinition, out string renamed))
            {
                generic = generic.WithIdentifier(SyntaxFactory.Identifier(renamed).WithTriviaFrom(generic.Identifier));
            }

            return IsInvoked(node) ? generic
                : _lowerer.LocalFunctionBoxes(function).Count > 0 ? LocalFunctionConversion(node, function, generic)
                : CachedNestedConversion(node, function, generic) ?? generic;
        }

        if (rewritten is SimpleNameSyntax simple)
        {
            return symbol is null
                ? QualifyGenerated(node, simple) ?? rewritten
                : QualifyTypeOrNamespace(node, symbol, simple) ?? QualifyMember(node, symbol, simple) ?? rewritten;
        }

        return rewritten;
    }

    public override SyntaxNode? VisitAliasQualifiedName(AliasQualifiedNameSyntax node)
    {
        // 'global::X' already names X from the root; an alias 'A::X' is not in scope in the generated file, so its
        // target is written in full instead.
        if (node.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword) || Model.GetSymbolInfo(node).Symbol is not { } symbol)
        {
            return node;
        }

        var name = (SimpleNameSyntax)base.Visit(node.Name)!;
        return SyntaxFactory.ParseName(Prefix(symbol) + name.WithoutTrivia().ToFullString()).WithTriviaFrom(node);
    }

    public override SyntaxNode? VisitAttribute(AttributeSyntax node)
    {
        // The attribute's name binds to its constructor; written as the attribute class in full.
        var rewritten = (AttributeSyntax)base.VisitAttribute(node)!;
        ISymbol? symbol = Model.GetSymbolInfo(node).Symbol ?? (Model.GetSymbolInfo(node).CandidateSymbols.FirstOrDefault());
        return symbol?.ContainingType is { } type
            ? rewritten.WithName(SyntaxFactory.ParseName(_lowerer.Symbols.Full(type)).WithTriviaFrom(node.Name))
            : rewritten;
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        string? context = StatementContext(node.ExpressionBody);
        return InClosure(node, () => WrapIfCapturingBoxes(node, () => WithContextBody(node, (AnonymousFunctionExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!, context)));
    }

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        string? context = StatementContext(node.ExpressionBody);
        return InClosure(node, () => WrapIfCapturingBoxes(node, () => WithContextBody(node, (AnonymousFunctionExpressionSyntax)base.VisitSimpleLambdaExpression(node)!, context)));
    }

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) =>
        InClosure(node, () => WrapIfCapturingBoxes(node, () => base.VisitAnonymousMethodExpression(node)));

    public override SyntaxNode? VisitQueryExpression(QueryExpressionSyntax node) =>
        InClosure(node, () => WrapIfCapturingBoxes(node, () => base.VisitQueryExpression(node)));

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        _localFunctionDepth++;
        bool outer = _touchedInLocalFunction;
        _touchedInLocalFunction = false;
        string? context = node.ExpressionBody is { } arrow && IsStatementExpressionPosition(arrow.Expression) ? StatementContext(arrow.Expression) : null;

        // A local function that reads per-entry variables takes their boxes as leading parameters (see
        // Lowerer.LocalFunctionBoxes); inside it, each such variable is its parameter's box.
        // One that also captures a local of the verbatim statement around it reads the copies of the boxes that
        // statement made on entry (Lowerer.SnapshotBoxes).
        ISymbol? declared = Model.GetDeclaredSymbol(node);
        IReadOnlyList<ILocalSymbol> boxes = declared is not null ? _lowerer.LocalFunctionBoxes(declared) : Array.Empty<ILocalSymbol>();
        IReadOnlyList<ILocalSymbol> snapshots = declared is not null ? _lowerer.SnapshotBoxes(declared) : Array.Empty<ILocalSymbol>();
        var outerBoxes = new List<(ILocalSymbol Local, string? Box)>();
        foreach (ILocalSymbol local in boxes.Concat(snapshots))
        {
            outerBoxes.Add((local, _lambdaBoxes.TryGetValue(local, out string? box) ? box : null));
            _lambdaBoxes[local] = boxes.Count > 0 ? _lowerer.BoxParameter(local) : _lowerer.SnapshotLocal(local);
        }

        LocalFunctionStatementSyntax rewritten;
        try
        {
            rewritten = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        }
        finally
        {
            foreach ((ILocalSymbol local, string? box) in outerBoxes)
            {
                if (box is null)
                {
                    _lambdaBoxes.Remove(local);
                }
                else
                {
                    _lambdaBoxes[local] = box;
                }
            }
        }

        if (boxes.Count > 0)
        {
            IEnumerable<ParameterSyntax> boxParameters = boxes.Select(local =>
                SyntaxFactory.Parameter(SyntaxFactory.Identifier(_lowerer.BoxParameter(local))).WithType(SyntaxFactory.ParseTypeName(BoxTypeOf(local) + " ")));
            rewritten = rewritten.WithParameterList(rewritten.ParameterList.WithParameters(rewritten.ParameterList.Parameters.InsertRange(0, boxParameters)));
        }
        if (context is not null && rewritten.ExpressionBody is { } body)
        {
            rewritten = rewritten.WithExpressionBody(null).WithSemicolonToken(default)
                .WithBody(SyntaxFactory.Block(CheckedBlock(context, SyntaxFactory.ExpressionStatement(body.Expression.WithoutTrivia()))));
        }

        _localFunctionDepth--;
        if (_touchedInLocalFunction)
        {
            _localFunctionTouchingState ??= node;
            CheckLocalFunctionEscape();
        }

        _touchedInLocalFunction |= outer;

        ISymbol? symbol = Model.GetDeclaredSymbol(node);
        return symbol is not null && _lowerer.TryGetRenamed(symbol, out string name)
            ? rewritten.WithIdentifier(SyntaxFactory.Identifier(name).WithTriviaFrom(node.Identifier))
            : rewritten;
    }

    public override SyntaxNode? VisitVariableDeclarator(VariableDeclaratorSyntax node)
    {
        var rewritten = (VariableDeclaratorSyntax)base.VisitVariableDeclarator(node)!;
        ISymbol? symbol = Model.GetDeclaredSymbol(node);
        return symbol is not null && _lowerer.TryGetRenamed(symbol, out string name)
            ? rewritten.WithIdentifier(SyntaxFactory.Identifier(name).WithTriviaFrom(node.Identifier))
            : rewritten;
    }

    public override SyntaxNode? VisitSingleVariableDesignation(SingleVariableDesignationSyntax node)
    {
        ISymbol? symbol = Model.GetDeclaredSymbol(node);
        if (symbol is not null && (_patternTemps.TryGetValue(symbol, out string? name) || _lowerer.TryGetRenamed(symbol, out name)))
        {
            return node.WithIdentifier(SyntaxFactory.Identifier(name).WithTriviaFrom(node.Identifier));
        }

        return base.VisitSingleVariableDesignation(node);
    }

    /// <summary>
    /// A lambda or query that captures boxed per-iteration locals is wrapped in a factory that receives the current boxes,
    /// so it keeps this iteration's variables, exactly like the compiler's per-iteration closure:
    /// <c>((Func&lt;StrongBox&lt;T&gt;, D&gt;)(box =&gt; lambda))(_x)</c>.
    /// </summary>
    private SyntaxNode? WrapIfCapturingBoxes(ExpressionSyntax node, Func<SyntaxNode?> visitBase)
    {
        // A lambda of a verbatim statement that also captures a local of it reads the copies of the boxes the statement
        // made on entry, and is left to the compiler (Lowerer.SnapshotLambdaBoxes).
        if (_lowerer.SnapshotLambdaBoxes(node) is { Count: > 0 } snapshots)
        {
            var outer = snapshots.Where(local => !_lambdaBoxes.ContainsKey(local)).ToList();
            foreach (ILocalSymbol local in outer)
            {
                _lambdaBoxes[local] = _lowerer.SnapshotLocal(local);
            }

            try
            {
                return visitBase();
            }
            finally
            {
                foreach (ILocalSymbol local in outer)
                {
                    _lambdaBoxes.Remove(local);
                }
            }
        }

        // The boxes it reads, itself or through the local functions it calls or converts (which are handed the boxes
        // the closure took when it was made); those not yet taken by a closure around it are captured here.
        var captured = new List<ILocalSymbol>();
        var read = new List<ILocalSymbol>();
        foreach (SimpleNameSyntax id in node.DescendantNodes().OfType<SimpleNameSyntax>())
        {
            ISymbol? symbol = _lowerer.SymbolOf(id);
            IEnumerable<ILocalSymbol> reads = symbol switch
            {
                ILocalSymbol local when _lowerer.IsBoxed(local) => new[] { local },
                IMethodSymbol { MethodKind: MethodKind.LocalFunction } function => _lowerer.LocalFunctionBoxes(function),
                _ => Array.Empty<ILocalSymbol>(),
            };
            foreach (ILocalSymbol local in reads)
            {
                if (IsFromExpressionOfQuery(id, node))
                {
                    continue;
                }

                if (!read.Contains(local, SymbolEqualityComparer.Default))
                {
                    read.Add(local);
                }

                if (!_lambdaBoxes.ContainsKey(local) && !captured.Contains(local, SymbolEqualityComparer.Default))
                {
                    captured.Add(local);
                }
            }
        }

        // C# gives two evaluations of one lambda in one entry of the innermost scope it captures equal delegates (same
        // closure, same method). One that captures only fields and boxes is made once per box of the innermost boxed
        // variable it reads and looked up again, wherever it is written (also inside a local function or another
        // lambda, whose own closure is made per call).
        INamedTypeSymbol? cachedType = node is AnonymousFunctionExpressionSyntax && read.Count > 0 &&
            Model.GetTypeInfo(node).ConvertedType is INamedTypeSymbol { TypeKind: TypeKind.Delegate } lambdaType && IsNameable(lambdaType) && _lowerer.ClosureCapturesOnlyFields(node)
            ? lambdaType
            : null;
        if (captured.Count == 0)
        {
            return cachedType is null ? visitBase() : CachedLambda(node, cachedType, read, visitBase()!);
        }

        ITypeSymbol? resultType = node is QueryExpressionSyntax
            ? Model.GetTypeInfo(node).Type
            : Model.GetTypeInfo(node).ConvertedType is INamedTypeSymbol { TypeKind: TypeKind.Delegate } delegateType ? delegateType : null;
        if (resultType is null || resultType.IsAnonymousType || resultType.ToDisplayString().Contains("anonymous type") || resultType is IErrorTypeSymbol)
        {
            ReportLoopCapture(node, captured[0].Name);
            return visitBase();
        }

        var parameters = new List<string>();
        var fields = new List<string>();
        var boxTypes = new List<string>();
        foreach (ILocalSymbol local in captured)
        {
            _lowerer.TryGetField(local, out string field);
            string parameter = _lowerer.Claim("box" + field);
            _lambdaBoxes[local] = parameter;
            parameters.Add(parameter);
            fields.Add(field);
            boxTypes.Add(Lowerer.BoxType + "<" + _lowerer.LocalTypeName(local) + ">");
        }

        SyntaxNode inner = visitBase()!;
        foreach (ILocalSymbol local in captured)
        {
            _lambdaBoxes.Remove(local);
        }

        string text = "((global::System.Func<" + string.Join(", ", boxTypes) + ", " + _lowerer.TypeName(resultType) + ">)(" +
            (parameters.Count == 1 ? parameters[0] : "(" + string.Join(", ", parameters) + ")") + " => " + inner.WithoutTrivia().ToFullString() + "))(" +
            string.Join(", ", fields) + ")";
        ExpressionSyntax wrapped = SyntaxFactory.ParseExpression(text).WithTriviaFrom(node);
        return cachedType is null ? wrapped : CachedLambda(node, cachedType, read, wrapped);
    }

    // A lambda's delegate, looked up per box of the innermost boxed variable it reads (made by 'made' the first time).
    private SyntaxNode CachedLambda(ExpressionSyntax node, INamedTypeSymbol delegateType, List<ILocalSymbol> read, SyntaxNode made)
    {
        ILocalSymbol key = read.OrderBy(local => local.Locations[0].SourceSpan.Start).Last();
        string cache = _lowerer.LambdaCache(node, delegateType, BoxTypeOf(key));
        string text = cache + ".GetValue(" + CurrentBox(key) + ", " + _lowerer.Claim("key") + " => " + made.WithoutTrivia().ToFullString() + ")";
        return SyntaxFactory.ParseExpression(text).WithTriviaFrom(node);
    }

    // The first from clause's collection of a query is evaluated at once, not captured.
    private static bool IsFromExpressionOfQuery(SyntaxNode id, ExpressionSyntax node) =>
        node is QueryExpressionSyntax query && query.FromClause.Expression.Span.Contains(id.Span) &&
        !id.Ancestors().TakeWhile(a => a != query).Any(a => a is AnonymousFunctionExpressionSyntax or QueryExpressionSyntax);

    /// <summary>
    /// A member of an anonymous type named after its value (<c>new { x }</c>, <c>new { a.x }</c>) keeps its name when the
    /// value is rewritten (<c>new { x = _x }</c>): the name is part of the type (its members, ToString, Equals).
    /// </summary>
    public override SyntaxNode? VisitAnonymousObjectMemberDeclarator(AnonymousObjectMemberDeclaratorSyntax node)
    {
        var rewritten = (AnonymousObjectMemberDeclaratorSyntax)base.VisitAnonymousObjectMemberDeclarator(node)!;
        if (node.NameEquals is null && Model.GetDeclaredSymbol(node) is IPropertySymbol property &&
            rewritten.Expression.WithoutTrivia().ToFullString() != node.Expression.WithoutTrivia().ToFullString())
        {
            return rewritten.WithNameEquals(SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName(property.Name)));
        }

        return rewritten;
    }

    /// <summary>
    /// A tuple element named after its value (<c>(x, label)</c> has elements <c>x</c> and <c>label</c>) keeps its name
    /// when the value is rewritten (<c>(x: _x, label: _label)</c>), wherever the name reaches the tuple's type. Where the
    /// target type drops or renames it, no name is added (an explicit one there would be warning CS8123), and the left
    /// side of a deconstruction takes no names.
    /// </summary>
    public override SyntaxNode? VisitTupleExpression(TupleExpressionSyntax node)
    {
        var rewritten = (TupleExpressionSyntax)base.VisitTupleExpression(node)!;
        if (IsDeconstructionTarget(node) ||
            Model.GetTypeInfo(node).Type is not INamedTypeSymbol { IsTupleType: true } natural ||
            Model.GetTypeInfo(node).ConvertedType is not INamedTypeSymbol { IsTupleType: true } converted ||
            natural.TupleElements.Length != node.Arguments.Count || converted.TupleElements.Length != node.Arguments.Count)
        {
            return rewritten;
        }

        SeparatedSyntaxList<ArgumentSyntax> arguments = rewritten.Arguments;
        for (int i = 0; i < node.Arguments.Count; i++)
        {
            ArgumentSyntax original = node.Arguments[i];
            string? inferred = natural.TupleElements[i].Name;
            if (original.NameColon is null && inferred == converted.TupleElements[i].Name &&
                inferred != "Item" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) &&
                arguments[i].Expression.WithoutTrivia().ToFullString() != original.Expression.WithoutTrivia().ToFullString())
            {
                arguments = arguments.Replace(arguments[i], arguments[i].WithNameColon(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(inferred))));
            }
        }

        return rewritten.WithArguments(arguments);
    }

    private static bool IsDeconstructionTarget(SyntaxNode node)
    {
        for (SyntaxNode current = node; current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case AssignmentExpressionSyntax assignment:
                    return assignment.Left == current;
                case ForEachVariableStatementSyntax loop:
                    return loop.Variable == current;
                case ArgumentSyntax or TupleExpressionSyntax:
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// A verbatim string that spans lines becomes the same string as a regular literal (<c>"a\n    b"</c>): the emitter
    /// indents lowered code line by line, which would change the text of a literal that spans lines.
    /// </summary>
    public override SyntaxToken VisitToken(SyntaxToken token)
    {
        // A raw string literal (C# 11) too, whatever its lines: generated code compiles as C# 9.
        if ((token.IsKind(SyntaxKind.StringLiteralToken) && token.Text.StartsWith("@", StringComparison.Ordinal) && SpansLines(token.Text)) ||
            token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
        {
            return SyntaxFactory.Literal(token.ValueText).WithTriviaFrom(token);
        }

        return base.VisitToken(token);
    }

    /// <summary>
    /// An interpolation's expression as the generated file needs it: in parentheses when rewriting put a colon in it
    /// (<c>global::N.T.M(x)</c>: a colon at the top of a hole would start its format string), and without comments
    /// (a regular string's hole must stay on one line, and normalization keeps a line comment's line break).
    /// </summary>
    public override SyntaxNode? VisitInterpolation(InterpolationSyntax node)
    {
        var rewritten = (InterpolationSyntax)base.VisitInterpolation(node)!;
        ExpressionSyntax expression = rewritten.Expression;
        if (expression.DescendantTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia) ||
                                                  t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || t.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia)))
        {
            expression = expression.ReplaceTrivia(
                expression.DescendantTrivia().Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia) ||
                                                         t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || t.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia)),
                (_, _) => SyntaxFactory.Space);
        }

        if (expression is not ParenthesizedExpressionSyntax && expression.ToString().IndexOf(':') >= 0)
        {
            expression = SyntaxFactory.ParenthesizedExpression(expression.WithoutTrivia());
        }

        return rewritten.WithExpression(expression);
    }

    /// <summary>A verbatim interpolated string that spans lines becomes a regular one with the same text (see <see cref="VisitToken"/>).</summary>
    public override SyntaxNode? VisitInterpolatedStringExpression(InterpolatedStringExpressionSyntax node)
    {
        var rewritten = (InterpolatedStringExpressionSyntax)base.VisitInterpolatedStringExpression(node)!;
        if (node.StringStartToken.IsKind(SyntaxKind.InterpolatedSingleLineRawStringStartToken) || node.StringStartToken.IsKind(SyntaxKind.InterpolatedMultiLineRawStringStartToken))
        {
            return RegularFromRaw(rewritten);
        }

        if (!node.StringStartToken.IsKind(SyntaxKind.InterpolatedVerbatimStringStartToken) ||
            !node.Contents.OfType<InterpolatedStringTextSyntax>().Any(t => SpansLines(t.TextToken.Text)))
        {
            return rewritten;
        }

        // Verbatim text escapes only quotes (""); braces are doubled in both forms.
        IEnumerable<SyntaxToken> texts = rewritten.DescendantTokens().Where(t =>
            t.IsKind(SyntaxKind.InterpolatedStringTextToken) && t.Parent?.FirstAncestorOrSelf<InterpolatedStringExpressionSyntax>() == rewritten);
        rewritten = rewritten.ReplaceTokens(texts, (original, _) =>
        {
            string text = original.Text.Replace("\"\"", "\"");
            string escaped = SyntaxFactory.Literal(text).Text;
            escaped = escaped.Substring(1, escaped.Length - 2);
            return SyntaxFactory.Token(original.LeadingTrivia, SyntaxKind.InterpolatedStringTextToken, escaped, text, original.TrailingTrivia);
        });
        return rewritten.WithStringStartToken(SyntaxFactory.Token(SyntaxKind.InterpolatedStringStartToken).WithTriviaFrom(rewritten.StringStartToken));
    }

    /// <summary>
    /// A raw interpolated string (C# 11: <c>$"""..."""</c>, <c>$$"""..."""</c>) as a regular one with the same text: each
    /// text part's value (indentation already removed, braces single) escaped, braces doubled.
    /// </summary>
    private static InterpolatedStringExpressionSyntax RegularFromRaw(InterpolatedStringExpressionSyntax rewritten)
    {
        var contents = new List<InterpolatedStringContentSyntax>();
        foreach (InterpolatedStringContentSyntax content in rewritten.Contents)
        {
            if (content is InterpolatedStringTextSyntax text)
            {
                string value = text.TextToken.ValueText;
                string escaped = SyntaxFactory.Literal(value).Text;
                escaped = escaped.Substring(1, escaped.Length - 2).Replace("{", "{{").Replace("}", "}}");
                contents.Add(text.WithTextToken(SyntaxFactory.Token(default, SyntaxKind.InterpolatedStringTextToken, escaped, value, default)));
            }
            else if (content is InterpolationSyntax hole)
            {
                // '$$"""...{{x}}..."""' opens and closes its holes with as many braces as dollars.
                contents.Add(hole.WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken)).WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken)));
            }
        }

        return SyntaxFactory.InterpolatedStringExpression(SyntaxFactory.Token(SyntaxKind.InterpolatedStringStartToken), SyntaxFactory.List(contents),
            SyntaxFactory.Token(SyntaxKind.InterpolatedStringEndToken)).WithTriviaFrom(rewritten);
    }

    private static bool SpansLines(string text) => text.IndexOf('\n') >= 0 || text.IndexOf('\r') >= 0;

    public override SyntaxNode? VisitThisExpression(ThisExpressionSyntax node)
    {
        NoteStateUse("this");
        return SyntaxFactory.IdentifierName(Names.This).WithTriviaFrom(node);
    }

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

        SyntaxNode? rewritten = base.VisitInvocationExpression(node);
        if (rewritten is not InvocationExpressionSyntax invocation)
        {
            return rewritten;
        }

        ArgumentListSyntax arguments = WithCallerInfo(node, invocation.ArgumentList);
        if (node.Expression is SimpleNameSyntax && _lowerer.CallOf(node) is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function &&
            _lowerer.LocalFunctionBoxes(function) is { Count: > 0 } boxes)
        {
            // A call of a local function that reads per-entry variables passes the boxes current here.
            arguments = arguments.WithArguments(arguments.Arguments.InsertRange(0, boxes.Select(local => SyntaxFactory.Argument(SyntaxFactory.IdentifierName(CurrentBox(local))))));
        }

        return invocation.WithArgumentList(arguments);
    }

    private static bool IsInvoked(SimpleNameSyntax name) => name.Parent is InvocationExpressionSyntax invocation && invocation.Expression == name;

    /// <summary>The box of <paramref name="local"/> for code written here: the one a lambda or local function around
    /// took (its parameter), else the field, which holds the box of the current entry of the variable's scope.</summary>
    private string CurrentBox(ILocalSymbol local)
    {
        if (_lambdaBoxes.TryGetValue(local, out string? box))
        {
            return box;
        }

        _lowerer.TryGetField(local, out string field);
        return field;
    }

    private string BoxTypeOf(ILocalSymbol local) => Lowerer.BoxType + "<" + _lowerer.LocalTypeName(local) + ">";

    /// <summary>
    /// A local function that reads per-entry variables, converted to a delegate: a lambda of the delegate's type that
    /// calls it with the boxes current here, made by a factory that takes them now, so the delegate keeps this entry's
    /// variables however late it runs (<c>((Func&lt;StrongBox&lt;T&gt;, D&gt;)(b =&gt; (p) =&gt; F(b, p)))(_x)</c>).
    /// </summary>
    private SyntaxNode LocalFunctionConversion(SimpleNameSyntax node, IMethodSymbol function, SimpleNameSyntax rewritten)
    {
        IReadOnlyList<ILocalSymbol> boxes = _lowerer.LocalFunctionBoxes(function);
        INamedTypeSymbol? delegateType = ConversionTarget(node);
        if (delegateType?.DelegateInvokeMethod is not { } invoke || !IsNameable(delegateType))
        {
            string line = (node.GetLocation().GetLineSpan().StartLinePosition.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _lowerer.Report(DiagnosticDescriptors.LoopCapture, node, boxes[0].Name, "Local function '" + function.Name + "' (converted to a delegate at line " + line + ")",
                delegateType is null ? "a delegate whose type the generator cannot find at this conversion" : "a delegate of type '" + delegateType.ToDisplayString() + "', which generated code cannot name (it mentions an anonymous type)",
                "Wrap the call in a lambda instead (lambdas take this iteration's variables however their type is inferred), or convert it to a delegate type with named types.");
            return rewritten;
        }

        var boxParameters = new List<string>();
        foreach (ILocalSymbol local in boxes)
        {
            _lowerer.TryGetField(local, out string field);
            boxParameters.Add(_lowerer.Claim("box" + field));
        }

        var parameters = new List<string>();
        var arguments = new List<string>(boxParameters);
        foreach (IParameterSymbol parameter in invoke.Parameters)
        {
            string name = _lowerer.Claim("arg" + parameter.Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture));
            string modifier = parameter.RefKind switch
            {
                RefKind.Ref => "ref ",
                RefKind.Out => "out ",
                RefKind.In => "in ",
                _ => "",
            };
            parameters.Add(modifier + _lowerer.TypeName(parameter.Type) + " " + name);
            arguments.Add(modifier + name);
        }

        string callee = rewritten.WithoutTrivia().ToFullString();
        if (function.IsGenericMethod && node is IdentifierNameSyntax)
        {
            // The type arguments the conversion inferred, written out: the lambda's call must not infer them again.
            callee += "<" + string.Join(", ", function.TypeArguments.Select(_lowerer.TypeName)) + ">";
        }

        string call = (invoke.ReturnsByRef || invoke.ReturnsByRefReadonly ? "ref " : "") + callee + "(" + string.Join(", ", arguments) + ")";
        string text = "((global::System.Func<" + string.Join(", ", boxes.Select(BoxTypeOf)) + ", " + _lowerer.TypeName(delegateType) + ">)(" +
            (boxParameters.Count == 1 ? boxParameters[0] : "(" + string.Join(", ", boxParameters) + ")") + " => (" + string.Join(", ", parameters) + ") => " + call + "))(" +
            string.Join(", ", boxes.Select(CurrentBox)) + ")";

        // The compiler's delegates of one function made in one scope entry are equal (same closure, same method, even
        // when the delegate type or the function's type arguments are type parameters of a local function), so
        // 'handler -= F' removes what 'handler += F' added: the delegate is made once per entry of the innermost
        // scope (keyed by its box, which fixes the outer ones), delegate type and instantiation, and looked up again.
        if (_lowerer.CapturesOnlyFields(function) && function.TypeArguments.All(IsNameable))
        {
            ILocalSymbol key = boxes[boxes.Count - 1];
            string cache = _lowerer.ConversionCache(function, delegateType, BoxTypeOf(key));
            text = cache + ".GetValue(" + CurrentBox(key) + ", " + _lowerer.Claim("key") + " => " + text + ")";
        }

        return SyntaxFactory.ParseExpression(text).WithTriviaFrom(node);
    }

    /// <summary>
    /// A local function nested in a lambda or another local function, converted to a delegate, that reads per-entry
    /// variables only through their boxes (see <see cref="Lowerer.NestedConversionKey"/>): the delegate is made once per
    /// box of the innermost of them, delegate type and instantiation, and looked up again, so two conversions in one
    /// scope entry are equal as in C# even when different calls of the function around it make them. Null when the
    /// conversion is left as written.
    /// </summary>
    private ExpressionSyntax? CachedNestedConversion(SimpleNameSyntax node, IMethodSymbol function, SimpleNameSyntax rewritten)
    {
        if (_lowerer.NestedConversionKey(function) is not { } key || ConversionTarget(node) is not { DelegateInvokeMethod: not null } delegateType ||
            !IsNameable(delegateType) || !function.TypeArguments.All(IsNameable))
        {
            return null;
        }

        string callee = rewritten.WithoutTrivia().ToFullString();
        if (function.IsGenericMethod && node is IdentifierNameSyntax)
        {
            callee += "<" + string.Join(", ", function.TypeArguments.Select(_lowerer.TypeName)) + ">";
        }

        string cache = _lowerer.ConversionCache(function, delegateType, BoxTypeOf(key));
        return SyntaxFactory.ParseExpression(cache + ".GetValue(" + CurrentBox(key) + ", " + _lowerer.Claim("key") + " => new " + _lowerer.TypeName(delegateType) + "(" + callee + "))")
            .WithTriviaFrom(node);
    }

    /// <summary>The delegate type a method group is converted to: the conversion's target, a cast's type, or the type of
    /// a delegate creation (<c>new D(F)</c>).</summary>
    private INamedTypeSymbol? ConversionTarget(SimpleNameSyntax node)
    {
        if (Model.GetTypeInfo(node).ConvertedType is INamedTypeSymbol { TypeKind: TypeKind.Delegate } converted)
        {
            return converted;
        }

        SyntaxNode outer = node;
        while (outer.Parent is ParenthesizedExpressionSyntax)
        {
            outer = outer.Parent;
        }

        return outer.Parent switch
        {
            CastExpressionSyntax cast => Model.GetTypeInfo(cast).Type as INamedTypeSymbol,
            ArgumentSyntax { Parent.Parent: ObjectCreationExpressionSyntax creation } => Model.GetTypeInfo(creation).Type as INamedTypeSymbol,
            _ => null,
        } is { TypeKind: TypeKind.Delegate } target ? target : null;
    }

    private static bool IsNameable(ITypeSymbol type) =>
        !type.IsAnonymousType && type is not IErrorTypeSymbol && !type.ToDisplayString().Contains("anonymous type") && !type.ToDisplayString().Contains("<anonymous");

    public override SyntaxNode? VisitObjectCreationExpression(ObjectCreationExpressionSyntax node)
    {
        if (node.ArgumentList is { Arguments: { Count: 1 } arguments } && arguments[0].Expression is SimpleNameSyntax name &&
            Model.GetTypeInfo(node).Type is { TypeKind: TypeKind.Delegate } && _lowerer.SymbolOf(name) is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function &&
            (_lowerer.LocalFunctionBoxes(function).Count > 0 || (_lowerer.NestedConversionKey(function) is not null && IsNameable(Model.GetTypeInfo(node).Type!) && function.TypeArguments.All(IsNameable))))
        {
            // 'new D(F)' is F converted to D: the conversion itself, not a delegate wrapping it (which would not be
            // equal to another conversion of F in the same scope entry).
            return SyntaxFactory.ParenthesizedExpression((ExpressionSyntax)Visit(name)!).WithTriviaFrom(node);
        }

        SyntaxNode? rewritten = base.VisitObjectCreationExpression(node);
        return rewritten is ObjectCreationExpressionSyntax { ArgumentList: { } list } creation ? creation.WithArgumentList(WithCallerInfo(node, list)) : rewritten;
    }

    /// <summary>
    /// An omitted caller-info argument would get the generated code's member, line and text (Step, a line of the
    /// generated file, the rewritten argument): it is passed explicitly with what the user's source gives it.
    /// </summary>
    private ArgumentListSyntax WithCallerInfo(ExpressionSyntax original, ArgumentListSyntax list)
    {
        ArgumentListSyntax? originalList = original switch
        {
            InvocationExpressionSyntax invocation => invocation.ArgumentList,
            ObjectCreationExpressionSyntax creation => creation.ArgumentList,
            _ => null,
        };
        IMethodSymbol? method = _lowerer.CallOf(original) as IMethodSymbol;
        if (method is null && original is InvocationExpressionSyntax { Expression: SimpleNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } } call)
        {
            // RentX(...) of a coroutine with caller-info parameters: unbound in the user's compilation, so its
            // parameters are the coroutine's.
            SimpleNameSyntax name = call.Expression as SimpleNameSyntax ?? ((MemberAccessExpressionSyntax)call.Expression).Name;
            string text = name.Identifier.ValueText;
            method = text.StartsWith("Rent", StringComparison.Ordinal) && _lowerer.SymbolOf(name) is null
                ? Lowerer.FindCoroutine(text.Substring(4), _lowerer.Method.ContainingType, out _)
                : null;
        }

        if (method is null || originalList is null || method.Parameters.Length == 0)
        {
            return list;
        }

        // Which parameter each written argument goes to: by name, else by position (a params parameter takes the rest).
        var given = new Dictionary<string, ArgumentSyntax>(StringComparer.Ordinal);
        int position = 0;
        foreach (ArgumentSyntax argument in originalList.Arguments)
        {
            if (argument.NameColon is { } nameColon)
            {
                given[nameColon.Name.Identifier.ValueText] = argument;
            }
            else if (position < method.Parameters.Length)
            {
                given[method.Parameters[position].Name] = argument;
                if (!method.Parameters[position].IsParams)
                {
                    position++;
                }
            }
        }

        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (!given.ContainsKey(parameter.Name) && parameter.HasExplicitDefaultValue && CallerInfo(original, parameter, given) is { } value)
            {
                list = list.AddArguments(SyntaxFactory.Argument(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(parameter.Name)), default, SyntaxFactory.ParseExpression(value)));
            }
        }

        return list;
    }

    private string? CallerInfo(ExpressionSyntax call, IParameterSymbol parameter, Dictionary<string, ArgumentSyntax> given)
    {
        foreach (AttributeData attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass?.ContainingNamespace?.ToDisplayString() != "System.Runtime.CompilerServices")
            {
                continue;
            }

            switch (attribute.AttributeClass.Name)
            {
                case "CallerMemberNameAttribute":
                    return Literal(_lowerer.Method.Name);
                case "CallerLineNumberAttribute":
                    SyntaxNode at = call switch
                    {
                        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name,
                        InvocationExpressionSyntax invocation => invocation.Expression,
                        ObjectCreationExpressionSyntax creation => creation.Type,
                        _ => call,
                    };
                    return (at.GetLocation().GetMappedLineSpan().StartLinePosition.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                case "CallerFilePathAttribute":
                    string path = call.SyntaxTree.FilePath;
                    return Literal(Model.Compilation.Options.SourceReferenceResolver?.NormalizePath(path, baseFilePath: null) ?? path);
                case "CallerArgumentExpressionAttribute" when attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name:
                    return given.TryGetValue(name, out ArgumentSyntax? argument) ? Literal(argument.Expression.ToString()) : null;
            }
        }

        return null;
    }

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    public override SyntaxNode? VisitDeclarationExpression(DeclarationExpressionSyntax node)
    {
        ExpressionSyntax? replacement = Designate(node.Designation, node.Type);
        if (replacement is null && node.Designation is SingleVariableDesignationSyntax single && Model.GetDeclaredSymbol(single) is ILocalSymbol local &&
            InMixedDeconstruction(node) && !IsReferenced(local))
        {
            // '(var a, var b) = t' with 'a' hoisted: 'b', which nothing uses, becomes a discard ('(_a, _) = t'), since C# 9
            // cannot mix declarations and assignments in one deconstruction.
            replacement = SyntaxFactory.IdentifierName("_");
        }

        return replacement is null ? base.VisitDeclarationExpression(node) : replacement.WithTriviaFrom(node);
    }

    public override SyntaxNode? VisitIsPatternExpression(IsPatternExpressionSyntax node)
    {
        PatternSyntax pattern = node.Pattern;
        bool negated = false;
        if (pattern is UnaryPatternSyntax { OperatorToken.ValueText: "not" } not && HoistedDesignations(not.Pattern).Count > 0)
        {
            pattern = not.Pattern;
            negated = true;
        }

        List<string> binds = BindHoisted(pattern);
        if (binds.Count == 0)
        {
            return base.VisitIsPatternExpression(node);
        }

        var rewrittenPattern = (PatternSyntax)Visit(pattern)!;
        var expression = (ExpressionSyntax)Visit(node.Expression)!;
        string text = "(" + expression.ToFullString().Trim() + " is " + rewrittenPattern.ToFullString().Trim() + " && " + string.Join(" && ", binds) + ")";
        ClearTemps(pattern);
        return SyntaxFactory.ParseExpression(negated ? "!" + text : text).WithTriviaFrom(node);
    }

    public override SyntaxNode? VisitCasePatternSwitchLabel(CasePatternSwitchLabelSyntax node)
    {
        List<string> binds = BindHoisted(node.Pattern);
        if (binds.Count == 0)
        {
            return base.VisitCasePatternSwitchLabel(node);
        }

        var pattern = (PatternSyntax)Visit(node.Pattern)!;
        string when = string.Join(" && ", binds);
        if (node.WhenClause is not null)
        {
            when += " && (" + ((WhenClauseSyntax)Visit(node.WhenClause)!).Condition.ToFullString().Trim() + ")";
        }

        ClearTemps(node.Pattern);
        return SyntaxFactory.ParseStatement("switch (0) { case " + pattern.ToFullString().Trim() + " when " + when + ": break; }") is SwitchStatementSyntax parsed
            ? parsed.Sections[0].Labels[0].WithTriviaFrom(node)
            : node;
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

        if (!node.IsKind(SyntaxKind.GotoStatement) && FindTarget(node, continueStatement: false) is SwitchStatementSyntax target && _lowerer.Targets.TryGetValue(target, out JumpTarget? jump))
        {
            bool isDefault = node.IsKind(SyntaxKind.GotoDefaultStatement);
            object? value = isDefault || node.Expression is null ? null : Model.GetConstantValue(node.Expression).Value;
            string? section = Lowerer.CaseLabel(jump, isDefault, value);
            if (section is not null)
            {
                return Goto(_lowerer.JumpTo(section, jump.Region), node);
            }

            _lowerer.Report(DiagnosticDescriptors.UnsupportedStatement, node, isDefault ? "goto default" : "goto case", "the switch has no matching constant case label");
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
        if (node.IsKind(SyntaxKind.YieldBreakStatement) && EnclosingFunction(node) is null)
        {
            return Goto(_lowerer.JumpTo(Names.Finish, 0), node);
        }

        return base.VisitYieldStatement(node);
    }

    /// <summary>Called once the whole body is lowered: a local function that touches machine state and is used as a delegate makes the machine non-poolable.</summary>
    public void CheckLocalFunctionEscape()
    {
        if (_localFunctionTouchingState is not null && _localFunctionAsDelegate is not null)
        {
            _lowerer.NoteMachineStateCaptured(_localFunctionTouchingState, "a local function used as a delegate at line " +
                (_localFunctionAsDelegate.GetLocation().GetLineSpan().StartLinePosition.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static StatementSyntax Goto(string label, StatementSyntax original) =>
        SyntaxFactory.GotoStatement(SyntaxKind.GotoStatement, SyntaxFactory.IdentifierName(label)).WithTriviaFrom(original);

    private SyntaxNode? InClosure(SyntaxNode closure, Func<SyntaxNode?> visit)
    {
        _closures.Push(closure);
        try
        {
            return visit();
        }
        finally
        {
            _closures.Pop();
        }
    }

    private void NoteStateUse(string what)
    {
        if (_closures.Count > 0)
        {
            _lowerer.NoteMachineStateCaptured(_closures.Peek(), what);
        }
        else if (_localFunctionDepth > 0)
        {
            _touchedInLocalFunction = true;
        }
    }

    private void NoteLocalFunctionUse(SimpleNameSyntax node, ISymbol symbol)
    {
        if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } && !(node.Parent is InvocationExpressionSyntax invocation && invocation.Expression == node))
        {
            _localFunctionAsDelegate ??= node;
            CheckLocalFunctionEscape();
        }
    }

    private void ReportLoopCapture(SyntaxNode closure, string name)
    {
        (string who, string what, string advice) = closure switch
        {
            QueryExpressionSyntax => ("This query", "a query whose result type cannot be named (an anonymous type)", "Select a named type or a tuple, or copy '" + name + "' into a local of a block with no yield."),
            _ => ("This expression-tree lambda", "an expression tree", "Use a delegate lambda, or copy '" + name + "' into a local of a block with no yield."),
        };
        _lowerer.Report(DiagnosticDescriptors.LoopCapture, closure, name, who, what, advice);
    }

    /// <summary>For each hoisted designation in a pattern: a fresh local for the pattern itself, and a <c>Bind(out field, local)</c> that stores it.</summary>
    private List<string> BindHoisted(PatternSyntax pattern)
    {
        var binds = new List<string>();
        foreach ((SingleVariableDesignationSyntax designation, ILocalSymbol local, string field) in HoistedDesignations(pattern))
        {
            string temp = _lowerer.Claim(local.Name);
            _patternTemps[local] = temp;
            string target = _lowerer.IsBoxed(local) ? _lowerer.BoxedTarget(local, field) : field;
            binds.Add(Names.Bind + "(out " + target + ", " + temp + ")");
            _ = designation;
        }

        return binds;
    }

    private void ClearTemps(PatternSyntax pattern)
    {
        foreach ((_, ILocalSymbol local, _) in HoistedDesignations(pattern))
        {
            _patternTemps.Remove(local);
        }
    }

    private List<(SingleVariableDesignationSyntax Designation, ILocalSymbol Local, string Field)> HoistedDesignations(PatternSyntax pattern)
    {
        var result = new List<(SingleVariableDesignationSyntax, ILocalSymbol, string)>();
        foreach (SingleVariableDesignationSyntax designation in pattern.DescendantNodesAndSelf(n => n is not AnonymousFunctionExpressionSyntax).OfType<SingleVariableDesignationSyntax>())
        {
            if (Model.GetDeclaredSymbol(designation) is ILocalSymbol local && _lowerer.TryGetField(local, out string field))
            {
                result.Add((designation, local, field));
            }
        }

        return result;
    }

    private ExpressionSyntax? Designate(VariableDesignationSyntax designation, TypeSyntax? type)
    {
        switch (designation)
        {
            case SingleVariableDesignationSyntax single:
                ISymbol? symbol = Model.GetDeclaredSymbol(single);
                if (symbol is ILocalSymbol local && _lowerer.TryGetField(local, out string field))
                {
                    return _lowerer.IsBoxed(local)
                        ? SyntaxFactory.ParseExpression(_lowerer.BoxedTarget(local, field))
                        : SyntaxFactory.IdentifierName(field);
                }

                if (type is null && symbol is ILocalSymbol kept)
                {
                    // A local inside a deconstruction whose other parts are hoisted. It stays a local only when nothing
                    // outside the deconstruction uses it, so it is unused: a discard (C# 9 cannot mix declarations
                    // and assignments in one deconstruction); declared in place only if something does use it.
                    if (!IsReferenced(kept))
                    {
                        return SyntaxFactory.IdentifierName("_");
                    }

                    string name = _lowerer.TryGetRenamed(kept, out string renamed) ? renamed : kept.Name;
                    return SyntaxFactory.ParseExpression("var " + name);
                }

                return null;
            case ParenthesizedVariableDesignationSyntax parenthesized:
                // Kept as written unless a variable in it (at any depth) is hoisted: then every part is an assignment
                // target, nested parts too. A discard then is '_', which no user variable captures where lowering
                // writes it (a user '_' moved into Step's top scope is renamed).
                if (type is not null && !parenthesized.DescendantNodes().OfType<SingleVariableDesignationSyntax>().Any(IsHoisted))
                {
                    return null;
                }

                return SyntaxFactory.TupleExpression(SyntaxFactory.SeparatedList(parenthesized.Variables.Select(v => SyntaxFactory.Argument(Designate(v, null) ?? SyntaxFactory.IdentifierName("_")))));
            case DiscardDesignationSyntax:
                return SyntaxFactory.IdentifierName("_");
            default:
                return null;
        }
    }

    // Whether a declaration sits in the tuple on the left of a deconstruction in which another variable is hoisted.
    private bool InMixedDeconstruction(DeclarationExpressionSyntax node)
    {
        SyntaxNode top = node;
        while (top.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax tuple })
        {
            top = tuple;
        }

        return top is TupleExpressionSyntax && IsDeconstructionTarget(top) &&
            top.DescendantNodes().OfType<SingleVariableDesignationSyntax>().Any(IsHoisted);
    }

    private bool IsReferenced(ILocalSymbol local) =>
        _lowerer.Syntax.Body!.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Any(id => id.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(_lowerer.SymbolOf(id), local));

    private bool IsHoisted(SingleVariableDesignationSyntax designation) =>
        Model.GetDeclaredSymbol(designation) is { } symbol && _lowerer.TryGetField(symbol, out _);

    private static SyntaxNode? EnclosingFunction(SyntaxNode node)
    {
        for (SyntaxNode? n = node.Parent; n is not null; n = n.Parent)
        {
            if (n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or QueryExpressionSyntax)
            {
                return n;
            }

            if (n is MethodDeclarationSyntax)
            {
                return null;
            }
        }

        return null;
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
            symbol.ContainingType is null || !HasImplicitReceiver(node))
        {
            return null;
        }

        ExpressionSyntax receiver;
        if (symbol.IsStatic)
        {
            // Any static member named without a receiver (of the containing type, an outer type or a 'using static'):
            // qualified, so no member of the machine can capture the name.
            receiver = SyntaxFactory.ParseExpression(_lowerer.Symbols.Full(symbol.ContainingType));
        }
        else if (IsContainingTypeOrBase(symbol.ContainingType))
        {
            NoteStateUse("this");
            receiver = SyntaxFactory.IdentifierName(Names.This);
        }
        else
        {
            return null;
        }

        SimpleNameSyntax name = (rewritten ?? node).WithoutTrivia();
        return SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, name).WithTriviaFrom(node);
    }

    /// <summary>
    /// A type or namespace named without a qualifier: written from the global namespace, so it binds to the same
    /// symbol in the generated file, which has none of the user's using directives and sits inside the machine class
    /// (whose members, and the names of outer types, would otherwise capture it). The user's own name token and type
    /// arguments are kept; only the container is prefixed.
    /// </summary>
    private SyntaxNode? QualifyTypeOrNamespace(SimpleNameSyntax node, ISymbol symbol, SimpleNameSyntax rewritten)
    {
        if (!HasImplicitReceiver(node) ||
            symbol is not (INamedTypeSymbol or INamespaceSymbol { IsGlobalNamespace: false }) ||
            symbol is INamedTypeSymbol { IsAnonymousType: true } or IErrorTypeSymbol ||
            node.Identifier.ValueText != symbol.Name)
        {
            // Also leaves 'var', 'nint', 'dynamic' and 'unmanaged', whose text is not the name of what they bind to.
            return null;
        }

        return SyntaxFactory.ParseName(Prefix(symbol) + rewritten.WithoutTrivia().ToFullString()).WithTriviaFrom(node);
    }

    /// <summary>
    /// A name the user's compilation cannot bind because this generator adds it: <c>RentX</c> (the pooled factory of
    /// coroutine X) or <c>XMachine</c> (its machine class), declared on the containing type, its bases or its outer
    /// types. Qualified like the member it will be: through the machine's <c>this</c> field when X is an instance
    /// coroutine (the machine is a nested class, so an unqualified instance member of the outer type would not bind), by
    /// the declaring type otherwise.
    /// </summary>
    private SyntaxNode? QualifyGenerated(SimpleNameSyntax node, SimpleNameSyntax rewritten)
    {
        string text = node.Identifier.ValueText;
        bool rent = text.StartsWith("Rent", StringComparison.Ordinal) && text.Length > 4;
        bool machine = text.EndsWith("Machine", StringComparison.Ordinal) && text.Length > 7;
        if ((!rent && !machine) || !HasImplicitReceiver(node))
        {
            return null;
        }

        string coroutine = rent ? text.Substring(4) : text.Substring(0, text.Length - 7);
        IMethodSymbol? method = Lowerer.FindCoroutine(coroutine, _lowerer.Method.ContainingType, out INamedTypeSymbol? declaring);
        if (method is null || declaring is null)
        {
            return null;
        }

        ExpressionSyntax receiver;
        if (rent && !method.IsStatic)
        {
            if (!IsContainingTypeOrBase(declaring) || _lowerer.Method.IsStatic)
            {
                return null;
            }

            NoteStateUse("this");
            receiver = SyntaxFactory.IdentifierName(Names.This);
        }
        else
        {
            receiver = SyntaxFactory.ParseName(_lowerer.Symbols.Full(declaring));
        }

        return rent
            ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, rewritten.WithoutTrivia()).WithTriviaFrom(node)
            : SyntaxFactory.ParseName(receiver.ToFullString() + "." + rewritten.WithoutTrivia().ToFullString()).WithTriviaFrom(node);
    }

    /// <summary>The qualifier that names <paramref name="symbol"/>'s container from the root it is reachable from
    /// (<c>global::</c> or an extern alias), with its trailing separator.</summary>
    private string Prefix(ISymbol symbol)
    {
        if (symbol.ContainingType is { } type)
        {
            return _lowerer.Symbols.Full(type) + ".";
        }

        INamespaceSymbol? ns = symbol.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? _lowerer.Symbols.Root(symbol) + "::" : _lowerer.Symbols.Full(ns) + ".";
    }

    private string FullName(INamespaceOrTypeSymbol symbol) =>
        symbol is INamespaceSymbol { IsGlobalNamespace: true } ns ? _lowerer.Symbols.Root(ns) + "::" : _lowerer.Symbols.Full(symbol);

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
            case AliasQualifiedNameSyntax:
            case ExplicitInterfaceSpecifierSyntax:
                return false;
            case AssignmentExpressionSyntax assignment when assignment.Left == node && assignment.Parent is InitializerExpressionSyntax:
                return false;
            default:
                return true;
        }
    }
}
