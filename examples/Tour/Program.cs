// The tour: the two examples of the asyncio article this project grew from, in generator form
// with the same printed output, a timeline picture of the second, then nested calls, cancellation
// and the three clocks.
// Run it with: dotnet run --project examples/Tour
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Engine;
using Engine.Observe;

Console.WriteLine("== 4.1 A simple coroutine ==");
var clock = Stopwatch.StartNew();
Co.Run(Article.Main41());
Console.WriteLine($"   (took {clock.Elapsed.TotalSeconds:0.0} s)");

Console.WriteLine("== 4.2 Several tasks under gather ==");
clock.Restart();
Co.Run(Article.Main42());
Console.WriteLine($"   (took {clock.Elapsed.TotalSeconds:0.0} s: the two 1 s sleeps overlap)");

Console.WriteLine("== 4.2 once more, recorded: its timeline ==");
string timeline = SeeItRun.RecordGather(Path.Combine("artifacts", "tour"));
Console.WriteLine($"   written to {timeline}: open it in a browser (and gather-timeline.json in ui.perfetto.dev)");

Console.WriteLine("== Nested calls with return values ==");
Console.WriteLine($"   total = {Co.Run<int>(Tour.Total(), ClockKind.Virtual)}");

Console.WriteLine("== Cancellation runs finally blocks ==");
Co.Run(Tour.CancelDemo(), ClockKind.Virtual);

Console.WriteLine("== Three clocks ==");
Tour.Clocks();

public static class Article
{
    // asyncio: async def main(): print('Hello'); await asyncio.sleep(1); print('World')
    public static IEnumerator<Yield> Main41()
    {
        Console.WriteLine("Hello");
        yield return Yield.Sleep(1);
        Console.WriteLine("World");
    }

    public static IEnumerator<Yield> SayHello(string name)
    {
        Console.WriteLine($"Hello, {name}");
        yield return Yield.Sleep(1);
    }

    public static IEnumerator<Yield> SayWorld(string name)
    {
        Console.WriteLine($"World, {name}");
        yield return Yield.Sleep(1);
    }

    // asyncio: await asyncio.gather(say_hello('Alice'), say_world('Bob'))
    public static IEnumerator<Yield> Main42()
    {
        yield return Co.Gather(SayHello("Alice"), SayWorld("Bob"));
    }
}

public static class SeeItRun
{
    // Runs the gather example on the virtual clock with a recorder attached, and writes its timeline.
    public static string RecordGather(string folder)
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var recorder = new TraceRecorder();
        loop.AddSink(recorder);
        loop.Run(Article.Main42());
        Directory.CreateDirectory(folder);
        string page = Path.Combine(folder, "gather-timeline.html");
        recorder.WriteHtml(page, "asyncio.gather in generator form");
        recorder.WriteChromeTrace(Path.Combine(folder, "gather-timeline.json"));
        return page;
    }
}

internal static class Tour
{
    private static IEnumerator<Yield> Price(string item, int cents)
    {
        yield return Yield.Seconds(0.1);                  // pretend to look it up
        yield return Yield.Return(cents);                 // Python: return cents
    }

    public static IEnumerator<Yield> Total()
    {
        int total = 0;
        foreach (var (item, cents) in new[] { ("tea", 350), ("cake", 425) })
        {
            yield return Yield.From(Price(item, cents));  // Python: total += yield from price(...)
            total += Co.Result<int>();
            Console.WriteLine($"   {item}: {Co.Result<int>()} (t={Co.Time:0.0})");
        }

        yield return Yield.Return(total);
    }

    private static IEnumerator<Yield> Worker()
    {
        try
        {
            Console.WriteLine("   worker: started, sleeping an hour");
            yield return Yield.Seconds(3600);
            Console.WriteLine("   worker: never printed");
        }
        finally
        {
            Console.WriteLine($"   worker: finally runs on cancel (t={Co.Time:0})");
        }
    }

    public static IEnumerator<Yield> CancelDemo()
    {
        CoTask worker = Co.Spawn(Worker(), "worker");
        yield return Yield.Seconds(5);
        worker.Cancel();
        yield return Yield.Catch(worker);
        Console.WriteLine($"   main: worker ended with {Co.Exception?.GetType().Name}");
    }

    private static IEnumerator<Yield> Blink(string who)
    {
        for (int i = 0; i < 3; i++)
        {
            yield return Yield.Seconds(0.5);
            Console.WriteLine($"   {who}: blink {i} at t={Co.Time:0.00}, frame {Co.Loop.Frame}");
        }
    }

    public static void Clocks()
    {
        // Virtual: jumps from timer to timer; a simulated day costs nothing.
        using (var sim = new EventLoop(ClockKind.Virtual))
        {
            sim.Spawn(Blink("virtual"));
            var wall = Stopwatch.StartNew();
            sim.RunUntil(86_400);
            Console.WriteLine($"   virtual: simulated {sim.Time:0} s in {wall.Elapsed.TotalMilliseconds:0} ms of real time");
        }

        // Frame: the host calls Tick(dt) once per frame, as a game engine's update loop does.
        using (var game = new EventLoop(ClockKind.Frame))
        {
            game.Spawn(Blink("frame"));
            for (int frame = 0; frame < 100; frame++)
            {
                game.Tick(1.0 / 30);
            }
        }

        // Real: the monotonic clock; Run sleeps until the next timer.
        var real = Stopwatch.StartNew();
        Co.Run(Blink("real"));
        Console.WriteLine($"   real: took {real.Elapsed.TotalSeconds:0.0} s");
    }
}
