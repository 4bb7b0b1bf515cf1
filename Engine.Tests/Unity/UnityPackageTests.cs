using System;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using Engine.Tools;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Unity;

// `build.ps1 unity` lays out the Unity package (tools/UnityPackage); this lays it out from this build's outputs into a
// temporary folder and checks what Unity needs: package.json, the netstandard2.1 runtime, the generator built on
// Microsoft.CodeAnalysis 4.3 and labelled RoslynAnalyzer with every platform off, the host scripts, the assembly
// definition, a README, and a .meta file with a unique GUID beside every file and folder.
[TestClass]
public sealed class UnityPackageTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [TestMethod]
    public void The_Unity_package_holds_what_Unity_needs()
    {
        string root = Docs.DocSnippetTests.RepoRoot();
        string output = Path.Combine(Path.GetTempPath(), "game-unity-" + Guid.NewGuid().ToString("N"), UnityPackageLayout.PackageName);
        try
        {
            UnityPackageLayout.Write(root, Configuration, output);
            string runtime = Path.Combine(output, "Runtime");

            using (JsonDocument package = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "package.json"))))
            {
                Assert.AreEqual("com.engine.coroutines", package.RootElement.GetProperty("name").GetString());
                Assert.AreEqual("6000.0", package.RootElement.GetProperty("unity").GetString());
                StringAssert.Matches(package.RootElement.GetProperty("version").GetString(), new System.Text.RegularExpressions.Regex(@"^\d+\.\d+\.\d+"));
            }

            Assert.AreEqual(".NETStandard,Version=v2.1", TargetFramework(Path.Combine(runtime, "Engine.dll")));
            Assert.AreEqual(new Version(4, 3, 0, 0), ReferencedVersion(Path.Combine(runtime, "Engine.Generators.dll"), "Microsoft.CodeAnalysis"));

            string analyzerMeta = File.ReadAllText(Path.Combine(runtime, "Engine.Generators.dll.meta"));
            StringAssert.Contains(analyzerMeta, "labels:\n- RoslynAnalyzer\n");
            Assert.DoesNotContain("enabled: 1", analyzerMeta, "an analyzer is enabled on no platform");
            StringAssert.Contains(File.ReadAllText(Path.Combine(runtime, "Engine.dll.meta")), "enabled: 1");

            using (JsonDocument asmdef = JsonDocument.Parse(File.ReadAllText(Path.Combine(runtime, "Engine.Unity.asmdef"))))
            {
                Assert.AreEqual("Engine.Unity", asmdef.RootElement.GetProperty("name").GetString());
                Assert.AreEqual("Engine.dll", asmdef.RootElement.GetProperty("precompiledReferences")[0].GetString());
                Assert.IsTrue(asmdef.RootElement.GetProperty("autoReferenced").GetBoolean());
            }

            foreach (string script in Directory.GetFiles(Path.Combine(root, "unity", "Runtime"), "*.cs"))
            {
                Assert.AreEqual(File.ReadAllText(script), File.ReadAllText(Path.Combine(runtime, Path.GetFileName(script))), script);
            }

            StringAssert.Contains(File.ReadAllText(Path.Combine(output, "README.md")), "EngineHost");

            string[] assets = Directory.GetFileSystemEntries(output, "*", SearchOption.AllDirectories)
                .Where(p => !p.EndsWith(".meta", StringComparison.Ordinal))
                .ToArray();
            Assert.IsGreaterThanOrEqualTo(9, assets.Length);
            string[] guids = assets.Select(a => File.ReadAllLines(a + ".meta").Single(l => l.StartsWith("guid: ", StringComparison.Ordinal))).ToArray();
            Assert.AreEqual(guids.Length, guids.Distinct().Count(), "every asset has its own GUID");
            Assert.AreEqual(UnityPackageLayout.GuidFor("Runtime/EngineHost.cs"), File.ReadAllLines(Path.Combine(runtime, "EngineHost.cs.meta"))[1]["guid: ".Length..], "GUIDs are stable");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(output)!, recursive: true);
        }
    }

    private static string TargetFramework(string dll)
    {
        using var pe = new PEReader(File.OpenRead(dll));
        MetadataReader md = pe.GetMetadataReader();
        foreach (CustomAttributeHandle h in md.GetAssemblyDefinition().GetCustomAttributes())
        {
            CustomAttribute attribute = md.GetCustomAttribute(h);
            var ctor = (MemberReferenceHandle)attribute.Constructor;
            var type = (TypeReferenceHandle)md.GetMemberReference(ctor).Parent;
            if (md.GetString(md.GetTypeReference(type).Name) == "TargetFrameworkAttribute")
            {
                BlobReader blob = md.GetBlobReader(attribute.Value);
                blob.ReadUInt16(); // prolog
                return blob.ReadSerializedString()!;
            }
        }

        return "(none)";
    }

    private static Version ReferencedVersion(string dll, string assembly)
    {
        using var pe = new PEReader(File.OpenRead(dll));
        MetadataReader md = pe.GetMetadataReader();
        return md.AssemblyReferences.Select(md.GetAssemblyReference).Single(r => md.GetString(r.Name) == assembly).Version;
    }
}
