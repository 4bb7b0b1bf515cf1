// A restaurant kitchen on a plain event loop (no game or simulation layer), on the virtual clock: orders on a bounded
// ticket rail, chefs sharing burners (a semaphore) and an oven (a lock), each order cooked as a task group of dishes
// under a time limit (a timeout scope), runners waiting at the pass (a condition), a cashier racing two ways to pay
// (WhenAny), a manager gathering the chefs and waiting for the tips (a future) with a timeout, and a barrier at the end
// of the shift. Run it with: dotnet run --project examples/Kitchen [--trace]
//
// Checkpoints: `--save-at 30 kitchen.json` runs the kitchen to minute 30 and saves the whole loop; `--restore
// kitchen.json` (in another process) continues it to the end: the two outputs together are the uninterrupted run's.
// With --trace, the loop's own trace lines are printed too (the restored loop's trace continues the saved one's).
using System;
using System.Globalization;
using KitchenExample;

bool trace = Array.IndexOf(args, "--trace") >= 0;
string[] rest = Array.FindAll(args, a => a != "--trace");
if (rest.Length == 3 && rest[0] == "--save-at")
{
    Service.SaveAt(double.Parse(rest[1], CultureInfo.InvariantCulture), rest[2], Console.Out, trace);
}
else if (rest.Length == 2 && rest[0] == "--restore")
{
    Service.ContinueFrom(rest[1], Console.Out, trace);
}
else if (rest.Length == 0)
{
    Service.Run(Console.Out, trace);
}
else
{
    Console.Error.WriteLine("usage: Kitchen [--trace] [--save-at <minutes> <file> | --restore <file>]");
    return 2;
}

return 0;
