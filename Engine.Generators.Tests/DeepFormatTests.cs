using System;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Generators.Tests;

/// <summary>
/// <see cref="DeepFormat"/> writes exactly what Roslyn's <c>NormalizeWhitespace</c> writes: random statements with
/// expressions deep enough to be cut into pieces (left-deep and right-deep operator chains, object initialisers nested
/// in each other, calls, lambdas, casts, nullable types, patterns, conditionals) are formatted both ways and compared
/// byte for byte. (A piece the normalizer would break into lines, such as an anonymous object, a lambda block or a
/// switch expression, makes the whole statement go to the normalizer: the second test.)
/// </summary>
[TestClass]
public sealed class DeepFormatTests
{
    [TestMethod]
    public void DeepStatementsAreFormattedExactlyAsTheNormalizerFormatsThem()
    {
        int cut = 0;
        for (int seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            string text = Statement(random);
            StatementSyntax statement = SyntaxFactory.ParseStatement(text);
            if (statement.ContainsDiagnostics)
            {
                // A rare operand combination this writer gets wrong ('a - -a' style runs): not a statement to compare.
                continue;
            }

            string expected = statement.NormalizeWhitespace("    ", "\n").ToFullString();
            string? actual = DeepFormat.TryFormat(statement);
            if (actual is not null)
            {
                cut++;
                Assert.AreEqual(expected, actual, "seed " + seed + ": " + text);
            }
        }

        // Many of them are cut into pieces (the others, with a lambda block or no place to cut, are normalized whole).
        Assert.IsGreaterThan(200, cut, "statements formatted in pieces");
    }

    [TestMethod]
    public void ShallowStatementsAndStatementsWithCommentsAreLeftToTheNormalizer()
    {
        Assert.IsNull(DeepFormat.TryFormat(SyntaxFactory.ParseStatement("x = a && b;")));
        string deep = "x = " + string.Join(" && ", new string('a', 200).ToCharArray()) + ";";
        Assert.IsNotNull(DeepFormat.TryFormat(SyntaxFactory.ParseStatement(deep)));
        Assert.IsNull(DeepFormat.TryFormat(SyntaxFactory.ParseStatement(deep.Replace("a && a && a", "a && /* c */ a && a"))));
        Assert.IsNull(DeepFormat.TryFormat(SyntaxFactory.ParseStatement(deep.Replace("a && a && a", "a && $\"{a}\" == s && a"))));
        string lines = "x = " + string.Join(" && ", Enumerable.Repeat("a", 200)) + " && new { A = 1 } == b" + string.Concat(Enumerable.Repeat(" && a", 100)) + ";";
        StatementSyntax withLines = SyntaxFactory.ParseStatement(lines);
        Assert.IsNull(DeepFormat.TryFormat(withLines));
        StringAssert.Contains(withLines.NormalizeWhitespace("    ", "\n").ToFullString(), "\n", "an anonymous object is written on lines");
    }

    [TestMethod]
    public void WideInitializersAreFormattedExactlyAsTheNormalizerFormatsThem()
    {
        // Collection, dictionary, object and array initialisers of 33 to 150 elements, whose elements start and end with
        // every kind of token (an element ending in '?', an anonymous object or a lambda block keeps the initializer
        // whole), nested in each other and in deep expressions.
        int formatted = 0, whole = 0, skipped = 0;
        for (int seed = 0; seed < 150; seed++)
        {
            var random = new Random(seed);
            var s = new StringBuilder(Pick(random, "x = ", "var x = ", "F(", "y = a && "));
            Initializer(s, random, nesting: 1);
            s.Append(s[0] == 'F' ? ");" : ";");
            StatementSyntax statement = SyntaxFactory.ParseStatement(s.ToString());
            if (statement.ContainsDiagnostics)
            {
                // A deep element with an operand combination the expression writer gets wrong: not a statement to compare.
                skipped++;
                continue;
            }

            string expected = statement.NormalizeWhitespace("    ", "\n").ToFullString();
            string? actual = DeepFormat.TryFormat(statement);
            if (actual is not null)
            {
                formatted++;
                Assert.AreEqual(expected, actual, "seed " + seed + ": " + s);
            }
            else
            {
                whole++;
            }
        }

        Assert.IsGreaterThan(80, formatted, "statements formatted in runs (" + whole + " whole, " + skipped + " skipped)");
    }

    [TestMethod]
    public void LeftDeepChainsInParenthesesAreCutAlongTheirLeftEdge()
    {
        foreach (string open in new[] { "F(", "G(a, ", "new C(", "b.M(", "(", "-(", "F((" })
        {
            foreach (string op in new[] { "&&", "+", "??", "==", "|" })
            {
                string chain = "a" + string.Concat(Enumerable.Range(0, 300).Select(i => " " + op + " " + (i % 3 == 0 ? "F(b" + i + ")" : i % 3 == 1 ? "c.D" : "2")));
                string text = "x = " + open + chain + new string(')', open.Count(c => c == '(')) + ";";
                StatementSyntax statement = SyntaxFactory.ParseStatement(text);
                Assert.IsFalse(statement.ContainsDiagnostics, text);
                string? actual = DeepFormat.TryFormat(statement);
                Assert.IsNotNull(actual, open + op);
                Assert.AreEqual(statement.NormalizeWhitespace("    ", "\n").ToFullString(), actual, open + op);
            }
        }
    }

