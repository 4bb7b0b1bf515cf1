using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engine.Generators;

// Which locals live across a yield (hoisted into fields), which stay locals, and which are per iteration.
internal sealed partial class Lowerer
{
    private readonly HashSet<ISymbol> _boxed = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _capturedInClosure = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, SyntaxNode> _boxedAtScopeEntry = new(SymbolEqualityComparer.Default);
    private HashSet<SyntaxNode>? _escapingLocalFunctions;

    // Locals a closure that may outlive the statement captures (a lambda, a query, a local function used as a delegate).
    private readonly HashSet<ISymbol> _capturedByDelegate = new(SymbolEqualityComparer.Default);

    private enum Placement
    {
        /// <summary>Stays a local inside a statement emitted verbatim, in its own scope.</summary>
        Local,

        /// <summary>Stays a local, but lowering puts its declaration in Step's top scope (or an emitted statement there), so its name must be unique.</summary>
        TopLocal,

        /// <summary>Lives across a yield: becomes a field.</summary>
        Field,
    }

    /// <summary>How a reference to a local sits inside nested functions of the method.</summary>
    private enum Capture
    {
        None,
        Lambda,
        LocalFunction,
    }

    // CaptureOf's answer for the ancestors of each node it has walked past (the node itself excluded).
    private readonly Dictionary<SyntaxNode, Capture> _captureAbove = new();

    private void HoistLocals(BlockSyntax body)
    {
        var references = new Dictionary<ISymbol, List<SyntaxNode>>(SymbolEqualityComparer.Default);
        foreach (IdentifierNameSyntax id in body.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            ISymbol? referenced = SymbolOf(id);
            if (referenced is ILocalSymbol or IParameterSymbol && CaptureOf(id) != Capture.None)
            {
                _capturedInClosure.Add(referenced!);
                if (PerEntryCapture(id) != Capture.None)
                {
                    _capturedByDelegate.Add(referenced!);
                }
            }

            if (referenced is ILocalSymbol local)
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
            if (node is LocalFunctionStatementSyntax function && IsTopLevelStatement(function))
            {
                string name = TopLevelName(function.Identifier.ValueText);
                if (name != function.Identifier.ValueText)
                {
                    _renamed[_model.GetDeclaredSymbol(function, _cancellationToken)!] = name;
                }

                continue;
            }

            ISymbol? declared = node switch
            {
                VariableDeclaratorSyntax or SingleVariableDesignationSyntax or ForEachStatementSyntax or CatchDeclarationSyntax => _model.GetDeclaredSymbol(node, _cancellationToken),
                _ => null,
            };
            if (declared is not ILocalSymbol local || _fieldOf.ContainsKey(local))
            {
                continue;
            }

            references.TryGetValue(local, out List<SyntaxNode>? refs);
            refs ??= new List<SyntaxNode>();
            Placement placement = local.IsConst ? (IsTopLevelDeclaration(node) ? Placement.TopLocal : Placement.Local) : Place(node, refs);
            if (placement == Placement.TopLocal)
            {
                string name = TopLevelName(local.Name);
                if (name != local.Name)
                {
                    _renamed[local] = name;
                }

                continue;
            }

            if (placement == Placement.Local)
            {
                continue;
            }

            string? problem = null;
            if (local.IsRef)
            {
                problem = "it is a ref local, and a field cannot hold a reference; use an index into the collection (ref locals used only between two yields stay locals)";
            }
            else if (local.Type.IsRefLikeType)
            {
                problem = "its type " + local.Type.ToDisplayString() + " is a ref struct, which cannot be stored in a field; use it only between two yields (it then stays a local), or keep an array and an index";
            }
            else if (local.Type.IsAnonymousType || local.Type.ToDisplayString().Contains("anonymous type") || local.Type.ToDisplayString().Contains("<anonymous"))
            {
                problem = "its type is anonymous and cannot be named in a field; use a tuple or a named type";
            }

            else if (HasErrorType(local.Type) && GeneratedTypeName(local, out string? unnamed) is null)
            {
                problem = unnamed ?? "its type cannot be named: it is inferred ('var') from something the compiler cannot bind (an error in the expression); fix the expression or write the type";
            }

            if (problem is not null)
            {
                Report(DiagnosticDescriptors.CannotHoist, node, local.Name, problem);
                continue;
            }

            string field = _names.Claim("_" + local.Name);
            _fieldOf[local] = field;
            bool boxed = false;
            SyntaxNode? scope = StatementListScope(node);
            if (IsDeclaredPerIteration(node) || IsReentered(scope ?? node.FirstAncestorOrSelf<StatementSyntax>()))
            {
                // Captured by a lambda, a query or a local function that may run later: each entry into its scope (each
                // iteration, or each time a backward goto leads into it again) gets its own box, as the compiler gives
                // each entry its own closure. A lambda takes the box current where it is made; a local function gets
                // it as a parameter at every call and delegate conversion (see LocalFunctionBoxes).
                // A local function only ever called directly (not as a delegate, not from a closure) runs while
                // this entry's variable is live, so when nothing else captures the variable it reads the field.
                boxed = refs.Any(r => PerEntryCapture(r) != Capture.None);
                if (boxed)
                {
                    _boxed.Add(local);
                    if (scope is not null)
                    {
                        // The box is made where the compiler makes the closure: on entry to the block (or switch), so a
                        // backward goto inside the block keeps the variable and one into it from outside renews it.
                        _boxedAtScopeEntry[local] = scope;
                    }
                }
            }

            Fields.Add(new FieldModel(LocalTypeName(local), field, local.Name, boxed));
        }
    }

