using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engine.Generators;

// try/finally and using statements that contain a yield become numbered regions: the region field names the
// innermost open one, each finally body becomes a method, and leaving a region (normally, by a jump, by an exception,
// or by Dispose while suspended) runs those methods innermost first, as the compiler's iterator runs its finally blocks.
internal sealed partial class Lowerer
{
    private readonly List<int> _regionParents = new() { 0 };
    private readonly List<string> _finallyMethods = new() { "" };
    private readonly List<string> _trampolines = new();
    private readonly Dictionary<ISymbol, int> _userLabelRegions = new(SymbolEqualityComparer.Default);
    private readonly List<(string Trampoline, int From, ISymbol Label, string Name)> _pendingGotos = new();
    private int _region;

    private void LowerTry(TryStatementSyntax statement)
    {
        if (statement.Catches.Count > 0 || statement.Finally is null || HasYield(statement.Finally))
        {
            Unsupported(statement, "try with catch", "C# allows 'yield return' only in a try block with no catch clause; catch inside a helper method, or wrap the child coroutine with Yield.Catch");
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
                    // A using variable whose scope holds a yield always lives across it (HoistLocals hoists it).
                    throw new System.InvalidOperationException("Generator bug: using variable '" + local.Name + "' around a yield was not hoisted.");
                }

                EmitAssignment(variable);

                // A closure that captured the variable still sees the (disposed) resource after the block, as in C#;
                // otherwise the field is cleared (so a later snapshot does not meet a disposed resource).
                string resource = _boxed.Contains(local) ? field + ".Value" : field;
                OpenRegion(DisposeCode(local.Type, resource, allowRuntimeCheck: false, clear: !_capturedByDelegate.Contains(local)) ?? "");
                opened++;
            }
        }
        else if (expression is not null)
        {
            ITypeSymbol type = _model.GetTypeInfo(expression, _cancellationToken).Type ?? _model.Compilation.GetSpecialType(SpecialType.System_Object);
            string field = NewTemp(_names.Numbered("using") + "Resource", type, expression.Parent!);
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

    /// <summary>The finally body that disposes <paramref name="field"/> as C#'s using and foreach do, then (when
    /// <paramref name="clear"/>) clears it; null when there is nothing to dispose.</summary>
    private string? DisposeCode(ITypeSymbol type, string field, bool allowRuntimeCheck, bool clear = true)
    {
        bool disposable = type.SpecialType == SpecialType.System_IDisposable || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_IDisposable);
        if (type.IsValueType && type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T)
        {
            if (!disposable)
            {
                return null;
            }

            // C# calls IDisposable.Dispose: a public Dispose() only when it is that interface method's implementation.
            ISymbol? interfaceDispose = _model.Compilation.GetSpecialType(SpecialType.System_IDisposable).GetMembers("Dispose").FirstOrDefault();
            ISymbol? implementation = interfaceDispose is null ? null : type.FindImplementationForInterfaceMember(interfaceDispose);
            bool publicDispose = implementation is IMethodSymbol { DeclaredAccessibility: Accessibility.Public, Name: "Dispose" };
            return (publicDispose ? field + ".Dispose();" : "((global::System.IDisposable)" + field + ").Dispose();") + (clear ? "\n" + field + " = default;" : "");
        }

        string clearing = clear ? "\n\n" + field + " = default!;" : "";
        if (disposable || type.TypeKind == TypeKind.Dynamic || !allowRuntimeCheck)
        {
            return "if (" + field + " != null)\n{\n    ((global::System.IDisposable)" + field + ").Dispose();\n}" + clearing;
        }

        if (type.IsSealed)
        {
            return null;
        }

        string disposableLocal = _names.Claim("disposable");
        return "if (" + field + " is global::System.IDisposable " + disposableLocal + ")\n{\n    " + disposableLocal + ".Dispose();\n}" + clearing;
    }

    private void OpenRegion(string finallyBody)
    {
        int id = _regionParents.Count;
        _regionParents.Add(_region);
        string method = _names.Numbered("Finally");
        _finallyMethods.Add(method);
        string body = finallyBody.Trim();
        if (body.StartsWith("{", System.StringComparison.Ordinal) && body.EndsWith("}", System.StringComparison.Ordinal))
        {
            body = string.Join("\n", body.Substring(1, body.Length - 2).Trim('\n').Split('\n').Select(l => l.StartsWith("    ", System.StringComparison.Ordinal) ? l.Substring(4) : l));
        }

        Regions.Add(new RegionModel(id, method, _region, new EquatableArray<string>(new[] { body })));
        _region = id;
        Emit(Names.Region + " = " + Int(id) + ";");
    }

    private void CloseRegion(int parent)
    {
        int id = _region;
        Emit(Names.Region + " = " + Int(parent) + ";");
        Emit(_finallyMethods[id] + "();");
        _region = parent;
    }

    /// <summary>The label a user <c>goto</c> jumps to: the label itself, or a trampoline that first runs the finally blocks it leaves.</summary>
    public string JumpToUserLabel(ISymbol label, string name)
    {
        if (_region == 0)
        {
            return name;
        }

        string trampoline = _names.Numbered("leave");
        _pendingGotos.Add((trampoline, _region, label, name));
        return trampoline;
    }

    /// <summary>The label to jump to for leaving the current region stack down to <paramref name="targetRegion"/>, adding
    /// a trampoline that runs the finally blocks in between. <see cref="MachineNames.Finish"/> ends the coroutine.</summary>
    public string JumpTo(string label, int targetRegion)
    {
        if (_region == targetRegion)
        {
            return label;
        }

        string trampoline = _names.Numbered("leave");
        AddTrampoline(trampoline, _region, targetRegion, label);
        return trampoline;
    }

    // A goto out of try/finally regions: run the finally blocks between here and the label (a goto can only leave
    // regions, never enter one, so the label's region is an ancestor of 'from').
    private void EmitPendingGotos()
    {
        foreach ((string trampoline, int from, ISymbol label, string name) in _pendingGotos)
        {
            AddTrampoline(trampoline, from, _userLabelRegions.TryGetValue(label, out int region) ? region : 0, name);
        }
    }

    private void AddTrampoline(string trampoline, int from, int target, string label)
    {
        _trampolines.Add(trampoline + ":");
        for (int r = from; r != target && r != 0; r = _regionParents[r])
        {
            _trampolines.Add(Names.Region + " = " + Int(_regionParents[r]) + ";");
            _trampolines.Add(_finallyMethods[r] + "();");
        }

        _trampolines.Add("goto " + label + ";");
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
