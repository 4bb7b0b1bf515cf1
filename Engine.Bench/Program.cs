using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Running;
using Engine.Bench;

// Two modes:
//   quick [group...]  fast side-by-side figures printed as `name = value` (groups: see IQuickGroup implementations)
//   anything else     BenchmarkDotNet (e.g. `-- --filter *Switch*`), full statistics and MemoryDiagnoser
// Hidden child-process modes of the `quick echo` group (servers and the load generator run in their own processes).
if (args.Length > 0 && args[0] == "echo-server")
{
    return Engine.Bench.Quick.EchoServers.Run(args);
}

if (args.Length > 0 && args[0] == "echo-client")
{
    return Engine.Bench.Quick.EchoClient.Run(args);
}

// Instruction counts under callgrind (Engine.Bench/README.md, "sim"): `profile <workload> <count>` runs one workload
// once, so two counts' difference divided by the difference of counts is the cost per item, load-independent.
if (args.Length > 0 && args[0] == "profile")
{
    return Engine.Bench.ProfileRun.Run(args);
}

if (args.Length > 0 && args[0] == "quick")
{
    List<IQuickGroup> groups = typeof(IQuickGroup).Assembly.GetTypes()
        .Where(t => typeof(IQuickGroup).IsAssignableFrom(t) && !t.IsInterface && !t.IsAbstract)
        .Select(t => (IQuickGroup)Activator.CreateInstance(t)!)
        .OrderBy(g => g.Name, StringComparer.Ordinal)
        .ToList();
    string[] wanted = args.Skip(1).ToArray();
    foreach (string w in wanted)
    {
        if (!groups.Any(g => g.Name == w))
        {
            Console.Error.WriteLine($"Unknown quick group '{w}'. Groups: {string.Join(", ", groups.Select(g => g.Name))}");
            return 2;
        }
    }

    foreach (IQuickGroup group in groups.Where(g => wanted.Length == 0 || wanted.Contains(g.Name)))
    {
        Console.WriteLine($"# {group.Name}");
        group.Run((name, value) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} = {Format(value)}")));
    }

    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(IQuickGroup).Assembly).Run(args);
return 0;

static string Format(double value) => Math.Abs(value) >= 1000 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.###", CultureInfo.InvariantCulture);