    /// <summary>
    /// The boxed per-entry locals that a local function of the body (one not inside a lambda or another local function)
    /// reads, itself or through the local functions it uses, in declaration order. It takes their boxes as leading
    /// parameters, and every call and delegate conversion passes the boxes current where it is written (the field in
    /// the body, the box a lambda took when it was made, the caller's own parameter), so each call sees the variables
    /// of the scope entry it was called or converted in, as C# runs a local function in the closure of the scope
    /// instance that declares it. Functions nested in a lambda or local function use the boxes of the one around them.
    /// </summary>
    public IReadOnlyList<ILocalSymbol> LocalFunctionBoxes(ISymbol function)
    {
        if (_localFunctionBoxes is null)
        {
            _localFunctionBoxes = new Dictionary<ISymbol, List<ILocalSymbol>>(SymbolEqualityComparer.Default);
            if (_boxed.Count > 0)
            {
                ComputeLocalFunctionBoxes(_localFunctionBoxes);
            }
        }

        return _localFunctionBoxes.TryGetValue(function.OriginalDefinition, out List<ILocalSymbol>? boxes) ? boxes : (IReadOnlyList<ILocalSymbol>)System.Array.Empty<ILocalSymbol>();
    }

    /// <summary>The name of the parameter that carries <paramref name="local"/>'s box into the local functions that need it.</summary>
    public string BoxParameter(ILocalSymbol local)
    {
        if (!_boxParameters.TryGetValue(local, out string? name))
        {
            _boxParameters[local] = name = _names.Claim("box" + _fieldOf[local]);
        }

        return name;
    }

