"""The three models of examples/Sim written for SimPy, line for line, to record Engine.Tests/Simulation/Expected/example_*.out.

Each function below mirrors one C# model (BankModel.cs, GasStationModel.cs, MachineShopModel.cs): the same processes
started in the same order, the same yields, the same named random streams (random_streams.py) drawn in the same order,
and the same log format. Run with SimPy 4.1 on the path (SimPy is not part of this repository):

    PYTHONPATH=/path/to/simpy/src python3 tools/simpy-logs/example_models.py bank > example_bank.out
    python3 tools/simpy-logs/example_models.py check     # runs all three and compares with the committed files

The event log and the summary line(s) are SimPy's; the statistics table after them in the engine's output is the
engine's own report (Expected/example_*.report), not recorded here.
"""

import os
import sys

import simpy

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from random_streams import RandomStream  # noqa: E402

SEED = 42


def bank(out):
    customers, counters, interval, time_in_bank, min_patience, max_patience = 40, 2, 4.0, 12.0, 2, 8
    env = simpy.Environment()
    arrivals = RandomStream.create(SEED, "arrivals")
    patience_stream = RandomStream.create(SEED, "patience")
    service = RandomStream.create(SEED, "service")
    counter = simpy.Resource(env, capacity=counters)
    stats = {"served": 0, "reneged": 0, "waits": []}

    def log(what):
        out.append("%7.4f %s" % (env.now, what))

    def source():
        for i in range(customers):
            env.process(customer("Customer%02d" % i))
            yield env.timeout(arrivals.exponential(interval))

    def customer(name):
        arrive = env.now
        log(name + ": Here I am")
        with counter.request() as req:
            patience = patience_stream.uniform(min_patience, max_patience)
            fired = yield req | env.timeout(patience)
            wait = env.now - arrive
            if req in fired:
                stats["served"] += 1
                stats["waits"].append(wait)
                log("%s: Waited %6.3f" % (name, wait))
                yield env.timeout(service.exponential(time_in_bank))
                log(name + ": Finished")
            else:
                stats["reneged"] += 1
                log("%s: RENEGED after %6.3f" % (name, wait))

    env.process(source())
    env.run()
    waits = stats["waits"]
    out.append("served %d, reneged %d, mean wait of served %.4f"
               % (stats["served"], stats["reneged"], sum(waits) / len(waits) if waits else 0.0))


def gas(out):
    station_tank_size, threshold, car_tank_size, refueling_speed = 200.0, 25.0, 50, 2.0
    tank_truck_time, min_inter_arrival, max_inter_arrival, sim_time = 300.0, 10, 60, 2000.0
    env = simpy.Environment()
    pumps = simpy.Resource(env, capacity=2)
    tank = simpy.Container(env, capacity=station_tank_size, init=station_tank_size)
    arrivals = RandomStream.create(SEED, "arrivals")
    levels = RandomStream.create(SEED, "car tank levels")
    stats = {"refueled": 0, "truck_calls": 0}

    def log(what):
        out.append("%6.1f s: %s" % (env.now, what))

    def car_generator():
        i = 0
        while True:
            yield env.timeout(arrivals.integer(min_inter_arrival, max_inter_arrival))
            env.process(car("Car %d" % i))
            i += 1

    def control():
        while True:
            if tank.level / tank.capacity * 100 < threshold:
                stats["truck_calls"] += 1
                log("Calling tank truck")
                yield env.process(tank_truck())
            yield env.timeout(10)

    def car(name):
        car_tank_level = levels.integer(5, 25)
        log(name + " arrived at gas station")
        with pumps.request() as req:
            yield req
            fuel_required = float(car_tank_size - car_tank_level)
            yield tank.get(fuel_required)
            yield env.timeout(fuel_required / refueling_speed)
            stats["refueled"] += 1
            log("%s refueled with %.1fL" % (name, fuel_required))

    def tank_truck():
        yield env.timeout(tank_truck_time)
        amount = tank.capacity - tank.level
        tank.put(amount)
        log("Tank truck arrived and refuelled station with %.1fL" % amount)

    env.process(control())
    env.process(car_generator())
    env.run(until=sim_time)
    out.append("cars refueled %d, tank truck calls %d" % (stats["refueled"], stats["truck_calls"]))


