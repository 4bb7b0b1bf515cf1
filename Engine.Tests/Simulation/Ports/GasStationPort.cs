using System.Collections.Generic;
using Engine.Simulation;

namespace Engine.Tests.Simulation.Ports;

// SimPy's gas station refuelling example: pumps (a resource) share a fuel tank (a container); a control process calls
// a tank truck (a process it waits for) when the level falls below a threshold.
internal static class GasStationPort
{
    private const double StationTankSize = 200;
    private const double Threshold = 25;
    private const int CarTankSize = 50;
    private const double RefuelingSpeed = 2;
    private const double TankTruckTime = 300;

    public static string Run(Tape tape, EventOrder order = EventOrder.SimPy)
    {
        var log = new PyLog();
        log.Print("Gas Station refuelling");
        using var env = new SimEnvironment(order: order);
        var gasStation = new Resource(env, 2);
        var stationTank = new Container(env, StationTankSize, initial: StationTankSize);
        env.Process(GasStationControl(env, stationTank, log));
        env.Process(CarGenerator(env, gasStation, stationTank, tape, log));
        env.Run(until: 1000);
        return log.ToString();
    }

    private static IEnumerator<Yield> Car(string name, SimEnvironment env, Resource gasStation, Container stationTank, Tape tape, PyLog log)
    {
        int carTankLevel = tape.NextInt();
        log.Print(PyLog.F("{0,6:F1} s: {1} arrived at gas station", env.Now, name));
        using (Request req = gasStation.Request())
        {
            yield return req;
            int fuelRequired = CarTankSize - carTankLevel;
            yield return stationTank.Get(fuelRequired);
            yield return env.Timeout(fuelRequired / RefuelingSpeed);
            log.Print(PyLog.F("{0,6:F1} s: {1} refueled with {2:F1}L", env.Now, name, (double)fuelRequired));
        }
    }

    private static IEnumerator<Yield> GasStationControl(SimEnvironment env, Container stationTank, PyLog log)
    {
        while (true)
        {
            if (stationTank.Level / stationTank.Capacity * 100 < Threshold)
            {
                log.Print(PyLog.F("{0,6:F1} s: Calling tank truck", env.Now));
                yield return env.Process(TankTruck(env, stationTank, log));
            }

            yield return env.Timeout(10);
        }
    }

    private static IEnumerator<Yield> TankTruck(SimEnvironment env, Container stationTank, PyLog log)
    {
        yield return env.Timeout(TankTruckTime);
        double amount = stationTank.Capacity - stationTank.Level;
        stationTank.Put(amount);
        log.Print(PyLog.F("{0,6:F1} s: Tank truck arrived and refuelled station with {1:F1}L", env.Now, amount));
    }

    private static IEnumerator<Yield> CarGenerator(SimEnvironment env, Resource gasStation, Container stationTank, Tape tape, PyLog log)
    {
        for (int i = 0; ; i++)
        {
            yield return env.Timeout(tape.NextInt());
            env.Process(Car("Car " + i, env, gasStation, stationTank, tape, log));
        }
    }
}
