// Three simulation models with the engine's simulation toolkit, each printing its event log and a statistics report:
// a bank whose customers renege, a machine shop whose machines preempt the repairman, and a gas station whose pumps
// share a fuel tank. Run them with: dotnet run --project examples/Sim [bank|shop|gas]
using System;
using SimExample;

string which = args.Length > 0 ? args[0] : "all";
if (which is "all" or "bank")
{
    Console.WriteLine("== Bank: customers renege when their patience runs out ==");
    BankModel.Run(Console.Out);
}

if (which is "all" or "shop")
{
    Console.WriteLine("== Machine shop: breakdowns preempt the repairman's other job ==");
    MachineShopModel.Run(Console.Out);
}

if (which is "all" or "gas")
{
    Console.WriteLine("== Gas station: pumps share a tank that a truck refills ==");
    GasStationModel.Run(Console.Out);
}
