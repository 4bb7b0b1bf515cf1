using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;

namespace Engine.Bench.Quick;

// `quick echo`: echo round trips per second (best of 5 interleaved rounds of 1 s each), 50 connections x 64-byte messages, one server thread, every
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
    private const double Seconds = 1.0;
    private const double Warmup = 0.4;
    private const int Rounds = 5;

    public string Name => "echo";

    public void Run(Action<string, double> report)
    {
        // All servers start first and idle; then rounds measure each in turn, and each server's best round counts.
        // The machine may be shared (builds, other benchmarks): interleaving rounds spreads that noise over every
        // server instead of penalising whichever ran during a burst.
        var servers = new List<Server>
        {
            new("engine", Self("echo-server", "engine"), null),
            new("dotnet_async_inline", Self("echo-server", "dotnet"), new() { ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1" }),
            new("dotnet_async_pool", Self("echo-server", "dotnet"), null),
        };
        string script = Path.Combine(AppContext.BaseDirectory, "peers", "echo_server.py");
        string? python = FindPython(out string why);
        if (python is null)
        {
            Console.WriteLine("# echo.uvloop, echo.asyncio skipped: " + why);
        }
        else
        {
            if (HasModule(python, "uvloop"))
            {
                servers.Add(new("uvloop", (python, new[] { script, "uvloop" }), null));
            }
            else
            {
                Console.WriteLine("# echo.uvloop skipped: " + python + " has no uvloop module (Debian: apt-get install python3-uvloop)");
            }

            servers.Add(new("asyncio", (python, new[] { script, "asyncio" }), null));
        }

        try
        {
            foreach (Server server in servers)
            {
                server.Start();
            }

            for (int round = 0; round < Rounds; round++)
            {
                foreach (Server server in servers)
                {
                    server.Best = Math.Max(server.Best, MeasureOnce(server));
                }
            }
        }
        finally
        {
            foreach (Server server in servers)
            {
                server.Stop();
            }
        }

        double Rate(string name) => servers.Find(s => s.Label == name) is { Best: > 0 } s ? s.Best : double.NaN;
        double engine = Rate("engine");
        double inline = Rate("dotnet_async_inline");
        double pool = Rate("dotnet_async_pool");
        double dotnet = Math.Max(inline, pool);
        double uvloop = Rate("uvloop");
        double asyncio = Rate("asyncio");
        report("echo.engine.rt_per_s", engine);
        report("echo.dotnet_async_inline.rt_per_s", inline);
        report("echo.dotnet_async_pool.rt_per_s", pool);
        report("echo.dotnet_async.rt_per_s", dotnet);
        if (!double.IsNaN(uvloop))
        {
            report("echo.uvloop.rt_per_s", uvloop);
        }

        if (!double.IsNaN(asyncio))
        {
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

        // Server CPU time per round trip (user + system, and user mode alone: the part a server's own code costs; lower is
        // better), and peer CPU / engine CPU: these hold up when the machine is busy or the client saturates, which
        // throughput alone does not. Most of a round trip is the kernel's loopback TCP work in send/recv.
        double Cpu(string name) => servers.Find(s => s.Label == name) is { } s && !double.IsInfinity(s.BestCpuMicros) ? s.BestCpuMicros : double.NaN;
        double engineCpu = Cpu("engine");
        foreach (Server s in servers)
        {
            double c = Cpu(s.Label);
            if (!double.IsNaN(c))
            {
                report("echo." + s.Label + ".server_cpu_us_per_rt", c);
                report("echo." + s.Label + ".server_user_us_per_rt", s.BestUserMicros);
            }
        }

        double dotnetCpu = Math.Min(Cpu("dotnet_async_inline"), Cpu("dotnet_async_pool"));
        report("echo.cpu_vs_dotnet_async", dotnetCpu / engineCpu);
        if (!double.IsNaN(Cpu("uvloop")))
        {
            report("echo.cpu_vs_uvloop", Cpu("uvloop") / engineCpu);
            double engineUser = servers.Find(x => x.Label == "engine")!.BestUserMicros;
            report("echo.user_cpu_vs_uvloop", servers.Find(x => x.Label == "uvloop")!.BestUserMicros / engineUser);
        }
    }

    private static double MeasureOnce(Server server)
    {
        if (server.Port == 0)
        {
            return double.NaN;
        }

        CultureInfo inv = CultureInfo.InvariantCulture;
        (string file, string[] args) = Self("echo-client", server.Port.ToString(inv), Connections.ToString(inv),
            MessageSize.ToString(inv), Seconds.ToString(inv), Warmup.ToString(inv));
        TimeSpan cpuBefore = server.CpuTime;
        TimeSpan userBefore = server.UserTime;
        using Process client = Start(file, args, null, redirectOut: true);
        string output = client.StandardOutput.ReadToEnd();
        if (!client.WaitForExit(60_000))
        {
            client.Kill();
        }

        TimeSpan cpu = server.CpuTime - cpuBefore;
        TimeSpan user = server.UserTime - userBefore;
        string[] parts = output.Trim().Split(' ');
        if (client.ExitCode != 0 || parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, inv, out double rate) ||
            !long.TryParse(parts[1], NumberStyles.Integer, inv, out long trips) || trips == 0)
        {
            Console.WriteLine("# " + server.Label + ": client failed: " + output + client.StandardError.ReadToEnd());
            return double.NaN;
        }

        // Server CPU (user + system) per round trip: the machine-load-independent figure.
        double cpuMicros = cpu.TotalMilliseconds * 1000 / trips;
        server.BestCpuMicros = Math.Min(server.BestCpuMicros, cpuMicros);
        server.BestUserMicros = Math.Min(server.BestUserMicros, user.TotalMilliseconds * 1000 / trips);
        return rate;
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

    private sealed class Server
    {
        private readonly (string File, string[] Args) _command;
        private readonly Dictionary<string, string>? _env;
        private Process? _process;

        public Server(string label, (string File, string[] Args) command, Dictionary<string, string>? env)
        {
            Label = label;
            _command = command;
            _env = env;
        }

        public string Label { get; }

        public int Port { get; private set; }

        public double Best { get; set; }

        public double BestCpuMicros { get; set; } = double.PositiveInfinity;

        public double BestUserMicros { get; set; } = double.PositiveInfinity;

        public TimeSpan UserTime
        {
            get
            {
                _process!.Refresh();
                return _process.UserProcessorTime;
            }
        }

        public TimeSpan CpuTime
        {
            get
            {
                _process!.Refresh();
                return _process.TotalProcessorTime;
            }
        }

        public void Start()
        {
            int port = FreePort();
            var args = new List<string>(_command.Args) { port.ToString(CultureInfo.InvariantCulture) };
            _process = EchoQuick.Start(_command.File, args, _env, redirectOut: true);
            string? line = _process.StandardOutput.ReadLine();
            if (line != "ready")
            {
                Console.WriteLine("# " + Label + ": server did not start (" + line + ")");
                return;
            }

            Port = port;
        }

        public void Stop()
        {
            if (_process is null)
            {
                return;
            }

            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(10_000);
            _process.Dispose();
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
