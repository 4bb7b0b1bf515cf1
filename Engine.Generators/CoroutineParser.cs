using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engine.Generators;

/// <summary>
/// Validates a [Coroutine] method and turns it into a <see cref="MachineModel"/> (through <see cref="Lowerer"/>).
/// </summary>
/// <remarks>
/// Design: runs inside the incremental transform, so it may use symbols and syntax, but everything it returns is
/// strings and arrays. Any error diagnostic means no model: the generator never emits a machine it is unsure of.
/// </remarks>
internal static class CoroutineParser
{
    private const string AttributeName = "Engine.CoroutineAttribute";

    public static DiagnosticInfo Info(DiagnosticDescriptor descriptor, SyntaxNode node, params string[] args)
    {
        FileLinePositionSpan span = node.GetLocation().GetLineSpan();
        return new DiagnosticInfo(descriptor, node.SyntaxTree.FilePath, node.Span, span.Span, new EquatableArray<string>(args));
    }

    public static DiagnosticInfo Info(DiagnosticDescriptor descriptor, SyntaxToken token, params string[] args)
    {
        FileLinePositionSpan span = token.GetLocation().GetLineSpan();
        return new DiagnosticInfo(descriptor, token.SyntaxTree!.FilePath, token.Span, span.Span, new EquatableArray<string>(args));
    }

    /// <summary>
    /// Parses <paramref name="syntax"/> if one of its attributes is <c>[Engine.Coroutine]</c>, written by its name
    /// (<c>Coroutine</c>, <c>CoroutineAttribute</c>, qualified or not) or through a using alias of any name, global or
    /// in a namespace; null for every other method. Only the attributes that can be it are bound: those with its name
    /// and those whose name is an alias.
    /// </summary>
    public static ParseResult? ParseIfCoroutine(MethodDeclarationSyntax syntax, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (AttributeListSyntax list in syntax.AttributeLists)
        {
            if (list.Target is not null && !list.Target.Identifier.IsKind(SyntaxKind.MethodKeyword))
            {
                continue;
            }

            foreach (AttributeSyntax attribute in list.Attributes)
            {
                if (IsCoroutineAttribute(attribute, model, cancellationToken) &&
                    model.GetDeclaredSymbol(syntax, cancellationToken) is { } method)
                {
                    return DeepStack.Run(
                        DeepStack.Depth(syntax),
                        () => Parse(syntax, method, model, cancellationToken),
                        () => new ParseResult(null, new EquatableArray<DiagnosticInfo>(new[]
                        {
                            Info(DiagnosticDescriptors.TooDeep, syntax.Identifier, method.Name, DeepStack.StackMegabytes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        })));
                }
            }
        }

        return null;
    }

    private static bool IsCoroutineAttribute(AttributeSyntax attribute, SemanticModel model, CancellationToken cancellationToken)
    {
        SimpleNameSyntax simple = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right,
            AliasQualifiedNameSyntax aliased => aliased.Name,
            SimpleNameSyntax name => name,
            _ => throw new System.InvalidOperationException("an attribute name is a simple, qualified or alias-qualified name, not " + attribute.Name.Kind()),
        };
        string text = simple.Identifier.ValueText;
        bool named = text is "Coroutine" or "CoroutineAttribute";
        if (!named && (attribute.Name is not IdentifierNameSyntax identifier || model.GetAliasInfo(identifier, cancellationToken) is null))
        {
            return false;
        }

        return model.GetSymbolInfo(attribute, cancellationToken).Symbol?.ContainingType?.ToDisplayString() == AttributeName;
    }

    public static ParseResult Parse(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();

        // Every containing type must be partial so the machine can be nested beside the method.
        foreach (TypeDeclarationSyntax type in syntax.Ancestors().OfType<TypeDeclarationSyntax>())
        {
            if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(Info(DiagnosticDescriptors.NotPartial, syntax.Identifier, method.Name, type.Identifier.ValueText));
            }
        }

        string? problem = null;
        var returnType = method.ReturnType as INamedTypeSymbol;
        string? returnName = returnType?.OriginalDefinition.ToDisplayString();
        if (returnType is null || returnType.TypeArguments.Length != 1 ||
            (returnName != "System.Collections.Generic.IEnumerator<T>" && returnName != "System.Collections.Generic.IEnumerable<T>") ||
            returnType.TypeArguments[0].ToDisplayString() != "Engine.Yield")
        {
            problem = "it must return IEnumerator<Engine.Yield> or IEnumerable<Engine.Yield>";
        }
        else if (syntax.Body is null)
        {
            problem = "it must have a block body containing 'yield return' (expression-bodied, abstract and partial declarations are not iterators)";
        }
        else if (method.Parameters.Any(p => p.RefKind != RefKind.None))
        {
            problem = "ref, out and in parameters cannot be kept across a yield; pass values";
        }
        else if (method.ContainingType.IsRefLikeType)
        {
            problem = "ref struct types cannot hold coroutines";
        }