    /// <summary>
    /// The static table that holds the delegates <paramref name="function"/> was converted to, per box of its innermost
    /// per-entry variable (a weak table: a delegate lives as long as its box), for one delegate type and one
    /// instantiation of the function: <c>FDelegates&lt;D, T1..Tn&gt;.Table</c>, where the nested generic class is
    /// declared once per function. The delegate type and type arguments are type arguments of the class rather than
    /// part of a field's type, so a conversion whose delegate type mentions a local function's type parameter
    /// (<c>Func&lt;U, string&gt; f = Show;</c> in <c>G&lt;U&gt;</c>) has a table too, and it is the same table as that of a
    /// conversion written with the types the parameter stands for (<c>Func&lt;int, string&gt;</c> when U is int), as the
    /// compiler's delegates of one closure and one method are equal wherever they are made.
    /// </summary>
    public string ConversionCache(IMethodSymbol function, ITypeSymbol delegateType, string keyType)
    {
        ISymbol definition = function.OriginalDefinition;
        if (!_conversionCaches.TryGetValue(definition, out string? name))
        {
            _conversionCaches[definition] = name = _names.Claim(function.Name + "Delegates");
            string delegateParameter = ClaimTypeParameter("TDelegate");
            var parameters = new List<string> { delegateParameter };
            for (int i = 0; i < function.TypeArguments.Length + EnclosingTypeParameters(function).Count; i++)
            {
                parameters.Add(ClaimTypeParameter("TArgument" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            string table = "global::System.Runtime.CompilerServices.ConditionalWeakTable<" + keyType + ", " + delegateParameter + ">";
            Constants.Add("private static class " + name + "<" + string.Join(", ", parameters) + "> where " + delegateParameter + " : class { internal static readonly " +
                table + " Table = new " + table + "(); }");
        }

        return name + "<" + string.Join(", ", new[] { TypeName(delegateType) }.Concat(function.TypeArguments.Concat(EnclosingTypeParameters(function)).Select(TypeName))) + ">.Table";
    }

    // A type parameter of a class nested in the machine: named unlike every name of the method and every type
    // parameter of the machine and the types around it (the same name there would be warning CS0693).
    private string ClaimTypeParameter(string preferred)
    {
        var outer = new HashSet<string>(Method.TypeParameters.Select(p => p.Name), System.StringComparer.Ordinal);
        for (INamedTypeSymbol? type = Method.ContainingType; type is not null; type = type.ContainingType)
        {
            outer.UnionWith(type.TypeParameters.Select(p => p.Name));
        }

        string name;
        do
        {
            name = _names.Claim(preferred);
        }
        while (outer.Contains(name));
        return name;
    }

    // The type parameters of the local functions around a nested one: part of its method in C# (the compiler lifts it
    // as a method generic over them), so part of what makes two of its delegates equal.
    private static List<ITypeSymbol> EnclosingTypeParameters(IMethodSymbol function)
    {
        var result = new List<ITypeSymbol>();
        for (ISymbol? outer = function.ContainingSymbol; outer is IMethodSymbol { MethodKind: MethodKind.LocalFunction } method; outer = method.ContainingSymbol)
        {
            result.InsertRange(0, method.TypeParameters);
        }

        return result;
    }

    /// <summary>
    /// For a local function nested in a lambda or another local function that reads per-entry variables only through
    /// their boxes (it captures nothing else but machine fields): the innermost of those variables, whose box keys the
    /// function's delegates. C# runs such a function in the closure of the scope entry of those variables, not in one of
    /// the function around it, so its delegates made in one entry are equal even when made by different calls of the
    /// function or lambda around it; the generated function captures the box parameter of the function around it, so
    /// its conversions are looked up in <see cref="ConversionCache"/> instead. Null for every other local function.
    /// </summary>
    public ILocalSymbol? NestedConversionKey(IMethodSymbol function)
    {
        ISymbol definition = function.OriginalDefinition;
        if (_boxed.Count == 0 || LocalFunctionBoxes(definition).Count > 0 || !CapturesOnlyFields(function))
        {
            return null;
        }

        // Top-level functions have their boxes (LocalFunctionBoxes); a nested one reads the boxed variables it names and
        // those of the functions it calls.
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { definition };
        var pending = new Stack<ISymbol>();
        pending.Push(definition);
        ILocalSymbol? innermost = null;
        void Consider(ILocalSymbol local)
        {
            if (innermost is null || local.Locations[0].SourceSpan.Start > innermost.Locations[0].SourceSpan.Start)
            {
                innermost = local;
            }
        }

        while (pending.Count > 0)
        {
            ISymbol current = pending.Pop();
            if (current.DeclaringSyntaxReferences.Length != 1 || current.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not LocalFunctionStatementSyntax declaration)
            {
                return null;
            }

            foreach (SimpleNameSyntax name in declaration.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                ISymbol? referenced = SymbolOf(name);
                if (referenced is ILocalSymbol local && _boxed.Contains(local))
                {
                    Consider(local);
                }
                else if (referenced is IMethodSymbol { MethodKind: MethodKind.LocalFunction } used && seen.Add(used.OriginalDefinition))
                {
                    if (LocalFunctionBoxes(used) is { Count: > 0 } boxes)
                    {
                        foreach (ILocalSymbol box in boxes)
                        {
                            Consider(box);
                        }
                    }
                    else
                    {
                        pending.Push(used.OriginalDefinition);
                    }
                }
            }
        }

        return innermost;
    }

    private readonly Dictionary<ISymbol, string> _conversionCaches = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, bool> _capturesOnlyFields = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Whether everything <paramref name="function"/> captures, itself or through the local functions it uses, lives
    /// in the machine's fields (its boxes included): then its boxes fix its whole environment and its delegates can be
    /// kept per box. A function that also captures a local of code copied as it is (a block with no yield, where C#
    /// makes the closures) is converted afresh each time.
    /// </summary>
    public bool CapturesOnlyFields(IMethodSymbol function)
    {
        ISymbol key = function.OriginalDefinition;
        if (_capturesOnlyFields.TryGetValue(key, out bool known))
        {
            return known;
        }

        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { key };
        var pending = new Stack<ISymbol>();
        pending.Push(key);
        bool onlyFields = true;
        while (onlyFields && pending.Count > 0)
        {
            ISymbol current = pending.Pop();
            if (current.DeclaringSyntaxReferences.Length != 1 || current.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not LocalFunctionStatementSyntax declaration)
            {
                onlyFields = false;
                break;
            }

            foreach (SimpleNameSyntax name in declaration.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                ISymbol? referenced = SymbolOf(name);
                if (referenced is IMethodSymbol { MethodKind: MethodKind.LocalFunction } used && seen.Add(used.OriginalDefinition))
                {
                    pending.Push(used.OriginalDefinition);
                }
                else if (referenced is ILocalSymbol or IParameterSymbol && !_fieldOf.ContainsKey(referenced) && !(referenced is ILocalSymbol { IsConst: true }) &&
                    !referenced.DeclaringSyntaxReferences.Any(r => declaration.Span.Contains(r.Span)))
                {
                    onlyFields = false;
                    break;
                }
            }
        }

        _capturesOnlyFields[key] = onlyFields;
        return onlyFields;
    }

    private Dictionary<ISymbol, List<ILocalSymbol>>? _localFunctionBoxes;
    private readonly Dictionary<ISymbol, string> _boxParameters = new(SymbolEqualityComparer.Default);

    private void ComputeLocalFunctionBoxes(Dictionary<ISymbol, List<ILocalSymbol>> result)
    {
        var functions = new Dictionary<ISymbol, LocalFunctionStatementSyntax>(SymbolEqualityComparer.Default);
        foreach (LocalFunctionStatementSyntax function in _syntax.Body!.DescendantNodes().OfType<LocalFunctionStatementSyntax>())
        {
            if (!function.Ancestors().TakeWhile(a => a != _syntax).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax) &&
                _model.GetDeclaredSymbol(function, _cancellationToken) is { } symbol)
            {
                functions[symbol] = function;
            }
        }

        var needs = new Dictionary<ISymbol, HashSet<ISymbol>>(SymbolEqualityComparer.Default);
        var uses = new Dictionary<ISymbol, List<ISymbol>>(SymbolEqualityComparer.Default);
        foreach (KeyValuePair<ISymbol, LocalFunctionStatementSyntax> entry in functions)
        {
            var need = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var used = new List<ISymbol>();
            foreach (SimpleNameSyntax name in entry.Value.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                ISymbol? referenced = SymbolOf(name);
                if (referenced is ILocalSymbol local && _boxed.Contains(local))
                {
                    need.Add(local);
                }
                else if (referenced is IMethodSymbol { MethodKind: MethodKind.LocalFunction } called && functions.ContainsKey(called.OriginalDefinition))
                {
                    used.Add(called.OriginalDefinition);
                }
            }

            needs[entry.Key] = need;
            uses[entry.Key] = used;
        }

        // A function passes on the boxes of every function it calls or converts: repeated until nothing changes.
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (KeyValuePair<ISymbol, List<ISymbol>> entry in uses)
            {
                foreach (ISymbol called in entry.Value)
                {
                    foreach (ISymbol local in needs[called].ToList())
                    {
                        changed |= needs[entry.Key].Add(local);
                    }
                }
            }
        }

        foreach (KeyValuePair<ISymbol, HashSet<ISymbol>> entry in needs)
        {
            if (entry.Value.Count == 0)
            {
                continue;
            }

            List<ILocalSymbol> boxes = entry.Value.Cast<ILocalSymbol>().OrderBy(l => l.Locations[0].SourceSpan.Start).ToList();
            if (!CapturesOnlyFields((IMethodSymbol)entry.Key) && VerbatimRoot(functions[entry.Key]) is { } root)
            {
                // It also captures a local of the yield-free statement it is declared in (see SnapshotBoxes).
                _snapshotFunctions[entry.Key] = boxes;
                if (!_snapshotRoots.TryGetValue(root, out List<ILocalSymbol>? taken))
                {
                    _snapshotRoots[root] = taken = new List<ILocalSymbol>();
                }

                foreach (ILocalSymbol local in boxes)
                {
                    if (!taken.Contains(local, SymbolEqualityComparer.Default))
                    {
                        taken.Add(local);
                    }
                }

                continue;
            }

            result[entry.Key] = boxes;
        }

        // Lambdas of a verbatim statement that capture boxes and a local of that statement read copies of the boxes too
        // (see SnapshotLambdaBoxes). Ones nested in another closure use the boxes that closure has.
        foreach (AnonymousFunctionExpressionSyntax lambda in _syntax.Body!.DescendantNodes().OfType<AnonymousFunctionExpressionSyntax>())
        {
            if (lambda.Ancestors().TakeWhile(a => a != _syntax).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or QueryExpressionSyntax) ||
                VerbatimRoot(lambda) is not { } root || ClosureCapturesOnlyFields(lambda))
            {
                continue;
            }

            var boxes = new List<ILocalSymbol>();
            foreach (SimpleNameSyntax name in lambda.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                ISymbol? referenced = SymbolOf(name);
                IEnumerable<ILocalSymbol> reads = referenced switch
                {
                    ILocalSymbol local when _boxed.Contains(local) => new[] { local },
                    IMethodSymbol { MethodKind: MethodKind.LocalFunction } function when result.TryGetValue(function.OriginalDefinition, out List<ILocalSymbol>? needed) => needed,
                    _ => System.Array.Empty<ILocalSymbol>(),
                };
                foreach (ILocalSymbol local in reads)
                {
                    if (!boxes.Contains(local, SymbolEqualityComparer.Default))
                    {
                        boxes.Add(local);
                    }
                }
            }

            if (boxes.Count == 0)
            {
                continue;
            }

            _snapshotLambdas[lambda] = boxes;
            if (!_snapshotRoots.TryGetValue(root, out List<ILocalSymbol>? taken))
            {
                _snapshotRoots[root] = taken = new List<ILocalSymbol>();
            }

            taken.AddRange(boxes.Where(local => !taken.Contains(local, SymbolEqualityComparer.Default)));
        }
    }

