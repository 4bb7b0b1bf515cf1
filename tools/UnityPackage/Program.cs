// Lays out the Unity package under artifacts (build.ps1 unity): package.json, the netstandard2.1 Engine.dll, the
// [Coroutine] generator labelled RoslynAnalyzer, the host scripts, an assembly definition, a README and Unity's .meta
// files. Usage: dotnet run -c Release --project tools/UnityPackage -- [Release|Debug] [output folder]
using System;
using System.IO;
using Engine.Tools;

string configuration = args.Length > 0 ? args[0] : "Release";
string root = UnityPackageLayout.FindRepoRoot(AppContext.BaseDirectory);
string output = args.Length > 1 ? Path.GetFullPath(args[1]) : Path.Combine(root, "artifacts", "unity", UnityPackageLayout.PackageName);
UnityPackageLayout.Write(root, configuration, output);
Console.WriteLine("Unity package laid out in " + output);
return 0;
