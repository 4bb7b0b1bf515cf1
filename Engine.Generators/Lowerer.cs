using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engine.Generators;

/// <summary>
/// Lowers an iterator body into flat, goto-based C# for the machine's MoveNext, the way the compiler does it, but as
/// readable source.
/// </summary>
/// <remarks>
/// Design: a statement that contains no <c>yield return</c> is emitted verbatim (only its names are rewritten), so
/// most user code is untouched. A statement that contains one is "flattened": its control flow becomes labels and
/// gotos at the top level of MoveNext, where the <c>switch (_state)</c> can jump back to every resume label. Locals
/// whose scope is a flattened block are hoisted into fields. try/finally and using statements that contain a yield
/// become numbered regions: <c>_region</c> names the innermost open one, each finally body becomes a method, and
/// leaving a region (normally, by a jump, by an exception, or by Dispose while suspended) runs those methods
/// innermost first, exactly as the compiler's iterator runs its finally blocks.
/// </remarks>
internal sealed class Lowerer
{
    public const string FinishLabel = "finish";

    private static readonly string[] s_reserved =
    {
        "_state", "_region", "_current", "_this", "_rented", "t_pool", "s_sites", "s_siteRegions", "s_regionParents",
        "Current", "MoveNext", "MoveNextCore", "Dispose", "Reset", "Name", "State", "Site", "Snapshot", "Restore", "Rent",
        "Initialize", "ClearLocals", "UnwindFrom", "RunFinally", "CoroutineName", FinishLabel,
    };

    private readonly SemanticModel _model;
    private readonly IMethodSymbol _method;
    private readonly MethodDeclarationSyntax _syntax;
    private readonly CancellationToken _cancellationToken;
    private readonly HashSet<SyntaxNode> _yieldAncestors = new();
    private readonly HashSet<string> _usedNames = new(System.StringComparer.Ordinal);
    private readonly Dictionary<ISymbol, string> _fieldOf = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _perIteration = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _boxed = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<SyntaxNode, JumpTarget> _targets = new();
    private readonly List<int> _regionParents = new() { 0 };
    private readonly List<string> _trampolines = new();
    private readonly Dictionary<string, int> _labelCounts = new(System.StringComparer.Ordinal);
    private readonly Dictionary<ISymbol, int> _userLabelRegions = new(SymbolEqualityComparer.Default);
    private readonly List<(string Trampoline, int From, ISymbol Label, string Name)> _pendingGotos = new();
    private readonly BodyRewriter _rewriter;
    private int _region;
    private int _trampolineCount;

    public Lowerer(SemanticModel model, IMethodSymbol method, MethodDeclarationSyntax syntax, CancellationToken cancellationToken)
    {
        _model = model;
        _method = method;
        _syntax = syntax;
        _cancellationToken = cancellationToken;
        _rewriter = new BodyRewriter(this);
    }

    public SemanticModel Model => _model;

    public IMethodSymbol Method => _method;

    public int CurrentRegion => _region;

    public List<DiagnosticInfo> Diagnostics { get; } = new();

    public List<ParameterModel> Parameters { get; } = new();

    public List<FieldModel> Fields { get; } = new();

    public List<SiteModel> Sites { get; } = new();

    public List<RegionModel> Regions { get; } = new();

    public List<string> Lines { get; } = new();

    public List<string> LocalFunctions { get; } = new();

    public Dictionary<SyntaxNode, JumpTarget> Targets => _targets;

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
            else if (node is UnsafeStatementSyntax or FixedStatementSyntax or PointerTypeSyntax)
            {
                Diagnostics.Add(CoroutineParser.Info(DiagnosticDescriptors.UnsafeCode, node));
            }

