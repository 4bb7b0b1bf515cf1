using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Docs;

// Every C# block in README.md and docs/*.md must be a verbatim part (ignoring indentation and blank
// lines) of a source file the build compiles: an example or a test. So a snippet cannot rot.
[TestClass]
public sealed class DocSnippetTests
{
    private static readonly string[] s_compiledFolders = { "examples", "Engine.Tests", "Engine.Generators.Tests", "Engine.Bench" };

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

    private static IEnumerable<(string File, string Code)> Snippets(string root)
    {
        var docs = new List<string> { Path.Combine(root, "README.md") };
        string docsDir = Path.Combine(root, "docs");
        if (Directory.Exists(docsDir))
        {
            docs.AddRange(Directory.GetFiles(docsDir, "*.md", SearchOption.AllDirectories));
        }

        foreach (string doc in docs)
        {
            foreach (Match m in Regex.Matches(File.ReadAllText(doc), "```csharp\\s*\\n(.*?)```", RegexOptions.Singleline))
            {
                yield return (Path.GetRelativePath(root, doc), m.Groups[1].Value);
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

    [TestMethod]
    public void Every_csharp_block_in_the_docs_is_compiled_code()
    {
        string root = RepoRoot();
        List<string[]> sources = s_compiledFolders
            .Select(f => Path.Combine(root, f))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                     && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(f => Normalize(File.ReadAllText(f)))
            .ToList();

        var missing = new List<string>();
        int count = 0;
        foreach ((string file, string code) in Snippets(root))
        {
            count++;
            string[] lines = Normalize(code);
            if (!sources.Any(s => ContainsRun(s, lines)))
            {
                missing.Add(file + ": " + lines.FirstOrDefault());
            }
        }

        Assert.IsGreaterThan(0, count, "README.md has C# blocks");
        Assert.AreEqual(0, missing.Count, "C# blocks not found in any compiled source:\n" + string.Join("\n", missing));
    }
}
