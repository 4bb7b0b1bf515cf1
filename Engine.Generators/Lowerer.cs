using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engine.Generators;

/// <summary>
/// Lowers an iterator body into flat, goto-based C# for the machine's Step, the way the compiler does it, but as
/// readable source.
/// </summary>
/// <remarks>
/// <para>
/// Design: a statement that contains no <c>yield return</c> is emitted verbatim (only its names are rewritten), so
/// most user code is untouched. A statement that contains one is "flattened": its control flow becomes labels and
/// gotos at the top level of Step, where the <c>switch (_state)</c> can jump back to every resume label. Locals that
/// live across a yield are hoisted into fields; the others stay locals (renamed when flattening would put two of them
/// in one scope). try/finally and using statements that contain a yield become numbered regions (Lowerer.Regions.cs).
/// </para>
/// <para>
/// The parts: this file (names, statement dispatch, yields), Lowerer.Hoisting.cs (which locals become fields, which
/// are per iteration), Lowerer.ControlFlow.cs (if, loops, foreach, switch) and Lowerer.Regions.cs (try/finally, using,
/// jumps that leave regions). Every invented name comes from one <see cref="NameTable"/>.
/// </para>
/// </remarks>
internal sealed partial class Lowerer
{
    public const string BoxType = "global::System.Runtime.CompilerServices.StrongBox";

    private readonly SemanticModel _model;
    private readonly IMethodSymbol _method;
    private readonly MethodDeclarationSyntax _syntax;
    private readonly CancellationToken _cancellationToken;
    private readonly HashSet<SyntaxNode> _yieldAncestors = new();
    private readonly Dictionary<ISymbol, string> _fieldOf = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, string> _renamed = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<SyntaxNode, JumpTarget> _targets = new();
    private readonly Dictionary<string, int> _declaredNames = new(System.StringComparer.Ordinal);
    private readonly BodyRewriter _rewriter;
    private NameTable _names = null!;
    private bool _hasLoweredContext;
    private SymbolMap? _symbolMap;
    private HashSet<string>? _aliasNames;

    public Lowerer(SemanticModel model, IMethodSymbol method, MethodDeclarationSyntax syntax, CancellationToken cancellationToken)
    {
        _model = model;
        _method = method;
        _syntax = syntax;
        _cancellationToken = cancellationToken;
        Symbols = new SymbolNames(model.Compilation);
        _rewriter = new BodyRewriter(this);
    }

    /// <summary>Writes every type, namespace and member in full (from <c>global::</c> or an extern alias).</summary>
    public SymbolNames Symbols { get; }

    public SemanticModel Model => _model;

    /// <summary>
    /// What a name or member access refers to (<c>GetSymbolInfo(node).Symbol</c>), asked in time that depends neither
    /// on the expression around it nor on how deep it sits. The body's <see cref="SymbolMap"/> answers the names, calls
    /// and creations its operation tree stands for; the others are asked of the model, a method group that is called
    /// through its call: the semantic model binds a method group (the <c>c.M</c> of <c>c.M()</c>, or its name
    /// <c>M</c>) apart from the call, receiver and all, so asking about each method group of a chain
    /// <c>c.M().M()...</c> takes time quadratic in its length. A delegate's <c>Invoke</c> or a call that did not
    /// resolve is asked about directly.
    /// </summary>
    public ISymbol? SymbolOf(ExpressionSyntax node) => SymbolInfoOf(node, out ISymbol? known) is { } info ? info.Symbol : known;

