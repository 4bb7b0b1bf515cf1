using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Engine;
using Engine.World;

namespace KitchenExample;

/// <summary>
/// Runs one night of the kitchen on a plain <see cref="EventLoop"/> on the virtual clock (minutes), one iteration at a
/// time, and saves and restores it: the output before a save plus the output of the restored loop is the uninterrupted
/// run's output, byte for byte, in one process or across two. With <c>trace</c>, the loop's trace lines are printed too
/// (prefixed <c>| </c>): the restored loop's trace continues the saved one's, except the <c>frame N</c> header of its
/// first iteration (a trace writes no header for the first frame it sees).
/// </summary>
public static class Service
{
    /// <summary>How many orders the night has.</summary>
    public const int Orders = 16;

    private const int IterationLimit = 100_000;

    /// <summary>Runs the whole night and prints its log (the manager prints the report at its end).</summary>
    public static void Run(TextWriter output, bool trace)
    {
        (EventLoop loop, _) = Open(output, trace);
        using (loop)
        {
            Finish(loop);
        }
    }

    /// <summary>Runs the night up to the first iteration at or after <paramref name="minute"/>, saves the whole loop to
    /// <paramref name="file"/> as JSON and stops: the process can exit, and <see cref="ContinueFrom"/> runs the rest.</summary>
    public static void SaveAt(double minute, string file, TextWriter output, bool trace)
    {
        (EventLoop loop, Kitchen kitchen) = Open(output, trace);
        using (loop)
        {
            int guard = 0;
            while (loop.Time < minute && guard++ < IterationLimit && loop.RunOnce())
            {
            }

            File.WriteAllText(file, JsonSerializer.Serialize(loop.Save(new Kitchen.Converter())));
            Quiet(loop, kitchen); // what the stopped night prints while it is disposed is not the night's
        }
    }

    /// <summary>Restores the night saved in <paramref name="file"/> and runs it to its end.</summary>
    public static void ContinueFrom(string file, TextWriter output, bool trace) => Continue(File.ReadAllText(file), output, trace);

    /// <summary>Restores a night saved as JSON and runs it to its end, printing the rest of its log and its report.</summary>
    public static void Continue(string json, TextWriter output, bool trace)
    {
        var kitchen = new Kitchen(output);
        WorldSnapshot snapshot = JsonSerializer.Deserialize<WorldSnapshot>(json) ?? throw new InvalidDataException("The JSON holds no snapshot.");
        using EventLoop loop = EventLoop.Restore(snapshot, new Kitchen.Converter(kitchen));
        Attach(loop, output, trace);
        Finish(loop);
    }

    /// <summary>For the tests: runs the night, saving before every <paramref name="every"/>-th iteration.</summary>
    /// <returns>The night's whole output, and for each save its iteration, its JSON and the output printed before it.</returns>
    public static (string Output, List<(int Iteration, string Json, string Before)> Saves) RunSavingEvery(int every, bool trace)
    {
        var output = new StringWriter { NewLine = "\n" };
        var saves = new List<(int, string, string)>();
        (EventLoop loop, _) = Open(output, trace);
        using (loop)
        {
            int iteration = 0;
            do
            {
                if (iteration % every == 0)
                {
                    saves.Add((iteration, JsonSerializer.Serialize(loop.Save(new Kitchen.Converter())), output.ToString()));
                }
            }
            while (++iteration < IterationLimit && loop.RunOnce());

            Finish(loop);
        }

        return (output.ToString(), saves);
    }

    private static (EventLoop Loop, Kitchen Kitchen) Open(TextWriter output, bool trace)
    {
        var loop = new EventLoop(ClockKind.Virtual);
        Attach(loop, output, trace);
        var kitchen = new Kitchen(output);
        Start(loop, kitchen);
        return (loop, kitchen);
    }

    /// <summary>Opens the kitchen on <paramref name="loop"/>: its primitives, the callbacks that open the doors and start
    /// happy hour, and the crew's tasks.</summary>
    /// <returns>The crew's tasks: the host, the chefs, the runners, the cashier and the manager.</returns>
    public static List<CoTask> Start(EventLoop loop, Kitchen kitchen)
    {
        var open = new CoEvent();
        var rail = new CoQueue<int>(3);
        var burners = new CoSemaphore(2);
        var oven = new CoLock();
        var pass = new CoCondition();
        var shiftEnd = new CoBarrier(3);
        var bills = new CoQueue<int>();
        var tips = new Future<int>(loop);
        loop.CallLater(1.5, open.Set);
        loop.CallLater(20, kitchen.StartHappyHour);
        var crew = new List<CoTask> { loop.Spawn(new Crew.HostMachine(kitchen, rail, Orders, 3), "host") };
        var chefs = new CoTask[3];
        for (int i = 0; i < chefs.Length; i++)
        {
            string name = "chef " + (char)('A' + i);
            chefs[i] = loop.Spawn(new Crew.ChefMachine(kitchen, name, open, rail, burners, oven, pass, shiftEnd), name);
        }

        var runners = new CoTask[2];
        for (int i = 0; i < runners.Length; i++)
        {
            string name = "runner " + (i + 1);
            runners[i] = loop.Spawn(new Crew.RunnerMachine(kitchen, name, pass, bills), name);
        }

        crew.AddRange(chefs);
        crew.AddRange(runners);
        crew.Add(loop.Spawn(new Crew.CashierMachine(kitchen, bills, tips), "cashier"));
        crew.Add(loop.Spawn(new Crew.ManagerMachine(kitchen, chefs, runners, pass, bills, tips), "manager"));
        return crew;
    }

    private static void Attach(EventLoop loop, TextWriter output, bool trace)
    {
        // A failure nobody retrieves is reported at once, not when the garbage collector finds it (at another moment in a
        // restored run), so the two runs print it at the same place.
        loop.ReportUnretrievedFailuresAtOnce = true;
        loop.ExceptionHandler = context => output.WriteLine("  ! " + context.Message + " " + context.Exception?.Message);
        if (trace)
        {
            loop.Trace = line => output.WriteLine("| " + line);
        }
    }

    // Runs to the end: every task finished (the manager prints the report), every timer fired.
    private static void Finish(EventLoop loop)
    {
        int guard = 0;
        while (guard++ < IterationLimit && loop.RunOnce())
        {
        }
    }

    private static void Quiet(EventLoop loop, Kitchen kitchen)
    {
        loop.Trace = null;
        loop.ExceptionHandler = _ => { };
        kitchen.Mute();
    }
}
