using System;
using System.Text;

namespace Engine.Generators.Tests;

/// <summary>
/// Writes coroutines of one shape at a given size, the shapes users write at scale (generated scripts, dialogue trees,
/// long cutscenes): thousands of yields, hoisted locals or switch cases; thousands of locals live at each of a thousand yields; long else-if chains; blocks, loops, using and
/// try statements nested hundreds deep with a yield at the bottom of each level; expressions thousands deep (a
/// right-nested sum, a call chain, a string concatenation) with and without a yield in their statement; lambdas nested
/// deep capturing hoisted locals; many local functions; many blocks that backward gotos re-enter; and a mix of all of them. The long expressions come in both
/// nestings, left-deep (a sum written flat, a call chain, a null-conditional chain <c>c?.M()?.M()</c>, a long
/// <c>&amp;&amp;</c> chain) and right-deep (a parenthesised sum, an else-if style conditional <c>a ? b : c ? d : ...</c>,
/// object initialisers nested in each other with a collection initialiser at every level, and without one), and one flat
/// collection initialiser thousands of elements long.
/// </summary>
/// <remarks>
/// Each program is one file with a static partial class <c>Scale.P_shape</c> whose coroutine <c>M(int n)</c> logs to
/// <c>CorpusLog</c>, so <see cref="Harness.Trace"/> compares the machine with the compiler's iterator. <c>n == 3</c>
/// throws at the bottom of the nested shapes, so exceptions cross every level of them.
/// </remarks>
internal static class ScalePrograms
{
    public static readonly string[] Names =
    {
        "yields", "locals", "switch", "elseif", "block", "if", "while", "for", "foreach", "using", "tryfinally", "trycatch",
        "add", "addyield", "chain", "chainyield", "concat", "concatyield", "lambdas", "localfunctions", "mixed",
        "sum", "sumyield", "condchain", "condchainyield", "ternary", "ternaryyield", "and", "andyield", "initializers",
        "initializersyield", "objects", "objectsyield", "collection", "collectionyield", "wide", "gotos",
    };

    /// <summary>The class that holds the coroutine of <paramref name="shape"/>.</summary>
    public static string ClassName(string shape) => "P_" + shape;

    /// <summary>How many <c>yield return</c> statements the coroutine of a shape at a size has.</summary>
    public static int Yields(string shape, int size) => shape switch
    {
        "yields" or "locals" or "switch" or "block" or "if" or "while" or "for" or "foreach" or "using" or "tryfinally" => size,
        "elseif" => size + 1,
        "localfunctions" => size + 1,
        "mixed" => size / 10 * 4,
        "wide" => size / 2,
        "gotos" => size,
        _ => 2,
    };

    public static string Program(string shape, int size)
    {
        var s = new StringBuilder();
        s.AppendLine("using System; using System.Collections.Generic; using Engine;");
        s.AppendLine("namespace Scale {");
        s.AppendLine("public static partial class " + ClassName(shape) + " {");
        s.AppendLine("static void L(string s) => Engine.Generators.Tests.Corpus.CorpusLog.Entries.Add(s);");
        s.AppendLine("sealed class R : IDisposable { readonly string _n; public R(string n) { _n = n; L(\"open \" + n); } public void Dispose() => L(\"close \" + _n); }");
        s.AppendLine("sealed class C { public int V; public C M() => new C { V = V + 1 }; }");
        s.AppendLine("sealed class Q { public int V; public Q? M() => V == -1 ? null : new Q { V = V + 1 }; }");
        s.AppendLine("sealed class N { public int V; public N? Next; public List<int> Xs = new List<int>(); public static int Sum(N? d) { int t = 0; for (; d != null; d = d.Next) t += d.V + d.Xs.Count; return t; } }");
        s.AppendLine("[Coroutine] public static IEnumerator<Yield> M(int n) {");
        Body(s, shape, size);
        s.AppendLine("}");
        s.AppendLine("} }");
        return s.ToString();
    }

