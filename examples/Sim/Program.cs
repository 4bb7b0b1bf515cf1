// Three simulation models with the engine's simulation toolkit, each printing its event log and a statistics report:
// a bank whose customers renege, a machine shop whose machines preempt the repairman, and a gas station whose pumps
// share a fuel tank. Run them with: dotnet run --project examples/Sim [bank|shop|gas]
//
// Checkpoints: `shop --save-at 500 shop.json` runs the machine shop to minute 500 and saves it; `shop --restore
// shop.json` (in another process) continues it to the end: the two outputs together are the uninterrupted run's.
// `branch` warms the machine shop up once and runs three experiments with different seeds from that one state.
using System;
using System.Globalization;
using SimExample;

string which = args.Length > 0 ? args[0] : "all";
if (args.Length == 4 && args[1] == "--save-at")
{
    Checkpoints.SaveAt(which, double.Parse(args[2], CultureInfo.InvariantCulture), args[3], Console.Out);
    return;
}

if (args.Length == 3 && args[1] == "--restore")
{
    Checkpoints.Restore(which, args[2], Console.Out);
    return;
}

if (which == "branch")
{
    Experiments.Run(Console.Out);
    return;
}

if (which is "all" or "bank")
{
    Console.WriteLine(Checkpoints.Title("bank"));
    BankModel.Run(Console.Out);
}

if (which is "all" or "shop")
{
    Console.WriteLine(Checkpoints.Title("shop"));
    MachineShopModel.Run(Console.Out);
}

if (which is "all" or "gas")
{
    Console.WriteLine(Checkpoints.Title("gas"));
    GasStationModel.Run(Console.Out);
}
