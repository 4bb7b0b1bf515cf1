using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Engine.Machines;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Generators.Tests;

/// <summary>
/// Every name in generated code binds to the symbol it binds to in the user's source, whatever the user's file brings
/// into scope: no usings, aliases (to generic types, to namespaces, shadowing a type name), <c>using static</c>,
/// global usings, usings inside (file-scoped and nested) namespaces that resolve relative to them, types named like
/// System types, user namespaces named <c>System</c> or <c>Engine</c>, extension methods imported only in the user's
/// file, nested and generic containing types, partial classes across files, records and structs, members the generator
/// itself adds (<c>RentX</c>, <c>XMachine</c>), default values, <c>params</c> and caller-info parameters.
/// </summary>
/// <remarks>
/// Each program must compile without warnings (nullable on and off) and every coroutine in it must run like the
/// compiler's iterator: the programs are written so that a name bound to a different symbol (System.Math instead of the
/// user's Math, a using moved out of its namespace) changes what they yield or log, not only whether they compile.
/// </remarks>
[TestClass]
public sealed class NameBindingTests
{
    public static IEnumerable<object[]> Programs => NameBindingPrograms.All.Select(p => new object[] { p.Name });

    [TestMethod]
    [DynamicData(nameof(Programs))]
    public void GeneratedCodeBindsEveryNameLikeTheSource(string name)
    {
        NameBindingPrograms.Program program = NameBindingPrograms.All.Single(p => p.Name == name);
        Assembly assembly = CompileWithoutWarnings(program.Sources, program.Version, program.Coroutines);
        int checkedMethods = RunsLikeTheIterator(assembly);
        Assert.AreEqual(program.Coroutines, checkedMethods, name + ": every coroutine runs");
    }

    /// <summary>Compiles the program with the generator (nullable on and off), asserts no warning anywhere, and loads it.</summary>
    internal static Assembly CompileWithoutWarnings(string[] sources, LanguageVersion version, int coroutines)
    {
        byte[]? image = null;
        foreach (NullableContextOptions nullable in new[] { NullableContextOptions.Enable, NullableContextOptions.Disable })
        {
            var run = GeneratorHarness.Run(sources, version, nullable);
            Diagnostic[] generator = run.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
            Assert.IsEmpty(generator, string.Join("\n", generator.Select(d => d.ToString())));
            Assert.HasCount(coroutines, run.Driver.GetRunResult().GeneratedTrees, "one machine per coroutine:\n" + string.Join("\n", run.Diagnostics) + "\n" + string.Join("\n// ----\n", GeneratorHarness.GeneratedSources(run.Driver)));
            // Errors anywhere; warnings only from generated files (the programs' own nullable annotations warn where
            // nullable is off, as they would in the user's build).
            Diagnostic[] problems = run.Output.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.StartsWith("/src/", StringComparison.Ordinal) != true))
                .ToArray();
            Assert.IsEmpty(problems, nullable + ":\n" + string.Join("\n", problems.Select(d => d.ToString())) + "\n" + string.Join("\n// ----\n", GeneratorHarness.GeneratedSources(run.Driver)));
            if (nullable == NullableContextOptions.Enable)
            {
                using var stream = new MemoryStream();
                Assert.IsTrue(run.Output.Emit(stream).Success);
                image = stream.ToArray();
            }
        }

        return Assembly.Load(image!);
    }

    /// <summary>Runs every coroutine of the assembly as the compiler's iterator and as its generated machine, with two
    /// sets of arguments, and asserts the same traces; returns how many coroutines it ran.</summary>
    internal static int RunsLikeTheIterator(Assembly assembly)
    {
        int count = 0;
        foreach (Type open in assembly.GetTypes())
        {
            Type declaring = open.IsGenericTypeDefinition ? open.MakeGenericType(open.GetGenericArguments().Select(_ => typeof(int)).ToArray()) : open;
            foreach (MethodInfo definition in declaring.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (!definition.GetCustomAttributes().Any(a => a.GetType().FullName == "Engine.CoroutineAttribute"))
                {
                    continue;
                }

                MethodInfo method = definition.IsGenericMethodDefinition ? definition.MakeGenericMethod(definition.GetGenericArguments().Select(_ => typeof(int)).ToArray()) : definition;
                Type machineOpen = open.GetNestedType(method.Name + "Machine" + (method.IsGenericMethod ? "`" + method.GetGenericArguments().Length : ""), BindingFlags.Public | BindingFlags.NonPublic)!;
                Assert.IsNotNull(machineOpen, open.FullName + "." + method.Name + ": no machine among " + string.Join(", ", open.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).Select(t => t.Name)));
                Type[] typeArguments = declaring.GetGenericArguments().Concat(method.GetGenericArguments()).ToArray();
                Type machineType = typeArguments.Length > 0 ? machineOpen.MakeGenericType(typeArguments) : machineOpen;
                for (int seed = 1; seed <= 2; seed++)
                {
                    // Fresh arguments and target for each run: delegates count their calls, instance coroutines change fields.
                    object? target = method.IsStatic ? null : Activator.CreateInstance(declaring);
                    object?[] args = method.GetParameters().Select(p => Arg(p, seed)).ToArray();
                    List<string> expected = Harness.Trace(() => Harness.Iterator(method, target, args));
                    object?[] ctorArgs = (method.IsStatic ? Array.Empty<object?>() : new[] { Activator.CreateInstance(declaring) })
                        .Concat(method.GetParameters().Select(p => Arg(p, seed))).ToArray();
                    ConstructorInfo constructor = machineType.GetConstructors().Single();
                    List<string> actual = Harness.Trace(() => (ICoroutineMachine)constructor.Invoke(ctorArgs));
                    CollectionAssert.AreEqual(expected, actual, open.FullName + "." + method.Name + "\nexpected: " + string.Join(" | ", expected) + "\nactual:   " + string.Join(" | ", actual));
                }

                count++;
            }
        }

        return count;
    }

    private static object? Arg(ParameterInfo parameter, int seed)
    {
        Type type = parameter.ParameterType;
        if (parameter.HasDefaultValue && seed == 1)
        {
            return parameter.DefaultValue;
        }

        if (type == typeof(int))
        {
            return seed;
        }

        if (type == typeof(string))
        {
            return "s" + seed;
        }

        if (type == typeof(int[]))
        {
            return Enumerable.Range(0, seed + 1).ToArray();
        }

        if (type == typeof(Func<bool>))
        {
            int calls = 0;
            return (Func<bool>)(() => ++calls > seed);
        }

        if (type == typeof(Func<int>))
        {
            return (Func<int>)(() => seed * 10);
        }

        if (type.IsEnum)
        {
            return Enum.GetValues(type).GetValue(seed % Enum.GetValues(type).Length);
        }

        return type.IsValueType ? Activator.CreateInstance(type) : null;
    }
}