    private static void Body(StringBuilder s, string shape, int size)
    {
        switch (shape)
        {
            case "yields":
                for (int i = 0; i < size; i++)
                {
                    s.Append("yield return Yield.Frames(n + ").Append(i % 97).AppendLine(");");
                }

                break;
            case "locals":
                for (int i = 0; i < size; i++)
                {
                    s.Append("int v").Append(i).Append(" = n * ").Append(i).AppendLine(" + 1;");
                    s.AppendLine("yield return Yield.NextTick;");
                }

                for (int i = 0; i < size; i++)
                {
                    s.Append("L(\"v\" + v").Append(i).AppendLine(");");
                }

                break;
            case "switch":
                s.AppendLine("for (int r = 0; r < 3; r++) {");
                s.Append("switch ((n + r * 7) % ").Append(size).AppendLine(") {");
                for (int i = 0; i < size; i++)
                {
                    s.Append("case ").Append(i).Append(": L(\"c").Append(i).Append("\"); yield return Yield.Frames(").Append(i).AppendLine("); break;");
                }

                s.AppendLine("}");
                s.AppendLine("}");
                break;
            case "elseif":
                s.AppendLine("for (int r = 0; r < 3; r++) {");
                s.AppendLine("int x = (n + r * 7) % " + (size + 2) + ";");
                for (int i = 0; i < size; i++)
                {
                    s.Append(i == 0 ? "" : "else ").Append("if (x == ").Append(i).Append(") { L(\"e").Append(i).Append("\"); yield return Yield.Frames(").Append(i).AppendLine("); }");
                }

                s.AppendLine("else { L(\"else\"); yield return Yield.NextTick; }");
                s.AppendLine("}");
                break;
            case "block" or "if" or "while" or "for" or "foreach" or "using" or "tryfinally":
                for (int k = 0; k < size; k++)
                {
                    s.Append(shape switch
                    {
                        "block" => "{",
                        "if" => "if (n >= -" + k + ") {",
                        "while" => "int w" + k + " = 0; while (w" + k + "++ < 1) {",
                        "for" => "for (int f" + k + " = 0; f" + k + " < 1; f" + k + "++) {",
                        "foreach" => "foreach (int e" + k + " in new[] { " + k + " }) {",
                        "using" => "using (new R(\"u" + k + "\")) {",
                        _ => "try {",
                    });
                    s.Append(" int d").Append(k).Append(" = n + ").Append(k).AppendLine(";");
                }

                s.AppendLine("if (n == 3) throw new InvalidOperationException(\"bottom\");");
                for (int k = size - 1; k >= 0; k--)
                {
                    s.Append("yield return Yield.Frames(d").Append(k).Append(");");
                    s.Append(shape == "tryfinally" ? "} finally { L(\"f" + k + "\"); }" : "}").AppendLine();
                }

                break;
            case "trycatch":
                s.AppendLine("yield return Yield.NextTick;");
                for (int k = 0; k < size; k++)
                {
                    s.Append("try { L(\"t").Append(k).AppendLine("\");");
                }

                s.AppendLine("if (n % 2 == 1) throw new InvalidOperationException(\"bottom\");");
                for (int k = size - 1; k >= 0; k--)
                {
                    s.Append("} catch (InvalidOperationException x").Append(k).Append(") when (n != ").Append(k).Append(") { L(\"c").Append(k).Append(" \" + x").Append(k).Append(".Message); throw new InvalidOperationException(\"from ").Append(k).AppendLine("\"); }");
                }

                s.AppendLine("yield return Yield.Frames(n);");
                break;
            case "add" or "addyield":
                s.AppendLine("int a = n; yield return Yield.NextTick;");
                s.Append(shape == "add" ? "int sum = " : "yield return Yield.Frames(");
                for (int i = 0; i < size; i++)
                {
                    s.Append("a + (");
                }

                s.Append('1');
                s.Append(')', size);
                s.AppendLine(shape == "add" ? ";" : " % 11);");
                s.AppendLine(shape == "add" ? "yield return Yield.Frames(sum % 11); L(\"a\" + a);" : "L(\"a\" + a);");
                break;
            case "chain" or "chainyield":
                s.AppendLine("C c = new C { V = n }; yield return Yield.NextTick;");
                s.Append(shape == "chain" ? "int v = c" : "yield return Yield.Frames(c");
                for (int i = 0; i < size; i++)
                {
                    s.Append(".M()");
                }

                s.AppendLine(shape == "chain" ? ".V;" : ".V % 13);");
                s.AppendLine(shape == "chain" ? "yield return Yield.Frames(v % 13); L(\"c\" + c.V);" : "L(\"c\" + c.V);");
                break;
            case "concat" or "concatyield":
                s.AppendLine("int a = n; yield return Yield.NextTick;");
                s.Append(shape == "concat" ? "string t = \"s\"" : "yield return Yield.Frames((\"s\"");
                for (int i = 0; i < size; i++)
                {
                    s.Append(i % 2 == 0 ? " + a" : " + \"x\"");
                }

                s.AppendLine(shape == "concat" ? ";" : ").Length);");
                s.AppendLine(shape == "concat" ? "yield return Yield.Frames(t.Length); L(t.Substring(0, 20));" : "L(\"a\" + a);");
                break;
            case "sum" or "sumyield":
                s.AppendLine("int a = n; yield return Yield.NextTick;");
                s.Append(shape == "sum" ? "int sum = a" : "yield return Yield.Frames((a");
                for (int i = 1; i < size; i++)
                {
                    s.Append(i % 3 == 0 ? " - a" : " + a");
                }

                s.AppendLine(shape == "sum" ? ";" : ") % 11);");
                s.AppendLine(shape == "sum" ? "yield return Yield.Frames(sum % 11); L(\"s\" + sum);" : "L(\"a\" + a);");
                break;
            case "condchain" or "condchainyield":
                s.AppendLine("Q? c = n == 4 ? null : new Q { V = n }; yield return Yield.NextTick;");
                s.Append(shape == "condchain" ? "int v = (c" : "yield return Yield.Frames((c");
                for (int i = 0; i < size; i++)
                {
                    s.Append("?.M()");
                }

                s.AppendLine(shape == "condchain" ? "?.V ?? -1);" : "?.V ?? -1) % 13 + 1);");
                s.AppendLine(shape == "condchain" ? "yield return Yield.Frames(v % 13 + 1); L(\"c\" + v);" : "L(\"c\" + (c?.V ?? -1));");
                break;
            case "ternary" or "ternaryyield":
                s.AppendLine("int a = n; yield return Yield.NextTick;");
                s.Append(shape == "ternary" ? "int v = " : "yield return Yield.Frames(");
                for (int i = 0; i < size; i++)
                {
                    s.Append("a == ").Append(i % 7).Append(" + ").Append(i / 7).Append(" ? ").Append(i % 5).Append(" : ");
                }

                s.Append("a % 3");
                s.AppendLine(shape == "ternary" ? ";" : ");");
                s.AppendLine(shape == "ternary" ? "yield return Yield.Frames(v); L(\"t\" + v);" : "L(\"a\" + a);");
                break;
            case "and" or "andyield":
                s.AppendLine("int a = n; yield return Yield.NextTick;");
                s.Append(shape == "and" ? "bool b = a >= 0" : "yield return Yield.Frames(a >= 0");
                for (int i = 1; i < size; i++)
                {
                    s.Append(" && a != ").Append(size + i);
                }

                s.AppendLine(shape == "and" ? ";" : " ? a % 3 : 7);");
                s.AppendLine(shape == "and" ? "yield return Yield.Frames(b ? a % 3 : 7); L(\"b\" + b);" : "L(\"a\" + a);");
                break;
            case "initializers" or "initializersyield":
                s.AppendLine("int a = n; yield return Yield.NextTick;");
                s.Append(shape == "initializers" ? "N d = " : "yield return Yield.Frames(N.Sum(");
                for (int i = 0; i < size; i++)
                {
                    s.Append("new N { V = a + ").Append(i).Append(", Xs = { a, ").Append(i % 4).Append(" }, Next = ");
                }

                s.Append("null");
                s.Append(" }", 0, 0);
                for (int i = 0; i < size; i++)
                {
                    s.Append(" }");
                }

                s.AppendLine(shape == "initializers" ? ";" : ") % 13);");
                s.AppendLine(shape == "initializers" ? "yield return Yield.Frames(N.Sum(d) % 13); L(\"d\" + N.Sum(d));" : "L(\"a\" + a);");
                break;
            case "wide":
                // size locals, all live at size / 2 yields: a machine's fields times its yields.
                for (int i = 0; i < size; i++)
                {
                    s.Append("int v").Append(i).Append(" = n * ").Append(i % 7).Append(" + ").Append(i).AppendLine(";");
                }

                for (int i = 0; i < size / 2; i++)
                {
                    s.Append("yield return Yield.Frames(v").Append(i).AppendLine(" % 3);");
                }

                for (int i = 0; i < size; i++)
                {
                    s.Append("L(\"v\" + v").Append(i).AppendLine(");");
                }

                break;
            case "gotos":
                // size labeled blocks, each with a local a lambda captures, a yield, and a goto back to its own label or
                // an earlier one: a block a goto re-enters gives each entry its own variable.
                s.AppendLine("int g = 0; var fs = new List<Func<int>>();");
                for (int i = 0; i < size; i++)
                {
                    s.Append("top").Append(i).Append(": { int v").Append(i).Append(" = n + g * 10 + ").Append(i).Append("; fs.Add(() => v").Append(i)
                        .Append("); yield return Yield.Frames(v").Append(i).Append(" % 3); if (g < ").Append(size).Append(" && (n + g + ").Append(i)
                        .Append(") % 5 == 0) { g++; goto top").Append(i % 3 == 0 ? i : i / 2).AppendLine("; } }");
                }

                s.AppendLine("if (n == 3) throw new InvalidOperationException(\"bottom\");");
                s.AppendLine("foreach (Func<int> f in fs) L(\"f\" + f());");
                break;
            case "objects" or "objectsyield":
                // Object initialisers nested in each other, nothing else at each level.
                s.AppendLine("int a = n; yield return Yield.NextTick;");
                s.Append(shape == "objects" ? "N d = " : "yield return Yield.Frames(N.Sum(");
                for (int i = 0; i < size; i++)
                {
                    s.Append("new N { V = a + ").Append(i % 10).Append(", Next = ");
                }

                s.Append("null");
                for (int i = 0; i < size; i++)
                {
                    s.Append(" }");
                }

                s.AppendLine(shape == "objects" ? ";" : ") % 13);");
                s.AppendLine(shape == "objects" ? "yield return Yield.Frames(N.Sum(d) % 13); L(\"d\" + N.Sum(d));" : "L(\"a\" + a);");
                break;
            case "collection" or "collectionyield":
                // One flat collection initialiser of size elements.
                s.AppendLine("int a = n; yield return Yield.NextTick;");
                s.Append(shape == "collection" ? "List<int> xs = new List<int> { a" : "yield return Yield.Frames(new List<int> { a");
                for (int i = 1; i < size; i++)
                {
                    s.Append(i % 3 == 0 ? ", a" : ", " + (i % 10));
                }

                s.AppendLine(shape == "collection" ? " };" : " }.Count % 13);");
                s.AppendLine(shape == "collection" ? "yield return Yield.Frames(xs.Count % 13); L(\"x\" + xs[xs.Count - 1]);" : "L(\"a\" + a);");
                break;
            case "lambdas":
                s.AppendLine("int h = n; yield return Yield.NextTick;");
                s.Append("Func<int> f = ");
                for (int k = 0; k < size; k++)
                {
                    s.Append("() => { int q").Append(k).Append(" = h + ").Append(k).Append("; Func<int> g").Append(k).Append(" = ");
                }

                s.Append("() => h");
                for (int k = size - 1; k >= 0; k--)
                {
                    s.Append("; return g").Append(k).Append("() + q").Append(k).Append(" % 3; }");
                }

                s.AppendLine(";");
                s.AppendLine("h++; yield return Yield.Frames(f() % 17); L(\"f\" + f());");
                break;
            case "localfunctions":
                s.AppendLine("int h = n; yield return Yield.NextTick;");
                for (int i = 0; i < size; i++)
                {
                    s.Append("int Lf").Append(i).Append("(int x) => x + h + ").Append(i).AppendLine(";");
                }

                for (int i = 0; i < size; i++)
                {
                    s.Append("h += Lf").Append(i).Append("(").Append(i).Append(") % 5; yield return Yield.Frames(h % 7);").AppendLine();
                }

                break;
            case "mixed":
                // size counts statements, about ten per group.
                for (int i = 0; i < size / 10; i++)
                {
                    s.Append("int m").Append(i).Append(" = n + ").Append(i).AppendLine(";");
                    s.AppendLine("yield return Yield.Frames(m" + i + " % 3);");
                    s.AppendLine("if (m" + i + " % 2 == 0) { L(\"even" + i + "\"); yield return Yield.NextTick; } else { L(\"odd" + i + "\"); }");
                    s.AppendLine("for (int j" + i + " = 0; j" + i + " < 2; j" + i + "++) { yield return Yield.Frames(j" + i + "); }");
                    s.AppendLine("try { yield return Yield.Frames(1); } finally { L(\"fin" + i + "\"); }");
                    s.AppendLine("L(\"m\" + m" + i + ");");
                }

                break;
            default:
                throw new ArgumentException("unknown shape " + shape);
        }
    }
}
