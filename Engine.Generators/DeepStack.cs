using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Engine.Generators;

/// <summary>
/// Runs the lowering of one method so that how deeply the user nests statements and expressions never crashes the
/// generator: it either lowers the method or reports <see cref="DiagnosticDescriptors.TooDeep"/>.
/// </summary>
/// <remarks>
/// <para>
/// Design: lowering recurses along the syntax tree (statements inside statements, the body rewriter and Roslyn's own
/// rewriters and walkers along expressions), so its stack use grows with the method's nesting depth, and per level it
/// needs more stack than the compiler's binder does. Roslyn's walkers and rewriters, and the generator's own recursive
/// steps (<see cref="Guard"/>), throw <see cref="InsufficientExecutionStackException"/> before the stack runs out, but
/// Roslyn's binder, which the semantic model runs, does not guard statement nesting and overflows uncatchably. So a
/// method whose syntax is deeper than <see cref="CallerThreadDepth"/> (measured without recursion) is lowered on a
/// thread of its own with <see cref="StackMegabytes"/> of stack; a shallower one runs on the caller's thread (the
/// compiler's, with whatever stack it has: 1 MB on a Windows thread), and is lowered again on the large stack only if
/// it exhausts that one. Everything the compiler itself accepts on its thread is lowered. A method deeper than even that gets a
/// diagnostic that names the limit, never a crash (a crashed generator is warning CS8785 and a broken build).
/// </para>
/// <para>
/// A real stack overflow cannot be caught and would end the compiler's process, so every recursive step of the
/// generator calls <see cref="Guard"/> first.
/// </para>
/// </remarks>
internal static class DeepStack
{
    /// <summary>The stack of the thread a method too deep for the caller's thread is lowered on, in megabytes.</summary>
    public const int StackMegabytes = 256;

    /// <summary>Throws <see cref="InsufficientExecutionStackException"/> when the stack is nearly used up: called by every
    /// recursive step of the generator, so the deep-stack retry, not a process-ending overflow, handles deep input.</summary>
    public static void Guard() => RuntimeHelpers.EnsureSufficientExecutionStack();

    /// <summary>The syntax depth (nodes from the method down to its deepest node) up to which a method is lowered on the
    /// caller's thread. Roslyn's binder recurses along statements without a stack guard (a semantic-model query on a
    /// method of <c>if</c> blocks nested 1,000 deep overflows a 1 MB stack, uncatchably), so a deeper method goes straight to
    /// the large stack; below it, binding needs a small fraction of a 1 MB stack.</summary>
    public const int CallerThreadDepth = 160;

    /// <summary>The greatest depth of a node below <paramref name="root"/> (root itself is depth 0), in one pass and
    /// without recursion.</summary>
    public static int Depth(SyntaxNode root)
    {
        var path = new Stack<SyntaxNode>();
        path.Push(root);
        int deepest = 0;
        foreach (SyntaxNode node in root.DescendantNodes())
        {
            // Pre-order: the path is the node's ancestors once every finished subtree is popped.
            while (path.Peek() != node.Parent)
            {
                path.Pop();
            }

            path.Push(node);
            deepest = Math.Max(deepest, path.Count - 1);
        }

        return deepest;
    }

    /// <summary>Runs <paramref name="work"/> on the caller's thread when <paramref name="depth"/> is at most
    /// <see cref="CallerThreadDepth"/>, else (or if it runs out of stack there) on a thread with a large stack; if that
    /// runs out too, returns <paramref name="tooDeep"/>'s result. Every other exception propagates unchanged.</summary>
    public static T Run<T>(int depth, Func<T> work, Func<T> tooDeep)
    {
        if (depth <= CallerThreadDepth)
        {
            try
            {
                return work();
            }
            catch (InsufficientExecutionStackException)
            {
            }
        }

        T result = default!;
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = work();
                }
                catch (Exception ex)
                {
                    error = ExceptionDispatchInfo.Capture(ex);
                }
            },
            StackMegabytes * 1024 * 1024)
        {
            Name = "Engine.Generators deep lowering",
            IsBackground = true,
        };
        thread.Start();
        thread.Join();
        if (error is null)
        {
            return result;
        }

        if (error.SourceException is InsufficientExecutionStackException)
        {
            return tooDeep();
        }

        error.Throw();
        throw new InvalidOperationException("unreachable: ExceptionDispatchInfo.Throw always throws");
    }
}
