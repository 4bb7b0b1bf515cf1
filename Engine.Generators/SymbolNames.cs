using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Engine.Generators;

/// <summary>
/// Writes types, namespaces and members in full, from the root they are reachable from in the user's compilation:
/// <c>global::</c>, or the extern alias of the reference that brings them (<c>Ext::Ns.Type</c>), and remembers the
/// aliases it wrote so the generated file can declare them (<c>extern alias Ext;</c>).
/// </summary>
/// <remarks>
/// Design: the compiler's fully qualified display writes <c>global::</c> before every name, which does not bind for a
/// type of an assembly referenced only under an alias (<c>&lt;Reference Aliases="Ext"/&gt;</c>). Each <c>global</c>
/// root of the display is replaced by the alias of the assembly of the type (or namespace) that follows it, so type
/// arguments from different assemblies each get their own root. A compilation with no such reference (nearly every
/// one) takes the compiler's display as it is.
/// </remarks>
internal sealed class SymbolNames
{
    /// <summary>Types in full, with nullable annotations.</summary>
    public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private readonly Compilation _compilation;
    private readonly bool _hasExternAliases;
    private readonly Dictionary<IAssemblySymbol, string> _rootOf = new(SymbolEqualityComparer.Default);
    private readonly SortedSet<string> _used = new(System.StringComparer.Ordinal);

    public SymbolNames(Compilation compilation)
    {
        _compilation = compilation;
        _hasExternAliases = compilation.References.Any(r => IsAliasOnly(r.Properties.Aliases));
    }

    /// <summary>The extern aliases written so far, in order.</summary>
    public IEnumerable<string> ExternAliases => _used;

    /// <summary>A type in full, with nullable annotations (for declarations).</summary>
    public string Type(ITypeSymbol type) => Display(type, TypeFormat);

    /// <summary>A type, namespace or member in full, without nullable annotations (for expressions and attributes).</summary>
    public string Full(ISymbol symbol) => Display(symbol, SymbolDisplayFormat.FullyQualifiedFormat);

    /// <summary>The root <paramref name="symbol"/> is reachable from: <c>global</c> or an extern alias.</summary>
    public string Root(ISymbol symbol)
    {
        if (!_hasExternAliases)
        {
            return "global";
        }

        return symbol is INamespaceSymbol ns
            ? (ns.NamespaceKind == NamespaceKind.Compilation ? "global" : RootOf(ns.ContainingAssembly))
            : RootOf(symbol.ContainingAssembly);
    }

    private string Display(ISymbol symbol, SymbolDisplayFormat format)
    {
        if (!_hasExternAliases)
        {
            return symbol.ToDisplayString(format);
        }

        ImmutableArray<SymbolDisplayPart> parts = symbol.ToDisplayParts(format);
        var text = new StringBuilder();
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Kind == SymbolDisplayPartKind.Keyword && parts[i].ToString() == "global" &&
                i + 1 < parts.Length && parts[i + 1].ToString() == "::")
            {
                text.Append(RootOfName(parts, i + 2));
            }
            else
            {
                text.Append(parts[i].ToString());
            }
        }

        return text.ToString();
    }

    // The root of the qualified name starting at parts[start]: that of its first type, or of its last namespace.
    private string RootOfName(ImmutableArray<SymbolDisplayPart> parts, int start)
    {
        INamespaceSymbol? last = null;
        for (int j = start; j < parts.Length; j++)
        {
            switch (parts[j].Symbol)
            {
                case INamedTypeSymbol type:
                    return RootOf(type.ContainingAssembly);
                case INamespaceSymbol ns:
                    last = ns;
                    continue;
            }

            if (parts[j].ToString() != ".")
            {
                break;
            }
        }

        return last is null ? "global" : Root(last);
    }

    private string RootOf(IAssemblySymbol? assembly)
    {
        if (assembly is null)
        {
            return "global";
        }

        if (!_rootOf.TryGetValue(assembly, out string? root))
        {
            ImmutableArray<string> aliases = _compilation.GetMetadataReference(assembly)?.Properties.Aliases ?? ImmutableArray<string>.Empty;
            root = IsAliasOnly(aliases) ? aliases[0] : "global";
            _rootOf[assembly] = root;
        }

        if (root != "global")
        {
            _used.Add(root);
        }

        return root;
    }

    private static bool IsAliasOnly(ImmutableArray<string> aliases) => !aliases.IsDefaultOrEmpty && !aliases.Contains("global");
}