    private static void Initializer(StringBuilder s, Random random, int nesting)
    {
        int kind = random.Next(4);
        s.Append(kind switch { 0 => "new List<int> { ", 1 => "new Dictionary<int, int> { ", 2 => "new N { ", _ => "new[] { " });
        int count = 33 + random.Next(random.Next(2) == 0 ? 30 : 120);
        for (int i = 0; i < count; i++)
        {
            s.Append(i == 0 ? "" : Pick(random, ", ", ",", " ,  "));
            if (nesting > 0 && random.Next(50) == 0)
            {
                Initializer(s, random, nesting - 1);
                continue;
            }

            switch (kind)
            {
                case 1:
                    s.Append(random.Next(8) == 0 ? "[" + i + "] = a" : "{ " + i + ", " + Pick(random, "a", "1", "F(a)", "b[1]", "(a)") + " }");
                    break;
                case 2:
                    s.Append(Pick(random, "V", "W", "Xs", "Next", "[1]")).Append(" = ");
                    Element(s, random);
                    break;
                default:
                    Element(s, random);
                    break;
            }
        }

        s.Append(random.Next(30) == 0 ? ", }" : " }");
    }

    private static void Element(StringBuilder s, Random random)
    {
        if (random.Next(80) == 0)
        {
            // Deep enough to be cut into pieces itself.
            Expression(s, random, 50 + random.Next(50));
            return;
        }

        s.Append(random.Next(300) == 0
            ? Pick(random, "a is int?", "new { A = 1 }", "() => { return 1; }", "b switch { _ => 1 }", "from q in xs select q", "$\"{a}\"", "a++", "a!", "this", "default")
            : Pick(random, "a", "1", "-1", "2.5", "\"s\"", "'c'", "true", "null", "F(a)", "b.C", "a[1]", "(a + b)", "x => x + 1", "new int[] { 1, 2 }", "(int)a", "a as int?",
                "typeof(int)", "default(int)", "b?.C", "new List<int> { 1 }", "c is { V: 1 }", "nameof(a)", "@class", "x.y.z", "a ? 1 : 2", "{ 1, 2 }", "new N { V = 1 }"));
    }

    private static string Statement(Random random)
    {
        var s = new StringBuilder();
        switch (random.Next(4))
        {
            case 0:
                s.Append("x = ");
                Expression(s, random, 60 + random.Next(200));
                s.Append(';');
                break;
            case 1:
                s.Append("var x = ");
                Expression(s, random, 60 + random.Next(200));
                s.Append(';');
                break;
            case 2:
                s.Append("if (");
                Expression(s, random, 60 + random.Next(200));
                s.Append(") { F(); }");
                break;
            default:
                s.Append("F(");
                Expression(s, random, 60 + random.Next(200));
                s.Append(", 1);");
                break;
        }

        return s.ToString();
    }

    // An expression about 'depth' levels deep, written flat where the shape allows (a chain) so that parsing it
    // does not recurse as deep as it is.
    private static void Expression(StringBuilder s, Random random, int depth)
    {
        if (depth <= 0)
        {
            Leaf(s, random);
            return;
        }

        switch (random.Next(9))
        {
            case 0 or 1:
                // A left-deep chain of one operator: 'a && b && c ...'.
                string op = Pick(random, "&&", "||", "+", "-", "*", "??", "|", "==");
                int terms = 1 + random.Next(depth);
                Leaf(s, random);
                for (int i = 0; i < terms; i++)
                {
                    s.Append(' ').Append(op).Append(' ');
                    Operand(s, random);
                }

                if (depth - terms > 0)
                {
                    s.Append(' ').Append(op).Append(" (");
                    Expression(s, random, depth - terms);
                    s.Append(')');
                }

                break;
            case 2 or 3:
                // Object initialisers nested in each other, with other members around the nested one.
                s.Append("new N { V = ");
                Operand(s, random);
                s.Append(random.Next(2) == 0 ? ", Xs = { a, 1 }" : "");
                s.Append(", Next = ");
                Expression(s, random, depth - 2);
                s.Append(random.Next(2) == 0 ? ", W = " + Pick(random, "a", "(a)", "F(a)", "b.C", "null", "new N()") : "");
                s.Append(" }");
                break;
            case 4:
                s.Append(Pick(random, "F(", "G(a, ", "b.M(", "new C(", "H<int>("));
                Expression(s, random, depth - 1);
                s.Append(')');
                break;
            case 5:
                s.Append(Pick(random, "a ? ", "a == b ? ", "!a ? "));
                Expression(s, random, depth - 1);
                s.Append(" : ");
                Operand(s, random);
                break;
            case 6:
                s.Append("(");
                Expression(s, random, depth - 1);
                s.Append(')').Append(Pick(random, "", ".M()", "[0]", "!", "?.M()"));
                break;
            case 7:
                s.Append("y = ");
                Expression(s, random, depth - 1);
                break;
            default:
                s.Append(Pick(random, "-", "!", "(int)", "~", "await "));
                s.Append('(');
                Expression(s, random, depth - 1);
                s.Append(')');
                break;
        }
    }

    private static void Operand(StringBuilder s, Random random) =>
        s.Append(Pick(
            random,
            "a", "b1", "1", "2.5", "\"s\"", "'c'", "true", "null", "F(a)", "b.C", "a[1]", "(a + b)", "(x => x + 1)", "new int[] { 1, 2 }", "(int)a", "(a as int?)", "(a is int)", "typeof(int)",
            "default(int)", "b?.C", "a++", "(-a)", "new List<int> { 1 }", "(c is { V: 1 })", "nameof(a)", "@class", "x.y.z"));

    private static void Leaf(StringBuilder s, Random random) => s.Append(Pick(random, "a", "b", "1", "F()", "c.D", "(a)", "new N()", "@a"));

    private static string Pick(Random random, params string[] choices) => choices[random.Next(choices.Length)];
}
