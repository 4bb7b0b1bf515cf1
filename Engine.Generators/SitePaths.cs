using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Engine.Generators;

/// <summary>
/// The source path written into a machine's sites (<c>CoroutineSite.File</c>): the same on every machine that builds
/// the project, and never an absolute path of the building machine.
/// </summary>
/// <remarks>
/// Design: the parse step records the path as the compiler sees it (<see cref="Source"/>: PathMap applied, as
/// <c>CallerFilePath</c> would give it); the project directory arrives from the analyzer config and is combined after
/// the parse step (<see cref="Apply"/>), so the model of a method does not depend on where the project lies. In
/// order: a path PathMap mapped is kept as mapped; a path inside the project directory
/// (<c>build_property.ProjectDir</c>, which the .NET SDK passes to generators, or <c>MSBuildProjectDirectory</c>)
/// becomes relative to it, with <c>/</c> separators; a path that is already relative (Unity passes
/// <c>Assets/...</c>) is kept, with <c>/</c> separators; anything else keeps only its file name.
/// </remarks>
internal static class SitePaths
{
    /// <summary>The tree's path with the compilation's PathMap applied, and whether a mapping applied.</summary>
    public static (string Path, bool Mapped) Source(SyntaxTree tree, Compilation compilation)
    {
        string path = tree.FilePath;
        SourceReferenceResolver? resolver = compilation.Options.SourceReferenceResolver;
        string? mapped = resolver?.NormalizePath(path, baseFilePath: null);
        bool hasMap = resolver is not SourceFileResolver files || !files.PathMap.IsDefaultOrEmpty;
        return mapped is not null && hasMap && !string.Equals(mapped, path, System.StringComparison.Ordinal) ? (mapped, true) : (path, false);
    }

    /// <summary>The project directory from the analyzer config, or null when the build does not pass one.</summary>
    public static string? ProjectDirectory(AnalyzerConfigOptions options)
    {
        if (options.TryGetValue("build_property.ProjectDir", out string? directory) && !string.IsNullOrWhiteSpace(directory))
        {
            return directory;
        }

        return options.TryGetValue("build_property.MSBuildProjectDirectory", out directory) && !string.IsNullOrWhiteSpace(directory) ? directory : null;
    }

    /// <summary>The result with its model's site path set for a project in <paramref name="projectDirectory"/>.</summary>
    public static ParseResult Apply(ParseResult result, string? projectDirectory) =>
        result.Model is null
            ? result
            : result with { Model = result.Model with { SitePath = SitePath(result.Model.SourcePath, result.Model.SourcePathMapped, projectDirectory) } };

    /// <summary>The path a site carries (see the type's remarks).</summary>
    public static string SitePath(string sourcePath, bool mapped, string? projectDirectory)
    {
        if (mapped)
        {
            return sourcePath;
        }

        string path = sourcePath.Replace('\\', '/');
        if (projectDirectory is not null)
        {
            string root = projectDirectory.Trim().Replace('\\', '/');
            if (!root.EndsWith("/", System.StringComparison.Ordinal))
            {
                root += "/";
            }

            // Windows paths (a drive letter) compare without case, as the file system does.
            System.StringComparison comparison = HasDrive(root) ? System.StringComparison.OrdinalIgnoreCase : System.StringComparison.Ordinal;
            if (path.Length > root.Length && path.StartsWith(root, comparison))
            {
                return path.Substring(root.Length);
            }
        }

        if (path.Length > 0 && !IsRooted(path))
        {
            return path.StartsWith("./", System.StringComparison.Ordinal) ? path.Substring(2) : path;
        }

        int slash = path.LastIndexOf('/');
        return slash < 0 ? path : path.Substring(slash + 1);
    }

    private static bool IsRooted(string path) => path[0] == '/' || path[0] == '~' || HasDrive(path);

    private static bool HasDrive(string path) => path.Length >= 2 && path[1] == ':' && char.IsLetter(path[0]);
}