    private readonly Dictionary<SyntaxNode, List<ILocalSymbol>> _snapshotLambdas = new();
    private readonly Dictionary<SyntaxNode, bool> _closureCapturesOnlyFields = new();

    /// <summary>
    /// For a lambda of a verbatim statement (not inside another closure) that captures boxed variables and a local of
    /// that statement (or a local function that does): the boxed variables it reads. It reads the copies of their boxes
    /// the statement made on entry (<see cref="SnapshotLocal"/>) instead of being wrapped in a factory, so its closure
    /// is the compiler's: the one of the innermost scope whose variables it captures. Empty for other lambdas.
    /// </summary>
    public IReadOnlyList<ILocalSymbol> SnapshotLambdaBoxes(SyntaxNode lambda)
    {
        if (_boxed.Count == 0)
        {
            return System.Array.Empty<ILocalSymbol>();
        }

        _ = LocalFunctionBoxes(_method);
        return _snapshotLambdas.TryGetValue(lambda, out List<ILocalSymbol>? boxes) ? boxes : (IReadOnlyList<ILocalSymbol>)System.Array.Empty<ILocalSymbol>();
    }

    /// <summary>
    /// Whether everything a lambda or anonymous method captures (the locals and parameters declared outside it that it
    /// names, and the local functions it uses) lives in the machine's fields, boxes included: then, as for a local
    /// function (<see cref="CapturesOnlyFields"/>), its boxes fix its closure, and C# gives two evaluations of it in one
    /// entry of the innermost boxed variable's scope equal delegates.
    /// </summary>
    public bool ClosureCapturesOnlyFields(SyntaxNode closure)
    {
        if (_closureCapturesOnlyFields.TryGetValue(closure, out bool known))
        {
            return known;
        }

        bool onlyFields = true;
        foreach (SimpleNameSyntax name in closure.DescendantNodes().OfType<SimpleNameSyntax>())
        {
            ISymbol? referenced = SymbolOf(name);
            if (referenced is IMethodSymbol { MethodKind: MethodKind.LocalFunction } used)
            {
                if (!used.OriginalDefinition.DeclaringSyntaxReferences.Any(r => closure.Span.Contains(r.Span)) && !CapturesOnlyFields(used))
                {
                    onlyFields = false;
                    break;
                }
            }
            else if (referenced is ILocalSymbol or IParameterSymbol && !_fieldOf.ContainsKey(referenced) && !(referenced is ILocalSymbol { IsConst: true }) &&
                !referenced.DeclaringSyntaxReferences.Any(r => closure.Span.Contains(r.Span)))
            {
                onlyFields = false;
                break;
            }
        }

        _closureCapturesOnlyFields[closure] = onlyFields;
        return onlyFields;
    }