        if (problem is not null)
        {
            diagnostics.Add(Info(DiagnosticDescriptors.BadSignature, syntax.Identifier, method.Name, problem));
        }

        foreach (ISymbol other in method.ContainingType.GetMembers(method.Name))
        {
            if (!SymbolEqualityComparer.Default.Equals(other, method) && other is IMethodSymbol &&
                other.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeName))
            {
                diagnostics.Add(Info(DiagnosticDescriptors.DuplicateName, syntax.Identifier, method.Name, method.ContainingType.Name));
                break;
            }
        }

        foreach ((string name, string what) in new[] { ("Rent" + method.Name, "factory method"), (method.Name + "Machine", "machine class") })
        {
            if (NameTaken(method.ContainingType, name) is { } taken)
            {
                diagnostics.Add(Info(DiagnosticDescriptors.GeneratedNameTaken, syntax.Identifier, method.Name, what, name, taken));
            }
        }

        if (diagnostics.Count > 0)
        {
            return new ParseResult(null, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var lowerer = new Lowerer(semanticModel, method, syntax, cancellationToken);
        lowerer.Run();
        var lowered = new EquatableArray<DiagnosticInfo>(lowerer.Diagnostics.ToArray());
        if (lowerer.Diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error))
        {
            return new ParseResult(null, lowered);
        }

        var containing = new List<string>();
        for (INamedTypeSymbol? t = method.ContainingType; t is not null; t = t.ContainingType)
        {
            containing.Insert(0, TypeHeader(t));
        }

        // The user's using directives are not copied: every type, namespace and static member the body names is
        // written in full by the body rewriter. Only imports (resolved to global names) are kept, each in the namespace
        // declaration it sits in, for what the body uses through them without naming them: extension methods (also
        // those behind query syntax, collection initializers, deconstruction and foreach).
        var usings = new List<string>();
        var scopes = new List<string>();
        foreach (SyntaxNode ancestor in syntax.Ancestors().Reverse())
        {
            switch (ancestor)
            {
                case CompilationUnitSyntax unit:
                    usings.AddRange(Imports(unit.Usings, semanticModel, lowerer.Symbols));
                    break;
                case BaseNamespaceDeclarationSyntax declaration:
                    scopes.Add(string.Join("\n", new[] { "namespace " + declaration.Name.WithoutTrivia().ToString() }.Concat(Imports(declaration.Usings, semanticModel, lowerer.Symbols))));
                    break;
            }
        }

        string typeName = method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "");
        string fullName = typeName + "." + method.Name;
        string hint = new string(typeName.Select(c => char.IsLetterOrDigit(c) || c == '.' ? c : '_').ToArray()) + "." + method.Name + ".g.cs";

        string constraints = Constraints(method.TypeParameters, lowerer);
        string thisType = lowerer.TypeName(method.ContainingType);
        (string Path, bool Mapped) source = SitePaths.Source(syntax.SyntaxTree, semanticModel.Compilation);

        // Last: every name is written by now, so the aliases it took are all known.
        var externs = new EquatableArray<string>(lowerer.Symbols.ExternAliases.Select(a => "extern alias " + a + ";").ToArray());
        var model = new MachineModel(
            hint,
            new EquatableArray<string>(scopes.ToArray()),
            new EquatableArray<string>(containing.ToArray()),
            externs,
            new EquatableArray<string>(usings.ToArray()),
            method.Name,
            method.ContainingType.GetMembers(method.Name).Length > 1,
            method.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", method.TypeParameters.Select(t => t.Name)) + ">",
            constraints,
            fullName,
            Accessibility(method.DeclaredAccessibility),
            method.IsStatic,
            method.ContainingType.IsValueType,
            thisType,
            source.Path,
            source.Mapped,
            SitePaths.SitePath(source.Path, source.Mapped, projectDirectory: null),
            !lowerer.CapturesMachineState,
            lowerer.Shape(),
            lowerer.Names,
            new EquatableArray<ParameterModel>(lowerer.Parameters.ToArray()),
            new EquatableArray<FieldModel>(lowerer.Fields.ToArray()),
            new EquatableArray<SiteModel>(lowerer.Sites.ToArray()),
            new EquatableArray<RegionModel>(lowerer.Regions.ToArray()),
            new EquatableArray<string>(lowerer.Lines.ToArray()),
            new EquatableArray<string>(lowerer.LocalFunctions.ToArray()),
            new EquatableArray<string>(lowerer.Constants.ToArray()),
            new EquatableArray<CachedFieldModel>(lowerer.CachedFields.ToArray()),
            lowerer.CachedResult);
        return new ParseResult(model, lowered);
    }

    /// <summary>
    /// What already has <paramref name="name"/>, a name the generator adds to <paramref name="type"/> (RentX, XMachine),
    /// said for the diagnostic; null when it is free. A member of the type (the generator's output is never part of
    /// its input, so every member found is the user's) would be a duplicate or an ambiguous overload, an inherited one
    /// would be hidden (warning CS0108), and the type itself or one of its type parameters cannot share a member's name.
    /// </summary>
    private static string? NameTaken(INamedTypeSymbol type, string name)
    {
        if (type.Name == name)
        {
            return "the containing type '" + type.Name + "' has that name (a member cannot be named like its type)";
        }

        if (type.TypeParameters.Any(p => p.Name == name))
        {
            return "'" + type.Name + "' has a type parameter named '" + name + "'";
        }

        if (type.GetMembers(name).FirstOrDefault() is { } member)
        {
            return "'" + type.Name + "' already declares a " + KindOf(member) + " named '" + name + "'";
        }

        for (INamedTypeSymbol? t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.GetMembers(name).FirstOrDefault(m => m.DeclaredAccessibility != Microsoft.CodeAnalysis.Accessibility.Private) is { } inherited)
            {
                return "'" + type.Name + "' inherits a " + KindOf(inherited) + " named '" + name + "' from '" + t.Name + "', which it would hide";
            }
        }

        return null;
    }

    private static string KindOf(ISymbol member) => member switch
    {
        IMethodSymbol => "method",
        IFieldSymbol => "field",
        IPropertySymbol => "property",
        IEventSymbol => "event",
        INamedTypeSymbol => "type",
        _ => "member",
    };

    /// <summary>The namespace and static imports of a using list, resolved to global names; aliases (the body never
    /// names them after rewriting) and unresolved directives are left out.</summary>
    private static IEnumerable<string> Imports(SyntaxList<UsingDirectiveSyntax> list, SemanticModel model, SymbolNames symbols)
    {
        foreach (UsingDirectiveSyntax u in list)
        {
            if (u.Alias is not null || u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
            {
                continue;
            }

            ISymbol? target = model.GetSymbolInfo(u.Name).Symbol;
            if (target is INamespaceSymbol { IsGlobalNamespace: false } ns && !u.StaticKeyword.IsKind(SyntaxKind.StaticKeyword))
            {
                yield return "using " + symbols.Full(ns) + ";";
            }
            else if (target is INamedTypeSymbol type && u.StaticKeyword.IsKind(SyntaxKind.StaticKeyword))
            {
                yield return "using static " + symbols.Full(type) + ";";
            }
        }
    }

    /// <summary>The constraint clauses of the method's type parameters, from their symbols (every type in full).</summary>
    private static string Constraints(IEnumerable<ITypeParameterSymbol> parameters, Lowerer lowerer)
    {
        var clauses = new List<string>();
        foreach (ITypeParameterSymbol p in parameters)
        {
            var parts = new List<string>();
            if (p.HasReferenceTypeConstraint)
            {
                parts.Add(p.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
            }
            else if (p.HasUnmanagedTypeConstraint)
            {
                parts.Add("unmanaged");
            }
            else if (p.HasValueTypeConstraint)
            {
                parts.Add("struct");
            }
            else if (p.HasNotNullConstraint)
            {
                parts.Add("notnull");
            }

            parts.AddRange(p.ConstraintTypes.Select(lowerer.TypeName));
            if (p.HasConstructorConstraint)
            {
                parts.Add("new()");
            }

            if (parts.Count > 0)
            {
                clauses.Add("where " + p.Name + " : " + string.Join(", ", parts));
            }
        }

        return string.Join(" ", clauses);
    }

    private static string TypeHeader(INamedTypeSymbol type)
    {
        string kind = type switch
        {
            { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
            { IsRecord: true } => "record",
            { TypeKind: TypeKind.Struct } => "struct",
            { TypeKind: TypeKind.Interface } => "interface",
            _ => "class",
        };
        string name = type.Name;
        if (type.TypeParameters.Length > 0)
        {
            // Variance too: partial declarations of an interface must agree on it.
            name += "<" + string.Join(", ", type.TypeParameters.Select(p => p.Variance switch
            {
                VarianceKind.In => "in ",
                VarianceKind.Out => "out ",
                _ => "",
            } + p.Name)) + ">";
        }

        return "partial " + kind + " " + name;
    }

    private static string Accessibility(Accessibility accessibility) => accessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Public => "public",
        Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };
}
