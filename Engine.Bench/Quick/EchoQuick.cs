using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;

namespace Engine.Bench.Quick;

// `quick echo`: echo round trips per second, 50 connections x 64-byte messages, one server thread, every
// server in its own process and driven by the same C# client process (EchoClient):
//   echo.engine.rt_per_s        this engine (EchoServers, `echo-server engine`)
//   echo.dotnet_async.rt_per_s  .NET async/await Socket server; the better of two configurations: continuations
//                               inline on the socket engine's one epoll thread (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1,
//                               the one-thread analogue) and the default thread pool (both printed)
//   echo.uvloop.rt_per_s, echo.asyncio.rt_per_s   peers/echo_server.py (asyncio.Protocol), skipped with a reason if missing
//   echo.vs_uvloop, echo.vs_dotnet_async          engine rate / peer rate
public sealed class EchoQuick : IQuickGroup
{
    private const int Connections = 50;
    private const int MessageSize = 64;
    private const double Seconds = 3.0;
    private const double Warmup = 0.7;

    public string Name => "echo";

    public void Run(Action<string, double> report)
    {
        double engine = Measure("engine", Self("echo-server", "engine"), null);
        report("echo.engine.rt_per_s", engine);

        double inline = Measure("dotnet_async (inline completions)", Self("echo-server", "dotnet"), new() { ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1" });
        report("echo.dotnet_async_inline.rt_per_s", inline);
        double pool = Measure("dotnet_async (thread pool)", Self("echo-server", "dotnet"), null);
        report("echo.dotnet_async_pool.rt_per_s", pool);
        double dotnet = Math.Max(inline, pool);
        report("echo.dotnet_async.rt_per_s", dotnet);

        string? python = FindPython(out string why);
        double uvloop = double.NaN;
        double asyncio = double.NaN;
        string script = Path.Combine(AppContext.BaseDirectory, "peers", "echo_server.py");
        if (python is null)
        {
            Console.WriteLine("# echo.uvloop, echo.asyncio skipped: " + why);
        }
        else
        {
            if (HasModule(python, "uvloop"))
            {
                uvloop = Measure("uvloop", (python, new[] { script, "uvloop" }), null);
                report("echo.uvloop.rt_per_s", uvloop);
            }
            else
            {
                Console.WriteLine("# echo.uvloop skipped: " + python + " has no uvloop module (apt-get install python3-uvloop)");
            }

            asyncio = Measure("asyncio", (python, new[] { script, "asyncio" }), null);
            report("echo.asyncio.rt_per_s", asyncio);
        }

        if (!double.IsNaN(uvloop))
        {
            report("echo.vs_uvloop", engine / uvloop);
        }

        if (!double.IsNaN(asyncio))
        {
            report("echo.vs_asyncio", engine / asyncio);
        }

        report("echo.vs_dotnet_async", engine / dotnet);
    }

    // The bench executable itself with hidden arguments (Program.cs dispatches echo-server / echo-client).
    private static (string File, string[] Args) Self(params string[] args)
    {
        string exe = Environment.ProcessPath!;
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet")
        {
            var list = new List<string> { typeof(EchoQuick).Assembly.Location };
            list.AddRange(args);
            return (exe, list.ToArray());
        }

        return (exe, args);
    }

    private static double Measure(string label, (string File, string[] Args) server, Dictionary<string, string>? env)
    {
        int port = FreePort();
        var serverArgs = new List<string>(server.Args) { port.ToString(CultureInfo.InvariantCulture) };
        using Process serverProcess = Start(server.File, serverArgs, env, redirectOut: true);
        try
        {
            string? line = serverProcess.StandardOutput.ReadLine();
            if (line != "ready")
            {
                Console.WriteLine("# " + label + ": server did not start (" + line + "): " + serverProcess.StandardError.ReadToEnd());
                return double.NaN;
            }

            (string file, string[] args) = Self("echo-client", port.ToString(CultureInfo.InvariantCulture), Connections.ToString(CultureInfo.InvariantCulture),
                MessageSize.ToString(CultureInfo.InvariantCulture), Seconds.ToString(CultureInfo.InvariantCulture), Warmup.ToString(CultureInfo.InvariantCulture));
            using Process client = Start(file, args, null, redirectOut: true);
            string output = client.StandardOutput.ReadToEnd();
            if (!client.WaitForExit(60_000))
            {
                client.Kill();
            }

            if (client.ExitCode != 0 || !double.TryParse(output.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double rate))
            {
                Console.WriteLine("# " + label + ": client failed: " + output + client.StandardError.ReadToEnd());
                return double.NaN;
            }

            return rate;
        }
        finally
        {
            if (!serverProcess.HasExited)
            {
                serverProcess.Kill(entireProcessTree: true);
            }

            serverProcess.WaitForExit(10_000);
        }
    }

    private static Process Start(string file, IEnumerable<string> args, Dictionary<string, string>? env, bool redirectOut)
    {
        var psi = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardOutput = redirectOut,
            RedirectStandardError = true,
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (env is not null)
        {
            foreach (KeyValuePair<string, string> pair in env)
            {
                psi.Environment[pair.Key] = pair.Value;
            }
        }

        return Process.Start(psi)!;
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    // Debian's python3 (where python3-uvloop installs) first, then whatever python3 is on PATH.
    private static string? FindPython(out string why)
    {
        foreach (string candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                using Process p = Start(candidate, new[] { "-c", "print(1)" }, null, redirectOut: true);
                p.StandardOutput.ReadToEnd();
                p.WaitForExit(10_000);
                if (p.ExitCode == 0)
                {
                    why = string.Empty;
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed here; try the next
            }
        }

        why = "no python3 found";
        return null;
    }

    private static bool HasModule(string python, string module)
    {
        using Process p = Start(python, new[] { "-c", "import " + module }, null, redirectOut: true);
        p.StandardOutput.ReadToEnd();
        p.WaitForExit(10_000);
        return p.ExitCode == 0;
    }
}
