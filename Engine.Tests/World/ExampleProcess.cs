using System;
using System.Diagnostics;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// Runs a built example (referenced by the test project, so its dll sits beside the tests) in a child process with a
// deadline, and returns what it printed; the cross-process save tests save in one such process and restore in another.
internal static class ExampleProcess
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);

    public static string Run(string example, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, example + ".dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_deadline))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail(example + " " + string.Join(" ", args) + " did not finish within " + s_deadline.TotalSeconds + " s");
        }

        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, example + " " + string.Join(" ", args) + " failed: " + stderr.Result);
        return stdout.Result;
    }

    // A temporary file name for a save, deleted by the caller.
    public static string SaveFile(string what) => Path.Combine(Path.GetTempPath(), "engine-" + what + "-" + Guid.NewGuid().ToString("N") + ".json");
}
