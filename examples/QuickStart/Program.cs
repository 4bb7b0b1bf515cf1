using System;
using System.Collections.Generic;
using Engine;

static IEnumerator<Yield> Fetch(string name, double seconds)
{
    Console.WriteLine($"start {name}");
    yield return Yield.Seconds(seconds);          // await asyncio.sleep(seconds)
    yield return Yield.Return(name.ToUpperInvariant());
}

static IEnumerator<Yield> Main()
{
    yield return Yield.From(Fetch("one", 0.5));   // x = await fetch(...)
    Console.WriteLine($"got {Co.Result<string>()}");

    CoTask a = Co.Spawn(Fetch("two", 1));         // asyncio.create_task
    CoTask b = Co.Spawn(Fetch("three", 1));
    yield return Co.Gather(a, b);                 // await asyncio.gather(a, b)
    Console.WriteLine($"gathered {string.Join(", ", Co.Result<object?[]>())}");
}

Co.Run(Main());                                   // asyncio.run(main())
