using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using Engine.Persist;

namespace Engine.World;

// Saves a delegate (a callback, an Until/While predicate, a delegate in a machine's field) by naming its method: the
// declaring type, the method name and its parameter types, and for an instance method its target, which must itself be
// savable (a machine, an engine object, a type with a converter). Only a delegate that can be named faithfully is
// saved: a lambda, an anonymous method or a local function is compiled into a generated method (and often a closure
// object) whose name and captured state are the compiler's, not the program's, so it is reported with its method name
// and the reason instead; so is a multicast delegate. Restore finds the method again and binds it to the restored
// target. Cold path.
internal static class SavedDelegates
{
    public static void Write(Delegate value, FieldWriter fields)
    {
        MethodInfo method = value.Method;
        string name = (method.DeclaringType?.FullName ?? "?") + "." + method.Name;
        if (value.GetInvocationList().Length != 1)
        {
            fields.Writer.AddProblem("holds a multicast delegate (" + value.GetInvocationList().Length + " methods, first " + name +
                "): a snapshot saves delegates to one method");
            return;
        }

        if (IsCompilerGenerated(method))
        {
            fields.Writer.AddProblem("holds a delegate to " + name + ", a lambda, anonymous method or local function: the compiler " +
                "generates its name and captured state, so it cannot be saved by name; use a static method or a method of an object " +
                "the snapshot saves (a [Coroutine] machine's, an engine object's, a type with an ISaveConverter)");
            return;
        }

        var parameters = new List<string>();
        foreach (ParameterInfo parameter in method.GetParameters())
        {
            parameters.Add(GraphWriter.TypeName(parameter.ParameterType));
        }

        fields.Add("Type", GraphWriter.TypeName(method.DeclaringType!));
        fields.Add("Method", method.Name);
        fields.Add("Parameters", parameters);
        if (!method.IsStatic)
        {
            fields.Writer.PushPath("delegate " + name + " target");
            fields.Add("Target", value.Target);
            fields.Writer.PopPath();
        }
    }

    public static Delegate Read(Type delegateType, FieldReader fields)
    {
        string typeName = fields.Get<string>("Type") ?? throw new ArgumentException("A saved delegate names no method.");
        string methodName = fields.Get<string>("Method");
        Type declaring = Type.GetType(typeName, throwOnError: false) ??
            throw new ArgumentException("The saved delegate's type '" + typeName + "' cannot be found; is its assembly loaded?");
        var parameterTypes = new List<Type>();
        foreach (string parameter in fields.Get<List<string>>("Parameters") ?? new List<string>())
        {
            parameterTypes.Add(Type.GetType(parameter, throwOnError: false) ??
                throw new ArgumentException("The saved delegate " + typeName + "." + methodName + " has a parameter of type '" + parameter + "', which cannot be found."));
        }

        MethodInfo method = declaring.GetMethod(methodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance,
            null, parameterTypes.ToArray(), null) ??
            throw new ArgumentException("The saved delegate's method " + typeName + "." + methodName + " no longer exists with the saved parameters.");
        object? target = method.IsStatic ? null : fields.Get<object>("Target") ??
            throw new ArgumentException("The saved delegate " + typeName + "." + methodName + " is an instance method but has no target.");
        return Delegate.CreateDelegate(delegateType, target, method);
    }

    private static bool IsCompilerGenerated(MethodInfo method)
    {
        Type? type = method.DeclaringType;
        return method.Name.IndexOf('<') >= 0 || method.IsDefined(typeof(CompilerGeneratedAttribute), false) ||
            (type is not null && (type.Name.IndexOf('<') >= 0 || type.IsDefined(typeof(CompilerGeneratedAttribute), false)));
    }
}
