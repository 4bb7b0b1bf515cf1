using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engine.Generators;

// Flattening of if, loops, foreach and switch that contain a yield into labels and gotos.
internal sealed partial class Lowerer
{
    private void LowerIf(IfStatementSyntax statement)
    {
        string elseLabel = _names.Numbered("else");
        string endLabel = _names.Numbered("endif");
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
        string top = _names.Numbered("while");
        string end = _names.Numbered("endwhile");
        Label(top);
        EmitExitUnless(statement.Condition, end);
        _targets[statement] = new JumpTarget(end, top, _region);
        Lower(statement.Statement);
        Emit("goto " + top + ";");
        Label(end);
    }

    private void LowerDo(DoStatementSyntax statement)
    {
        string top = _names.Numbered("do");
        string next = _names.Numbered("docondition");
        string end = _names.Numbered("enddo");
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
                EmitAssignment(variable);
            }
        }

        foreach (ExpressionSyntax initializer in statement.Initializers)
        {
            Emit(_rewriter.StatementOf(initializer));
        }

        string top = _names.Numbered("for");
        string next = _names.Numbered("fornext");
        string end = _names.Numbered("endfor");
        Label(top);
        if (statement.Condition is not null)
        {
            EmitExitUnless(statement.Condition, end);
        }

        _targets[statement] = new JumpTarget(end, next, _region);
        Lower(statement.Statement);
        Label(next);
        foreach (ExpressionSyntax incrementor in statement.Incrementors)
        {
            Emit(_rewriter.StatementOf(incrementor));
        }

        Emit("goto " + top + ";");
        Label(end);
    }

    private void EmitExitUnless(ExpressionSyntax condition, string end)
    {
        Emit("if (!(" + Rewrite(condition) + "))");
        Emit("{");
        Emit("    goto " + end + ";");
        Emit("}");
    }

    private void LowerForEach(CommonForEachStatementSyntax statement)
    {
        ForEachStatementInfo info = _model.GetForEachStatementInfo(statement);
        ITypeSymbol? collectionType = _model.GetTypeInfo(statement.Expression, _cancellationToken).Type;
        string top = _names.Numbered("foreach");
        string next = _names.Numbered("foreachnext");
        string end = _names.Numbered("endforeach");

        // What the loop reads: the element when walking a one-dimensional array or a List<T> by index, otherwise the
        // enumerator's Current (object for a multi-dimensional array or a non-generic IEnumerable).
        ITypeSymbol? produced = collectionType switch
        {
            IArrayTypeSymbol { Rank: 1 } array => array.ElementType,
            INamedTypeSymbol { TypeArguments.Length: 1 } list when IsList(list) => list.TypeArguments[0],
            _ => info.CurrentProperty?.Type,
        };

        // Where each element goes: the loop variable, or (deconstructing foreach) a temporary deconstructed into the
        // variables; converted explicitly when what the loop reads is not already of their type, as foreach does.
        System.Func<string, string> store;
        if (statement is ForEachStatementSyntax simple)
        {
            var local = (ILocalSymbol)_model.GetDeclaredSymbol(simple, _cancellationToken)!;
            string variable = _fieldOf[local];
            string cast = produced is not null && !SymbolEqualityComparer.Default.Equals(produced, local.Type) ? "(" + LocalTypeName(local) + ")" : "";
            store = element => Store(local, variable, InContext(statement, cast, element));
        }
        else
        {
            var deconstruct = (ForEachVariableStatementSyntax)statement;
            ITypeSymbol elementType = info.ElementType ?? _model.Compilation.GetSpecialType(SpecialType.System_Object);
            string item = NewTemp(top + "Item", elementType, statement);
            string targets = Rewrite(deconstruct.Variable);
            string cast = produced is not null && !SymbolEqualityComparer.Default.Equals(produced, elementType) ? "(" + TypeName(elementType) + ")" : "";
            store = element => item + " = " + InContext(statement, cast, element) + ";\n" + targets + " = " + item + ";";
        }

        bool isArray = collectionType is IArrayTypeSymbol { Rank: 1 };
        bool isList = collectionType is INamedTypeSymbol named && IsList(named);
        if (isArray || isList)
        {
            // Arrays and List<T> are walked by index (no enumerator object to hold or save).
            string source = NewTemp(top + "Source", collectionType!, statement);
            string index = NewTemp(top + "Index", _model.Compilation.GetSpecialType(SpecialType.System_Int32), statement);
            Emit(source + " = " + Rewrite(statement.Expression) + ";");
            Emit(index + " = 0;");
            Label(top);
            Emit("if (" + index + " >= " + source + (isArray ? ".Length" : ".Count") + ")");
            Emit("{");
            Emit("    goto " + end + ";");
            Emit("}");
            Emit(store(source + "[" + index + "]"));
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
            Unsupported(statement, "foreach", "the collection's enumerator could not be resolved (an async or extension GetEnumerator?); write the loop with the enumerator explicitly");
            return;
        }

        ITypeSymbol enumeratorType = info.GetEnumeratorMethod.ReturnType;
        string enumerator = NewTemp(top + "Enumerator", enumeratorType, statement);
        string receiver = Rewrite(statement.Expression);
        receiver = info.GetEnumeratorMethod.ContainingType.TypeKind == TypeKind.Interface
            ? "((" + TypeName(info.GetEnumeratorMethod.ContainingType) + ")(" + receiver + "))"
            : "(" + receiver + ")";
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
        Emit(store(enumerator + ".Current"));
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

    // foreach's explicit conversion of each element, in the loop's lowered checking context (checked((byte)e)).
    private string InContext(SyntaxNode statement, string cast, string element) =>
        cast.Length > 0 && LoweredContext(statement) is { } context ? context + "(" + cast + element + ")" : cast + element;

    private static bool IsList(INamedTypeSymbol type) => type.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.List<T>";

    // owner: the statement the temporary lives in (the shape lists it in the frame of the yields inside).
    private string NewTemp(string name, ITypeSymbol type, SyntaxNode owner)
    {
        string field = _names.Claim("_" + name);
        Fields.Add(new FieldModel(TypeName(type), field, ""));
        _temps[field] = (owner, type);
        return field;
    }

    private void LowerSwitch(SwitchStatementSyntax statement)
    {
        string end = _names.Numbered("endswitch");
        var sectionLabels = new List<string>();
        var cases = new List<(object? Value, bool IsDefault, string Label)>();
        bool hasDefault = false;
        EnterScope(statement);
        Emit("switch (" + Rewrite(statement.Expression) + ")");
        Emit("{");
        foreach (SwitchSectionSyntax section in statement.Sections)
        {
            string label = _names.Numbered("case");
            sectionLabels.Add(label);
            foreach (SwitchLabelSyntax switchLabel in section.Labels)
            {
                hasDefault |= switchLabel is DefaultSwitchLabelSyntax;
                if (switchLabel is DefaultSwitchLabelSyntax)
                {
                    cases.Add((null, true, label));
                }
                else if (switchLabel is CaseSwitchLabelSyntax constant && _model.GetConstantValue(constant.Value, _cancellationToken) is { HasValue: true } value)
                {
                    cases.Add((value.Value, false, label));
                }

                Emit("    " + Rewrite(switchLabel));
            }

            Emit("        goto " + label + ";");
        }

        Emit("}");
        if (!hasDefault)
        {
            Emit("goto " + end + ";");
        }

        _targets[statement] = new JumpTarget(end, null, _region, cases);
        for (int i = 0; i < statement.Sections.Count; i++)
        {
            Label(sectionLabels[i]);
            LowerStatements(statement.Sections[i].Statements);
        }

        Label(end);
    }

    /// <summary>The section label a <c>goto case</c>/<c>goto default</c> of a flattened switch jumps to, or null.</summary>
    public static string? CaseLabel(JumpTarget target, bool isDefault, object? value)
    {
        foreach ((object? caseValue, bool caseIsDefault, string label) in target.Cases ?? System.Array.Empty<(object?, bool, string)>())
        {
            if (isDefault ? caseIsDefault : !caseIsDefault && SameConstant(caseValue, value))
            {
                return label;
            }
        }

        return null;
    }

    private static bool SameConstant(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a is string || b is string || a is bool || b is bool)
        {
            return a.Equals(b);
        }

        try
        {
            return System.Convert.ToDecimal(a, System.Globalization.CultureInfo.InvariantCulture) == System.Convert.ToDecimal(b, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (System.Exception e) when (e is System.InvalidCastException or System.OverflowException or System.FormatException)
        {
            return a.Equals(b);
        }
    }

    /// <summary>Whether <paramref name="label"/> labels a statement at the flattened top level of Step, and its emitted name.</summary>
    public bool IsFlattenedLabel(ISymbol label, out string name)
    {
        name = LabelName(label);
        return label.DeclaringSyntaxReferences.Length == 1 &&
            label.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is LabeledStatementSyntax statement &&
            statement.Parent is not null && HasYield(statement.Parent);
    }

    // A user label keeps its name unless another declaration shares it (labels of sibling blocks may repeat; once one
    // is flattened into Step's top scope they would clash).
    private string LabelName(ISymbol label)
    {
        if (!_renamed.TryGetValue(label, out string? name))
        {
            _renamed[label] = name = TopLevelName(label.Name);
        }

        return name;
    }

    private string RegisterUserLabel(LabeledStatementSyntax statement)
    {
        ISymbol label = _model.GetDeclaredSymbol(statement, _cancellationToken)!;
        _userLabelRegions[label] = _region;
        return LabelName(label);
    }
}
