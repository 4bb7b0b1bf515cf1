using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Engine.Tools;

// The Unity package's layout, written from the build outputs of one configuration. Unity (6, and 2022.3.12 or newer)
// needs a .meta file beside every file and folder of an immutable package; the GUIDs are derived from the package path,
// so the same package always gets the same GUIDs and references to its assets survive an upgrade. The generator DLL sits
// in the Runtime folder with the assembly definition, so Unity applies it to Engine.Unity and every assembly that
// references it (the predefined Assembly-CSharp does, as the definition is auto-referenced); its .meta labels it
// RoslynAnalyzer and excludes it from every platform, as Unity requires for analyzers and source generators.
public static class UnityPackageLayout
{
    public const string PackageName = "com.engine.coroutines";

    public static void Write(string repoRoot, string configuration, string output)
    {
        string engineDll = Path.Combine(repoRoot, "Engine", "bin", configuration, "netstandard2.1", "Engine.dll");
        string generatorDll = Path.Combine(repoRoot, "Engine.Generators", "bin", configuration, "netstandard2.0", "Engine.Generators.dll");
        foreach (string built in new[] { engineDll, generatorDll })
        {
            if (!File.Exists(built))
            {
                throw new FileNotFoundException("Build the " + configuration + " configuration first (dotnet build tools/UnityPackage -c " + configuration + "): missing " + built, built);
            }
        }

        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        string runtime = Path.Combine(output, "Runtime");
        Directory.CreateDirectory(runtime);
        string version = ReadVersion(Path.Combine(repoRoot, "Engine", "Engine.csproj"));
        File.WriteAllText(Path.Combine(output, "package.json"), PackageJson(version));
        File.WriteAllText(Path.Combine(output, "README.md"), Readme(version));
        File.WriteAllText(Path.Combine(runtime, "Engine.Unity.asmdef"), AssemblyDefinition);
        File.Copy(engineDll, Path.Combine(runtime, "Engine.dll"));
        string engineXml = Path.ChangeExtension(engineDll, ".xml");
        if (File.Exists(engineXml))
        {
            File.Copy(engineXml, Path.Combine(runtime, "Engine.xml"));
        }

        File.Copy(generatorDll, Path.Combine(runtime, "Engine.Generators.dll"));
        foreach (string script in Directory.GetFiles(Path.Combine(repoRoot, "unity", "Runtime"), "*.cs"))
        {
            File.Copy(script, Path.Combine(runtime, Path.GetFileName(script)));
        }

        WriteMetaFiles(output, output);
    }

    public static string FindRepoRoot(string start)
    {
        string? dir = start;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Engine.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Engine.sln not found above " + start);
    }

