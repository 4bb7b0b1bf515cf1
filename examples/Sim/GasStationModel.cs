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
        var station = new Station(env, output);
        env.Process(station.Control(), "control");
        env.Process(station.CarGenerator(), "cars");
        env.Run(until: SimTime);
        station.Report(output);
    }

    private sealed class Station
    {
        private readonly SimEnvironment _env;
        private readonly TextWriter _log;
        private readonly Resource _pumps;
        private readonly Container _tank;
        private readonly RandomStream _arrivals;
        private readonly RandomStream _levels;
        private readonly SampleMonitor _pumpWait = new("wait for a pump (s)", collect: true);
        private readonly SampleMonitor _fuel = new("fuel per car (L)");
        private int _truckCalls;

        public Station(SimEnvironment env, TextWriter log)
        {
            _env = env;
            _log = log;
            _pumps = new Resource(env, 2, "pumps") { UtilizationMonitor = new TimeSeriesMonitor(env, "pumps busy") };
            _tank = new Container(env, StationTankSize, initial: StationTankSize, name: "tank")
            {
                LevelMonitor = new TimeSeriesMonitor(env, "tank level (L)", initial: StationTankSize),
            };
            _arrivals = env.RandomStream("arrivals");
            _levels = env.RandomStream("car tank levels");
        }

        public IEnumerator<Yield> CarGenerator()
        {
            for (int i = 0; ; i++)
            {
                yield return Yield.Seconds(_arrivals.Integer(MinInterArrival, MaxInterArrival));
                _env.Process(Car("Car " + i), "Car " + i);
            }
        }

        public IEnumerator<Yield> Control()
        {
            while (true)
            {
                if (_tank.Level / _tank.Capacity * 100 < Threshold)
                {
                    _truckCalls++;
                    Log("Calling tank truck");
                    yield return _env.Process(TankTruck(), "tank truck");
                }

                yield return Yield.Seconds(10);
            }
        }

        public void Report(TextWriter output)
        {
            output.WriteLine("cars refueled " + _fuel.Count + ", tank truck calls " + _truckCalls);
            output.Write(new MonitorReport(_pumpWait, _fuel, _pumps.UtilizationMonitor, _tank.LevelMonitor).ToText());
        }

        private IEnumerator<Yield> Car(string name)
        {
            long carTankLevel = _levels.Integer(5, 25);
            double arrived = _env.Now;
            Log(name + " arrived at gas station");
            using (Request req = _pumps.Request())
            {
                yield return req;
                _pumpWait.Add(_env.Now - arrived);
                double fuelRequired = CarTankSize - carTankLevel;
                yield return _tank.Get(fuelRequired);
                yield return Yield.Seconds(fuelRequired / RefuelingSpeed);
                _fuel.Add(fuelRequired);
                Log(name + " refueled with " + fuelRequired.ToString("F1", CultureInfo.InvariantCulture) + "L");
            }
        }

        private IEnumerator<Yield> TankTruck()
        {
            yield return Yield.Seconds(TankTruckTime);
            double amount = _tank.Capacity - _tank.Level;
            _tank.Put(amount);
            Log("Tank truck arrived and refuelled station with " + amount.ToString("F1", CultureInfo.InvariantCulture) + "L");
        }

        private void Log(string what) => _log.WriteLine(_env.Now.ToString("F1", CultureInfo.InvariantCulture).PadLeft(6) + " s: " + what);
    }
}
