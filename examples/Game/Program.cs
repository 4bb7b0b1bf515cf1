// A small deterministic "game" on the frame clock: 64 frames a second of fixed dt, printing what its scripts do.
// Run it with: dotnet run --project examples/Game   (the log is the same on every run: expected.log)
// Across processes: dotnet run --project examples/Game -- --save-at 8.4 game.json   (plays to 8.4 s, saves, exits)
//                   dotnet run --project examples/Game -- --restore game.json        (plays the save to its end)
using System;
using System.Globalization;
using GameExample;

if (args.Length == 3 && args[0] == "--save-at")
{
    GameDemo.SaveTo(args[2], double.Parse(args[1], CultureInfo.InvariantCulture), Console.Out);
}
else if (args.Length == 2 && args[0] == "--restore")
{
    GameDemo.ContinueFrom(args[1], Console.Out);
}
else if (args.Length == 0)
{
    GameDemo.Run(Console.Out);
}
else
{
    Console.Error.WriteLine("usage: Game [--save-at <seconds> <file> | --restore <file>]");
    return 2;
}

return 0;
