using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Engine.Generators.Tests.Corpus;
using Engine.Machines;

namespace Engine.Generators.Tests;

/// <summary>
/// Runs a corpus coroutine as the compiler's iterator or as its generated machine and records everything observable:
/// yields, side effects, exceptions, and what happens after the end.
/// </summary>
internal static class Harness
{
    public static readonly MethodInfo[] Methods = typeof(Corpus.Corpus).GetMethods(BindingFlags.Public | BindingFlags.Static)
        .Concat(typeof(Outer.Middle).GetMethods(BindingFlags.Public | BindingFlags.Static))
        .Concat(new[] { typeof(Walker), typeof(CounterStruct), typeof(Spawner), typeof(Inventory<string>), typeof(Inventory<string>.Shelf<int>), typeof(Probe), typeof(Cell<int>) }
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)))
        .Where(m => m.GetCustomAttribute<CoroutineAttribute>() is not null)
        .Select(m => m.IsGenericMethodDefinition ? m.MakeGenericMethod(TypeArguments(m)) : m)
        .OrderBy(m => m.Name, StringComparer.Ordinal)
        .ToArray();

    public static MethodInfo Find(string name) => Methods.Single(m => m.Name == name);

    /// <summary>The object an instance coroutine runs on: a fresh one for each call, so runs do not share state.</summary>
    public static object? Target(MethodInfo method)
    {
        if (method.IsStatic)
        {
            return null;
        }

        Type type = method.DeclaringType!;
        if (type == typeof(CounterStruct))
        {
            return new CounterStruct("c", 1);
        }

        if (type == typeof(Spawner))
        {
            return new Spawner();
        }

        if (type == typeof(Inventory<string>))
        {
            return new Inventory<string>("b", "a", "c");
        }

        if (type == typeof(Inventory<string>.Shelf<int>))
        {
            return new Inventory<string>.Shelf<int>(7);
        }

        if (type == typeof(Probe))
        {
            return new Probe(3, "p");
        }

        if (type == typeof(Cell<int>))
        {
            return new Cell<int>(5);
        }

        return new Walker("w", 2);
    }

    private static Type[] TypeArguments(MethodInfo method) => method.Name == "Chain"
        ? new[] { typeof(List<int>), typeof(int) }
        : method.GetGenericArguments().Select(_ => typeof(int)).ToArray();

    public static IEnumerator<Yield> Iterator(MethodInfo method, object? target, object?[] args)
    {
        object result = method.Invoke(target, args)!;
        return result is IEnumerable<Yield> enumerable ? enumerable.GetEnumerator() : (IEnumerator<Yield>)result;
    }

    public static ICoroutineMachine Machine(MethodInfo method, object? target, object?[] args)
    {
        // A machine nested in a generic type is generic over the type's arguments, then the method's.
        Type declaring = method.DeclaringType!;
        Type[] arguments = declaring.GetGenericArguments().Concat(method.GetGenericArguments()).ToArray();
        Type type = declaring.GetNestedType(method.Name + "Machine" + (method.IsGenericMethod ? "`" + method.GetGenericArguments().Length : ""))!;
        if (arguments.Length > 0)
        {
            type = type.MakeGenericType(arguments);
        }

        object?[] ctorArgs = method.IsStatic ? args : new[] { target }.Concat(args).ToArray();
        return (ICoroutineMachine)type.GetConstructors().Single().Invoke(ctorArgs);
    }

    /// <summary>Default inputs for a parameter list, varied by <paramref name="seed"/>.</summary>
    public static object?[] Args(MethodInfo method, int seed)
    {
        return method.GetParameters().Select(p => Arg(p.ParameterType, seed + p.Position)).ToArray();
    }

    public static object? Arg(Type type, int seed)
    {
        if (type == typeof(int))
        {
            return seed;
        }

        if (type == typeof(int[]))
        {
            return Enumerable.Range(0, seed).Select(i => (i * 7) % 5).ToArray();
        }

        if (type == typeof(List<int>))
        {
            return Enumerable.Range(0, seed).Select(i => (i * 3) % 4).ToList();
        }

        if (type == typeof(string))
        {
            return new string('a', seed % 5) + "b";
        }

        throw new NotSupportedException(type.Name);
    }

    public static string Describe(Yield y) => y.Kind + " " + y.Number + (y.Target is null ? "" : " " + y.Target);

    /// <summary>Steps a fresh enumerator to the end (or disposes it after <paramref name="disposeAfter"/> yields) and returns the full trace.</summary>
    /// <param name="create">Creates the enumerator to trace.</param>
    /// <param name="disposeAfter">Dispose after this many yields; -1 runs to the end.</param>
    /// <param name="limit">The most yields before the coroutine is declared runaway.</param>
    /// <param name="moveAfterDispose">Whether to call MoveNext once after Dispose (Roslyn before 4.x-late kept running a disposed iterator with no finally; the SDK's compiler does not).</param>
    public static List<string> Trace(Func<IEnumerator<Yield>> create, int disposeAfter = -1, int limit = 10_000, bool moveAfterDispose = true)
    {
        var log = new List<string>();
        CorpusLog.Entries = log;
        IEnumerator<Yield> e = create();
        int steps = 0;
        try
        {
            while (true)
            {
                if (disposeAfter >= 0 && steps == disposeAfter)
                {
                    log.Add("dispose");
                    Guard(log, "dispose", e.Dispose);
                    if (moveAfterDispose)
                    {
                        log.Add("after dispose " + e.MoveNext());
                    }

                    return log;
                }

                if (!e.MoveNext())
                {
                    log.Add("end");
                    break;
                }

                steps++;
                log.Add("Y " + Describe(e.Current));
                if (steps > limit)
                {
                    throw new InvalidOperationException("runaway coroutine");
                }
            }

            log.Add("again " + e.MoveNext());
            Guard(log, "final dispose", e.Dispose);
        }
        catch (Exception ex) when (ex is not InvalidOperationException { Message: "runaway coroutine" })
        {
            log.Add("throw " + ex.GetType().Name + ": " + ex.Message);
            Guard(log, "after throw", () => log.Add("after throw " + e.MoveNext()));
            Guard(log, "dispose after throw", e.Dispose);
        }

        return log;
    }

    /// <summary>Continues an already started enumerator to the end, tracing into a fresh log.</summary>
    public static List<string> Continue(IEnumerator<Yield> e) => Trace(() => e);

    /// <summary>What a machine restored from <paramref name="original"/>'s snapshot must trace: first the pending wait it
    /// re-issues (when the original was suspended at a yield), then the original's own continuation.</summary>
    public static List<string> ContinueRestored(ICoroutineMachine original)
    {
        var expected = new List<string>();
        if (original.State > 0)
        {
            expected.Add("Y " + Describe(original.Current));
        }

        expected.AddRange(Continue(original));
        return expected;
    }

    public static int CountYields(List<string> trace) => trace.Count(l => l.StartsWith("Y ", StringComparison.Ordinal));

    private static void Guard(List<string> log, string what, Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            log.Add(what + " threw " + ex.GetType().Name + ": " + ex.Message);
        }
    }
}
