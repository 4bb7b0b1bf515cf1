using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Engine.Tests.Docs;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Package;

// Packs Engine as a release would (dotnet pack, optimized) into a temporary folder and checks what an adopter gets:
// licence, metadata, the package README with links that work outside the repository, both runtime builds with their
// XML docs, the generator as an analyzer, the symbols package, and the one version everywhere. The pack builds in a
// configuration of its own, so it never races the Debug or Release builds a test run may be doing at the same time;
// the first run builds it (about half a minute), later runs are incremental (seconds).
[TestClass]
[DoNotParallelize]
public sealed class PackageTests
{
    private static readonly XNamespace s_nuspec = "http://schemas.microsoft.com/packaging/2012/06/nuspec.xsd";

    [TestMethod]
    public void The_Engine_package_carries_what_an_adopter_needs()
    {
        string root = DocSnippetTests.RepoRoot();
        string version = XDocument.Load(Path.Combine(root, "Directory.Build.props")).Descendants("Version").Single().Value;
        string output = Path.Combine(Path.GetTempPath(), "engine-pack-" + Guid.NewGuid().ToString("N"));
        try
        {
            Pack(root, output);
            string nupkg = Path.Combine(output, "Engine." + version + ".nupkg");
            string snupkg = Path.Combine(output, "Engine." + version + ".snupkg");
            Assert.IsTrue(File.Exists(nupkg), "the package is named after the version in Directory.Build.props");
            Assert.IsTrue(File.Exists(snupkg), "symbols ship in a .snupkg");

            using ZipArchive package = ZipFile.OpenRead(nupkg);
            string[] entries = package.Entries.Select(e => e.FullName).ToArray();
            foreach (string expected in new[]
            {
                "README.md",
                "lib/net10.0/Engine.dll", "lib/net10.0/Engine.xml",
                "lib/netstandard2.1/Engine.dll", "lib/netstandard2.1/Engine.xml",
                "analyzers/dotnet/cs/Engine.Generators.dll",
            })
            {
                CollectionAssert.Contains(entries, expected);
            }

            Assert.IsFalse(entries.Any(e => e.Contains("Tests", StringComparison.Ordinal) || e.Contains("Bench", StringComparison.Ordinal)), string.Join(", ", entries));

            XElement metadata = XDocument.Load(package.GetEntry("Engine.nuspec")!.Open()).Root!.Element(s_nuspec + "metadata")!;
            string Field(string name) => metadata.Element(s_nuspec + name)?.Value ?? string.Empty;
            Assert.AreEqual("Engine", Field("id"));
            Assert.AreEqual(version, Field("version"));
            Assert.AreEqual("MIT", Field("license"));
            Assert.AreEqual("expression", metadata.Element(s_nuspec + "license")!.Attribute("type")!.Value);
            Assert.AreEqual("README.md", Field("readme"));
            Assert.IsFalse(string.IsNullOrWhiteSpace(Field("authors")));
            Assert.IsGreaterThan(100, Field("description").Length);
            StringAssert.Contains(Field("tags"), "coroutine");
            StringAssert.StartsWith(Field("projectUrl"), "https://");
            XElement repository = metadata.Element(s_nuspec + "repository")!;
            Assert.AreEqual("git", repository.Attribute("type")!.Value);
            StringAssert.StartsWith(repository.Attribute("url")!.Value, "https://");

            // The package page shows this README away from the repository: every link must be absolute.
            using var reader = new StreamReader(package.GetEntry("README.md")!.Open());
            string readme = reader.ReadToEnd();
            string[] relative = Regex.Matches(readme, @"\]\(([^)\s]+)\)").Select(m => m.Groups[1].Value).Where(l => !l.StartsWith("https://", StringComparison.Ordinal)).ToArray();
            Assert.IsEmpty(relative, "relative links in the package README: " + string.Join(", ", relative));

            // One version everywhere: the assemblies (so the generator's [GeneratedCode] attribute) carry the package's.
            string extracted = Path.Combine(output, "extracted");
            package.ExtractToDirectory(extracted);
            foreach (string dll in new[] { "lib/net10.0/Engine.dll", "lib/netstandard2.1/Engine.dll", "analyzers/dotnet/cs/Engine.Generators.dll" })
            {
                string path = Path.Combine(extracted, dll);
                Assert.AreEqual(new Version(version + ".0"), AssemblyName.GetAssemblyName(path).Version, dll);
                Assert.AreEqual(version, FileVersionInfo.GetVersionInfo(path).ProductVersion, dll + " informational version");
            }

            using ZipArchive symbols = ZipFile.OpenRead(snupkg);
            string[] pdbs = symbols.Entries.Select(e => e.FullName).Where(e => e.EndsWith(".pdb", StringComparison.Ordinal)).ToArray();
            CollectionAssert.AreEquivalent(new[] { "lib/net10.0/Engine.pdb", "lib/netstandard2.1/Engine.pdb" }, pdbs);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    // Configuration "PackageTest" (bin/PackageTest, obj/PackageTest) keeps this build apart from every other; --no-restore
    // leaves the shared obj/project.assets.json alone (the test run restored it).
    private static void Pack(string root, string output)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "pack", "Engine/Engine.csproj", "-c", "PackageTest", "-p:Optimize=true", "--no-restore", "-o", output, "-nologo", "-v:q" })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        System.Threading.Tasks.Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        System.Threading.Tasks.Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit((int)TimeSpan.FromMinutes(5).TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("dotnet pack did not finish in 5 minutes");
        }

        Assert.AreEqual(0, process.ExitCode, "dotnet pack failed:\n" + stdout.Result + stderr.Result);
    }
}