    private readonly Dictionary<SyntaxNode, string> _lambdaCaches = new();

    /// <summary>
    /// The static table that holds the delegates one lambda (that captures only fields and boxes, see
    /// <see cref="ClosureCapturesOnlyFields"/>) was evaluated to, per box of the innermost boxed variable it reads:
    /// <c>LambdaDelegates&lt;D, T1..Tn&gt;.Table</c>, generic over the delegate type and the type parameters of the
    /// local functions around the lambda (C# lifts it to a method generic over them, so each instantiation is another
    /// method).
    /// </summary>
    public string LambdaCache(SyntaxNode lambda, ITypeSymbol delegateType, string keyType)
    {
        List<ITypeSymbol> enclosing = lambda.Ancestors().TakeWhile(a => a != _syntax).OfType<LocalFunctionStatementSyntax>().Reverse()
            .SelectMany(f => _model.GetDeclaredSymbol(f, _cancellationToken) is IMethodSymbol function ? function.TypeParameters : ImmutableArrayEmpty)
            .Cast<ITypeSymbol>().ToList();
        if (!_lambdaCaches.TryGetValue(lambda, out string? name))
        {
            _lambdaCaches[lambda] = name = _names.Claim("LambdaDelegates");
            string delegateParameter = ClaimTypeParameter("TDelegate");
            var parameters = new List<string> { delegateParameter };
            for (int i = 0; i < enclosing.Count; i++)
            {
                parameters.Add(ClaimTypeParameter("TArgument" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            string table = "global::System.Runtime.CompilerServices.ConditionalWeakTable<" + keyType + ", " + delegateParameter + ">";
            Constants.Add("private static class " + name + "<" + string.Join(", ", parameters) + "> where " + delegateParameter + " : class { internal static readonly " +
                table + " Table = new " + table + "(); }");
        }

        return name + "<" + string.Join(", ", new[] { TypeName(delegateType) }.Concat(enclosing.Select(TypeName))) + ">.Table";
    }

    private static readonly System.Collections.Immutable.ImmutableArray<ITypeParameterSymbol> ImmutableArrayEmpty = System.Collections.Immutable.ImmutableArray<ITypeParameterSymbol>.Empty;

    private readonly Dictionary<ISymbol, List<ILocalSymbol>> _snapshotFunctions = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<SyntaxNode, List<ILocalSymbol>> _snapshotRoots = new();
    private readonly Dictionary<ISymbol, string> _snapshotNames = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// For a local function declared in a statement emitted verbatim (one with no yield) that captures, besides
    /// per-entry variables (boxed), a local of that statement: the boxed variables it reads, itself or through the
    /// local functions it uses. It takes no box parameters: the statement is wrapped in a block that first copies the
    /// current boxes into locals (<see cref="SnapshotLocal"/>), and the function reads those, so it is an ordinary local
    /// function of the emitted code and its conversions are the compiler's. The boxes cannot change while the statement
    /// runs (no yield, and every scope that renews a box contains one), and the copies are declared around every scope
    /// the function captures, so its closure is the one of the innermost scope whose locals it captures, as in C#:
    /// two conversions in one entry of that scope are equal, conversions in different entries are not. Empty for
    /// every other function (those capturing only fields take boxes as parameters, see LocalFunctionBoxes).
    /// </summary>
    public IReadOnlyList<ILocalSymbol> SnapshotBoxes(ISymbol function)
    {
        _ = LocalFunctionBoxes(function);
        return _snapshotFunctions.TryGetValue(function.OriginalDefinition, out List<ILocalSymbol>? boxes) ? boxes : (IReadOnlyList<ILocalSymbol>)System.Array.Empty<ILocalSymbol>();
    }

    /// <summary>The boxed variables whose current boxes are copied into locals at the start of <paramref name="statement"/>, a statement emitted verbatim that declares functions of <see cref="SnapshotBoxes"/>.</summary>
    public IReadOnlyList<ILocalSymbol> SnapshotsAt(StatementSyntax statement)
    {
        if (_boxed.Count == 0)
        {
            return System.Array.Empty<ILocalSymbol>();
        }

        _ = LocalFunctionBoxes(_method);
        return _snapshotRoots.TryGetValue(statement, out List<ILocalSymbol>? boxes) ? boxes : (IReadOnlyList<ILocalSymbol>)System.Array.Empty<ILocalSymbol>();
    }

    /// <summary>The local that holds <paramref name="local"/>'s box in a statement of <see cref="SnapshotsAt"/>.</summary>
    public string SnapshotLocal(ILocalSymbol local)
    {
        if (!_snapshotNames.TryGetValue(local, out string? name))
        {
            _snapshotNames[local] = name = _names.Claim("box" + _fieldOf[local]);
        }

        return name;
    }

    // The outermost statement around a node (a local function's declaration, a lambda) that has no yield (emitted verbatim as a whole),
    // null when the declaration itself sits in a flattened block or switch section.
    private StatementSyntax? VerbatimRoot(SyntaxNode node)
    {
        StatementSyntax? root = null;
        for (SyntaxNode? n = node.Parent; n is not null && n != _syntax && !HasYield(n); n = n.Parent)
        {
            if (n is StatementSyntax statement)
            {
                root = statement;
            }
        }

        return root;
    }

    /// <summary>
    /// The block (or switch statement, whose sections share one scope) that is the C# scope of a local declared by a
    /// statement of a statement list: a declaration statement, or an expression variable (out variable, pattern
    /// variable) of an expression statement, a declaration, an <c>if</c> condition, <c>return</c>, <c>throw</c> or
    /// <c>yield return</c>, which C# scopes to the enclosing block. Null for other scopes (loop headers, case labels,
    /// embedded statements), which begin where the variable is declared.
    /// </summary>
    private SyntaxNode? StatementListScope(SyntaxNode declaration)
    {
        StatementSyntax? statement = null;
        if (declaration is VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax local })
        {
            statement = local;
        }
        else if (declaration is SingleVariableDesignationSyntax)
        {
            for (SyntaxNode? n = declaration.Parent; n is not null && statement is null; n = n.Parent)
            {
                if (n is SwitchLabelSyntax or CatchClauseSyntax or QueryClauseSyntax or SelectOrGroupClauseSyntax or SwitchExpressionArmSyntax or AnonymousFunctionExpressionSyntax)
                {
                    return null;
                }

                statement = n as StatementSyntax;
            }

            if (statement is not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax or ReturnStatementSyntax or ThrowStatementSyntax or YieldStatementSyntax or IfStatementSyntax))
            {
                return null;
            }
        }

        return statement?.Parent switch
        {
            BlockSyntax block when HasYield(block) => block,
            SwitchSectionSyntax { Parent: SwitchStatementSyntax switchStatement } when HasYield(switchStatement) => switchStatement,
            _ => null,
        };
    }

    /// <summary>Whether control can enter <paramref name="scope"/> again after leaving it without a loop: a goto that
    /// comes after the scope's start jumps back to a label before it.</summary>
    private bool IsReentered(SyntaxNode? scope)
    {
        if (scope is null)
        {
            return false;
        }

        // A goto after the scope's start whose label comes before it: the first goto after the start, then the
        // earliest label of that goto and every later one.
        (int[] jumps, int[] earliestLabel) = _jumps ??= Jumps();
        int low = 0;
        int high = jumps.Length;
        while (low < high)
        {
            int middle = (low + high) / 2;
            if (jumps[middle] > scope.SpanStart)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low < jumps.Length && earliestLabel[low] < scope.SpanStart;
    }

    // The body's 'goto label' statements (outside lambdas and local functions) in order of position, each with the
    // smallest label position of it and every later one, found once: asking per hoisted local walked the whole body
    // for each, quadratic in a method of thousands of locals.
    private (int[] Jumps, int[] EarliestLabel)? _jumps;

    private (int[] Jumps, int[] EarliestLabel) Jumps()
    {
        var found = new List<(int Jump, int Label)>();
        foreach (GotoStatementSyntax jump in DescendantsInBody(_syntax.Body!).OfType<GotoStatementSyntax>())
        {
            if (jump.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.GotoStatement) && jump.Expression is not null &&
                _model.GetSymbolInfo(jump.Expression, _cancellationToken).Symbol is ILabelSymbol label && label.DeclaringSyntaxReferences.Length == 1)
            {
                found.Add((jump.SpanStart, label.DeclaringSyntaxReferences[0].Span.Start));
            }
        }

        found.Sort((a, b) => a.Jump.CompareTo(b.Jump));
        int[] jumps = found.Select(f => f.Jump).ToArray();
        int[] earliest = new int[found.Count];
        for (int i = found.Count - 1; i >= 0; i--)
        {
            earliest[i] = i == found.Count - 1 ? found[i].Label : System.Math.Min(found[i].Label, earliest[i + 1]);
        }

        return (jumps, earliest);
    }

    /// <summary>Makes the boxes of the boxed locals whose scope is <paramref name="scope"/>, on entry to it.</summary>
    private void EnterScope(SyntaxNode scope)
    {
        foreach (KeyValuePair<ISymbol, SyntaxNode> entry in _boxedAtScopeEntry)
        {
            if (entry.Value == scope)
            {
                Emit(_fieldOf[entry.Key] + " = new " + BoxType + "<" + LocalTypeName((ILocalSymbol)entry.Key) + ">();");
            }
        }
    }

    private Placement Place(SyntaxNode declaration, List<SyntaxNode> refs)
    {
        // A yield-free compound statement (emitted verbatim) that holds the declaration and every use.
        StatementSyntax? root = null;
        for (SyntaxNode? n = declaration; n is not null && n != _syntax; n = n.Parent)
        {
            if (HasYield(n))
            {
                break;
            }

            // A label does not make a scope: a labeled block is the root of what it declares, not the label.
            if (n is StatementSyntax statement && !(n is LabeledStatementSyntax && root is not null))
            {
                root = statement;
            }
        }

        if (root is not null && root is not (LocalDeclarationStatementSyntax or ExpressionStatementSyntax or YieldStatementSyntax or ReturnStatementSyntax or ThrowStatementSyntax or LabeledStatementSyntax) &&
            refs.All(r => root.Span.Contains(r.Span)))
        {
            return Placement.Local;
        }

        bool captured = refs.Any(r => CaptureOf(r) != Capture.None);

        // A variable declared in a switch-expression arm and used only there: the arm is its own scope.
        SwitchExpressionArmSyntax? arm = declaration.Ancestors().TakeWhile(a => a is not StatementSyntax).OfType<SwitchExpressionArmSyntax>().FirstOrDefault();
        if (arm is not null && refs.All(r => arm.Span.Contains(r.Span)))
        {
            return Placement.Local;
        }

        // A variable declared in an expression and used only inside that expression: no yield can come between.
        ExpressionSyntax? top = declaration.Ancestors().TakeWhile(a => a is not StatementSyntax and not SwitchLabelSyntax and not CatchClauseSyntax).OfType<ExpressionSyntax>().LastOrDefault();
        if (top is not null && !captured && refs.All(r => top.Span.Contains(r.Span)))
        {
            return Placement.TopLocal;
        }

        // A declaration statement at the flattened level whose uses all come before the next yield (or label).
        if (!captured && declaration is VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax declarationStatement } &&
            !declarationStatement.UsingKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.UsingKeyword) && IsTopLevelStatement(declarationStatement))
        {
            // A yield return's own expression is evaluated before the machine suspends, so it still belongs to the run.
            int runEnd = RunEnd(declarationStatement);
            if (refs.All(r => r.SpanStart >= declarationStatement.SpanStart && r.SpanStart < runEnd))
            {
                return Placement.TopLocal;
            }
        }

