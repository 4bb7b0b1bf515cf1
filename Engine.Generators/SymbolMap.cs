using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Engine.Generators;

/// <summary>
/// What the names, calls and object creations of one method body refer to, read from the body's operation tree in one
/// walk, so that asking about a node takes time that does not depend on how deep it sits.
/// </summary>
/// <remarks>
/// <para>
/// Design: <c>SemanticModel.GetSymbolInfo</c> finds a node's member and its bindable ancestor by walking up the syntax
/// tree on every call, so asking about each name of an expression nested thousands deep (object initialisers inside
/// object initialisers, a long <c>&amp;&amp;</c> chain) takes time quadratic in its depth. The operation tree of the
/// body (<c>SemanticModel.GetOperation</c>) comes from the same bound tree, bound once, and each reference, call and
/// creation in it names its symbol: one walk over it answers every such node.
/// </para>
/// <para>
/// It answers only where the operation gives exactly what <c>GetSymbolInfo</c> gives, and says "ask the model"
/// (<see langword="false"/>) everywhere else: implicit operations (which share syntax with what the user wrote),
/// everything inside a query expression (where a name is a range variable, not the parameter of the lambda the query is
/// translated into), extension methods (the call names the static method, <c>GetSymbolInfo</c> its reduced form), a
/// node two operations disagree about, and nodes no operation stands for (type names other than the type of an object
/// creation, named arguments, static receivers).
/// </para>
/// </remarks>
internal sealed class SymbolMap
{
    private readonly Dictionary<SyntaxNode, ISymbol?> _symbols = new();

    // Operators and casts: whether each is a user-defined operator or conversion (null: two operations disagree).
    private readonly Dictionary<SyntaxNode, bool?> _userDefined = new();

    private SymbolMap()
    {
    }

    /// <summary>Walks the operation tree of <paramref name="body"/> once, without recursion.</summary>
    public static SymbolMap Of(SemanticModel model, BlockSyntax body, CancellationToken cancellationToken)
    {
        var map = new SymbolMap();
        if (model.GetOperation(body, cancellationToken) is not { } root)
        {
            return map;
        }

        var pending = new Stack<IOperation>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IOperation operation = pending.Pop();
            if (operation is ITranslatedQueryOperation)
            {
                continue;
            }

            if (!operation.IsImplicit)
            {
                map.Note(operation);
            }

            foreach (IOperation child in operation.ChildOperations)
            {
                pending.Push(child);
            }
        }

        return map;
    }

    /// <summary>The symbol <c>GetSymbolInfo(node).Symbol</c> gives, when the operation tree knows it.</summary>
    public bool TryGet(SyntaxNode node, out ISymbol? symbol) => _symbols.TryGetValue(node, out symbol) && symbol is not null;

    /// <summary>
    /// Whether <c>GetSymbolInfo(node).Symbol</c> of an operator (binary, unary, increment, compound assignment) or a cast is a user-defined operator
    /// or conversion, when the operation tree knows it (the operation names the user-defined method and nothing for a
    /// built-in one, where the model gives a built-in operator symbol or none).
    /// </summary>
    public bool TryGetUserDefined(SyntaxNode node, out bool userDefined)
    {
        userDefined = false;
        if (_userDefined.TryGetValue(node, out bool? known) && known is { } value)
        {
            userDefined = value;
            return true;
        }

        return false;
    }

    private void Note(IOperation operation)
    {
        switch (operation)
        {
            case ILocalReferenceOperation local:
                NoteName(operation.Syntax, local.Local);
                break;
            case IParameterReferenceOperation parameter:
                NoteName(operation.Syntax, parameter.Parameter);
                break;
            case IFieldReferenceOperation field:
                NoteName(operation.Syntax, field.Field);
                break;
            case IPropertyReferenceOperation property:
                NoteName(operation.Syntax, property.Property);
                break;
            case IEventReferenceOperation @event:
                NoteName(operation.Syntax, @event.Event);
                break;
            case IMethodReferenceOperation method when !IsExtension(method.Method):
                NoteName(operation.Syntax, method.Method);
                break;
            case IInvocationOperation invocation when operation.Syntax is InvocationExpressionSyntax && !IsExtension(invocation.TargetMethod):
                Add(operation.Syntax, invocation.TargetMethod);
                break;
            case IObjectCreationOperation { Constructor: { } constructor, Type: INamedTypeSymbol { TypeKind: not TypeKind.Error } type } when
                operation.Syntax is ObjectCreationExpressionSyntax creation:
                Add(creation, constructor);
                switch (creation.Type)
                {
                    case IdentifierNameSyntax or GenericNameSyntax:
                        Add(creation.Type, type);
                        break;
                    case QualifiedNameSyntax qualified:
                        Add(qualified, type);
                        Add(qualified.Right, type);
                        break;
                }

                break;
            case IBinaryOperation binary when operation.Syntax is BinaryExpressionSyntax:
                AddOperator(operation.Syntax, binary.OperatorMethod);
                break;
            case IUnaryOperation unary when operation.Syntax is PrefixUnaryExpressionSyntax:
                AddOperator(operation.Syntax, unary.OperatorMethod);
                break;
            case IIncrementOrDecrementOperation increment when operation.Syntax is PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax:
                AddOperator(operation.Syntax, increment.OperatorMethod);
                break;
            case ICompoundAssignmentOperation compound when operation.Syntax is AssignmentExpressionSyntax:
                AddOperator(operation.Syntax, compound.OperatorMethod);
                break;
            case IConversionOperation conversion when operation.Syntax is CastExpressionSyntax:
                AddOperator(operation.Syntax, conversion.OperatorMethod);
                break;
        }
    }

    private void AddOperator(SyntaxNode node, IMethodSymbol? method)
    {
        bool userDefined = method is { MethodKind: MethodKind.UserDefinedOperator or MethodKind.Conversion };
        _userDefined[node] = _userDefined.TryGetValue(node, out bool? known) && known != userDefined ? null : userDefined;
    }

    private static bool IsExtension(IMethodSymbol method) => method.IsExtensionMethod || method.ReducedFrom is not null;

    // A member's own name: the name itself, or the name of the member access or binding ('c.V', '?.V') it is written as.
    private void NoteName(SyntaxNode syntax, ISymbol symbol)
    {
        switch (syntax)
        {
            case IdentifierNameSyntax or GenericNameSyntax:
                Add(syntax, symbol);
                break;
            case MemberAccessExpressionSyntax access:
                Add(access, symbol);
                Add(access.Name, symbol);
                break;
            case MemberBindingExpressionSyntax binding:
                Add(binding, symbol);
                Add(binding.Name, symbol);
                break;
        }
    }

    private void Add(SyntaxNode node, ISymbol symbol)
    {
        if (_symbols.TryGetValue(node, out ISymbol? known) && !SymbolEqualityComparer.IncludeNullability.Equals(known, symbol))
        {
            // Two operations disagree about one node: the model answers it.
            _symbols[node] = null;
            return;
        }

        _symbols[node] = symbol;
    }
}
