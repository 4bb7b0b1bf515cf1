using System;
using System.Collections.Generic;
using System.Diagnostics;
using Engine;

// 4.1
static IEnumerator<Yield> Main41()
{
    Console.WriteLine("Hello");
    yield return Yield.Seconds(1);
    Console.WriteLine("World");
}

static IEnumerator<Yield> SayHello(string name)
{
    Console.WriteLine($"Hello, {name}");
    yield return Yield.Seconds(1);
}

static IEnumerator<Yield> SayWorld(string name)
{
    Console.WriteLine($"World, {name}");
    yield return Yield.Seconds(1);
}

static IEnumerator<Yield> Main42()
{
    yield return Co.Gather(SayHello("Alice"), SayWorld("Bob"));
}

var sw = Stopwatch.StartNew();
Co.Run(Main41());
Console.WriteLine($"4.1 took {sw.Elapsed.TotalSeconds:0.00}s");
sw.Restart();
Co.Run(Main42());
Console.WriteLine($"4.2 took {sw.Elapsed.TotalSeconds:0.00}s");
