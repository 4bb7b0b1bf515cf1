using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Docs;

// Every C# block in README.md, Engine/README.md (the package's) and docs/*.md must be a verbatim part (ignoring indentation and blank
// lines) of a source file the build compiles (an example, a test, or the Unity host that the tests compile) or of a generator expected-output
// file (Engine.Generators.Tests/Expected/*.g.cs.txt, which the generator tests compare and compile).
// So a snippet cannot rot. A block marked <!-- excerpt: PATH --> on the line before it is an annotated
// excerpt: its code lines, without trailing // comments and "..." elisions, must appear in PATH in order.
[TestClass]
public sealed class DocSnippetTests
{
    private static readonly string[] s_compiledFolders = { "examples", "Engine.Tests", "Engine.Generators.Tests", "Engine.Bench", "unity" };

    public static string RepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Engine.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Engine.sln not found above " + AppContext.BaseDirectory);
    }

    private static string[] Normalize(string text) =>
        text.Replace("\r", string.Empty).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();

    private static IEnumerable<(string File, string Code, string? ExcerptOf)> Snippets(string root)
    {
        var docs = new List<string> { Path.Combine(root, "README.md"), Path.Combine(root, "Engine", "README.md") };
        string docsDir = Path.Combine(root, "docs");
        if (Directory.Exists(docsDir))
        {
            docs.AddRange(Directory.GetFiles(docsDir, "*.md", SearchOption.AllDirectories));
        }

        foreach (string doc in docs)
        {
            foreach (Match m in Regex.Matches(File.ReadAllText(doc), "(<!-- excerpt: (?<path>[^ ]+) -->\\s*\\n)?```csharp\\s*\\n(?<code>.*?)```", RegexOptions.Singleline))
            {
                yield return (Path.GetRelativePath(root, doc), m.Groups["code"].Value, m.Groups["path"].Success ? m.Groups["path"].Value : null);
            }
        }
    }

    private static bool ContainsRun(string[] haystack, string[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return true;
            }
        }

        return false;
    }

    private static string? FirstLineNotInOrder(string[] excerpt, string[] source)
    {
        int at = 0;
        foreach (string raw in excerpt)
        {
            // "x;  // note" matches a source line starting with "x"; "Site => ...;" one starting with "Site =>".
            int comment = raw.IndexOf("//", StringComparison.Ordinal);
            string line = comment >= 0 ? raw.Substring(0, comment) : raw;
            int elision = line.IndexOf("...", StringComparison.Ordinal);
            line = (elision >= 0 ? line.Substring(0, elision) : line).Trim().TrimEnd(';').TrimEnd();
            if (line.Length == 0)
            {
                continue;
            }

            while (at < source.Length && !source[at].StartsWith(line, StringComparison.Ordinal))
            {
                at++;
            }

            if (at == source.Length)
            {
                return line;
            }

            at++;
        }

        return null;
    }

    [TestMethod]
    public void Every_csharp_block_in_the_docs_is_compiled_code()
    {
        string root = RepoRoot();
        List<string[]> sources = s_compiledFolders
            .Select(f => Path.Combine(root, f))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*.cs", SearchOption.AllDirectories)
                .Concat(Directory.GetFiles(d, "*.g.cs.txt", SearchOption.AllDirectories)))
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                     && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(f => Normalize(File.ReadAllText(f)))
            .ToList();

        var missing = new List<string>();
        int count = 0;
        foreach ((string file, string code, string? excerptOf) in Snippets(root))
        {
            count++;
            string[] lines = Normalize(code);
            if (excerptOf is not null)
            {
                string? gap = FirstLineNotInOrder(lines, Normalize(File.ReadAllText(Path.Combine(root, excerptOf))));
                if (gap is not null)
                {
                    missing.Add(file + " (excerpt of " + excerptOf + "): " + gap);
                }
            }
            else if (!sources.Any(s => ContainsRun(s, lines)))
            {
                missing.Add(file + ": " + lines.FirstOrDefault());
            }
        }

        Assert.IsGreaterThan(0, count, "README.md has C# blocks");
        Assert.AreEqual(0, missing.Count, "C# blocks not found in any compiled source:\n" + string.Join("\n", missing));
    }
}