def shop(out):
    machines, part_mean, part_sigma, mttf = 10, 10.0, 2.0, 300.0
    repair_time, job_duration, sim_time, log_until = 30.0, 30.0, 4 * 7 * 24 * 60.0, 24 * 60.0
    env = simpy.Environment()
    repairman = simpy.PreemptiveResource(env, capacity=1)
    names = {}
    jobs = {"done": 0}

    def log(what):
        if env.now < log_until:
            out.append("%8.2f %s" % (env.now, what))

    class Machine:
        def __init__(self, name):
            self.name = name
            self.parts_made = 0
            self.breakdowns = 0
            self.broken = False
            self.parts = RandomStream.create(SEED, name + "/parts")
            self.failures = RandomStream.create(SEED, name + "/failures")
            self.process = env.process(self.working())
            names[self.process] = name
            env.process(self.break_downs())

        def time_per_part(self):
            t = self.parts.normal(part_mean, part_sigma)
            while t <= 0:
                t = self.parts.normal(part_mean, part_sigma)
            return t

        def working(self):
            while True:
                done_in = self.time_per_part()
                while done_in > 0:
                    start = env.now
                    try:
                        yield env.timeout(done_in)
                        done_in = 0
                        continue
                    except simpy.Interrupt:
                        pass
                    self.broken = True
                    self.breakdowns += 1
                    broke_at = env.now
                    done_in -= env.now - start
                    log(self.name + " breaks down")
                    with repairman.request(priority=1) as req:
                        yield req
                        log(self.name + " repair starts")
                        yield env.timeout(repair_time)
                    log(self.name + " repaired")
                    self.broken = False
                self.parts_made += 1

        def break_downs(self):
            while True:
                yield env.timeout(self.failures.exponential(mttf))
                if not self.broken:
                    self.process.interrupt()

    def other_jobs():
        while True:
            done_in = job_duration
            while done_in > 0:
                with repairman.request(priority=2) as req:
                    yield req
                    start = env.now
                    try:
                        yield env.timeout(done_in)
                        done_in = 0
                    except simpy.Interrupt as interrupt:
                        done_in -= env.now - start
                        log("other job preempted by %s after %.2f min"
                            % (names.get(interrupt.cause.by, ""), env.now - interrupt.cause.usage_since))
            jobs["done"] += 1

    shop_machines = [Machine("Machine %d" % i) for i in range(machines)]
    env.process(other_jobs())
    env.run(until=sim_time)
    for m in shop_machines:
        out.append("%s made %d parts, broke %d times." % (m.name, m.parts_made, m.breakdowns))
    out.append("other jobs done: %d" % jobs["done"])


MODELS = {"bank": bank, "gas": gas, "shop": shop}


def main(args):
    if args[:1] == ["check"]:
        expected = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Engine.Tests", "Simulation",
                                "Expected")
        failed = 0
        for name, model in MODELS.items():
            out = []
            model(out)
            with open(os.path.join(expected, "example_%s.out" % name), encoding="utf-8") as f:
                want = f.read().splitlines()
            if out == want:
                print("%s: same (%d lines)" % (name, len(out)))
                continue
            failed += 1
            first = next((i for i in range(min(len(out), len(want))) if out[i] != want[i]), min(len(out), len(want)))
            print("%s: differs at line %d" % (name, first + 1))
            print("  simpy:     %s" % (out[first] if first < len(out) else "<end>"))
            print("  committed: %s" % (want[first] if first < len(want) else "<end>"))
        return 1 if failed else 0
    if len(args) != 1 or args[0] not in MODELS:
        print(__doc__)
        return 2
    out = []
    MODELS[args[0]](out)
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