    /// <summary>What a name refers to, or its first candidate when it did not resolve to one symbol.</summary>
    public ISymbol? SymbolOrCandidateOf(ExpressionSyntax node) =>
        SymbolInfoOf(node, out ISymbol? known) is { } info ? info.Symbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] : null) : known;

    /// <summary>The method or constructor a call or object creation resolved to (<c>GetSymbolInfo(call).Symbol</c>).</summary>
    public ISymbol? CallOf(ExpressionSyntax call) =>
        SymbolMap.TryGet(call, out ISymbol? known) ? known : _model.GetSymbolInfo(call, _cancellationToken).Symbol;

    /// <summary>
    /// Whether a name is spelled like a using alias or extern alias that could be in scope (one of its file or its
    /// namespaces, or a global one of any file), so only such names are asked about with <c>GetAliasInfo</c>, which
    /// walks up from the name on every call.
    /// </summary>
    public bool MayBeAlias(IdentifierNameSyntax name) => (_aliasNames ??= AliasNames()).Contains(name.Identifier.ValueText);

    private HashSet<string> AliasNames()
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (SyntaxTree tree in _model.Compilation.SyntaxTrees)
        {
            if (tree.GetRoot(_cancellationToken) is CompilationUnitSyntax unit)
            {
                Add(unit.Usings, unit.Externs);
            }
        }

        foreach (BaseNamespaceDeclarationSyntax scope in _syntax.SyntaxTree.GetRoot(_cancellationToken)
            .DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<BaseNamespaceDeclarationSyntax>())
        {
            Add(scope.Usings, scope.Externs);
        }

        return names;

        void Add(SyntaxList<UsingDirectiveSyntax> usings, SyntaxList<ExternAliasDirectiveSyntax> externs)
        {
            foreach (UsingDirectiveSyntax directive in usings)
            {
                if (directive.Alias is { } alias)
                {
                    names.Add(alias.Name.Identifier.ValueText);
                }
            }

            foreach (ExternAliasDirectiveSyntax directive in externs)
            {
                names.Add(directive.Identifier.ValueText);
            }
        }
    }

    private SymbolMap SymbolMap => _symbolMap ??= SymbolMap.Of(_model, _syntax.Body!, _cancellationToken);

    // The model's answer, or null with the map's answer in 'known'.
    private SymbolInfo? SymbolInfoOf(ExpressionSyntax node, out ISymbol? known)
    {
        if (SymbolMap.TryGet(node, out known))
        {
            return null;
        }

        SyntaxNode target = node.Parent is MemberAccessExpressionSyntax access && access.Name == node ? access
            : node.Parent is MemberBindingExpressionSyntax binding && binding.Name == node ? binding
            : node;
        if (target.Parent is InvocationExpressionSyntax invocation && invocation.Expression == target)
        {
            if (SymbolMap.TryGet(invocation, out ISymbol? method))
            {
                if (method is IMethodSymbol { MethodKind: not MethodKind.DelegateInvoke })
                {
                    known = method;
                    return null;
                }
            }
            else if (_model.GetSymbolInfo(invocation, _cancellationToken) is { Symbol: IMethodSymbol { MethodKind: not MethodKind.DelegateInvoke } } call)
            {
                return call;
            }
        }

        return _model.GetSymbolInfo(node, _cancellationToken);
    }

    public IMethodSymbol Method => _method;

    public MethodDeclarationSyntax Syntax => _syntax;

    public int CurrentRegion => _region;

    public MachineNames Names { get; private set; } = null!;

    public List<DiagnosticInfo> Diagnostics { get; } = new();

    public List<ParameterModel> Parameters { get; } = new();

    public List<FieldModel> Fields { get; } = new();

    public List<SiteModel> Sites { get; } = new();

    public List<RegionModel> Regions { get; } = new();

    public List<string> Lines { get; } = new();

    /// <summary>The local functions of Step's top scope, as private methods of the machine: finally blocks (methods of
    /// their own) call them too.</summary>
    public List<string> LocalFunctions { get; } = new();

    /// <summary>The constants of Step's top scope, as constants of the machine: finally blocks and recomputed pending
    /// instructions (methods of their own) use them too.</summary>
    public List<string> Constants { get; } = new();

    public Dictionary<SyntaxNode, JumpTarget> Targets => _targets;

    /// <summary>Whether a closure in the body captures the machine's own state (fields or <c>this</c>), so the machine must not be pooled.</summary>
    public bool CapturesMachineState { get; private set; }

    public void Run()
    {
        BlockSyntax body = _syntax.Body!;
        foreach (SyntaxNode node in DescendantsInBody(body))
        {
            if (node is YieldStatementSyntax y && y.IsKind(SyntaxKind.YieldReturnStatement))
            {
                for (SyntaxNode? n = y; n is not null && n != _syntax; n = n.Parent)
                {
                    _yieldAncestors.Add(n);
                }
            }
            else if (node is CheckedStatementSyntax)
            {
                _hasLoweredContext = true;
            }
            else if (node is UnsafeStatementSyntax or FixedStatementSyntax or PointerTypeSyntax)
            {
                Diagnostics.Add(CoroutineParser.Info(DiagnosticDescriptors.UnsafeCode, node));
            }
        }

        if (!_yieldAncestors.Contains(body))
        {
            Diagnostics.Add(CoroutineParser.Info(DiagnosticDescriptors.BadSignature, _syntax.Identifier, _method.Name, "its body has no 'yield return', so it is not an iterator"));
            return;
        }

        // Every identifier anywhere in the method (lambdas, local functions, queries, patterns and labels included),
        // so no invented name can capture or be captured by a user name.
        _names = new NameTable(_syntax.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        CountDeclaredNames();
        Names = _names.MachineNames() with
        {
            Bind = UserUses("Bind") ? "global::Engine.Machines.CoroutineMachine.Bind" : "Bind",
        };

        foreach (IParameterSymbol parameter in _method.Parameters)
        {
            string field = _names.Claim("_" + parameter.Name);
            string arg = _names.Claim("_arg_" + parameter.Name);
            _fieldOf[parameter] = field;
            Parameters.Add(new ParameterModel(TypeName(parameter.Type), parameter.Name, field, arg, ParameterModifiers(parameter), DefaultValue(parameter)));
        }

        HoistLocals(body);
        if (Diagnostics.Count > 0)
        {
            return;
        }

        EnterScope(body);
        LowerStatements(body.Statements);
        Emit("goto " + Names.Finish + ";");
        EmitPendingGotos();
        Lines.AddRange(_trampolines);
        Label(Names.Finish);
        Emit("return End;");
        CacheFields();
    }

    /// <summary>Descendants of the method body, not entering lambdas or local functions (they are separate methods).</summary>
    public static IEnumerable<SyntaxNode> DescendantsInBody(SyntaxNode node) =>
        node.DescendantNodes(static n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax));

    public bool HasYield(SyntaxNode node) => _yieldAncestors.Contains(node);

    public bool TryGetField(ISymbol symbol, out string field) => _fieldOf.TryGetValue(symbol, out field!);

    public bool TryGetRenamed(ISymbol symbol, out string name) => _renamed.TryGetValue(symbol is IMethodSymbol method ? method.OriginalDefinition : symbol, out name!);

    public bool IsBoxed(ISymbol symbol) => _boxed.Contains(symbol);

    /// <summary>Where a boxed local's declaration finds its box: made on entry to its scope (<c>_v.Value</c>), or made
    /// at the declaration itself (<c>(_v = new StrongBox&lt;T&gt;()).Value</c>).</summary>
    public string BoxedTarget(ILocalSymbol local, string field) =>
        _boxedAtScopeEntry.ContainsKey(local) ? field + ".Value" : "(" + field + " = new " + BoxType + "<" + LocalTypeName(local) + ">()).Value";

    public string Claim(string preferred) => _names.Claim(preferred);

    public void NoteMachineStateCaptured(SyntaxNode closure, string what)
    {
        if (!CapturesMachineState)
        {
            CapturesMachineState = true;
            string kind = closure switch
            {
                LocalFunctionStatementSyntax => "A local function used as a delegate",
                QueryExpressionSyntax => "A query expression",
                _ => "A lambda",
            };
            Diagnostics.Add(CoroutineParser.Info(DiagnosticDescriptors.NotPooled, closure, kind, _method.Name, what));
        }
    }

    public string TypeName(ITypeSymbol type) => Symbols.Type(type);

    /// <summary>
    /// The type of a local written in full. A local declared with 'var' from a member this generator adds (RentX(...),
    /// XMachine.Rent(...), new XMachine(...)) has no type in the user's compilation (the generator runs before its own
    /// output exists): its type is the machine class of coroutine X.
    /// </summary>
    public string LocalTypeName(ILocalSymbol local) =>
        HasErrorType(local.Type) && GeneratedTypeName(local, out _) is { } generated ? generated : TypeName(local.Type);

    public static bool HasErrorType(ITypeSymbol type) => type switch
    {
        IErrorTypeSymbol => true,
        IArrayTypeSymbol array => HasErrorType(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(HasErrorType),
        _ => false,
    };

    /// <summary>The machine type of a local initialized by a generated member (see <see cref="LocalTypeName"/>), or null;
    /// <paramref name="problem"/> then says why when the member was found but its type cannot be named.</summary>
    private string? GeneratedTypeName(ILocalSymbol local, out string? problem)
    {
        problem = null;
        if (local.DeclaringSyntaxReferences.Length == 0 ||
            local.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } value })
        {
            return null;
        }

        // RentX(...), this.RentX(...), other.RentX(...), XMachine.Rent(...), new XMachine(...).
        ExpressionSyntax? receiver = null;
        SimpleNameSyntax? name = null;
        bool rent = false;
        switch (value)
        {
            case InvocationExpressionSyntax { Expression: SimpleNameSyntax simple }:
                name = simple;
                rent = true;
                break;
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Rent", Expression: SimpleNameSyntax machine } }:
                name = machine;
                break;
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }:
                receiver = access.Expression;
                name = access.Name;
                rent = true;
                break;
            case ObjectCreationExpressionSyntax { Type: SimpleNameSyntax machine }:
                name = machine;
                break;
        }

        string text = name?.Identifier.ValueText ?? "";
        string coroutine = rent
            ? (text.StartsWith("Rent", System.StringComparison.Ordinal) ? text.Substring(4) : "")
            : (text.EndsWith("Machine", System.StringComparison.Ordinal) ? text.Substring(0, text.Length - 7) : "");
        if (coroutine.Length == 0)
        {
            return null;
        }

        INamedTypeSymbol? start = receiver is null || receiver is ThisExpressionSyntax ? _method.ContainingType : _model.GetTypeInfo(receiver, _cancellationToken).Type as INamedTypeSymbol;
        IMethodSymbol? method = FindCoroutine(coroutine, start, out INamedTypeSymbol? declaring, searchOuter: receiver is null);
        if (method is null || declaring is null)
        {
            return null;
        }

        string arguments = "";
        if (method.TypeParameters.Length > 0)
        {
            if (name is GenericNameSyntax generic)
            {
                arguments = Rewrite(generic.TypeArgumentList);
            }
            else if (rent && InferredTypeArguments(value, coroutine) is { } inferred)
            {
                // RentX(...) without type arguments: RentX has X's parameters, so the compiler infers for X(...)
                // what it will infer for RentX(...); its inferred arguments are written in full.
                ITypeSymbol? anonymous = inferred.FirstOrDefault(ContainsAnonymousType);
                if (anonymous is not null)
                {
                    problem = "its type is the machine of generic coroutine '" + coroutine + "' with a type argument inferred as an anonymous type (" +
                        anonymous.ToDisplayString() + "), which cannot be named in a field; use a tuple or a named type";
                    return null;
                }

                if (inferred.Any(HasErrorType))
                {
                    return null;
                }

                arguments = "<" + string.Join(", ", inferred.Select(TypeName)) + ">";
            }
            else
            {
                return null;
            }
        }

        return Symbols.Full(declaring) + "." + coroutine + "Machine" + arguments;
    }

    /// <summary>The type arguments the compiler infers for <c>RentX(...)</c> (a call of a member the generator adds, which
    /// does not bind yet): those of the same call of coroutine X, bound speculatively; null when it does not bind.</summary>
    private ImmutableArray<ITypeSymbol>? InferredTypeArguments(ExpressionSyntax call, string coroutine)
    {
        ExpressionSyntax? original = call switch
        {
            InvocationExpressionSyntax { Expression: IdentifierNameSyntax simple } invocation =>
                invocation.WithExpression(SyntaxFactory.IdentifierName(coroutine).WithTriviaFrom(simple)),
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: IdentifierNameSyntax } access } invocation =>
                invocation.WithExpression(access.WithName(SyntaxFactory.IdentifierName(coroutine))),
            _ => null,
        };
        if (original is null)
        {
            return null;
        }

        SymbolInfo info = _model.GetSpeculativeSymbolInfo(call.SpanStart, original, SpeculativeBindingOption.BindAsExpression);
        return info.Symbol is IMethodSymbol { IsGenericMethod: true } method ? method.TypeArguments : null;
    }

    private static bool ContainsAnonymousType(ITypeSymbol type) => type switch
    {
        { IsAnonymousType: true } => true,
        IArrayTypeSymbol array => ContainsAnonymousType(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsAnonymousType),
        _ => false,
    };

    /// <summary>A [Coroutine] method named <paramref name="name"/> on <paramref name="start"/> or its bases, then (when
    /// <paramref name="searchOuter"/>) on its outer types: where an unqualified name finds it.</summary>
    public static IMethodSymbol? FindCoroutine(string name, INamedTypeSymbol? start, out INamedTypeSymbol? declaring, bool searchOuter = true)
    {
        for (INamedTypeSymbol? outer = start; outer is not null; outer = searchOuter ? outer.ContainingType : null)
        {
            for (INamedTypeSymbol? t = outer; t is not null; t = t.BaseType)
            {
                foreach (ISymbol member in t.GetMembers(name))
                {
                    if (member is IMethodSymbol method && method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "Engine.CoroutineAttribute"))
                    {
                        declaring = t;
                        return method;
                    }
                }
            }
        }

        declaring = null;
        return null;
    }

    /// <summary>Caller-info attributes and <c>params</c>, so a call of a generated factory gets what a call of the coroutine gets.</summary>
    private static string ParameterModifiers(IParameterSymbol parameter)
    {
        var text = new System.Text.StringBuilder();
        foreach (AttributeData attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass is { } type && type.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices" &&
                type.Name.StartsWith("Caller", System.StringComparison.Ordinal))
            {
                text.Append('[').Append(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
                if (attribute.ConstructorArguments.Length > 0)
                {
                    text.Append('(').Append(string.Join(", ", attribute.ConstructorArguments.Select(a => a.ToCSharpString()))).Append(')');
                }

                text.Append("] ");
            }
        }

        if (parameter.IsParams)
        {
            text.Append("params ");
        }

        return text.ToString();
    }

    /// <summary>
    /// The parameter's default value as <c> = value</c> (empty when it has none), written from its constant so it does
    /// not depend on names in scope: an enum member or a constant becomes its value cast to the type in full
    /// (<c>(global::N.Color)(1)</c>), <c>null</c>, <c>default</c> and <c>new S()</c> become <c>default</c>.
    /// </summary>
    private string DefaultValue(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue)
        {
            return "";
        }

        object? value = parameter.ExplicitDefaultValue;
        if (value is null)
        {
            return " = default";
        }

        // A nullable value type takes a constant of its underlying type (a conversion to T? is not a constant).
        ITypeSymbol type = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : parameter.Type;
        string literal = value switch
        {
            double d when double.IsNaN(d) => "global::System.Double.NaN",
            double d when double.IsPositiveInfinity(d) => "global::System.Double.PositiveInfinity",
            double d when double.IsNegativeInfinity(d) => "global::System.Double.NegativeInfinity",
            double d => d.ToString("R", CultureInfo.InvariantCulture) + "D",
            float f when float.IsNaN(f) => "global::System.Single.NaN",
            float f when float.IsPositiveInfinity(f) => "global::System.Single.PositiveInfinity",
            float f when float.IsNegativeInfinity(f) => "global::System.Single.NegativeInfinity",
            float f => f.ToString("R", CultureInfo.InvariantCulture) + "F",
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
            _ => SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false),
        };
        return value is string || type.SpecialType == SpecialType.System_Boolean
            ? " = " + literal
            : " = (" + TypeName(type) + ")(" + literal + ")";
    }

    public void Report(DiagnosticDescriptor descriptor, SyntaxNode node, params string[] args) =>
        Diagnostics.Add(CoroutineParser.Info(descriptor, node, args));

    private void Report(DiagnosticDescriptor descriptor, SyntaxToken token, params string[] args) =>
        Diagnostics.Add(CoroutineParser.Info(descriptor, token, args));

    private bool UserUses(string name) => _syntax.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == name);

    // How often each name is declared anywhere in the method (locals, parameters, local functions, range variables,
    // labels): a user name moved to Step's top scope keeps its spelling only if it is declared once.
    private void CountDeclaredNames()
    {
        foreach (SyntaxNode node in _syntax.DescendantNodesAndSelf())
        {
            SyntaxToken? token = node switch
            {
                VariableDeclaratorSyntax v => v.Identifier,
                SingleVariableDesignationSyntax d => d.Identifier,
                ParameterSyntax p => p.Identifier,
                LocalFunctionStatementSyntax f => f.Identifier,
                ForEachStatementSyntax f => f.Identifier,
                CatchDeclarationSyntax c => c.Identifier,
                FromClauseSyntax f => f.Identifier,
                LetClauseSyntax l => l.Identifier,
                JoinClauseSyntax j => j.Identifier,
                JoinIntoClauseSyntax j => j.Identifier,
                QueryContinuationSyntax q => q.Identifier,
                LabeledStatementSyntax l => l.Identifier,
                _ => null,
            };
            if (token is { } t)
            {
                _declaredNames.TryGetValue(t.ValueText, out int count);
                _declaredNames[t.ValueText] = count + 1;
            }
        }
    }

    /// <summary>The name a user declaration gets when lowering moves it into Step's top scope: its own if no other
    /// declaration in the method shares it and no machine member has it, a fresh one otherwise.</summary>
    private string TopLevelName(string name)
    {
        _declaredNames.TryGetValue(name, out int count);
        bool clashesWithMachine = NameTable.BaseMembers.Contains(name) || name == _method.Name + "Machine" || _method.TypeParameters.Any(t => t.Name == name);

        // A local named '_' in Step's top scope would capture every discard lowering writes there ('(_a, _) = t',
        // 'out _') where the user's discard had no such local in scope: it is always renamed.
        return count <= 1 && !clashesWithMachine && name != "_" ? name : _names.Claim(name);
    }

    /// <summary>A local function of Step's top scope as a private method of the machine. It can only use what any
    /// method of the machine can: fields (every local it captures lives in one), constants, <c>this</c> and the other
    /// local functions.</summary>
    private string LocalFunctionMethod(LocalFunctionStatementSyntax localFunction)
    {
        var method = (LocalFunctionStatementSyntax)_rewriter.Visit(localFunction)!;
        method = method.WithModifiers(method.Modifiers.Insert(0, SyntaxFactory.Token(SyntaxKind.PrivateKeyword)));
        return Format(method);
    }

    // ---------------------------------------------------------------- statements

    private void Emit(string line) => Lines.Add(line);

    private void Label(string label) => Lines.Add(label + ":");

    private string Rewrite(SyntaxNode node) => Format(_rewriter.Visit(node)!);

    /// <summary>The node as <c>NormalizeWhitespace</c> writes it, in time linear in its size (<see cref="DeepFormat"/>),
    /// with the holes of interpolated strings on one line.</summary>
    public string Format(SyntaxNode node) => DeepFormat.TryFormat(node) ?? OneLineHoles(node.NormalizeWhitespace("    ", "\n")).ToFullString();

    /// <summary>
    /// The holes of regular (non-verbatim) interpolated strings, after normalization, on one line (C# 9 allows no line
    /// break there) with a space wherever two tokens would run together: normalization writes the line breaks it puts
    /// before query clauses as nothing in such a hole (<c>where q &gt; 0select q</c>).
    /// </summary>
    private static SyntaxNode OneLineHoles(SyntaxNode node)
    {
        var tokens = new HashSet<SyntaxToken>();
        foreach (InterpolationSyntax hole in node.DescendantNodes().OfType<InterpolationSyntax>())
        {
            if (hole.Parent is InterpolatedStringExpressionSyntax { StringStartToken: var start } && !start.IsKind(SyntaxKind.InterpolatedVerbatimStringStartToken))
            {
                tokens.UnionWith(hole.Expression.DescendantTokens());
            }
        }

        if (tokens.Count == 0)
        {
            return node;
        }

        return node.ReplaceTokens(tokens, (original, token) =>
        {
            if (token.LeadingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) || token.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
            {
                token = token.WithLeadingTrivia(token.LeadingTrivia.Select(t => t.IsKind(SyntaxKind.EndOfLineTrivia) ? SyntaxFactory.Space : t))
                    .WithTrailingTrivia(token.TrailingTrivia.Select(t => t.IsKind(SyntaxKind.EndOfLineTrivia) ? SyntaxFactory.Space : t));
            }

            SyntaxToken next = original.GetNextToken();
            bool runTogether = token.Text.Length > 0 && next.Text.Length > 0 && IsWordChar(token.Text[token.Text.Length - 1]) && IsWordChar(next.Text[0]) &&
                token.TrailingTrivia.Count == 0 && next.LeadingTrivia.Count == 0 && !token.IsKind(SyntaxKind.InterpolatedStringTextToken);
            return runTogether ? token.WithTrailingTrivia(SyntaxFactory.Space) : token;
        });
    }

    /// <summary>
    /// The overflow-checking context ("checked" or "unchecked") that <paramref name="node"/> had in a checked/unchecked
    /// block which contains a yield, so lowering removes the block (the rewriter then wraps each operation the context
    /// changes); null when the innermost context around it is kept in the emitted code, or there is none.
    /// </summary>
    public string? LoweredContext(SyntaxNode node)
    {
        if (!_hasLoweredContext)
        {
            return null;
        }

        for (SyntaxNode? n = node.Parent; n is not null && n != _syntax; n = n.Parent)
        {
            switch (n)
            {
                case CheckedExpressionSyntax:
                    return null;
                case CheckedStatementSyntax block:
                    return !HasYield(block) ? null : block.IsKind(SyntaxKind.CheckedStatement) ? "checked" : "unchecked";
            }
        }

        return null;
    }

    private void EmitVerbatim(SyntaxNode node) => Lines.Add(Rewrite(node));

    private void LowerStatements(IReadOnlyList<StatementSyntax> statements)
    {
        for (int i = 0; i < statements.Count; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (statements[i] is LocalDeclarationStatementSyntax declaration && declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword))
            {
                LowerUsing(declaration.Declaration, null, () => LowerStatements(statements.Skip(i + 1).ToList()));
                return;
            }

            Lower(statements[i]);
        }
    }

    private void Lower(StatementSyntax statement)
    {
        DeepStack.Guard();
        if (!HasYield(statement))
        {
            LowerYieldFree(statement);
            return;
        }

        switch (statement)
        {
            case BlockSyntax block:
                EnterScope(block);
                LowerStatements(block.Statements);
                break;
            case YieldStatementSyntax yieldReturn:
                LowerYieldReturn(yieldReturn);
                break;
            case IfStatementSyntax ifStatement:
                LowerIf(ifStatement);
                break;
            case WhileStatementSyntax whileStatement:
                LowerWhile(whileStatement);
                break;
            case DoStatementSyntax doStatement:
                LowerDo(doStatement);
                break;
            case ForStatementSyntax forStatement:
                LowerFor(forStatement);
                break;
            case ForEachStatementSyntax forEach:
                LowerForEach(forEach);
                break;
            case ForEachVariableStatementSyntax forEachVariable:
                LowerForEach(forEachVariable);
                break;
            case SwitchStatementSyntax switchStatement:
                LowerSwitch(switchStatement);
                break;
            case TryStatementSyntax tryStatement:
                LowerTry(tryStatement);
                break;
            case UsingStatementSyntax usingStatement:
                LowerUsing(usingStatement.Declaration, usingStatement.Expression, () => Lower(usingStatement.Statement));
                break;
            case LockStatementSyntax:
                Report(DiagnosticDescriptors.LockAroundYield, statement.ChildTokens().First());
                break;
            case LabeledStatementSyntax labeled:
                Label(RegisterUserLabel(labeled));
                Lower(labeled.Statement);
                break;
            case CheckedStatementSyntax checkedStatement:
                // The block's context is kept by the rewriter on each operation inside (see LoweredContext).
                Lower(checkedStatement.Block);
                break;
            case UnsafeStatementSyntax or FixedStatementSyntax:
                break;
            default:
                Unsupported(statement, statement.Kind().ToString(), "rewrite it with if, loops, switch, try/finally or using");
                break;
        }
    }

    private void Unsupported(StatementSyntax statement, string what, string change) =>
        Report(DiagnosticDescriptors.UnsupportedStatement, statement.GetFirstToken(), what, change);

    private void LowerYieldFree(StatementSyntax statement)
    {
        switch (statement)
        {
            case LocalDeclarationStatementSyntax declaration when !declaration.IsConst:
                LowerDeclaration(declaration);
                break;
            case LabeledStatementSyntax labeled:
                RegisterUserLabel(labeled);
                EmitVerbatim(statement);
                break;
            case LocalFunctionStatementSyntax localFunction:
                LocalFunctions.Add(LocalFunctionMethod(localFunction));
                break;
            case LocalDeclarationStatementSyntax { IsConst: true } constant:
                foreach (VariableDeclaratorSyntax variable in constant.Declaration.Variables)
                {
                    var local = (ILocalSymbol)_model.GetDeclaredSymbol(variable, _cancellationToken)!;
                    Constants.Add("private const " + TypeName(local.Type) + " " + Rewrite(variable) + ";");
                }

                break;
            case EmptyStatementSyntax:
                break;
            default:
                EmitVerbatim(statement);
                break;
        }
    }

    // A declaration at the flattened level: hoisted variables become assignments to their fields; the others stay
    // local declarations (their names already made unique for Step's top scope).
    private void LowerDeclaration(LocalDeclarationStatementSyntax declaration)
    {
        bool anyLocal = declaration.Declaration.Variables.Any(v => !_fieldOf.ContainsKey(_model.GetDeclaredSymbol(v, _cancellationToken)!));
        if (!anyLocal)
        {
            foreach (VariableDeclaratorSyntax variable in declaration.Declaration.Variables)
            {
                EmitAssignment(variable);
            }

            return;
        }

        bool allLocal = declaration.Declaration.Variables.All(v => !_fieldOf.ContainsKey(_model.GetDeclaredSymbol(v, _cancellationToken)!));
        if (allLocal)
        {
            EmitVerbatim(declaration);
            return;
        }

        // Mixed: one statement per declarator, in order, so initializers run in the same order.
        foreach (VariableDeclaratorSyntax variable in declaration.Declaration.Variables)
        {
            var local = (ILocalSymbol)_model.GetDeclaredSymbol(variable, _cancellationToken)!;
            if (_fieldOf.ContainsKey(local))
            {
                EmitAssignment(variable);
            }
            else
            {
                Emit(LocalTypeName(local) + " " + Rewrite(variable) + ";");
            }
        }
    }

    private void EmitAssignment(VariableDeclaratorSyntax variable)
    {
        var local = (ILocalSymbol)_model.GetDeclaredSymbol(variable, _cancellationToken)!;
        if (!_fieldOf.TryGetValue(local, out string? field))
        {
            Emit(LocalTypeName(local) + " " + Rewrite(variable) + ";");
            return;
        }

        string? text = null;
        if (variable.Initializer is not null)
        {
            ExpressionSyntax value = variable.Initializer.Value;
            text = Rewrite(value);
            if (value is InitializerExpressionSyntax)
            {
                text = "new " + LocalTypeName(local) + " " + text;
            }
        }

        string store = Store(local, field, text);
        if (store.Length > 0)
        {
            Emit(store);
        }
    }

    /// <summary>The statement that stores a declared local's first value: a plain assignment, or a fresh box for a boxed local.</summary>
    private string Store(ILocalSymbol local, string field, string? value)
    {
        if (_boxedAtScopeEntry.ContainsKey(local))
        {
            return value is null ? "" : field + ".Value = " + value + ";";
        }

        if (_boxed.Contains(local))
        {
            return field + " = new " + BoxType + "<" + LocalTypeName(local) + ">(" + (value ?? "") + ");";
        }

        return value is null ? "" : field + " = " + value + ";";
    }

    private void LowerYieldReturn(YieldStatementSyntax statement)
    {
        int id = Sites.Count + 1;
        int line = statement.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        string label = _names.Numbered("resume");
        string expression = Rewrite(statement.Expression!);
        bool recomputable = IsRecomputable(statement.Expression!);
        Sites.Add(new SiteModel(id, label, line, _region, recomputable ? expression : null));
        _suspendLines.Add(Lines.Count);
        Emit("return " + (recomputable ? "Suspend" : "SuspendAndRecord") + "(ref " + Names.State + ", " + id.ToString(CultureInfo.InvariantCulture) + ", " + expression + ");");
        Label(label);
        Emit(Names.State + " = -1;");
    }

    /// <summary>
    /// Whether a yield expression gives the same instruction when evaluated again while the machine is suspended right
    /// after it: built only from literals, constants, built-in operators, <c>Yield</c>'s NextTick/Seconds/Frames/Return
    /// and hoisted locals and parameters that no closure can change. Then the fast path records nothing at that yield;
    /// a snapshot recomputes the pending instruction instead.
    /// </summary>
    private bool IsRecomputable(ExpressionSyntax expression)
    {
        DeepStack.Guard();
        switch (expression)
        {
            case LiteralExpressionSyntax or DefaultExpressionSyntax:
                return true;
            case ParenthesizedExpressionSyntax parenthesized:
                return IsRecomputable(parenthesized.Expression);
            case CastExpressionSyntax cast:
                return IsBuiltIn(cast) && IsRecomputable(cast.Expression);
            case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression) || unary.IsKind(SyntaxKind.UnaryPlusExpression) ||
                                                        unary.IsKind(SyntaxKind.LogicalNotExpression) || unary.IsKind(SyntaxKind.BitwiseNotExpression):
                return IsBuiltIn(unary) && IsRecomputable(unary.Operand);
            case BinaryExpressionSyntax binary when !binary.IsKind(SyntaxKind.AsExpression) && !binary.IsKind(SyntaxKind.IsExpression) && !binary.IsKind(SyntaxKind.CoalesceExpression):
                return IsBuiltIn(binary) && IsRecomputable(binary.Left) && IsRecomputable(binary.Right);
            case ConditionalExpressionSyntax conditional:
                return IsRecomputable(conditional.Condition) && IsRecomputable(conditional.WhenTrue) && IsRecomputable(conditional.WhenFalse);
            case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                ISymbol? symbol = SymbolOf(expression);
                return symbol switch
                {
                    IFieldSymbol field => field.IsConst,
                    ILocalSymbol local => local.IsConst || (_fieldOf.ContainsKey(local) && !_boxed.Contains(local) && !_capturedInClosure.Contains(local)),
                    IParameterSymbol parameter => _fieldOf.ContainsKey(parameter) && !_capturedInClosure.Contains(parameter),
                    IPropertySymbol { Name: "NextTick", IsStatic: true } property => IsYield(property.ContainingType),
                    _ => false,
                };
            case InvocationExpressionSyntax invocation:
                return CallOf(invocation) is IMethodSymbol { IsStatic: true, Name: "Seconds" or "Frames" or "Return" } method &&
                    IsYield(method.ContainingType) && invocation.ArgumentList.Arguments.All(a => a.RefKindKeyword.IsKind(SyntaxKind.None) && a.NameColon is null && IsRecomputable(a.Expression));
            default:
                return false;
        }
    }

    private bool IsBuiltIn(ExpressionSyntax operation) => !IsUserDefinedOperator(operation);

    /// <summary>
    /// Whether an operator or cast calls a user-defined operator or conversion, from the body's
    /// <see cref="SymbolMap"/> where it knows (asking the model about each operator of a long chain walks up the chain
    /// from each one: quadratic in its length).
    /// </summary>
    public bool IsUserDefinedOperator(ExpressionSyntax operation) =>
        SymbolMap.TryGetUserDefined(operation, out bool userDefined)
            ? userDefined
            : _model.GetSymbolInfo(operation, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator or MethodKind.Conversion };

    private static bool IsYield(ITypeSymbol? type) => type?.ToDisplayString() == "Engine.Yield";
}

/// <summary>Where break, continue and goto case inside a flattened loop or switch go, and the region those labels live in.</summary>
internal sealed record JumpTarget(string Break, string? Continue, int Region, IReadOnlyList<(object? Value, bool IsDefault, string Label)>? Cases = null);
