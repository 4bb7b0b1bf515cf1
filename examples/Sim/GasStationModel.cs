using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Engine;
using Engine.Simulation;

namespace SimExample;

/// <summary>
/// A gas station (SimPy's gas station refuelling example, grown): cars arrive every 10 to 60 seconds, wait for one of two
/// pumps and take fuel from the station's tank (a container); a control process checks the level every 10 seconds and,
/// below a threshold, calls a tank truck and waits for it (a process) to refill the tank.
/// </summary>
public static class GasStationModel
{
    public const double StationTankSize = 200;
    public const double Threshold = 25;
    public const int CarTankSize = 50;
    public const double RefuelingSpeed = 2;
    public const double TankTruckTime = 300;
    public const int MinInterArrival = 10;
    public const int MaxInterArrival = 60;
    public const double SimTime = 2000;

    public static void Run(TextWriter output, ulong seed = 42)
    {
        using var env = new SimEnvironment(seed: seed);
        Station station = Station.Start(env, output);
        env.Run(until: SimTime);
        station.Report(output);
    }
}

/// <summary>The gas station's state and processes; a snapshot saves its fields except the log.</summary>
[SimModel]
public sealed partial class Station
{
    private readonly SimEnvironment _env;
    [NonSerialized]
    private readonly TextWriter _log;
    private readonly Resource _pumps;
    private readonly Container _tank;
    private readonly RandomStream _arrivals;
    private readonly RandomStream _levels;
    private readonly SampleMonitor _fuel = new("fuel per car (L)");
    private int _truckCalls;

    private Station(SimEnvironment env, TextWriter log)
    {
        _env = env;
        _log = log;
        // The built-in monitors: each costs nothing until set.
        _pumps = new Resource(env, 2, "pumps")
        {
            WaitingTimeMonitor = new SampleMonitor("wait for a pump (s)", collect: true),
            UtilizationMonitor = new TimeSeriesMonitor(env, "pumps busy"),
        };
        _tank = new Container(env, GasStationModel.StationTankSize, initial: GasStationModel.StationTankSize, name: "tank")
        {
            LevelMonitor = new TimeSeriesMonitor(env, "tank level (L)", initial: GasStationModel.StationTankSize),
            GetWaitMonitor = new SampleMonitor("wait for fuel (s)", collect: true),
        };
        _arrivals = env.RandomStream("arrivals");
        _levels = env.RandomStream("car tank levels");
    }

    /// <summary>Creates the station in <paramref name="env"/> and starts its control and car generator.</summary>
    public static Station Start(SimEnvironment env, TextWriter log)
    {
        var station = new Station(env, log);
        env.Process(new ControlMachine(station), "control");
        env.Process(new CarGeneratorMachine(station), "cars");
        return station;
    }

    /// <summary>The random streams, for experiments that reseed them.</summary>
    public IReadOnlyList<RandomStream> Streams => new[] { _arrivals, _levels };

    public void Report(TextWriter output)
    {
        output.WriteLine("cars refueled " + _fuel.Count + ", tank truck calls " + _truckCalls);
        output.Write(new MonitorReport(_pumps.WaitingTimeMonitor, _tank.GetWaitMonitor, _fuel, _pumps.UtilizationMonitor, _tank.LevelMonitor).ToText());
    }

    [Coroutine]
    private IEnumerator<Yield> CarGenerator()
    {
        for (int i = 0; ; i++)
        {
            yield return Yield.Seconds(_arrivals.Integer(GasStationModel.MinInterArrival, GasStationModel.MaxInterArrival));
            _env.Process(new CarMachine(this, "Car " + i), "Car " + i);
        }
    }

    [Coroutine]
    private IEnumerator<Yield> Control()
    {
        while (true)
        {
            if (_tank.Level / _tank.Capacity * 100 < GasStationModel.Threshold)
            {
                _truckCalls++;
                Log("Calling tank truck");
                yield return _env.Process(new TankTruckMachine(this), "tank truck");
            }

            yield return Yield.Seconds(10);
        }
    }

    [Coroutine]
    private IEnumerator<Yield> Car(string name)
    {
        long carTankLevel = _levels.Integer(5, 25);
        Log(name + " arrived at gas station");
        using (Request req = _pumps.Request())
        {
            yield return req; // the pumps' WaitingTimeMonitor records the wait
            double fuelRequired = GasStationModel.CarTankSize - carTankLevel;
            yield return _tank.Get(fuelRequired);
            yield return Yield.Seconds(fuelRequired / GasStationModel.RefuelingSpeed);
            _fuel.Add(fuelRequired);
            Log(name + " refueled with " + fuelRequired.ToString("F1", CultureInfo.InvariantCulture) + "L");
        }
    }

    [Coroutine]
    private IEnumerator<Yield> TankTruck()
    {
        yield return Yield.Seconds(GasStationModel.TankTruckTime);
        double amount = _tank.Capacity - _tank.Level;
        _tank.Put(amount);
        Log("Tank truck arrived and refuelled station with " + amount.ToString("F1", CultureInfo.InvariantCulture) + "L");
    }

    private void Log(string what) => _log.WriteLine(_env.Now.ToString("F1", CultureInfo.InvariantCulture).PadLeft(6) + " s: " + what);
}