        return Placement.Field;
    }

    // For each statement of a flattened block or switch section, where the run of statements after it with no yield and
    // no label ends: the start of the next statement with a yield or label (the end of a yield return), or int.MaxValue.
    // Found once per list, from its end: scanning forward from each declaration was quadratic in a block of thousands
    // of declarations before its first yield.
    private readonly Dictionary<StatementSyntax, int> _runEnds = new();

    private int RunEnd(StatementSyntax statement)
    {
        if (!_runEnds.TryGetValue(statement, out int runEnd))
        {
            SyntaxList<StatementSyntax> list = statement.Parent is BlockSyntax block ? block.Statements : ((SwitchSectionSyntax)statement.Parent!).Statements;
            int end = int.MaxValue;
            for (int i = list.Count - 1; i >= 0; i--)
            {
                _runEnds[list[i]] = end;
                if (HasYield(list[i]) || list[i] is LabeledStatementSyntax)
                {
                    end = list[i] is YieldStatementSyntax yieldReturn ? yieldReturn.Span.End : list[i].SpanStart;
                }
            }

            runEnd = _runEnds[statement];
        }

        return runEnd;
    }

    /// <summary>Whether a statement sits directly in a flattened block or switch section, so lowering puts it in Step's top scope.</summary>
    private bool IsTopLevelStatement(StatementSyntax statement) =>
        statement.Parent is (BlockSyntax or SwitchSectionSyntax) && HasYield(statement.Parent);

    private bool IsTopLevelDeclaration(SyntaxNode declaration) =>
        declaration.FirstAncestorOrSelf<StatementSyntax>() is { } statement && IsTopLevelStatement(statement);

    /// <summary>Whether a reference sits in a lambda, anonymous method or query clause (a closure the compiler makes per
    /// scope entry), or in a local function, between it and the coroutine's own body.</summary>
    /// <remarks>The answer for each node on the way out is remembered, so asking about every name of the body walks each
    /// node once, however deep the names sit.</remarks>
    private Capture CaptureOf(SyntaxNode reference)
    {
        var path = new List<SyntaxNode>();
        Capture capture = Capture.None;
        SyntaxNode child = reference;
        for (SyntaxNode? n = reference.Parent; n is not null && n != _syntax; child = n, n = n.Parent)
        {
            if (_captureAbove.TryGetValue(child, out capture))
            {
                break;
            }

            path.Add(child);
            Capture here = n switch
            {
                LocalFunctionStatementSyntax => Capture.LocalFunction,
                AnonymousFunctionExpressionSyntax => Capture.Lambda,
                QueryExpressionSyntax query when child != query.FromClause => Capture.Lambda,
                FromClauseSyntax from when from.Parent is QueryExpressionSyntax && child != from.Expression => Capture.Lambda,
                _ => Capture.None,
            };
            if (here != Capture.None)
            {
                capture = here;
                break;
            }
        }

        foreach (SyntaxNode node in path)
        {
            _captureAbove[node] = capture;
        }

        return capture;
    }

    /// <summary>
    /// How a reference to a per-entry variable is captured: <see cref="Capture.Lambda"/> when a lambda or query (which
    /// can take this entry's box) comes first on the way out to the body, <see cref="Capture.LocalFunction"/> when a
    /// local function that may run later (see <see cref="EscapingLocalFunction"/>) does, otherwise
    /// <see cref="Capture.None"/> (the body itself, or local functions only ever called directly).
    /// </summary>
    private Capture PerEntryCapture(SyntaxNode reference)
    {
        SyntaxNode? function = EscapingLocalFunction(reference, out bool lambdaFirst);
        return lambdaFirst ? Capture.Lambda : function is not null ? Capture.LocalFunction : Capture.None;
    }

    /// <summary>The local function around <paramref name="reference"/> that may run after the current iteration (it is
    /// used as a delegate, or called from a closure or from such a local function), unless a lambda or query that can
    /// take the current box comes first (<paramref name="lambdaFirst"/>).</summary>
    public SyntaxNode? EscapingLocalFunction(SyntaxNode reference, out bool lambdaFirst)
    {
        lambdaFirst = false;
        SyntaxNode child = reference;
        for (SyntaxNode? n = reference.Parent; n is not null && n != _syntax; child = n, n = n.Parent)
        {
            switch (n)
            {
                case LocalFunctionStatementSyntax function when IsEscaping(function):
                    return function;
                case AnonymousFunctionExpressionSyntax:
                case QueryExpressionSyntax query when child != query.FromClause:
                case FromClauseSyntax from when from.Parent is QueryExpressionSyntax && child != from.Expression:
                    lambdaFirst = true;
                    return null;
            }
        }

        return null;
    }

    private readonly Dictionary<SyntaxNode, string> _escapeReasons = new();

    private bool IsEscaping(LocalFunctionStatementSyntax function)
    {
        if (_escapingLocalFunctions is null)
        {
            _escapingLocalFunctions = new HashSet<SyntaxNode>();
            var declarations = _syntax.Body!.DescendantNodes().OfType<LocalFunctionStatementSyntax>()
                .ToDictionary(f => (ISymbol)_model.GetDeclaredSymbol(f, _cancellationToken)!, f => f, SymbolEqualityComparer.Default);
            var uses = _syntax.Body!.DescendantNodes().OfType<SimpleNameSyntax>()
                .Select(name => (Name: name, Symbol: SymbolOf(name)))
                .Where(u => u.Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } && declarations.ContainsKey(u.Symbol.OriginalDefinition))
                .ToList();

            // A use escapes unless it is a call made directly in the scope that declares the function (no closure and no
            // escaping local function between); repeated until no more escape through the ones found.
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach ((SimpleNameSyntax name, ISymbol? symbol) in uses)
                {
                    LocalFunctionStatementSyntax declaration = declarations[symbol!.OriginalDefinition];
                    if (!_escapingLocalFunctions.Contains(declaration) && UseEscapes(name, declaration) is { } reason)
                    {
                        _escapingLocalFunctions.Add(declaration);
                        _escapeReasons[declaration] = reason + " at line " + (name.GetLocation().GetLineSpan().StartLinePosition.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        changed = true;
                    }
                }
            }
        }

        return _escapingLocalFunctions.Contains(function);
    }

    // Why this use lets the local function run later (null: a direct call in the scope that declares it).
    private string? UseEscapes(SimpleNameSyntax name, LocalFunctionStatementSyntax declaration)
    {
        SyntaxNode call = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
        if (call.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != call)
        {
            return "used as a delegate";
        }

        for (SyntaxNode? n = name.Parent; n is not null && n != declaration.Parent; n = n.Parent)
        {
            switch (n)
            {
                case AnonymousFunctionExpressionSyntax:
                    return "called from a lambda";
                case QueryExpressionSyntax:
                    return "called from a query";
                case LocalFunctionStatementSyntax other when other != declaration && _escapingLocalFunctions!.Contains(other):
                    return "called from local function '" + other.Identifier.ValueText + "', which is " + _escapeReasons[other];
            }
        }

        return null;
    }

    private bool IsDeclaredPerIteration(SyntaxNode declaration)
    {
        for (SyntaxNode? n = declaration; n is not null && n != _syntax; n = n.Parent)
        {
            switch (n.Parent)
            {
                case CommonForEachStatementSyntax loop when HasYield(loop) && (n == loop.Statement || (loop is ForEachVariableStatementSyntax v && n == v.Variable)):
                    return true;
                case WhileStatementSyntax loop when HasYield(loop) && (n == loop.Statement || n == loop.Condition):
                    return true;
                case DoStatementSyntax loop when HasYield(loop) && (n == loop.Statement || n == loop.Condition):
                    return true;
                case ForStatementSyntax loop when HasYield(loop) && (n == loop.Statement || n == loop.Condition || loop.Incrementors.Contains(n)):
                    return true;
            }

            if (declaration is ForEachStatementSyntax f && HasYield(f))
            {
                return true;
            }
        }

        return false;
    }
}
