using System;
using System.Diagnostics;
using System.IO;

namespace Engine.Tests.Observe;

// Debian's Chromium, headless, for tests that check what a person would see in a page. Found on the PATH; when it is
// missing and the test runs as root on a machine with apt-get (CI, the project's machines), it is installed first, as
// .ci/run does. A test is skipped only when the browser truly cannot be had.
internal static class HeadlessBrowser
{
    private static readonly object s_gate = new();
    private static string? s_path;
    private static string? s_whyMissing;

    public static string? Find(out string whyMissing)
    {
        lock (s_gate)
        {
            if (s_path is null && s_whyMissing is null)
            {
                s_path = Locate() ?? Install();
                s_whyMissing = s_path is null ? s_whyMissing ?? "no chromium on the PATH and it could not be installed" : null;
            }

            whyMissing = s_whyMissing ?? string.Empty;
            return s_path;
        }
    }

    // Runs the browser on a file with the flags this machine needs and a fresh profile; returns its standard output.
    public static string Run(string browser, string arguments, TimeSpan timeout)
    {
        string profile = Path.Combine(Path.GetTempPath(), "obs-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        try
        {
            var start = new ProcessStartInfo(browser,
                "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update " +
                "--disable-sync --disable-dev-shm-usage --user-data-dir=\"" + profile + "\" " + arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using Process process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not finish in " + timeout + ": " + stderr.Result);
            }

            return stdout.Result;
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // A helper process may still hold a file for a moment; the folder is in the temp directory.
            }
        }
    }

    private static string? Locate()
    {
        foreach (string name in new[] { "chromium", "chromium-browser", "google-chrome" })
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
            {
                string candidate = Path.Combine(dir, name);
                if (dir.Length > 0 && File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static string? Install()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get") || Environment.UserName != "root")
        {
            s_whyMissing = "chromium is not installed and this is not a root Debian machine that could install it (apt-get install chromium)";
            return null;
        }

        foreach (string args in new[] { "-y -q install chromium", "-q update", "-y -q install chromium" })
        {
            var start = new ProcessStartInfo("/usr/bin/apt-get", args) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            using Process process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 0 && args.Contains("install", StringComparison.Ordinal) && Locate() is { } installed)
            {
                return installed;
            }

            s_whyMissing = "apt-get " + args + " failed: " + error.Trim();
        }

        return Locate();
    }
}
