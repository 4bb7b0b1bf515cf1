using System;
using System.IO;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Generators.Tests;

/// <summary>
/// A library compiled in-process and referenced only under an extern alias (as <c>&lt;Reference Aliases="Ext"/&gt;</c>
/// does), loaded into this process so programs that use it can run. Its namespace <c>Shared</c> and type
/// <c>Shared.Thing</c> have the same full names as types the test programs declare themselves, with other values, so
/// a name written <c>global::</c> instead of <c>Ext::</c> either fails to compile or changes what a program logs.
/// </summary>
internal static class AliasedLibrary
{
    public const string Name = "AliasedLibrary";

    private const string Source = """
        namespace Shared
        {
            public sealed class Thing
            {
                public readonly int V;
                public Thing(int v) { V = v * 1000; }
                public override string ToString() => "lib" + V;
            }

            public struct Pair<T>
            {
                public T A;
                public int B;
                public Pair(T a, int b) { A = a; B = b; }
                public override string ToString() => "pair(" + A + "," + B + ")";
            }

            public enum Mode { Slow, Fast = 5 }

            public interface IThing { int V { get; } }

            public static class Util
            {
                public const int Seven = 7007;
                public static int Twice(int x) => 2000 * x;
                public static int Lib(this int x) => x + 7000;
            }
        }

        public sealed class RootThing { public int W = 3000; }
        """;

    private static readonly Lazy<byte[]> s_image = new(Build);

    /// <summary>A reference to the library under <paramref name="aliases"/> (the library is loaded on first use).</summary>
    public static MetadataReference Reference(params string[] aliases) =>
        MetadataReference.CreateFromImage(s_image.Value).WithAliases(aliases);

    private static byte[] Build()
    {
        CSharpCompilation library = CSharpCompilation.Create(
            Name,
            new[] { CSharpSyntaxTree.ParseText(Source, new CSharpParseOptions(LanguageVersion.CSharp9), "/lib/Shared.cs") },
            GeneratorHarness.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = library.Emit(stream);
        Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        byte[] image = stream.ToArray();

        // Programs loaded from bytes find the library by name through the resolve event.
        Assembly assembly = Assembly.Load(image);
        AppDomain.CurrentDomain.AssemblyResolve += (_, e) => new AssemblyName(e.Name).Name == Name ? assembly : null;
        return image;
    }
}