    // A stable GUID for a path inside the package.
    public static string GuidFor(string packageRelativePath)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(PackageName + "/" + packageRelativePath.Replace('\\', '/')));
        return Convert.ToHexString(hash, 0, 16).ToLowerInvariant();
    }

    private const string AssemblyDefinition = """
        {
            "name": "Engine.Unity",
            "rootNamespace": "",
            "references": [],
            "includePlatforms": [],
            "excludePlatforms": [],
            "allowUnsafeCode": false,
            "overrideReferences": true,
            "precompiledReferences": [ "Engine.dll" ],
            "autoReferenced": true,
            "defineConstraints": [],
            "versionDefines": [],
            "noEngineReferences": false
        }

        """;

    private static string ReadVersion(string csproj)
    {
        Match m = Regex.Match(File.ReadAllText(csproj), "<Version>([^<]+)</Version>");
        return m.Success ? m.Groups[1].Value : "0.0.0";
    }

    private static string PackageJson(string version) => $$"""
        {
          "name": "{{PackageName}}",
          "version": "{{version}}",
          "displayName": "Engine coroutines",
          "description": "Coroutines in the style of Python generators for Unity: script groups with pause, time scale and kill, frame phases, lifetimes, when-any/when-all, zero garbage per frame, and a [Coroutine] source generator.",
          "unity": "6000.0",
          "keywords": [ "coroutines", "async", "scripting" ],
          "documentationUrl": "https://github.com/engine/engine/blob/main/docs/unity.md"
        }

        """;

    private static string Readme(string version) => $$"""
        # Engine coroutines {{version}} for Unity

        Add an `EngineHost` component to one GameObject of the scene; scripts reach the game through
        `EngineHost.Instance.Game` and bind coroutines to GameObjects with `EngineHost.Instance.Run(routine, gameObject)`.

        - `Runtime/Engine.dll`: the runtime (netstandard2.1).
        - `Runtime/Engine.Generators.dll`: the `[Coroutine]` source generator, labelled `RoslynAnalyzer`; it runs on the
          assemblies that reference `Engine.Unity` (Assembly-CSharp does).
        - `Runtime/EngineHost.cs`, `Runtime/EngineLifetime.cs`: the host and cancel-with-GameObject.

        The full guide, with what is not available on IL2CPP and WebGL, is docs/unity.md in the repository.

        """;

    private static void WriteMetaFiles(string packageRoot, string folder)
    {
        foreach (string dir in Directory.GetDirectories(folder))
        {
            File.WriteAllText(dir + ".meta", FolderMeta(GuidFor(Relative(packageRoot, dir))));
            WriteMetaFiles(packageRoot, dir);
        }

        foreach (string file in Directory.GetFiles(folder))
        {
            if (file.EndsWith(".meta", StringComparison.Ordinal))
            {
                continue;
            }

            string guid = GuidFor(Relative(packageRoot, file));
            string name = Path.GetFileName(file);
            string meta = name switch
            {
                "Engine.Generators.dll" => AnalyzerMeta(guid),
                _ when name.EndsWith(".dll", StringComparison.Ordinal) => PluginMeta(guid),
                _ when name.EndsWith(".cs", StringComparison.Ordinal) => ScriptMeta(guid),
                _ when name.EndsWith(".asmdef", StringComparison.Ordinal) => ImporterMeta(guid, "AssemblyDefinitionImporter"),
                "package.json" => ImporterMeta(guid, "PackageManifestImporter"),
                _ => ImporterMeta(guid, "TextScriptImporter"),
            };
            File.WriteAllText(file + ".meta", meta);
        }
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private static string FolderMeta(string guid) => $"""
        fileFormatVersion: 2
        guid: {guid}
        folderAsset: yes
        DefaultImporter:
          externalObjects: {"{}"}
          userData: 
          assetBundleName: 
          assetBundleVariant: 

        """;

    private static string ImporterMeta(string guid, string importer) => $"""
        fileFormatVersion: 2
        guid: {guid}
        {importer}:
          externalObjects: {"{}"}
          userData: 
          assetBundleName: 
          assetBundleVariant: 

        """;

    private static string ScriptMeta(string guid) => $"""
        fileFormatVersion: 2
        guid: {guid}
        MonoImporter:
          externalObjects: {"{}"}
          serializedVersion: 2
          defaultReferences: []
          executionOrder: 0
          icon: {"{instanceID: 0}"}
          userData: 
          assetBundleName: 
          assetBundleVariant: 

        """;

    // The runtime: a managed plugin for every platform, referenced automatically by every assembly.
    private static string PluginMeta(string guid) => $"""
        fileFormatVersion: 2
        guid: {guid}
        PluginImporter:
          externalObjects: {"{}"}
          serializedVersion: 2
          iconMap: {"{}"}
          executionOrder: {"{}"}
          defineConstraints: []
          isPreloaded: 0
          isOverridable: 0
          isExplicitlyReferenced: 0
          validateReferences: 1
          platformData:
          - first:
              Any: 
            second:
              enabled: 1
              settings: {"{}"}
          userData: 
          assetBundleName: 
          assetBundleVariant: 

        """;

    // The generator: labelled RoslynAnalyzer and excluded from every platform (it runs in the compiler, not the player).
    private static string AnalyzerMeta(string guid) => $"""
        fileFormatVersion: 2
        guid: {guid}
        labels:
        - RoslynAnalyzer
        PluginImporter:
          externalObjects: {"{}"}
          serializedVersion: 2
          iconMap: {"{}"}
          executionOrder: {"{}"}
          defineConstraints: []
          isPreloaded: 0
          isOverridable: 0
          isExplicitlyReferenced: 0
          validateReferences: 0
          platformData:
          - first:
              : Any
            second:
              enabled: 0
              settings: {"{}"}
          - first:
              Any: 
            second:
              enabled: 0
              settings: {"{}"}
          - first:
              Editor: Editor
            second:
              enabled: 0
              settings:
                DefaultValueInitialized: true
          userData: 
          assetBundleName: 
          assetBundleVariant: 

        """;
}