            if (node is IdentifierNameSyntax id)
            {
                _usedNames.Add(id.Identifier.ValueText);
            }
        }

        if (!_yieldAncestors.Contains(body))
        {
            Diagnostics.Add(CoroutineParser.Info(DiagnosticDescriptors.BadSignature, _syntax.Identifier, _method.Name, "its body has no 'yield return', so it is not an iterator"));
            return;
        }

        foreach (string name in s_reserved)
        {
            _usedNames.Add(name);
        }

        foreach (IParameterSymbol parameter in _method.Parameters)
        {
            string field = Unique("_" + parameter.Name);
            string arg = Unique("_arg_" + parameter.Name);
            _fieldOf[parameter] = field;
            string type = parameter.Type.ToDisplayString(CoroutineParser.TypeFormat);
            Parameters.Add(new ParameterModel(type, parameter.Name, field, arg, IsSavableType(parameter.Type)));
        }

        HoistLocals(body);
        if (Diagnostics.Count > 0)
        {
            return;
        }

        LowerStatements(body.Statements);
        Lines.Add("return false;");
        foreach ((string trampoline, int from, ISymbol label, string name) in _pendingGotos)
        {
            // A goto out of try/finally regions: run the finally blocks between here and the label (a goto can
            // only leave regions, never enter one, so the label's region is an ancestor of 'from').
            int target = _userLabelRegions.TryGetValue(label, out int region) ? region : 0;
            _trampolines.Add(trampoline + ":");
            for (int r = from; r != target && r != 0; r = _regionParents[r])
            {
                _trampolines.Add("_region = " + _regionParents[r].ToString(System.Globalization.CultureInfo.InvariantCulture) + ";");
                _trampolines.Add("Finally" + r.ToString(System.Globalization.CultureInfo.InvariantCulture) + "();");
            }

            _trampolines.Add("goto " + name + ";");
        }

        Lines.AddRange(_trampolines);
    }

    /// <summary>Descendants of the method body, not entering lambdas or local functions (they are separate methods).</summary>
    public static IEnumerable<SyntaxNode> DescendantsInBody(SyntaxNode node) =>
        node.DescendantNodes(static n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax));

    public bool HasYield(SyntaxNode node) => _yieldAncestors.Contains(node);

    public bool TryGetField(ISymbol symbol, out string field) => _fieldOf.TryGetValue(symbol, out field!);

    public bool IsPerIteration(ISymbol symbol) => _perIteration.Contains(symbol);

    public bool IsBoxed(ISymbol symbol) => _boxed.Contains(symbol);

    public const string BoxType = "global::System.Runtime.CompilerServices.StrongBox";

    /// <summary>The statement that stores a declared local's first value: a plain assignment, or a fresh box for a boxed local.</summary>
    private string Store(ILocalSymbol local, string field, string? value)
    {
        if (_boxed.Contains(local))
        {
            return field + " = new " + BoxType + "<" + local.Type.ToDisplayString(CoroutineParser.TypeFormat) + ">(" + (value ?? "") + ");";
        }

        return value is null ? "" : field + " = " + value + ";";
    }

    public void Report(DiagnosticDescriptor descriptor, SyntaxNode node, params string[] args) =>
        Diagnostics.Add(CoroutineParser.Info(descriptor, node, args));

    private string Unique(string name)
    {
        string candidate = name;
        for (int i = 2; _usedNames.Contains(candidate); i++)
        {
            candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _usedNames.Add(candidate);
        return candidate;
    }

    private string NewLabel(string kind)
    {
        _labelCounts.TryGetValue(kind, out int count);
        count++;
        _labelCounts[kind] = count;
        return kind + count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private string NewTemp(string name, ITypeSymbol type)
    {
        string field = Unique("_" + name);
        Fields.Add(new FieldModel(type.ToDisplayString(CoroutineParser.TypeFormat), field, "", IsSavableType(type)));
        return field;
    }

    private static bool IsSavableType(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.Rank == 1 && IsSavableType(array.ElementType) && array.ElementType is not IArrayTypeSymbol;
        }

        return type.TypeKind == TypeKind.Enum || type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_String;
    }

    // ---------------------------------------------------------------- hoisting

    private void HoistLocals(BlockSyntax body)
    {
        var references = new Dictionary<ISymbol, List<SyntaxNode>>(SymbolEqualityComparer.Default);
        foreach (IdentifierNameSyntax id in body.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (_model.GetSymbolInfo(id, _cancellationToken).Symbol is ILocalSymbol local)
            {
                if (!references.TryGetValue(local, out List<SyntaxNode>? list))
                {
                    references[local] = list = new List<SyntaxNode>();
                }

                list.Add(id);
            }
        }

        foreach (SyntaxNode node in DescendantsInBody(body))
        {
            ISymbol? declared = node switch
            {
                VariableDeclaratorSyntax or SingleVariableDesignationSyntax or ForEachStatementSyntax or CatchDeclarationSyntax => _model.GetDeclaredSymbol(node, _cancellationToken),
                _ => null,
            };
            if (declared is not ILocalSymbol local || local.IsConst || _fieldOf.ContainsKey(local))
            {
                continue;
            }

            references.TryGetValue(local, out List<SyntaxNode>? refs);
            if (!NeedsHoisting(node, refs))
            {
                continue;
            }

            string? problem = null;
            if (local.IsRef)
            {
                problem = "it is a ref local; use a plain local or an index into the collection";
            }
            else if (local.Type.IsRefLikeType)
            {
                problem = "its type " + local.Type.ToDisplayString() + " is a ref struct, which cannot be stored in a field; keep it inside code between yields";
            }
            else if (local.Type.IsAnonymousType || local.Type.ToDisplayString().Contains("anonymous type") || local.Type.ToDisplayString().Contains("<anonymous"))
            {
                problem = "its type is anonymous and cannot be named in a field; use a tuple or a named type";
            }
            else if (node is SingleVariableDesignationSyntax && node.Parent is not DeclarationExpressionSyntax && node.Parent is not ParenthesizedVariableDesignationSyntax)
            {
                problem = "it is a pattern variable, which cannot be assigned to a field; declare the local before the statement and assign it in the body";
            }

            if (problem is not null)
            {
                Report(DiagnosticDescriptors.CannotHoist, node, local.Name, problem);
                continue;
            }

            string field = Unique("_" + local.Name);
            _fieldOf[local] = field;
            bool perIteration = IsDeclaredPerIteration(node);
            bool boxed = false;
            if (perIteration)
            {
                // Captured by lambdas only (not local functions, not declared inside an expression): give each
                // iteration its own box, as the compiler gives each iteration its own closure.
                bool inLambda = refs is not null && refs.Any(r => r.Ancestors().TakeWhile(a => a != _syntax).Any(a => a is AnonymousFunctionExpressionSyntax));
                bool inLocalFunction = refs is not null && refs.Any(r => r.Ancestors().TakeWhile(a => a != _syntax).Any(a => a is LocalFunctionStatementSyntax));
                boxed = inLambda && !inLocalFunction && node is not SingleVariableDesignationSyntax;
                if (boxed)
                {
                    _boxed.Add(local);
                }
                else
                {
                    _perIteration.Add(local);
                }
            }

            Fields.Add(new FieldModel(local.Type.ToDisplayString(CoroutineParser.TypeFormat), field, local.Name, IsSavableType(local.Type), boxed));
        }
    }

    /// <summary>A local stays a real local only if some yield-free compound statement (emitted verbatim) holds its declaration and every use.</summary>
    private bool NeedsHoisting(SyntaxNode declaration, List<SyntaxNode>? refs)
    {
        StatementSyntax? root = null;
        for (SyntaxNode? n = declaration; n is not null && n != _syntax; n = n.Parent)
        {
            if (HasYield(n))
            {
                break;
            }

            if (n is StatementSyntax statement)
            {
                root = statement;
            }
        }

        if (root is null || root is LocalDeclarationStatementSyntax or ExpressionStatementSyntax or YieldStatementSyntax or ReturnStatementSyntax or ThrowStatementSyntax)
        {
            return true;
        }

        if (refs is not null)
        {
            foreach (SyntaxNode r in refs)
            {
                if (!root.Span.Contains(r.Span))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool IsDeclaredPerIteration(SyntaxNode declaration)
    {
        for (SyntaxNode? n = declaration; n is not null && n != _syntax; n = n.Parent)
        {
            if (n.Parent is CommonForEachStatementSyntax loop && (n == loop.Statement || declaration == loop) && HasYield(loop))
            {
                return true;
            }

            if (declaration is ForEachStatementSyntax f && HasYield(f))
            {
                return true;
            }

            if (n.Parent is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax && n is StatementSyntax && HasYield(n.Parent))
            {
                return true;
            }
        }

        return false;
    }

    // ---------------------------------------------------------------- statements

    private void Emit(string line) => Lines.Add(line);

    private void Label(string label) => Lines.Add(label + ":");

    private string Rewrite(SyntaxNode node) => _rewriter.Visit(node)!.NormalizeWhitespace("    ", "\n").ToFullString();

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
        if (!HasYield(statement))
        {
            LowerYieldFree(statement);
            return;
        }

        switch (statement)
        {
            case BlockSyntax block:
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
            case CheckedStatementSyntax:
                Unsupported(statement, "checked/unchecked block", "move the yield out of the block, or use checked(...) expressions");
                break;
            case ForEachVariableStatementSyntax:
                Unsupported(statement, "deconstructing foreach", "write 'foreach (var item in ...)' and deconstruct item inside the body");
                break;
            case UnsafeStatementSyntax or FixedStatementSyntax:
                break;
            default:
                Unsupported(statement, statement.Kind().ToString(), "rewrite it with if, loops, switch, try/finally or using");
                break;
        }
    }

    private void Report(DiagnosticDescriptor descriptor, SyntaxToken token, params string[] args) =>
        Diagnostics.Add(CoroutineParser.Info(descriptor, token, args));

    private void Unsupported(StatementSyntax statement, string what, string change) =>
        Report(DiagnosticDescriptors.UnsupportedStatement, statement.GetFirstToken(), what, change);

    private void LowerYieldFree(StatementSyntax statement)
    {
        switch (statement)
        {
            case LocalDeclarationStatementSyntax declaration when !declaration.IsConst:
                foreach (VariableDeclaratorSyntax variable in declaration.Declaration.Variables)
                {
                    EmitAssignment(variable);
                }

                break;
            case LabeledStatementSyntax labeled:
                RegisterUserLabel(labeled);
                EmitVerbatim(statement);
                break;
            case LocalFunctionStatementSyntax localFunction:
                LocalFunctions.Add(Rewrite(localFunction));
                break;
            case EmptyStatementSyntax:
                break;
            default:
                EmitVerbatim(statement);
                break;
        }
    }

    private void EmitAssignment(VariableDeclaratorSyntax variable)
    {
        var local = (ILocalSymbol)_model.GetDeclaredSymbol(variable, _cancellationToken)!;
        if (!_fieldOf.TryGetValue(local, out string? field))
        {
            return;
        }

        string? text = null;
        if (variable.Initializer is not null)
        {
            ExpressionSyntax value = variable.Initializer.Value;
            text = Rewrite(value);
            if (value is InitializerExpressionSyntax)
            {
                text = "new " + local.Type.ToDisplayString(CoroutineParser.TypeFormat) + " " + text;
            }
        }

        string store = Store(local, field, text);
        if (store.Length > 0)
        {
            Emit(store);
        }
    }

    private void LowerYieldReturn(YieldStatementSyntax statement)
    {
        int id = Sites.Count + 1;
        int line = statement.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        Sites.Add(new SiteModel(id, line, _region));
        string number = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Emit("_current = " + Rewrite(statement.Expression!) + ";");
        Emit("_state = " + number + ";");
        Emit("return true;");
        Label("resume" + number);
        Emit("_state = -1;");
    }

    private void LowerIf(IfStatementSyntax statement)
    {
        string elseLabel = NewLabel("else");
        string endLabel = NewLabel("endif");
        Emit("if (!(" + Rewrite(statement.Condition) + "))");
        Emit("{");
        Emit("    goto " + (statement.Else is null ? endLabel : elseLabel) + ";");
        Emit("}");
        Lower(statement.Statement);
        if (statement.Else is not null)
        {
            Emit("goto " + endLabel + ";");
            Label(elseLabel);
            Lower(statement.Else.Statement);
        }

        Label(endLabel);
    }

    private void LowerWhile(WhileStatementSyntax statement)
    {
        string top = NewLabel("while");
        string end = NewLabel("endwhile");
        Label(top);
        Emit("if (!(" + Rewrite(statement.Condition) + "))");
        Emit("{");
        Emit("    goto " + end + ";");
        Emit("}");
        _targets[statement] = new JumpTarget(end, top, _region);
        Lower(statement.Statement);
        Emit("goto " + top + ";");
        Label(end);
    }

    private void LowerDo(DoStatementSyntax statement)
    {
        string top = NewLabel("do");
        string next = NewLabel("docondition");
        string end = NewLabel("enddo");
        Label(top);
        _targets[statement] = new JumpTarget(end, next, _region);
        Lower(statement.Statement);
        Label(next);
        Emit("if (" + Rewrite(statement.Condition) + ")");
        Emit("{");
        Emit("    goto " + top + ";");
        Emit("}");
        Label(end);
    }

    private void LowerFor(ForStatementSyntax statement)
    {
        if (statement.Declaration is not null)
        {
            foreach (VariableDeclaratorSyntax variable in statement.Declaration.Variables)
            {
                if (variable.Initializer is not null)
                {
                    EmitAssignment(variable);
                }
            }
        }

        foreach (ExpressionSyntax initializer in statement.Initializers)
        {
            Emit(Rewrite(initializer) + ";");
        }

        string top = NewLabel("for");
        string next = NewLabel("fornext");
        string end = NewLabel("endfor");
        Label(top);
        if (statement.Condition is not null)
        {
            Emit("if (!(" + Rewrite(statement.Condition) + "))");
            Emit("{");
            Emit("    goto " + end + ";");
            Emit("}");
        }

        _targets[statement] = new JumpTarget(end, next, _region);
        Lower(statement.Statement);
        Label(next);
        foreach (ExpressionSyntax incrementor in statement.Incrementors)
        {
            Emit(Rewrite(incrementor) + ";");
        }

        Emit("goto " + top + ";");
        Label(end);
    }

    private void LowerForEach(ForEachStatementSyntax statement)
    {
        ForEachStatementInfo info = _model.GetForEachStatementInfo(statement);
        ITypeSymbol? collectionType = _model.GetTypeInfo(statement.Expression, _cancellationToken).Type;
        var local = (ILocalSymbol)_model.GetDeclaredSymbol(statement, _cancellationToken)!;
        string variable = _fieldOf[local];
        ITypeSymbol? produced = collectionType switch
        {
            IArrayTypeSymbol array => array.ElementType,
            INamedTypeSymbol { TypeArguments.Length: 1 } list when list.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.List<T>" => list.TypeArguments[0],
            _ => info.CurrentProperty?.Type,
        };
        string cast = produced is not null && !SymbolEqualityComparer.Default.Equals(produced, local.Type)
            ? "(" + local.Type.ToDisplayString(CoroutineParser.TypeFormat) + ")"
            : "";
        string top = NewLabel("foreach");
        string next = NewLabel("foreachnext");
        string end = NewLabel("endforeach");
        bool isArray = collectionType is IArrayTypeSymbol { Rank: 1 };
        bool isList = collectionType is INamedTypeSymbol named && named.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.List<T>";
        if (isArray || isList)
        {
            // Arrays and List<T> are walked by index (no enumerator object to hold or save).
            string source = NewTemp(top + "Source", collectionType!);
            string index = NewTemp(top + "Index", _model.Compilation.GetSpecialType(SpecialType.System_Int32));
            Emit(source + " = " + Rewrite(statement.Expression) + ";");
            Emit(index + " = 0;");
            Label(top);
            Emit("if (" + index + " >= " + source + (isArray ? ".Length" : ".Count") + ")");
            Emit("{");
            Emit("    goto " + end + ";");
            Emit("}");
            Emit(Store(local, variable, cast + source + "[" + index + "]"));
            _targets[statement] = new JumpTarget(end, next, _region);
            Lower(statement.Statement);
            Label(next);
            Emit(index + "++;");
            Emit("goto " + top + ";");
            Label(end);
            Emit(source + " = default!;");
            return;
        }

        if (info.GetEnumeratorMethod is null || info.MoveNextMethod is null || info.CurrentProperty is null)
        {
            Unsupported(statement, "foreach", "the collection's enumerator could not be resolved");
            return;
        }

        ITypeSymbol enumeratorType = info.GetEnumeratorMethod.ReturnType;
        string enumerator = NewTemp(top + "Enumerator", enumeratorType);
        string receiver = Rewrite(statement.Expression);
        if (info.GetEnumeratorMethod.ContainingType.TypeKind == TypeKind.Interface)
        {
            receiver = "((" + info.GetEnumeratorMethod.ContainingType.ToDisplayString(CoroutineParser.TypeFormat) + ")(" + receiver + "))";
        }
        else
        {
            receiver = "(" + receiver + ")";
        }

        Emit(enumerator + " = " + receiver + ".GetEnumerator();");
        string? dispose = DisposeCode(enumeratorType, enumerator, allowRuntimeCheck: true);
        int parent = _region;
        if (dispose is not null)
        {
            OpenRegion(dispose);
        }

        Label(top);
        Emit("if (!" + enumerator + ".MoveNext())");
        Emit("{");
        Emit("    goto " + end + ";");
        Emit("}");
        Emit(Store(local, variable, cast + enumerator + ".Current"));
        _targets[statement] = new JumpTarget(end, top, _region);
        Lower(statement.Statement);
        Emit("goto " + top + ";");
        Label(end);
        if (dispose is not null)
        {
            CloseRegion(parent);
        }
        else
        {
            Emit(enumerator + " = default!;");
        }
    }

    private void LowerSwitch(SwitchStatementSyntax statement)
    {
        string end = NewLabel("endswitch");
        var sectionLabels = new List<string>();
        bool hasDefault = false;
        Emit("switch (" + Rewrite(statement.Expression) + ")");
        Emit("{");
        foreach (SwitchSectionSyntax section in statement.Sections)
        {
            string label = NewLabel("case");
            sectionLabels.Add(label);
            foreach (SwitchLabelSyntax switchLabel in section.Labels)
            {
                hasDefault |= switchLabel is DefaultSwitchLabelSyntax;
                Emit("    " + Rewrite(switchLabel));
            }

            Emit("        goto " + label + ";");
        }

        Emit("}");
        if (!hasDefault)
        {
            Emit("goto " + end + ";");
        }

        _targets[statement] = new JumpTarget(end, null, _region);
        for (int i = 0; i < statement.Sections.Count; i++)
        {
            Label(sectionLabels[i]);
            LowerStatements(statement.Sections[i].Statements);
        }

        Label(end);
    }

    private void LowerTry(TryStatementSyntax statement)
    {
        if (statement.Catches.Count > 0 || statement.Finally is null || HasYield(statement.Finally))
        {
            Unsupported(statement, "try with catch", "C# allows 'yield return' only in a try block with no catch clause; catch inside a helper method, or wrap the child coroutine with Yield.Catch");
            return;
        }

        if (!HasYield(statement.Block))
        {
            EmitVerbatim(statement);
            return;
        }

        int parent = _region;
        OpenRegion(Rewrite(statement.Finally.Block));
        Lower(statement.Block);
        CloseRegion(parent);
    }

    private void LowerUsing(VariableDeclarationSyntax? declaration, ExpressionSyntax? expression, System.Action body)
    {
        int parent = _region;
        int opened = 0;
        if (declaration is not null)
        {
            foreach (VariableDeclaratorSyntax variable in declaration.Variables)
            {
                var local = (ILocalSymbol)_model.GetDeclaredSymbol(variable, _cancellationToken)!;
                if (!_fieldOf.TryGetValue(local, out string? field))
                {
                    return;
                }

                EmitAssignment(variable);
                OpenRegion(DisposeCode(local.Type, field, allowRuntimeCheck: false) ?? "");
                opened++;
            }
        }
        else if (expression is not null)
        {
            ITypeSymbol type = _model.GetTypeInfo(expression, _cancellationToken).Type ?? _model.Compilation.GetSpecialType(SpecialType.System_Object);
            string field = NewTemp(NewLabel("using") + "Resource", type);
            Emit(field + " = " + Rewrite(expression) + ";");
            OpenRegion(DisposeCode(type, field, allowRuntimeCheck: false) ?? "");
            opened++;
        }

        body();
        int[] chain = new int[opened];
        int r = _region;
        for (int i = 0; i < opened; i++)
        {
            chain[i] = r;
            r = _regionParents[r];
        }

        foreach (int region in chain)
        {
            CloseRegion(_regionParents[region]);
        }

        _region = parent;
    }

    private string? DisposeCode(ITypeSymbol type, string field, bool allowRuntimeCheck)
    {
        bool disposable = type.SpecialType == SpecialType.System_IDisposable || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_IDisposable);
        if (type.IsValueType && type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T)
        {
            if (!disposable)
            {
                return null;
            }

            bool publicDispose = type.GetMembers("Dispose").OfType<IMethodSymbol>().Any(m => m.Parameters.Length == 0 && m.DeclaredAccessibility == Accessibility.Public && !m.IsStatic);
            return (publicDispose ? field + ".Dispose();" : "((global::System.IDisposable)" + field + ").Dispose();") + "\n" + field + " = default;";
        }

        if (disposable || type.TypeKind == TypeKind.Dynamic || !allowRuntimeCheck)
        {
            return "if (" + field + " != null)\n{\n    ((global::System.IDisposable)" + field + ").Dispose();\n}\n\n" + field + " = default!;";
        }

        if (type.IsSealed)
        {
            return null;
        }

        return "if (" + field + " is global::System.IDisposable disposable)\n{\n    disposable.Dispose();\n}\n\n" + field + " = default!;";
    }

    private void OpenRegion(string finallyBody)
    {
        int id = _regionParents.Count;
        _regionParents.Add(_region);
        string body = finallyBody.Trim();
        if (body.StartsWith("{", System.StringComparison.Ordinal) && body.EndsWith("}", System.StringComparison.Ordinal))
        {
            body = string.Join("\n", body.Substring(1, body.Length - 2).Trim('\n').Split('\n').Select(l => l.StartsWith("    ", System.StringComparison.Ordinal) ? l.Substring(4) : l));
        }

        Regions.Add(new RegionModel(id, _region, new EquatableArray<string>(new[] { body })));
        _region = id;
        Emit("_region = " + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";");
    }

    private void CloseRegion(int parent)
    {
        int id = _region;
        Emit("_region = " + parent.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";");
        Emit("Finally" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "();");
        _region = parent;
    }

    /// <summary>Whether <paramref name="label"/> labels a statement at the flattened top level of MoveNext, and its emitted name.</summary>
    public bool IsFlattenedLabel(ISymbol label, out string name)
    {
        name = "label_" + label.Name;
        return label.DeclaringSyntaxReferences.Length == 1 &&
            label.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is LabeledStatementSyntax statement &&
            statement.Parent is not null && HasYield(statement.Parent);
    }

    /// <summary>The label a user <c>goto</c> jumps to: the label itself, or a trampoline that first runs the finally blocks it leaves.</summary>
    public string JumpToUserLabel(ISymbol label, string name)
    {
        if (_region == 0)
        {
            return name;
        }

        string trampoline = "leave" + (++_trampolineCount).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _pendingGotos.Add((trampoline, _region, label, name));
        return trampoline;
    }

    private string RegisterUserLabel(LabeledStatementSyntax statement)
    {
        ISymbol label = _model.GetDeclaredSymbol(statement, _cancellationToken)!;
        _userLabelRegions[label] = _region;
        return "label_" + label.Name;
    }

    /// <summary>The label to jump to for leaving the current region stack down to <paramref name="targetRegion"/>, adding a trampoline that runs the finally blocks in between.</summary>
    public string JumpTo(string label, int targetRegion)
    {
        if (_region == targetRegion)
        {
            return label;
        }

        string trampoline = "leave" + (++_trampolineCount).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _trampolines.Add(trampoline + ":");
        for (int r = _region; r != targetRegion && r != 0; r = _regionParents[r])
        {
            _trampolines.Add("_region = " + _regionParents[r].ToString(System.Globalization.CultureInfo.InvariantCulture) + ";");
            _trampolines.Add("Finally" + r.ToString(System.Globalization.CultureInfo.InvariantCulture) + "();");
        }

        _trampolines.Add(label == FinishLabel ? "return false;" : "goto " + label + ";");
        return trampoline;
    }
}

/// <summary>Where break and continue inside a flattened loop or switch go, and the region that label lives in.</summary>
internal sealed record JumpTarget(string Break, string? Continue, int Region);
